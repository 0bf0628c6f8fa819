"""`netral monitor …`: the command-line contract other tools rely on."""

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from netral.monitoring.pipeline.model import DEFAULT_MODEL_DIR, META_FILE, load_model

from .conftest import HELDOUT, TRAIN_A

ROOT = Path(__file__).resolve().parents[3]
LINES = [
    {
        "id": "p1",
        "platform": "facebook",
        "author": "@pegawai1",
        "kind": "post",
        "text": "Ayo coblos nomor 2! #CahyoDewiJuara",
        "posted_at": "2024-10-01T09:00:00+07:00",
        "extra": "ignored",
    },
    {"id": 2, "kind": "like", "text": "", "shared_text": "Coblos 02!", "posted_at": "2024-09-01"},
    {"id": "p3", "kind": "post", "text": "Jangan golput ya", "posted_at": "2024-10-01T09:00Z"},
]


def write_lines(path, lines, extra=b""):
    body = "".join(json.dumps(line) + "\n" for line in lines).encode() + extra
    path.write_bytes(body)
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("monitor", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_classify_writes_one_result_per_item_with_the_contract_fields(tmp_path):
    source = write_lines(tmp_path / "in.jsonl", LINES)
    _, err = run("classify", "--config", TRAIN_A, "--input", source, "--output", tmp_path / "o")
    results = [json.loads(line) for line in (tmp_path / "o").read_text().splitlines()]
    assert [r["id"] for r in results] == ["p1", "2", "p3"]
    first = results[0]
    for field in ("label", "score", "candidate", "codes", "reasons", "stance", "signals"):
        assert field in first
    assert (first["label"], first["candidate"], first["codes"]) == (
        "campaign",
        2,
        ["DS-02", "DS-06"],
    )
    assert first["model_version"] == load_model().version
    assert len(first["config_version"]) == 64
    assert results[2]["label"] == "neutral"
    assert "3 butir diklasifikasikan, 0 baris dilewati" in err


def test_malformed_lines_are_reported_with_their_number_and_skipped(tmp_path):
    bad = (
        b"not json\n"
        b'{"id": "k", "kind": "retweet", "text": "x"}\n'
        b'{"kind": "post", "text": "tanpa id"}\n'
        b'{"id": "t", "kind": "post", "text": 5}\n'
        b"[1, 2]\n"
        b"\n"
        b'{"id": "u", "kind": "post", "text": "coblos 01 \xff\xfe ya", "posted_at": "x"}\n'
    )
    source = write_lines(tmp_path / "in.jsonl", LINES[:1], bad)
    _, err = run("classify", "--config", TRAIN_A, "--input", source, "--output", tmp_path / "o")
    assert "baris 2: bukan JSON yang sah" in err
    assert 'baris 3: jenis "retweet" tidak dikenal' in err
    assert "baris 4: kolom 'id' tidak ada atau kosong" in err
    assert "baris 5: kolom 'text' harus berupa teks" in err
    assert "baris 6: seharusnya berupa objek JSON" in err
    assert "baris 8: karakter UTF-8 yang rusak diganti" in err
    assert "baris 8: 'posted_at' bukan tanggal-waktu ISO 8601" in err
    results = [json.loads(line) for line in (tmp_path / "o").read_text().splitlines()]
    assert [r["id"] for r in results] == ["p1", "u"]
    assert results[1]["label"] == "campaign"
    assert "2 butir diklasifikasikan, 5 baris dilewati" in err


def test_dash_reads_stdin_and_writes_stdout(tmp_path, monkeypatch):
    body = "".join(json.dumps(line) + "\n" for line in LINES).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body)))
    out, _ = run("classify", "--config", TRAIN_A, "--input", "-", "--output", "-")
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["p1", "2", "p3"]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            "election: X\nvoting_day: 2024-11-27\ncandidates:\n"
            "  - {number: 1, names: [A]}\n  - {number: 1, names: [B]}\n",
            "appears twice",
        ),
        ("election: X\nvoting_day: 2024-11-27\ncandidates: []\n", "at least one candidate"),
        ("election: [unclosed\n", "YAML"),
    ],
)
def test_a_bad_election_file_stops_with_exit_code_2_and_writes_nothing(tmp_path, config, message):
    (tmp_path / "e.yaml").write_text(config)
    source = write_lines(tmp_path / "in.jsonl", LINES)
    with pytest.raises(CommandError, match=message) as raised:
        run(
            "classify",
            "--config",
            tmp_path / "e.yaml",
            "--input",
            source,
            "--output",
            tmp_path / "o",
        )
    assert raised.value.returncode == 2
    assert "Berkas pemilihan tidak dapat digunakan" in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.yaml", "in.jsonl"]


def test_a_model_of_another_version_is_refused_with_exit_code_2(tmp_path):
    model_dir = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, model_dir)
    meta = json.loads((model_dir / META_FILE).read_text())
    (model_dir / META_FILE).write_text(json.dumps({**meta, "model_version": "netral-linear-0"}))
    source = write_lines(tmp_path / "in.jsonl", LINES)
    with pytest.raises(CommandError, match="netral monitor train") as raised:
        run(
            "classify",
            "--config",
            TRAIN_A,
            "--input",
            source,
            "--output",
            tmp_path / "o",
            "--model",
            model_dir,
        )
    assert raised.value.returncode == 2
    assert not (tmp_path / "o").exists()


