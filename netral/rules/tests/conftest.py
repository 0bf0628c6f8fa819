import shutil

import pytest

from netral.rules import loader


@pytest.fixture
def data(tmp_path):
    """A copy of the rules data files, to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(loader.DATA_DIR, target)
    return target
