import io
import json
import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

ELECTION = Path(__file__).resolve().parents[2] / "demo" / "data" / "pilkada-bantul-2024.yaml"


def test_detector_runs_on_a_bare_install_without_any_setting(tmp_path):
    """Other tools call `netral monitor classify` where Netral is installed but not configured."""
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        json.dumps({"id": "1", "kind": "post", "text": "coblos nomor 2 #BantulBagus"}) + "\n",
        encoding="utf-8",
    )
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("NETRAL_", "SECRET_", "DJANGO_"))
    }
    args = ["classify", "--config", str(ELECTION), "--input", str(posts), "--output", "-"]
    result = subprocess.run(
        [sys.executable, "-m", "netral", "monitor", *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["label"] == "campaign"
    assert not (tmp_path / "var").exists()
    # It starts with no app loaded (config.classify_settings), yet says exactly what the
    # command says inside a fully loaded Netral: same score, same Indonesian reasons.
    in_process = io.StringIO()
    call_command("monitor", *args, stdout=in_process)
    assert json.loads(result.stdout) == json.loads(in_process.getvalue())
    assert json.loads(result.stdout)["reasons"][0].startswith("Ajakan mencoblos nomor 2")


def test_other_commands_still_refuse_unsafe_production_settings(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("NETRAL_", "SECRET_", "DJANGO_"))
    }
    result = subprocess.run(
        [sys.executable, "-m", "netral", "check"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_a_command_without_settings_says_what_is_missing_in_one_line(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("NETRAL_", "SECRET_", "DJANGO_"))
    }
    result = subprocess.run(
        [sys.executable, "-m", "netral", "migrate"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("netral: SECRET_KEY is required")
    assert "NETRAL_MODE=demo" in result.stderr


def test_a_bad_value_names_the_variable_and_the_demo_mode(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETRAL_", "DJANGO_"))}
    env |= {"NETRAL_MODE": "demo", "NETRAL_DEBUG": "maybe", "NETRAL_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "netral", "check"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "NETRAL_DEBUG must be true or false" in result.stderr
