"""Training writes a verified artefact; a small run keeps the test quick."""

import dataclasses

import pytest

from netral.monitoring.pipeline import corpus, train
from netral.monitoring.pipeline.model import DEFAULT_MODEL_DIR, META_FILE, load_model


@pytest.fixture
def small_corpus(monkeypatch):
    sizes = {"train": 600, "calibration": 300, "heldout": 300}
    for split, size in sizes.items():
        monkeypatch.setitem(
            corpus.SPLITS, split, dataclasses.replace(corpus.SPLITS[split], size=size)
        )
    monkeypatch.setattr(train, "C_GRID", (2.0,))
    monkeypatch.setattr(train, "SWAP_SAMPLES", 10)


def test_training_writes_a_model_that_loads_and_records_held_out_figures(tmp_path, small_corpus):
    shipped = (DEFAULT_MODEL_DIR / META_FILE).read_bytes()
    lines = []
    meta = train.train(output_dir=tmp_path, log=lines.append)
    model = load_model(tmp_path)
    assert model.meta["corpus"] == {"train": 600, "calibration": 300, "heldout": 300}
    assert 0 < model.stacker.floor < 1
    assert meta["heldout"]["detector"]["macro_f1"] > meta["heldout"]["keywords"]["macro_f1"]
    assert any("Set uji terpisah: detektor" in line for line in lines)
    assert (DEFAULT_MODEL_DIR / META_FILE).read_bytes() == shipped
