"""The one door to the cases app: a promoted finding becomes a Bawaslu finding (temuan)."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from netral.cases import services as case_services
from netral.cases.models import Case


def open_case_for_finding(*, finding: Any, by: Any, now: dt.datetime) -> str:
    """Opens the Bawaslu finding with the preserved evidence; returns the case code."""
    item = finding.item
    account = item.account
    servant = account.civil_servant if account else None
    name = servant.name if servant else (account.display_name if account else "") or item.author
    facts = case_services.NewCase(
        title=_("Social-media campaigning by %(name)s on %(platform)s")
        % {"name": name, "platform": item.platform},
        civil_servant_name=name,
        civil_servant=servant,
        civil_servant_position=servant.position if servant else "",
        summary=_evidence_summary(finding),
        region=finding.election.region,
        election=finding.election,
        occurred_on=item.posted_at.date() if item.posted_at else None,
        codes=tuple(finding.codes),
    )
    case = case_services.open_finding(facts=facts, by=by, now=now, channel=Case.Channel.MONITORING)
    return str(case.code)


def _evidence_summary(finding: Any) -> str:
    item = finding.item
    lines = [
        _("Found by Netral monitoring (finding %(id)s).") % {"id": finding.public_id},
        _("Account: @%(author)s (%(platform)s), interaction: %(kind)s")
        % {"author": item.author, "platform": item.platform, "kind": item.get_kind_display()},
        _("Address: %(url)s") % {"url": item.url or "-"},
        _("Posted at: %(at)s") % {"at": item.posted_at.isoformat() if item.posted_at else "-"},
        _("Text: %(text)s") % {"text": item.text[:2000] or "-"},
    ]
    if item.shared_text:
        lines.append(_("Shared or commented content: %(text)s") % {"text": item.shared_text[:2000]})
    lines += [
        _("Detector score %(score).2f; reasons: %(reasons)s")
        % {"score": finding.score, "reasons": "; ".join(finding.reason_sentences[:5])},
        _("Evidence SHA-256 %(sha)s, captured %(at)s from %(source)s%(warc)s")
        % {
            "sha": item.sha256,
            "at": item.captured_at.isoformat(),
            "source": item.source,
            "warc": _(", with a WARC record") if item.warc_name else "",
        },
    ]
    return "\n".join(lines)
