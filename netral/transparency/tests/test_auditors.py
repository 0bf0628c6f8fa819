"""Independent auditors: the new organisation family opens no case, no evidence and no report;
every existing family keeps exactly its case access; the audit pack is redacted and scoped to
the auditor's jurisdiction; recommendations are filed, answered and closed, each as an event."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from netral.accounts.models import Membership, Organisation
from netral.cases import policies as case_policies
from netral.reports import policies as report_policies
from netral.reports.tests import factories as report_factories
from netral.transparency import events, policies, services
from netral.transparency.models import AuditRecommendation, AuditRecommendationEvent
from tests.conftest import _staff

pytestmark = pytest.mark.django_db
Kind, Family = Organisation.Kind, Organisation.Family


@pytest.fixture
def auditor(regions):
    """An officer of a university audit centre whose jurisdiction is DI Yogyakarta."""
    return _staff(
        "auditor_ugm", Kind.INDEPENDENT_AUDITOR, "Pusat Studi UGM", "34", Membership.Role.OFFICER
    )


@pytest.fixture
def national_auditor(regions):
    return _staff("auditor_lsm", Kind.INDEPENDENT_AUDITOR, "LSM Nasional", None, "officer")


@pytest.fixture
def sleman_auditor(regions):
    return _staff("auditor_sleman", Kind.INDEPENDENT_AUDITOR, "LSM Sleman", "34.04", "viewer")


def test_the_auditor_kind_belongs_to_the_auditor_family_alone():
    assert Kind.of(Family.AUDITOR) == {"independent_auditor"}
    assert Family.AUDITOR not in case_policies._CASE_FAMILIES


def test_case_families_are_every_family_but_the_platform_and_auditors():
    """What every existing family had before: all of them read cases (by their own rules)."""
    assert frozenset(Family) - {Family.PLATFORM, Family.AUDITOR} == case_policies._CASE_FAMILIES


# --------------------------------------------------------------------- no case access at all


@pytest.mark.parametrize("who", ["auditor", "national_auditor", "sleman_auditor"])
def test_an_auditor_reads_no_case(client, request, open_case, who):
    case = open_case()
    user = request.getfixturevalue(who)
    assert not case_policies.visible_cases(user).exists()
    assert not case_policies.seats(user)
    for action in ("view", "transition", "assign", "tag", "link", "view_identity", "download"):
        assert not case_policies.can(user, action, case)
    assert not case_policies.can_view_case_evidence(user, case)
    assert case_policies.opening_seat(user) is None
    client.force_login(user)
    assert client.get(reverse("cases:detail", args=[case.code])).status_code == 404
    for name in ("cases:summary", "cases:identity"):  # POST-only pages
        assert client.post(reverse(name, args=[case.code])).status_code in (403, 404)
    assert case.code not in client.get(reverse("cases:queue")).content.decode()


def test_an_auditor_reads_no_report(client, auditor, bawaslu_bantul_officer):
    report = report_factories.submit(now=timezone.now()).report
    assert report_policies.visible_reports(bawaslu_bantul_officer).filter(pk=report.pk).exists()
    assert not report_policies.visible_reports(auditor).exists()
    assert not report_policies.can_view(auditor, report)
    assert not report_policies.can_read_identity(auditor, report)
    assert not report_policies.can_download(auditor, report)
    client.force_login(auditor)
    assert client.get(reverse("reports:queue")).status_code in (403, 302)
    detail = client.get(reverse("reports:staff_detail", args=[report.code]))
    assert detail.status_code in (403, 404)


def test_existing_roles_keep_their_case_access(open_case, bawaslu_bantul_officer, auditor):
    """The Bantul officer who opened it still reads and acts on it, with an auditor around."""
    case = open_case()
    assert case_policies.can_view(bawaslu_bantul_officer, case)
    assert case_policies.can_act(bawaslu_bantul_officer, case)
    assert list(case_policies.visible_cases(bawaslu_bantul_officer)) == [case]


@pytest.mark.parametrize(
    "kind", [k for k in Kind if k.family not in (Family.AUDITOR, Family.PLATFORM)]
)
def test_every_other_kind_still_holds_a_case_seat(regions, kind):
    user = _staff(f"u_{kind}", kind, f"Org {kind}", None, Membership.Role.VIEWER)
    assert [seat.kind for seat in case_policies.seats(user)] == [kind]


def test_the_pack_pages_are_for_auditors_only(client, bawaslu_bantul_officer, auditor):
    assert client.get(reverse("transparency:audit")).status_code == 302  # to the login page
    client.force_login(bawaslu_bantul_officer)
    assert client.get(reverse("transparency:audit")).status_code == 403
    assert client.get(reverse("transparency:new_recommendation")).status_code == 403
    client.force_login(auditor)
    assert client.get(reverse("transparency:audit")).status_code == 200


# --------------------------------------------------------------------- the redacted audit pack


def test_the_pack_shows_no_personal_data(client, open_case, auditor):
    case = open_case(title="Budi memasang spanduk paslon")
    client.force_login(auditor)
    page = client.get(reverse("transparency:audit")).content.decode()
    assert case.code in page
    assert case.head_hash[:12] in page
    assert "Kabupaten Bantul" in page
    for secret in ("Budi", "198001012005011001", "spanduk", "grup pemenangan", "Sewon"):
        assert secret not in page


@pytest.mark.parametrize(
    ("language", "plain", "jargon"),
    [
        ("en", "signed summary of the timelines", "digest"),
        ("id", "ringkasan bertanda tangan atas lini masa", "digest"),
    ],
)
def test_the_pack_speaks_of_a_signed_summary_not_a_digest(
    client, open_case, auditor, language, plain, jargon
):
    open_case()
    client.force_login(auditor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("transparency:audit")).content.decode()
    assert plain in page.lower()
    assert jargon not in page.lower()


def test_the_pack_is_scoped_to_the_jurisdiction(
    open_case, auditor, national_auditor, sleman_auditor
):
    case = open_case()
    assert list(policies.audit_pack_cases(auditor)) == [case]
    assert list(policies.audit_pack_cases(national_auditor)) == [case]
    assert not policies.audit_pack_cases(sleman_auditor).exists()  # Bantul is not Sleman's


def test_nobody_else_gets_a_pack(open_case, bawaslu_diy_supervisor, bkn_officer, admin):
    open_case()
    for user in (bawaslu_diy_supervisor, bkn_officer, admin, None):
        assert not policies.audit_pack_cases(user).exists()


# --------------------------------------------------------------------- recommendations


def _bawaslu_bantul():
    return Organisation.objects.get(kind=Kind.BAWASLU_KABKOTA)


def test_file_answer_close_with_events(client, open_case, auditor, bawaslu_bantul_officer):
    case = open_case()
    client.force_login(auditor)
    form = {
        "auditor": policies.filing_organisations(auditor)[0].pk,
        "addressed_to": _bawaslu_bantul().pk,
        "title": "Percepat kajian temuan",
        "body": "Kajian melewati tenggat.",
        "case_codes": case.code.lower(),
    }
    response = client.post(reverse("transparency:new_recommendation"), form)
    item = AuditRecommendation.objects.get()
    assert response["Location"] == reverse("transparency:recommendation", args=[item.public_id])
    assert item.case_codes == [case.code]

    client.force_login(bawaslu_bantul_officer)
    url = reverse("transparency:recommendation", args=[item.public_id])
    assert "Percepat" in client.get(url).content.decode()
    client.post(url, {"answer": "partly", "response": "Tenggat disesuaikan."})
    item.refresh_from_db()
    assert (item.status, item.answer) == ("answered", "partly")
    # The addressee cannot close it; the auditor can.
    close = reverse("transparency:close_recommendation", args=[item.public_id])
    assert client.post(close).status_code == 403
    client.force_login(auditor)
    client.post(close)
    item.refresh_from_db()
    assert item.status == "closed"
    assert list(item.events.values_list("type", flat=True)) == ["filed", "answered", "closed"]
    for event in item.events.all():
        assert events.RECOMMENDATION_EVENTS.read(event.type, event.payload) is not None


def test_a_code_outside_the_pack_is_refused_with_a_message(
    client, open_case, sleman_auditor, regions
):
    case = open_case()
    filer = _staff("auditor_sleman2", Kind.INDEPENDENT_AUDITOR, "LSM Sleman 2", "34.04", "officer")
    client.force_login(filer)
    form = {
        "auditor": policies.filing_organisations(filer)[0].pk,
        "addressed_to": _bawaslu_bantul().pk,
        "title": "T",
        "body": "B",
        "case_codes": case.code,
    }
    response = client.post(reverse("transparency:new_recommendation"), form)
    assert response.status_code == 200
    assert case.code in response.content.decode()  # named in the error, nothing saved
    assert not AuditRecommendation.objects.exists()


def test_the_addressee_list_asks_to_choose_in_the_reader_s_language(client, auditor):
    """Django 6.1's blank choice ("- Select an option -") has no Indonesian of its own."""
    client.force_login(auditor)
    page = client.get(reverse("transparency:new_recommendation")).content.decode()
    assert '<option value="" selected>— Pilih —</option>' in page
    assert "Select an option" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("transparency:new_recommendation")).content.decode()
    assert '<option value="" selected>- Select an option -</option>' in english


