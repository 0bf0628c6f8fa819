"""Tables in docs/deadlines.md and docs/rules.md generated from the code, so they cannot drift.

Between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` a document holds the output of
`BLOCKS[NAME]()`. A test fails when a block differs; regenerate with
`python -m netral.rules.doctables docs/deadlines.md docs/rules.md`.
Worked examples use the holidays shipped in data/holidays.yaml.
"""

import datetime as dt
import re
import sys
from collections.abc import Callable
from pathlib import Path

from netral.rules import catalogue as cat
from netral.rules import deadlines, decision, zones

# (start day, rule): chosen to cross Idul Fitri, Natal and cuti bersama, and a calendar-day rule
# that ends on a holiday.
EXAMPLES = [
    (dt.date(2024, 4, 5), "pemilu.report"),
    (dt.date(2024, 4, 5), "pemilu.decision_extended"),
    (dt.date(2024, 8, 14), "pilkada.decision"),
    (dt.date(2024, 9, 24), "pilkada.decision_extended"),
    (dt.date(2024, 9, 20), "pilkada.report"),
    (dt.date(2024, 12, 20), "bkn.bawaslu_validation"),
    (dt.date(2024, 12, 20), "ppk.followup"),
    (dt.date(2025, 3, 27), "pilkada.gakkumdu.investigation"),
    (dt.date(2025, 3, 27), "pemilu.gakkumdu.investigation"),
    (dt.date(2026, 3, 17), "pilkada.gakkumdu.to_court"),
    (dt.date(2024, 11, 25), "pilkada.gakkumdu.p19_return"),
]

# Across the 2026/2027 year change: each counted with the shipped table (2027 loaded) and with the
# table as it stood before 2027 was shipped (the flag).
YEAR_CHANGE = [
    (dt.date(2026, 12, 14), "ppk.followup"),
    (dt.date(2026, 12, 23), "pemilu.report"),
    (dt.date(2026, 12, 28), "bkn.bawaslu_validation"),
    (dt.date(2026, 12, 30), "pilkada.decision"),
]

# One moment, three provinces: 16:30 UTC on 24 November 2026 is 23:30 WIB on the 24th but 00:30
# WITA and 01:30 WIT on the 25th.
ZONE_MOMENT = dt.datetime(2026, 11, 24, 16, 30, tzinfo=dt.UTC)
ZONE_EXAMPLES = [
    ("31.71", "Kota Jakarta Pusat", "pilkada.decision"),
    ("", "(no region known)", "pilkada.decision"),
    ("73.71", "Kota Makassar", "pilkada.decision"),
    ("64.72", "Kota Samarinda", "pemilu.report"),
    ("91.71", "Kota Jayapura", "pilkada.decision"),
    ("81.71", "Kota Ambon", "pemilu.report"),
]


def _unit(rule: deadlines.DeadlineRule) -> str:
    return "hari kerja" if rule.unit is deadlines.Unit.WORKING_DAYS else "hari (kalender)"


def rules_table() -> str:
    lines = [
        "| Key | Deadline | Length | Counted from | Legal basis | Conf. |",
        "|---|---|---|---|---|---|",
    ]
    for rule in deadlines.rules().values():
        setting = f" (setting `{rule.setting}`)" if rule.setting else ""
        lines.append(
            f"| `{rule.key}` | {rule.label.en} | {rule.amount} {_unit(rule)}{setting} | "
            f"{rule.start_event.en} | {rule.legal_basis.get('en')} | {rule.confidence} |"
        )
    return "\n".join(lines)


def examples_table() -> str:
    lines = [
        "| Start (day 0) | Rule | Due (last day) | Explanation produced by `due()` |",
        "|---|---|---|---|",
    ]
    for start, key in EXAMPLES:
        result = deadlines.due(start, key)
        lines.append(
            f"| {deadlines.format_day(start)} | `{key}` | {result.due_date.isoformat()} | "
            f"{result.explanation} |"
        )
    return "\n".join(lines)


