"""When an election stage begins, the pledge campaign's runners get the role page to pass on; the
role page says what ASN serving on election bodies do, marked unverified."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from netral.prevention import duties, services
from netral.prevention.models import CampaignEvent
from netral.prevention.services import campaigns
from netral.prevention.tests.conftest import NOW
from netral.registry.models import ElectionStage

pytestmark = pytest.mark.django_db


def _stage(election, key, name, start, end=None, position=0):
    return ElectionStage.objects.create(
        election=election, key=key, name=name, start=start, end=end or start, position=position
    )


@pytest.fixture
def runner(ppk_officer):
    ppk_officer.email = "bkpsdm@bantulkab.go.id"
    ppk_officer.save()
    return ppk_officer


def test_runners_get_the_role_page_once_when_a_stage_begins(campaign, runner, mailoutbox):
    _stage(campaign.election, "campaign", "Kampanye", timezone.localdate(NOW))
    assert services.send_stage_notices(campaign=campaign, now=NOW) == 1
    (mail,) = mailoutbox
    assert mail.to == ["bkpsdm@bantulkab.go.id"]
    assert "Kampanye" in mail.subject
    assert reverse("prevention:role", args=[campaign.election.code]) in mail.body
    event = campaign.events.get(type=CampaignEvent.Type.STAGE_NOTICE_SENT)
    assert event.payload == {"stage": "campaign", "recipients": 1}
    # Run again the same day (a second timer, a restarted worker): nothing more is sent.
    assert services.send_stage_notices(campaign=campaign, now=NOW) == 0
    assert len(mailoutbox) == 1


def test_no_notice_before_a_stage_begins_or_after_it_ends(campaign, runner, mailoutbox):
    today = timezone.localdate(NOW)
    _stage(campaign.election, "voting", "Pemungutan suara", today + dt.timedelta(days=1))
    _stage(
        campaign.election,
        "campaign",
        "Kampanye",
        today - dt.timedelta(days=9),
        end=today - dt.timedelta(days=1),
        position=1,
    )
    assert services.send_stage_notices(campaign=campaign, now=NOW) == 0
    assert mailoutbox == []


def test_a_day_the_timer_missed_is_made_up_while_the_stage_lasts(campaign, runner, mailoutbox):
    today = timezone.localdate(NOW)
    _stage(
        campaign.election,
        "campaign",
        "Kampanye",
        today - dt.timedelta(days=2),
        end=today + dt.timedelta(days=30),
    )
    assert services.send_stage_notices(campaign=campaign, now=NOW) == 1
    assert "Kampanye" in mailoutbox[0].subject
    assert services.send_stage_notices(campaign=campaign, now=NOW) == 0


def test_a_refused_mail_is_not_recorded_and_is_tried_again(
    campaign, runner, mailoutbox, monkeypatch
):
    _stage(campaign.election, "voting", "Pemungutan suara", timezone.localdate(NOW))
    monkeypatch.setattr(campaigns, "send_mail", lambda *args, **kwargs: 0)
    assert services.send_stage_notices(campaign=campaign, now=NOW) == 0
    assert not campaign.events.filter(type=CampaignEvent.Type.STAGE_NOTICE_SENT).exists()
    monkeypatch.undo()
    assert services.send_stage_notices(campaign=campaign, now=NOW) == 1


def test_no_notice_for_a_closed_campaign(campaign, runner, ppk_officer, mailoutbox):
    _stage(campaign.election, "voting", "Pemungutan suara", timezone.localdate(NOW))
    services.close_campaign(campaign=campaign, by=ppk_officer, now=NOW)
    assert services.send_stage_notices(campaign=campaign, now=NOW) == 0
    assert mailoutbox == []


def test_the_command_reports_what_it_sent(campaign, runner, mailoutbox, time_machine):
    time_machine.move_to(NOW)
    _stage(campaign.election, "counting", "Penghitungan", timezone.localdate(NOW))
    out = StringIO()
    call_command("prevention-stage-notices", stdout=out)
    assert "1 stage notice(s) sent." in out.getvalue()


def test_duties_follow_the_stages_running():
    voting, counting = duties.duties().stages["voting"], duties.duties().stages["counting"]
    assert duties.for_stages(["voting", "quiet_period", "counting"]) == [voting, counting]
    assert duties.for_stages(["candidate_checks"]) == []


@pytest.mark.parametrize(
    ("language", "heading"),
    [("id", "Jika Anda bertugas sebagai penyelenggara ad hoc"), ("en", "If you serve on an")],
)
def test_role_page_shows_official_duties_on_voting_day_marked_unverified(
    client, election, language, heading
):
    day = dt.date(2024, 11, 27)
    _stage(election, "voting", "Pemungutan suara", day, position=1)
    url = reverse("prevention:role", args=[election.code])
    client.cookies["django_language"] = language
    page = client.get(url, {"tanggal": day.isoformat()})
    text = page.content.decode()
    assert heading in text
    assert escape(duties.duties().stages["voting"].get(language)) in text
    assert "unverified" in text  # the badge's class


def test_a_malformed_duties_file_is_refused(tmp_path):
    path = tmp_path / "duties.yaml"
    path.write_text("version: 1\nconfidence: X\n", encoding="utf-8")
    with pytest.raises(ValueError, match="confidence"):
        duties.duties(path)