def test_a_viewer_auditor_reads_but_cannot_file(client, sleman_auditor):
    assert policies.can_audit(sleman_auditor)
    client.force_login(sleman_auditor)
    assert client.get(reverse("transparency:audit")).status_code == 200
    assert client.get(reverse("transparency:new_recommendation")).status_code == 403


def test_only_the_addressee_answers(client, auditor, bawaslu_bantul_officer, bkn_officer):
    item = services.file_recommendation(
        by=auditor,
        auditor=policies.filing_organisations(auditor)[0],
        addressed_to=_bawaslu_bantul(),
        title="T",
        body="B",
        now=timezone.now(),
    )
    url = reverse("transparency:recommendation", args=[item.public_id])
    client.force_login(bkn_officer)  # neither the auditor nor the addressee
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "accepted", "response": "x"}).status_code == 404
    client.force_login(auditor)  # the auditor reads it but does not answer it
    assert client.post(url, {"answer": "accepted", "response": "x"}).status_code == 403
    client.force_login(bawaslu_bantul_officer)
    bad = client.post(url, {"answer": "maybe", "response": ""})
    assert bad.status_code == 200 and bad.context["form"].errors
    item.refresh_from_db()
    assert item.status == "open"
    assert AuditRecommendationEvent.objects.count() == 1


