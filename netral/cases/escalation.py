"""The escalation ladder for a PPK that does not act on a recommendation (regulation §6).

Pure data, like workflow.py, which re-exports it: the deadline sweep climbs one rung per missed
grace period, each rung with its letter, its addressee and its own deadline rule.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Rung:
    """One step of the escalation ladder for a PPK that does not act on a recommendation."""

    level: int
    key: str
    label: Promise
    addressee: Promise
    deadline: str  # rule key of the grace period given after this step
    document: str
    blocks_personnel_data: bool = False


ESCALATION_LADDER: tuple[Rung, ...] = (
    Rung(
        1,
        "reminder",
        _("Reminder to the PPK"),
        _("the PPK"),
        "escalation.reminder",
        "reminder_letter",
    ),
    Rung(
        2,
        "reprimand_request",
        _("Request to reprimand the PPK"),
        _("Kemendagri (regional PPK) or KemenPAN-RB"),
        "escalation.reprimand",
        "reprimand_request_letter",
    ),
    Rung(
        3,
        "siasn_block",
        _("Request to block the civil servant's data in SIASN"),
        _("BKN (SIASN)"),
        "escalation.siasn_block",
        "siasn_block_request_letter",
        blocks_personnel_data=True,
    ),
    Rung(
        4,
        "ministry_report",
        _("Report to Kemendagri and KemenPAN-RB"),
        _("Kemendagri and KemenPAN-RB"),
        "escalation.ministry_report",
        "noncompliance_report_letter",
    ),
)


def next_rung(level: int) -> Rung | None:
    """The ladder step after `level` (0 = the recommendation itself), or None at the top."""
    return next((rung for rung in ESCALATION_LADDER if rung.level == level + 1), None)


def rung(level: int) -> Rung | None:
    return next((rung for rung in ESCALATION_LADDER if rung.level == level), None)