def year_change_table() -> str:
    before_2027 = frozenset(day for day in deadlines.shipped_holidays() if day.year < 2027)
    lines = [
        "| Start (day 0) | Rule | Holidays | Due (last day) | Flag |",
        "|---|---|---|---|---|",
    ]
    for start, key in YEAR_CHANGE:
        for label, holidays in (("2024–2027", None), ("2024–2026 only", before_2027)):
            result = deadlines.due(start, key, holidays=holidays)
            flag = result.calendar_warning_in("id") or "—"
            lines.append(
                f"| {deadlines.format_day(start)} | `{key}` | {label} | "
                f"{deadlines.format_day(result.due_date)} | {flag} |"
            )
    return "\n".join(lines)


def zones_table() -> str:
    lines = [
        "| Region | Zone | Start dated | Rule | Due at | Explanation |",
        "|---|---|---|---|---|---|",
    ]
    for code, name, key in ZONE_EXAMPLES:
        zone = zones.zone_for_region(code)
        result = deadlines.due(ZONE_MOMENT, key, zone=zone)
        lines.append(
            f"| {name} `{code or '—'}` | {zone.label} | {result.start.isoformat()} | `{key}` | "
            f"{result.due_at.isoformat(timespec='seconds')} | {result.explanation} |"
        )
    return "\n".join(lines)


def provinces_table() -> str:
    decree, confidence, _note = zones.source()
    lines = ["| Zone | IANA key | Provinces (Kepmendagri code) |", "|---|---|---|"]
    for label, zone in zones.zones().items():
        codes = ", ".join(code for code, found in zones.province_table() if found is zone)
        lines.append(f"| {label} | `{zone.key}` | {codes} |")
    lines.append(f"\nSource: {decree} [{confidence}].")
    return "\n".join(lines)


def acts_table() -> str:
    lines = ["| Act | Depends on | Outcomes |", "|---|---|---|"]
    for act in decision.acts().values():
        if act.allowed is not None:
            outcome = "allowed (boleh): " + "; ".join(act.allowed.legal_basis)
            lines.append(f"| `{act.key}` | — | {outcome} [{act.allowed.confidence}] |")
            continue
        parts = []
        for item in act.outcomes:
            when = ", ".join(f"{k}={'/'.join(sorted(v))}" for k, v in item.when.items())
            mark = f" [{item.confidence}]" if item.confidence != "V" else ""
            parts.append(f"{when or 'always'} → {' + '.join(item.codes)}{mark}")
        depends = ", ".join(act.dims) or "—"
        lines.append(f"| `{act.key}` | {depends} | {'; '.join(parts)} |")
    return "\n".join(lines)


def versions_table() -> str:
    lines = [
        "| Version | Valid from | Valid to | Body | Conf. floor | File |",
        "|---|---|---|---|---|---|",
    ]
    for version in cat.catalogue().versions:
        lines.append(
            f"| `{version.id}` | {version.valid_from or '—'} | {version.valid_to or '—'} | "
            f"{version.recommending_body} | {version.confidence_floor} | `{version.file}` |"
        )
    return "\n".join(lines)


BLOCKS: dict[str, Callable[[], str]] = {
    "deadline-rules": rules_table,
    "deadline-examples": examples_table,
    "deadline-year-change": year_change_table,
    "deadline-zones": zones_table,
    "zone-provinces": provinces_table,
    "acts": acts_table,
    "versions": versions_table,
}
_BLOCK = re.compile(r"<!-- generated:([\w-]+) -->\n(.*?)<!-- /generated:\1 -->", re.S)


def check(text: str) -> list[str]:
    """Names of the generated blocks in `text` that differ from the code."""
    return [m.group(1) for m in _BLOCK.finditer(text) if m.group(2) != BLOCKS[m.group(1)]() + "\n"]


def update(text: str) -> str:
    def block(match: re.Match[str]) -> str:
        name = match.group(1)
        return f"<!-- generated:{name} -->\n{BLOCKS[name]()}\n<!-- /generated:{name} -->"

    return _BLOCK.sub(block, text)


def main(paths: list[str]) -> None:
    for name in paths:
        path = Path(name)
        path.write_text(update(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
