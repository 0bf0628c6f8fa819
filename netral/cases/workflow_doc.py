"""docs/workflow.md, generated from workflow.py so that the two cannot drift.

netral cases-workflow-doc > docs/workflow.md      (a test fails while they differ)
"""

import datetime as dt

from django.utils.translation import override

from netral.cases import adapters, workflow

HEADER = """# Case workflow

Generated from `netral/cases/workflow.py` by `netral cases-workflow-doc`; do not edit by hand
(`netral/cases/tests/test_workflow_doc.py` fails while this file and the code differ).

A case moves between **stages**; each move is a **transition** that only the organisation owning
the case may trigger, only from the listed stages, only with the listed inputs, and only with a
role holding the capability (viewer: read; officer: handle, decide, assign; supervisor and
administrator: all). A transition may hand the case to another organisation (the sender keeps
read access), open the next step with its legal deadline, and generate letters.
Deadline rules marked unverified (confidence P or R) are shown as such in the interface; they
are data in `netral/rules/data/deadlines.yaml` (see docs/deadlines.md).
"""


def _kinds(kinds: frozenset[str]) -> str:
    return ", ".join(sorted(kinds)) or "—"


def _states() -> list[str]:
    lines = ["## Stages", "", "| stage | name |", "|---|---|"]
    lines += [f"| `{s.value}` | {label} |" for s, label in workflow.STATE_LABELS.items()]
    return lines


def _transitions() -> list[str]:
    lines = [
        "## Transitions",
        "",
        "| action | from | to | who (organisation kinds) | capability | inputs | deadline "
        "of the next step | letters | hands to |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for t in workflow.TRANSITIONS:
        sources = ", ".join(f"`{s.value}`" for s in sorted(t.sources))
        hands = "previous owner" if t.hand_off == workflow.PREVIOUS_OWNER else _kinds(t.hand_off)
        lines.append(
            f"| `{t.key}` — {t.label} | {sources} | `{t.target.value}` | {_kinds(t.actor_kinds)} "
            f"| {t.capability.value} | {', '.join(i.value for i in t.inputs) or '—'} "
            f"| {_clock(t)} | {', '.join(t.documents) or '—'} | {hands} |"
        )
    return lines


def _ladder() -> list[str]:
    lines = [
        "## Escalation of an ignored recommendation",
        "",
        "When the PPK's step passes its deadline, the deadline sweep marks it missed (once), marks "
        "the recommendation ignored, and climbs one rung: each rung is a logged event, a letter "
        "where the rung has one, notices, and a new step **owned by the body the rung addresses** "
        "(in its queue, with its actions), with its own deadline. Acting on the rung ends its "
        "step and gives the PPK the rung's period again; when that passes, or when the body does "
        "not act in time, the next rung is reached. The SIASN block goes requested → confirmed "
        "or refused → lifted (only once a compliant decree is recorded), each an event. When the "
        "PPK finally decides, the recommendation counts as acted on late. Other missed steps are "
        "brought to the supervising Bawaslu.",
        "",
        "The ladder is data: `netral/cases/data/escalation.yaml` (regulation.md, workflow stage "
        "11). Rungs whose basis is not verified (confidence P or R) are shown as such.",
        "",
        "A decree is compared with the recommendation (decision 0046): a lighter sanction, or "
        "none, needs the PPK's written reason, which the recommending body accepts or refuses "
        "while it owns the follow-up (`services.review_ppk_reason`, not a row of the table "
        "above). A refusal moves the case back to `recommended` and the PPK on the same "
        "recommendation, deadline and rung, so the ladder climbs as for an ignored one.",
        "",
        "| level | rung | addressed to (owns the step) | actions | deadline rule | letter "
        "| legal basis | confidence |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for rung in workflow.ESCALATION_LADDER:
        actions = ", ".join(rung.actions) or "—"
        lines.append(
            f"| {rung.level} | {rung.label} | {rung.addressee} | {actions} | `{rung.deadline}` "
            f"| {rung.document or '—'} | {rung.legal_basis} | {rung.confidence} |"
        )
    return lines


def _clock(t: workflow.Transition) -> str:
    if t.key == workflow.FORM_EXAMINATION_TEAM:
        return "the PPK's running deadline and rung"
    if not t.deadline:
        return "—"
    from_receipt = t.clock_starts == workflow.ClockStart.RECEIPT
    return f"`{t.deadline}`" + (" (from receipt)" if from_receipt else "")


def _deadlines() -> list[str]:
    lines = [
        "## Deadline rules",
        "",
        "Counted by the rules app's legal clock (`netral/rules/data/deadlines.yaml`), in the "
        "case's election family. Working days skip weekends and the holiday table.",
        "",
        "| rule | applies to | days | counting | legal basis | confidence | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in adapters.deadline_rules():
        counting = "working days" if row["working"] else "calendar days"
        lines.append(
            f"| `{row['key']}` | {row['family']} | {row['days']} | {counting} "
            f"| {row['legal_basis']} | {row['confidence']} | {row['source']} |"
        )
    return lines


def _entries() -> list[str]:
    lines = [
        "## Where cases start",
        "",
        "| received by | first stage | deadline |",
        "|---|---|---|",
    ]
    for who, state in workflow.ENTRY_STATES.items():
        rule = workflow.ENTRY_DEADLINES.get(state)
        lines.append(f"| {who} | `{state.value}` | {f'`{rule}`' if rule else '—'} |")
    lines += [
        "",
        "A formal report starts at `received`; an anonymous tip starts as `not_registered` "
        "(informasi awal), from which Bawaslu may open an inquiry (penelusuran). A case forwarded "
        "through BKN's SBT starts at `bkn_verification`.",
    ]
    return lines


def render() -> str:
    with override("en"):
        parts = [HEADER, *_entries(), "", *_states(), "", *_transitions(), ""]
        parts += [*_ladder(), "", *_deadlines(), ""]
        recommending = [
            "## Recommending body",
            "",
            "The body that recommends sanctions to the PPK is dated data: "
            f"{adapters.recommending_body(dt.date(2024, 8, 23)).name} "
            "until 23 August 2024, "
            f"{adapters.recommending_body(dt.date(2024, 8, 24)).name} "
            "from 24 August 2024. A recommendation records the body in force on its date.",
            "",
        ]
        return "\n".join(parts + recommending)
