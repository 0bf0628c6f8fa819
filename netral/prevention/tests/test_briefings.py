"""Sosialisasi and Bimtek: planning, attendance lists, check-in, coverage, permissions."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.urls import reverse

from netral.prevention import selectors, services
from netral.prevention.models import Attendance, Briefing, CampaignEvent
from netral.prevention.tests.conftest import NOW
from netral.registry.tests.factories import CivilServantFactory

pytestmark = pytest.mark.django_db
OUTSIDERS = ["citizen", "bawaslu_bantul_officer", "bkn_officer", "bawaslu_sleman_officer"]
LATER = NOW + dt.timedelta(days=3)


def _url(name, obj):
    return reverse(f"prevention:{name}", args=[obj.public_id])


def _csv(*lines):
    return SimpleUploadedFile("hadir.csv", ("\n".join(lines) + "\n").encode())


def _types(campaign):
    return list(CampaignEvent.objects.filter(campaign=campaign).values_list("type", flat=True))


# ------------------------------------------------------------------ services


def test_create_briefing_gives_a_short_code_and_an_event(briefing, campaign):
    assert len(briefing.check_in_code) == services.CHECK_IN_LENGTH
    assert set(briefing.check_in_code) <= set(services.ALPHABET)
    assert CampaignEvent.Type.BRIEFING_CREATED in _types(campaign)


def test_briefing_needs_a_place_or_a_link(campaign, ppk_officer):
    with pytest.raises(ValidationError) as error:
        services.create_briefing(
            campaign=campaign,
            kind="bimtek",
            title="Bimtek",
            starts_at=LATER,
            by=ppk_officer,
            now=NOW,
        )
    assert "place" in error.value.message_dict
    online = services.create_briefing(
        campaign=campaign,
        kind="bimtek",
        title="Bimtek daring",
        starts_at=LATER,
        online_url="https://zoom.example/j/1",
        by=ppk_officer,
        now=NOW,
    )
    assert online.place == ""


def test_attendance_list_is_all_or_nothing(briefing, staff, ppk_officer, tmp_path, sleman):
    stranger = CivilServantFactory(agency=sleman)
    path = tmp_path / "hadir.csv"
    path.write_text(f"nip\n{staff[0].nip}\n{staff[0].nip}\n12345\n{stranger.nip}\n")
    result = services.record_attendance_list(
        briefing=briefing, table_path=path, by=ppk_officer, now=LATER
    )
    assert not result.saved
    assert [(p.row, p.column) for p in result.problems] == [(3, "nip"), (4, "nip"), (5, "nip")]
    assert not Attendance.objects.exists()
    assert CampaignEvent.Type.ATTENDANCE_LISTED not in _types(briefing.campaign)


def test_attendance_list_counts_people_already_present(
    briefing, staff, codes, ppk_officer, tmp_path
):
    services.check_in(
        event_code=briefing.check_in_code, nip=staff[0].nip, code=codes[staff[0].nip], now=LATER
    )
    path = tmp_path / "hadir.csv"
    path.write_text("nama;nip\n" + "".join(f"X;{p.nip}\n" for p in staff[:3]))
    result = services.record_attendance_list(
        briefing=briefing, table_path=path, by=ppk_officer, now=LATER
    )
    assert (result.saved, result.recorded, result.already_recorded) == (True, 2, 1)
    assert Attendance.objects.filter(briefing=briefing).count() == 3
    event = CampaignEvent.objects.get(type=CampaignEvent.Type.ATTENDANCE_LISTED)
    assert event.payload["recorded"] == 2
    assert len(event.payload["sha256"]) == 64


def test_check_in_identifies_with_nip_and_code(briefing, staff, codes):
    person = staff[1]
    code = f" {briefing.check_in_code.lower()} "
    first = services.check_in(event_code=code, nip=person.nip, code=codes[person.nip], now=LATER)
    again = services.check_in(
        event_code=briefing.check_in_code, nip=person.nip, code=codes[person.nip], now=LATER
    )
    assert first.pk == again.pk
    assert first.method == Attendance.Method.CHECK_IN
    assert _types(briefing.campaign).count(CampaignEvent.Type.CHECKED_IN) == 1
    with pytest.raises(ValidationError) as error:
        services.check_in(
            event_code=briefing.check_in_code, nip=staff[2].nip, code="AAAA-AAAA", now=LATER
        )
    assert "code" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.check_in(event_code="ZZZZZZ", nip=person.nip, code=codes[person.nip], now=LATER)
    assert "event_code" in error.value.message_dict


def test_closed_check_in_refuses(briefing, staff, codes, ppk_officer):
    services.close_check_in(briefing=briefing, by=ppk_officer, now=LATER)
    with pytest.raises(ValidationError):
        services.check_in(
            event_code=briefing.check_in_code, nip=staff[0].nip, code=codes[staff[0].nip], now=LATER
        )
    with pytest.raises(ValidationError):
        services.close_check_in(briefing=briefing, by=ppk_officer, now=LATER)
    assert CampaignEvent.Type.CHECK_IN_CLOSED in _types(briefing.campaign)
    assert not Attendance.objects.exists()


def test_coverage_per_unit_counts_attendance(briefing, staff, codes):
    for person in staff[:2]:  # both in Sekretariat
        services.check_in(
            event_code=briefing.check_in_code, nip=person.nip, code=codes[person.nip], now=LATER
        )
    second = services.create_briefing(
        campaign=briefing.campaign,
        kind="bimtek",
        title="Bimtek",
        starts_at=LATER,
        place="Aula",
        by=None,
        now=NOW,
    )
    services.check_in(
        event_code=second.check_in_code, nip=staff[0].nip, code=codes[staff[0].nip], now=LATER
    )
    rows = {row["unit"]: row for row in selectors.unit_coverage(briefing.campaign)}
    # Two events for one person count one person, and do not inflate the staff.
    assert (rows["Sekretariat"]["staff"], rows["Sekretariat"]["attended"]) == (3, 2)
    assert rows["Dinas Pendidikan"]["attended"] == 0
    per_unit = {row["unit"]: row["present"] for row in selectors.briefing_units(briefing)}
    assert per_unit == {"Dinas Pendidikan": 0, "Sekretariat": 2}


# ------------------------------------------------------------------ views


def test_officer_plans_a_briefing_and_shows_the_code(client_for, ppk_officer, campaign):
    client = client_for(ppk_officer)
    assert client.get(_url("briefing_new", campaign)).status_code == 200
    response = client.post(
        _url("briefing_new", campaign),
        {
            "kind": "bimtek",
            "title": "Bimtek Netralitas",
            "organiser": "BKPSDM",
            "starts_at": "2024-09-10T09:00",
            "place": "Aula",
        },
    )
    briefing = Briefing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("briefing", briefing)
    page = client.get(_url("briefing", briefing)).content.decode()
    assert briefing.check_in_code in page
    code_page = client.get(_url("briefing_code", briefing))
    assert code_page.status_code == 200
    assert "data:image/svg+xml" in code_page.content.decode()
    assert "Bimtek Netralitas" in client.get(_url("campaign", campaign)).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "rapat", "title": "X", "starts_at": "2024-09-10T09:00", "place": "A"},
        {"kind": "bimtek", "title": "X", "starts_at": "kemarin", "place": "A"},
        {"kind": "bimtek", "title": "X", "starts_at": "2024-09-10T09:00"},
        {"kind": "bimtek", "title": "X", "starts_at": "2024-09-10T09:00", "online_url": "zoom"},
    ],
)
def test_bad_briefing_form_answers_400(client_for, ppk_officer, campaign, data):
    response = client_for(ppk_officer).post(_url("briefing_new", campaign), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Briefing.objects.exists()


@pytest.mark.parametrize("actor", OUTSIDERS, indirect=True)
def test_only_the_personnel_office_plans_briefings(actor, client_for, campaign):
    response = client_for(actor).post(
        _url("briefing_new", campaign),
        {"kind": "bimtek", "title": "X", "starts_at": "2024-09-10T09:00", "place": "A"},
    )
    assert response.status_code in (302, 404)
    assert not Briefing.objects.exists()


@pytest.mark.parametrize("actor", OUTSIDERS, indirect=True)
def test_only_the_personnel_office_runs_a_briefing(actor, client_for, briefing, staff):
    client = client_for(actor)
    for name, data in {
        "attendance_list": {"table": _csv("nip", staff[0].nip)},
        "briefing_close": {},
    }.items():
        response = client.post(_url(name, briefing), data)
        assert response.status_code in (302, 404), name
        if response.status_code == 302:
            assert "/akun/" in response["Location"], name
    assert client.get(_url("briefing_code", briefing)).status_code in (302, 404)
    briefing.refresh_from_db()
    assert briefing.check_in_open
    assert not Attendance.objects.exists()


def test_bawaslu_may_look_at_a_briefing_but_not_act(client_for, bawaslu_bantul_officer, briefing):
    page = client_for(bawaslu_bantul_officer).get(_url("briefing", briefing))
    assert page.status_code == 200
    assert _url("attendance_list", briefing) not in page.content.decode()


def test_attendance_upload_shows_row_problems(client_for, ppk_officer, briefing, staff):
    client = client_for(ppk_officer)
    response = client.post(
        _url("attendance_list", briefing), {"table": _csv("nip", staff[0].nip, "123")}
    )
    assert response.status_code == 400
    [problem] = response.context["result"].problems
    assert problem.row == 3
    assert str(problem.message) in response.content.decode()
    assert not Attendance.objects.exists()
    for bad in (
        SimpleUploadedFile("hadir.pdf", b"%PDF"),
        SimpleUploadedFile("hadir.csv", b"\xff\xfe\x00garbage\x00"),
        SimpleUploadedFile("hadir.csv", b"nama\nBudi\n"),
        SimpleUploadedFile("hadir.xlsx", b"not a zip"),
        _csv("nip"),
    ):
        response = client.post(_url("attendance_list", briefing), {"table": bad})
        assert response.status_code == 400, bad.name
    assert not Attendance.objects.exists()
    response = client.post(_url("attendance_list", briefing), {"table": _csv("nip", staff[0].nip)})
    assert response.status_code == 302
    assert Attendance.objects.count() == 1


def test_officer_closes_check_in(client_for, ppk_officer, briefing):
    response = client_for(ppk_officer).post(_url("briefing_close", briefing))
    assert response.status_code == 302
    briefing.refresh_from_db()
    assert not briefing.check_in_open


def test_asn_checks_in_on_a_phone(client, briefing, staff, codes):
    page = client.get(reverse("prevention:check_in"), {"kode": briefing.check_in_code})
    assert page.status_code == 200
    assert briefing.title in page.content.decode()
    person = staff[3]
    response = client.post(
        reverse("prevention:check_in"),
        {"event_code": briefing.check_in_code, "nip": person.nip, "code": codes[person.nip]},
    )
    attendance = Attendance.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("prevention:checked_in", args=[attendance.pk])
    done = client.get(response["Location"])
    assert done.status_code == 200
    assert person.name in done.content.decode()
    # Another browser does not see it.
    assert client.__class__().get(response["Location"]).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"event_code": "ZZZZZZ", "nip": "1" * 18, "code": "AAAA-AAAA"},
        {"event_code": "x" * 40, "nip": "abc", "code": ""},
    ],
)
def test_bad_check_in_answers_400(client, briefing, data):
    response = client.post(reverse("prevention:check_in"), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Attendance.objects.exists()


def test_check_in_guesses_are_rate_limited(client, briefing, staff, codes):
    nip = staff[0].nip
    data = {"event_code": briefing.check_in_code, "nip": nip, "code": "AAAA-AAAA"}
    for _attempt in range(5):
        assert client.post(reverse("prevention:check_in"), data).status_code == 400
    response = client.post(reverse("prevention:check_in"), {**data, "code": codes[nip]})
    assert response.status_code == 429
    assert not Attendance.objects.exists()


def test_right_codes_never_count_toward_the_attempt_limit(client, briefing, staff, codes):
    """Checking in again with the right code (or with a refusal that is not a wrong code, here
    an unknown event code) is not a guess: only wrong NIPs and codes use up the five."""
    nip = staff[0].nip
    data = {"event_code": briefing.check_in_code, "nip": nip, "code": codes[nip]}
    for _attempt in range(7):
        assert client.post(reverse("prevention:check_in"), data).status_code == 302
        wrong_event = client.post(reverse("prevention:check_in"), {**data, "event_code": "ZZZZZZ"})
        assert wrong_event.status_code == 400
    assert Attendance.objects.count() == 1
    # Wrong codes still count, and a refused attempt after them does not.
    for _attempt in range(5):
        wrong = client.post(reverse("prevention:check_in"), {**data, "code": "AAAA-AAAA"})
        assert wrong.status_code == 400
    assert client.post(reverse("prevention:check_in"), data).status_code == 429


def test_a_room_of_staff_on_one_network_all_check_in(client, briefing, bantul, ppk_officer):
    for _person in range(25):
        CivilServantFactory(agency=bantul, unit="Sekretariat")
    issued = services.issue_codes(campaign=briefing.campaign, unit=None, by=ppk_officer, now=NOW)
    assert len(issued) >= 25
    for item in issued:
        response = client.post(
            reverse("prevention:check_in"),
            {
                "event_code": briefing.check_in_code,
                "nip": item.civil_servant.nip,
                "code": item.code,
            },
        )
        assert response.status_code == 302
    assert Attendance.objects.count() == len(issued)


def test_a_check_in_racing_another_keeps_the_first_and_never_fails(
    briefing, staff, codes, monkeypatch
):
    """Two taps at once: the second passes the "already present?" look before the first
    commits, then meets the unique row; it returns that row instead of a 500."""
    person = staff[3]
    first = services.check_in(
        event_code=briefing.check_in_code, nip=person.nip, code=codes[person.nip], now=LATER
    )
    real_first = QuerySet.first
    monkeypatch.setattr(
        QuerySet, "first", lambda qs: None if qs.model is Attendance else real_first(qs)
    )
    again = services.check_in(
        event_code=briefing.check_in_code, nip=person.nip, code=codes[person.nip], now=LATER
    )
    assert again.pk == first.pk
    assert _types(briefing.campaign).count(CampaignEvent.Type.CHECKED_IN) == 1
