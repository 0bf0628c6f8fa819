"""Letters fit to send: numbered per organisation and year once, with letterhead and signatory,
citing the election family's law, without internal notes; held for review on an unverified
deadline; the same summary printed twice is one document; the timeline names each letter."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from netral.accounts import services as account_services
from netral.cases import selectors, services
from netral.cases.models import Document, DocumentStatus, LetterSettings
from netral.cases.services import letters
from netral.cases.tests.conftest import NOW


def _bantul(user):
    return user.memberships.get().organisation


def test_numbers_run_per_organisation_and_year_and_follow_the_pattern(
    bawaslu_bantul_officer, bkn_officer
):
    bantul, bkn = _bantul(bawaslu_bantul_officer), _bantul(bkn_officer)
    LetterSettings.objects.create(
        organisation=bantul,
        number_pattern="{seq}/PP.01.02/K.BT-{region}/{month}/{year}",
    )
    taken = [letters.assign_number(bantul, NOW) for _ in range(3)]
    assert taken == [
        "001/PP.01.02/K.BT-34.02/X/2024",
        "002/PP.01.02/K.BT-34.02/X/2024",
        "003/PP.01.02/K.BT-34.02/X/2024",
    ]
    assert letters.assign_number(bkn, NOW) == "001/NTR/X/2024"  # its own counter
    assert letters.assign_number(bantul, NOW.replace(year=2025)).startswith("001/")


def test_a_pattern_without_seq_is_refused_and_never_used(bawaslu_bantul_officer):
    bantul = _bantul(bawaslu_bantul_officer)
    assert letters.pattern_problem("{code}/{year}") == "{seq}"
    assert letters.pattern_problem("{seq}/{nope}") != ""
    LetterSettings.objects.create(organisation=bantul, number_pattern="{code}/{year}")
    assert letters.assign_number(bantul, NOW) == "001/NTR/X/2024"


def test_a_number_is_never_given_twice(at_bkn, bawaslu_bantul_officer):
    letter = at_bkn.documents.get(template_key="forwarding_letter_bkn")
    assert letter.number
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            case=at_bkn, template_key="x", title="x", html="", sha256="", generated_at=NOW,
            organisation=letter.organisation, number=letter.number,
        )  # fmt: skip


def test_a_letter_carries_letterhead_signatory_and_the_pilkada_law(
    open_case, bawaslu_bantul_officer, bkn_officer
):
    bantul = _bantul(bawaslu_bantul_officer)
    LetterSettings.objects.create(
        organisation=bantul,
        letterhead_name="BADAN PENGAWAS PEMILIHAN UMUM KABUPATEN BANTUL",
        letterhead_address="Jl. Jenderal Sudirman No. 1, Bantul",
        signatory_name="Dr. Arif Widodo",
        signatory_position="Ketua Bawaslu Kabupaten Bantul",
        signatory_nip="197501012000031001",
    )
    from netral.cases.tests.conftest import DECIDE_DS06, TO_EXAMINATION, walk

    case = walk(open_case(), bawaslu_bantul_officer, *TO_EXAMINATION, DECIDE_DS06)
    letter = case.documents.get(template_key="forwarding_letter_bkn")
    assert "Dr. Arif Widodo" in letter.html and "NIP 197501012000031001" in letter.html
    assert "(………" not in letter.html
    assert "Undang-Undang Nomor 10 Tahun 2016" in letter.html  # a Pilkada case
    assert "Pasal 455" not in letter.html
    assert "terverifikasi" not in letter.html
    assert letter.letterhead["name"] == "BADAN PENGAWAS PEMILIHAN UMUM KABUPATEN BANTUL"
    # The timeline names the letter, with its number.
    rows = selectors.timeline_rows(case)
    assert any(letter.number in str(row) and "penerusan" in str(row).lower() for row in rows)


def test_no_outgoing_letter_carries_internal_notes(at_ppk):
    for letter in at_ppk.documents.all():
        assert "terverifikasi" not in letter.html and "dapat diatur" not in letter.html


def test_a_letter_on_an_unverified_deadline_is_held_for_review(at_ppk):
    recommendation_letter = at_ppk.documents.get(template_key="recommendation_letter_ppk")
    assert recommendation_letter.status == DocumentStatus.HELD  # ppk.follow_up is P
    forwarding = at_ppk.documents.get(template_key="forwarding_letter_bkn")
    assert forwarding.status == DocumentStatus.SENT  # bkn.verification is V


def test_printing_the_same_summary_twice_makes_one_document(at_bkn, bkn_officer):
    first = services.generate_case_summary(case=at_bkn, by=bkn_officer, now=NOW)
    again = services.generate_case_summary(
        case=at_bkn, by=bkn_officer, now=NOW + dt.timedelta(minutes=5)
    )
    assert again == first
    assert at_bkn.documents.filter(template_key="case_summary").count() == 1
    # The case moves on while BKN still owns it (once recommended, the PPK owns it and BKN's
    # print is unfiled).
    case = services.tag(
        case=at_bkn, add=["medsos"], by=bkn_officer, now=NOW + dt.timedelta(hours=1)
    )
    later = services.generate_case_summary(
        case=case, by=bkn_officer, now=NOW + dt.timedelta(hours=2)
    )
    assert later != first  # the case moved on: a new summary


# The organisation's letter settings page, for its supervisors and administrators.


POST = {
    "number_pattern": "{seq}/PP.01.02/K.BT-{region}/{month}/{year}",
    "classification_code": "PP.01.02",
    "letterhead_name": "BAWASLU KABUPATEN BANTUL",
    "letterhead_address": "Bantul",
    "signatory_name": "Dr. Arif Widodo",
    "signatory_position": "Ketua",
    "signatory_nip": "197501012000031001",
}


@pytest.mark.parametrize(
    "who, expected",
    [("bantul_admin", 302), ("bawaslu_bantul_officer", 403), ("bkn_officer", 403), (None, 302)],
)
def test_letter_settings_permission_matrix(client, request, bantul_admin, who, expected):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("cases:letter_settings"), POST)
    assert response.status_code == expected
    saved = LetterSettings.objects.filter(signatory_name="Dr. Arif Widodo").exists()
    assert saved == (who == "bantul_admin")


def test_letter_settings_refuse_a_bad_pattern_or_nip(client, bantul_admin):
    client.force_login(bantul_admin)
    response = client.post(
        reverse("cases:letter_settings"),
        {**POST, "number_pattern": "{code}/{year}", "signatory_nip": "12ab"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "number_pattern" in form.errors and "signatory_nip" in form.errors
    assert not LetterSettings.objects.exists()


@pytest.mark.parametrize(
    "who, expected", [("bkn_officer", 303), ("ppk_officer", 403), ("bawaslu_sleman_officer", 404)]
)
def test_a_held_letter_is_released_once_by_its_sender(client, request, at_ppk, who, expected):
    letter = at_ppk.documents.get(template_key="recommendation_letter_ppk")
    assert letter.status == DocumentStatus.HELD
    client.force_login(request.getfixturevalue(who))
    url = reverse("cases:release_document", args=[at_ppk.code, letter.public_id])
    response = client.post(url)
    assert response.status_code == expected
    letter.refresh_from_db()
    released = at_ppk.events.filter(type="document_released").count()
    if who == "bkn_officer":
        assert letter.status == DocumentStatus.SENT and released == 1
        client.post(url)  # twice: a message, no second event
        assert at_ppk.events.filter(type="document_released").count() == 1
    else:
        assert letter.status == DocumentStatus.HELD and released == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_take_the_same_number():
    """Eight workers take numbers at once for one organisation: all different, 1 to 8."""
    import threading

    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("the test database of SQLite is one in-memory cache: run it on PostgreSQL")
    organisation = account_services.create_organisation(name="Bawaslu Uji", kind="bawaslu_ri")
    start, taken = threading.Barrier(8), []

    def take() -> None:
        try:
            start.wait()
            with transaction.atomic():
                taken.append(letters.assign_number(organisation, NOW))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == [f"{n:03d}/NTR/X/2024" for n in range(1, 9)]
