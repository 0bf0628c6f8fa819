"""The examination team's three boxes each say whom they are for, in both languages."""

import pytest
from django.utils import translation

from netral.cases.forms import TeamWidget


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("id", ["Atasan langsung", "Unsur pengawasan (Inspektorat)", "Unsur kepegawaian"]),
        ("en", ["Direct superior", "Inspektorat (supervision)", "Personnel unit"]),
    ],
)
def test_each_examination_team_box_has_its_label(language, labels):
    with translation.override(language):
        html = TeamWidget().render("examination_team", None, {"id": "id_examination_team"})
    for index, label in enumerate(labels):
        assert f'<label for="id_examination_team_{index}">{label}</label>' in html
        assert f'id="id_examination_team_{index}"' in html
