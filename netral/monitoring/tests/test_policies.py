"""Who sees and acts on findings: the matrix over the cast (plus an Ombudsman viewer)."""

import pytest
from django.urls import reverse

from netral.monitoring import policies
from netral.monitoring.models import Finding

pytestmark = pytest.mark.django_db
CAST = [
    ("citizen", 302),
    ("bawaslu_bantul_officer", 303),
    ("bawaslu_sleman_officer", 404),
    ("bawaslu_diy_supervisor", 303),
    ("ombudsman_viewer", 403),
    ("bkn_officer", 404),
    ("ppk_officer", 404),
    ("admin", 404),
]


@pytest.mark.parametrize(("actor", "expected"), CAST, indirect=["actor"])
@pytest.mark.parametrize("action", ["confirm", "promote", "dismiss"])
def test_review_actions_matrix(imported, client_for, actor, expected, action):
    finding = Finding.objects.get(item__external_id="fb-1001")
    url = reverse("monitoring:finding_action", args=[finding.public_id, action])
    response = client_for(actor).post(url, {"reason": "bukan kampanye"})
    assert response.status_code == expected
    finding.refresh_from_db()
    assert (finding.status != Finding.Status.NEW) == (expected == 303)


@pytest.mark.parametrize(
    ("actor", "sees"),
    [(name, status in (303, 403)) for name, status in CAST],
    indirect=["actor"],
)
def test_visibility_matrix(imported, actor, sees):
    assert policies.visible_findings(actor).exists() is sees
    assert policies.visible_accounts(actor).exists() is sees


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("citizen", 302), ("bawaslu_sleman_officer", 404), ("ombudsman_viewer", 200)],
    indirect=["actor"],
)
def test_bundle_matrix(imported, client_for, actor, expected):
    finding = Finding.objects.get(item__external_id="fb-1001")
    response = client_for(actor).get(reverse("monitoring:bundle", args=[finding.public_id]))
    assert response.status_code == expected
    assert finding.events.filter(type="bundle_downloaded").exists() is (expected == 200)