def test_a_recommendation_cannot_go_to_another_auditor(auditor, national_auditor):
    other = policies.filing_organisations(national_auditor)[0]
    assert other not in policies.addressable_organisations()
    with pytest.raises(PermissionDenied):
        services.file_recommendation(
            by=auditor,
            auditor=policies.filing_organisations(auditor)[0],
            addressed_to=other,
            title="T",
            body="B",
            now=timezone.now(),
        )


def test_an_auditor_reads_no_staff_figures_and_its_menu_leads_to_the_pack(client, auditor):
    from netral.insights import policies as insight_policies

    assert not insight_policies.can_view(auditor)
    client.force_login(auditor)
    assert client.get(reverse("insights:dashboard")).status_code == 403
    home = client.get(reverse("core:staff_home")).content.decode()
    assert reverse("transparency:audit") in home
    assert reverse("cases:queue") not in home
    assert reverse("insights:dashboard") not in home


def test_an_auditor_reads_no_civil_servant(client, auditor, servant, bawaslu_bantul_officer):
    """The registry's people are personal data: not the auditor's, though Bantul is in DIY."""
    from netral.registry import policies as registry_policies

    assert registry_policies.visible_civil_servants(bawaslu_bantul_officer).exists()
    assert not registry_policies.visible_civil_servants(auditor).exists()
    assert not registry_policies.can_view_personal_data(auditor, servant)
    assert auditor.jurisdiction_codes() == set()
