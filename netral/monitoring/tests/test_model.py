"""The model artefact: written atomically, verified on load, refused when it does not fit."""

import json

import numpy as np
import pytest

from netral.monitoring.pipeline.features import FeatureConfig
from netral.monitoring.pipeline.model import (
    META_FILE,
    MODEL_VERSION,
    WEIGHTS_FILE,
    ModelArtefactError,
    Stacker,
    load_model,
    save_model,
)

SMALL = FeatureConfig(bits=8)


@pytest.fixture
def artefact(tmp_path):
    save_model(
        tmp_path,
        weights=np.linspace(-1, 1, 256, dtype=np.float32),
        bias=-0.5,
        features=SMALL,
        stacker=Stacker(("own_logit",), (1.5,), -0.2, floor=0.98),
        extra={"note": "test"},
    )
    return tmp_path


def test_a_saved_model_loads_back_identical(artefact):
    model = load_model(artefact)
    assert model.features == SMALL
    assert model.bias == -0.5
    assert model.weights[0] == pytest.approx(-1) and model.weights[-1] == pytest.approx(1)
    assert model.stacker.floor == 0.98
    assert model.meta["note"] == "test"
    assert model.version.startswith(f"{MODEL_VERSION}+")


def test_saving_leaves_no_temporary_files(artefact):
    assert sorted(path.name for path in artefact.iterdir()) == [META_FILE, WEIGHTS_FILE]


def test_weights_that_do_not_match_the_checksum_are_refused(artefact):
    blob = bytearray((artefact / WEIGHTS_FILE).read_bytes())
    blob[-10] ^= 0xFF
    (artefact / WEIGHTS_FILE).write_bytes(bytes(blob))
    with pytest.raises(ModelArtefactError, match="checksum"):
        load_model(artefact)


def test_a_model_of_another_version_is_refused(artefact):
    meta = json.loads((artefact / META_FILE).read_text())
    meta["model_version"] = "netral-linear-0"
    (artefact / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelArtefactError, match="netral-linear-0"):
        load_model(artefact)


def test_weights_that_do_not_fit_the_feature_configuration_are_refused(artefact):
    meta = json.loads((artefact / META_FILE).read_text())
    meta["features"]["bits"] = 10
    (artefact / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelArtefactError, match="do not fit"):
        load_model(artefact)


def test_a_missing_artefact_is_refused_clearly(tmp_path):
    with pytest.raises(ModelArtefactError, match="cannot read"):
        load_model(tmp_path)


def test_the_shipped_model_is_small_verified_and_records_its_figures(model):
    assert model.features.bits == 18
    heldout = model.meta["heldout"]
    assert heldout["detector"]["macro_f1"] >= 0.85  # target of docs/monitoring.md
    assert heldout["detector"]["ece"] <= 0.05
    assert heldout["detector"]["macro_f1"] > heldout["keywords"]["macro_f1"]
    assert heldout["candidate_swap_max_delta"] <= 0.01