def test_rules_only_runs_without_a_model_and_says_scores_are_not_calibrated(tmp_path):
    source = write_lines(tmp_path / "in.jsonl", LINES)
    out, err = run(
        "classify",
        "--config",
        TRAIN_A,
        "--input",
        source,
        "--output",
        "-",
        "--rules-only",
        "--model",
        tmp_path / "nowhere",
    )
    assert json.loads(out.splitlines()[0])["model_version"] == "rules-only"
    assert "Hanya aturan" in err


def test_a_missing_input_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Masukan tidak dapat dibaca") as raised:
        run("classify", "--config", TRAIN_A, "--input", tmp_path / "x", "--output", tmp_path / "o")
    assert raised.value.returncode == 2


def test_evaluate_prints_figures_per_class_and_the_confusion_matrix(tmp_path):
    labelled = [
        {**LINES[0], "label": "campaign"},
        {**LINES[2], "label": "neutral"},
        {**LINES[1], "label": "campaign"},
        {"id": "z", "kind": "post", "text": "x", "label": "mungkin"},
    ]
    source = write_lines(tmp_path / "l.jsonl", labelled)
    out, err = run("evaluate", "--config", TRAIN_A, "--input", source, "--baseline")
    assert "presisi" in out and "recall" in out and "macro-F1" in out
    assert "Matriks kebingungan" in out
    assert "Pembanding kata kunci" in out
    assert "butir z: 'label' harus campaign atau neutral; dilewati" in err
    figures, _ = run("evaluate", "--config", TRAIN_A, "--input", source, "--json")
    assert json.loads(figures)["detector"]["confusion"]["campaign"]["campaign"] == 2


def test_corpus_writes_the_same_labelled_split_every_time(tmp_path):
    run("corpus", "--split", "heldout", "--size", "30", "--output", tmp_path / "a")
    run("corpus", "--split", "heldout", "--size", "30", "--output", tmp_path / "b")
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()
    first = json.loads((tmp_path / "a").read_text().splitlines()[0])
    assert first["label"] in ("campaign", "neutral") and first["election"] == HELDOUT.name


def run_cli(*args, **env):
    """The real command line, as other tools call it, with a database that does not exist."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": "sqlite:////nonexistent/dir/netral.sqlite3",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "netral", "monitor", *map(str, args)],
        capture_output=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
        check=False,
    )


def test_the_command_line_needs_no_database_and_no_scikit_learn(tmp_path):
    source = write_lines(tmp_path / "in.jsonl", LINES)
    probe = tmp_path / "probe.py"
    completed = run_cli(
        "classify", "--config", TRAIN_A, "--input", source, "--output", tmp_path / "o"
    )
    assert completed.returncode == 0, completed.stderr.decode()
    assert len((tmp_path / "o").read_text().splitlines()) == 3
    probe.write_text(
        "import sys, django\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        f"call_command('monitor', 'classify', '--config', {str(TRAIN_A)!r}, '--input', "
        f"{str(source)!r}, '--output', {str(tmp_path / 'o2')!r})\n"
        "assert 'sklearn' not in sys.modules, 'inference imported scikit-learn'\n"
    )
    checked = subprocess.run(
        [sys.executable, probe],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"},
    )
    assert checked.returncode == 0, checked.stderr.decode()


def test_the_command_line_exits_with_2_on_a_bad_election_file(tmp_path):
    (tmp_path / "e.yaml").write_text("election: X\nvoting_day: 2024-11-27\ncandidates: []\n")
    source = write_lines(tmp_path / "in.jsonl", LINES)
    completed = run_cli(
        "classify", "--config", tmp_path / "e.yaml", "--input", source, "--output", tmp_path / "o"
    )
    assert completed.returncode == 2
    assert "Berkas pemilihan tidak dapat digunakan" in completed.stderr.decode()
    assert not (tmp_path / "o").exists()


def test_training_without_scikit_learn_says_which_extra_to_install(monkeypatch):
    import importlib.util

    from django.core.management import CommandError, call_command

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "sklearn" else real_find_spec(name, *args),
    )
    with pytest.raises(CommandError, match=r"netral\[train\]"):
        call_command("monitor", "train")


def test_the_demo_s_graded_posts_give_the_review_queue_a_spread_of_scores(tmp_path):
    """The demo's second sample holds subtle, ambiguous and harmless posts (written apart from
    the development set): sorted by score, its flags must order something, not all read 1,00."""
    sample = ROOT / "docs" / "samples" / "monitoring-bantul-graded.jsonl"
    election = ROOT / "netral" / "demo" / "data" / "pilkada-bantul-2024.yaml"
    output = tmp_path / "out.jsonl"
    run("classify", "--config", str(election), "--input", str(sample), "--output", str(output))
    results = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    flagged = [result["score"] for result in results if result["label"] == "campaign"]
    assert len(flagged) >= 4
    assert len(results) - len(flagged) >= 4  # harmless and ambiguous posts stay out of the queue
    assert sum(score < 0.95 for score in flagged) >= 3
    assert all(result["reasons"] for result in results)
