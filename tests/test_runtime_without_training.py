"""The app runs without the `train` extra: only `netral monitor train` imports scikit-learn."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import importlib, pkgutil, sys

class NoScikitLearn:
    def find_spec(self, name, path=None, target=None):
        if name == "sklearn" or name.startswith("sklearn."):
            raise ImportError("scikit-learn is not installed (the train extra)")

sys.meta_path.insert(0, NoScikitLearn())
import django
django.setup()
import netral
from django.urls import get_resolver
get_resolver().url_patterns
skipped = (".tests", ".migrations", "netral.monitoring.pipeline.train")
for module in pkgutil.walk_packages(netral.__path__, "netral."):
    if not any(part in module.name for part in skipped):
        importlib.import_module(module.name)
from django.core.management import call_command
call_command("check")
assert "sklearn" not in sys.modules
"""


def test_every_module_but_training_imports_without_scikit_learn():
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"},
    )
    assert result.returncode == 0, result.stderr[-3000:]


LEAN_PROBE = """
import sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every view and API module, as a web worker's first request does
import netral.core.worker  # and the task worker
# Each is imported where it is used: the detector where a file is classified, rapidfuzz where
# texts or names are compared, pygal where a chart is drawn, segno where a QR code is, Pillow and
# filetype where an uploaded file is checked (a process that only takes text reports never is);
# WeasyPrint, XlsxWriter and openpyxl where a PDF or a spreadsheet is made or read, Playwright
# where a page is captured.
lazy = ("numpy", "netral.monitoring.detection", "rapidfuzz", "pygal", "segno", "PIL", "filetype")
lazy += ("weasyprint", "xlsxwriter", "openpyxl", "playwright")
heavy = sorted(m for m in lazy if m in sys.modules)
assert not heavy, heavy
"""


def test_a_web_or_task_worker_loads_no_heavy_library_until_it_needs_it():
    result = subprocess.run(
        [sys.executable, "-c", LEAN_PROBE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
