"""The escalation ladder for a PPK that does not act on a recommendation (regulation §6, stage 11).

Data, like workflow.py, which re-exports it: the rungs, their addressees, deadline rules, letters,
actions and legal basis are in `data/escalation.yaml`; only the translated names live here. The
deadline sweep climbs one rung per missed grace period; each rung is a step owned by the body it
addresses (services.escalation resolves the body).
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LADDER_FILE = Path(__file__).resolve().parent / "data" / "escalation.yaml"
ADDRESSEES = frozenset({"ppk", "bkn", "ministry_for_ppk", "kemenpanrb"})
VERIFIED = "V"


class Action:
    """What the addressee of a rung records on its step (and the lift, later)."""

    SEND_REPRIMAND = "send_reprimand"
    CONFIRM_BLOCK = "confirm_block"
    REFUSE_BLOCK = "refuse_block"
    SEND_REPORT = "send_report"
    LIFT_BLOCK = "lift_block"


ACTION_LABELS: dict[str, Promise] = {
    Action.SEND_REPRIMAND: _("Send the reprimand to the PPK"),
    Action.CONFIRM_BLOCK: _("Confirm the SIASN block"),
    Action.REFUSE_BLOCK: _("Refuse the SIASN block"),
    Action.SEND_REPORT: _("Send the non-compliance report"),
    Action.LIFT_BLOCK: _("Lift the SIASN block"),
}
# What a notice says once an action is taken: a statement of what happened, never a command.
ACTION_DONE: dict[str, Promise] = {
    Action.SEND_REPRIMAND: _("%(org)s sent the reprimand to the PPK"),
    Action.CONFIRM_BLOCK: _("%(org)s confirmed the SIASN block"),
    Action.REFUSE_BLOCK: _("%(org)s refused the SIASN block"),
    Action.SEND_REPORT: _("%(org)s sent the non-compliance report"),
    Action.LIFT_BLOCK: _("%(org)s lifted the SIASN block"),
}
# The letter an action sends (none for the block's confirmation and refusal: SIASN is a system).
ACTION_LETTERS: dict[str, str] = {
    Action.SEND_REPRIMAND: "ppk_reprimand_letter",
    Action.SEND_REPORT: "noncompliance_report_letter",
}

_LABELS: dict[str, tuple[Promise, Promise]] = {
    "reminder": (_("Reminder to the PPK"), _("BKN (Auditor Manajemen ASN)")),
    "bkn_reprimand": (_("Reprimand of the PPK by BKN"), _("BKN (pusat)")),
    "siasn_block": (_("Block of the civil servant's data in SIASN"), _("BKN (SIASN)")),
    "ministry_reprimand": (
        _("Reprimand of the PPK by the supervising ministry"),
        _("Kemendagri (regional PPK) or KemenPAN-RB"),
    ),
    "final_report": (_("Report above the ministries"), _("KemenPAN-RB (to the President)")),
}


@dataclass(frozen=True)
class Rung:
    """One step of the escalation ladder for a PPK that does not act on a recommendation."""

    level: int
    key: str
    label: Promise | str
    addressee: Promise | str
    deadline: str  # rule key of the rung's step
    document: str  # letter sent on reaching the rung ("" for none)
    addressed_to: str = "ppk"
    actions: tuple[str, ...] = ()
    legal_basis: str = ""
    confidence: str = VERIFIED
    blocks_personnel_data: bool = False

    @property
    def verified(self) -> bool:
        return self.confidence == VERIFIED


def load_ladder(path: Path = LADDER_FILE) -> tuple[Rung, ...]:
    """The ladder of the data file; ValueError naming the problem when an entry does not fit."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rungs: list[Rung] = []
    for level, entry in enumerate(data.get("rungs") or [], start=1):
        key = str(entry["key"])
        if entry.get("addressed_to", "ppk") not in ADDRESSEES:
            raise ValueError(f"{path.name}: rung {key}: unknown addressee {entry['addressed_to']}")
        unknown = set(entry.get("actions") or []) - set(ACTION_LABELS) - {Action.LIFT_BLOCK}
        if unknown:
            raise ValueError(f"{path.name}: rung {key}: unknown actions {sorted(unknown)}")
        label, addressee = _LABELS.get(key, (key, str(entry.get("addressed_to", ""))))
        rungs.append(
            Rung(
                level,
                key,
                label,
                addressee,
                str(entry["deadline"]),
                str(entry.get("document") or ""),
                addressed_to=str(entry.get("addressed_to", "ppk")),
                actions=tuple(entry.get("actions") or ()),
                legal_basis=str(entry.get("legal_basis", "")),
                confidence=str(entry.get("confidence", "R")),
                blocks_personnel_data=bool(entry.get("blocks_personnel_data", False)),
            )
        )
    return tuple(rungs)


@cache
def _ladder() -> tuple[Rung, ...]:
    return load_ladder()


ESCALATION_LADDER: tuple[Rung, ...] = _ladder()
TOP_LEVEL = len(ESCALATION_LADDER)


def next_rung(level: int) -> Rung | None:
    """The ladder step after `level` (0 = the recommendation itself), or None at the top."""
    return next((rung for rung in ESCALATION_LADDER if rung.level == level + 1), None)


def rung(level: int) -> Rung | None:
    return next((rung for rung in ESCALATION_LADDER if rung.level == level), None)


def rung_by_key(key: str) -> Rung | None:
    return next((rung for rung in ESCALATION_LADDER if rung.key == key), None)
