"""Decision support: from the facts of an incident to the catalogue codes, sanctions and basis.

`decide` is one pure function of its `Facts`: no I/O and no clock. The catalogue and the act
vocabulary (data/acts.yaml) are loaded once; every distinct combination of the facts that matter
is worked out once and then served from a dictionary, so a call costs a few lookups.

When a fact that changes the answer is absent, the answer says so in `missing` and keeps only the
codes that hold whatever that fact turns out to be: it never guesses. Vocabulary: docs/rules.md.
"""

import datetime as dt
import itertools
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache

from netral.registry import families
from netral.rules import catalogue as cat
from netral.rules import loader
from netral.rules import vocabulary as vocab

TARGET_STATUSES = ("bakal_calon", "calon")
MEDIA = ("social_media", "online_media", "messaging", "offline", "official_document", "other")


@dataclass(frozen=True)
class Facts:
    act: str | None  # what was done (vocabulary in data/acts.yaml; None = unknown)
    incident_date: dt.date | None
    family: str | None  # "pilkada" | "pemilu"
    asn_kind: str | None = None  # "pns" | "pppk" | a non-ASN status (data/subjects.yaml)
    target_status: str | None = None  # "bakal_calon" | "calon"; None = from designation_date
    designation_date: dt.date | None = None  # KPU designation of candidates for this election
    interaction: str | None = (
        None  # "post" | "share" | "comment" | "like" | "follow" | "join_group"
    )
    medium: str | None = None  # "social_media" | "offline" | "official_document" | …
    campaign_period: tuple[dt.date, dt.date] | None = None
    # The day the sanction recommendation is (to be) issued: it, not the incident date, decides
    # the recommending body (KASN until 23 Aug 2024, BKN after). None: the body recommending now.
    recommendation_date: dt.date | None = None


@dataclass(frozen=True)
class Decision:
    codes: tuple[str, ...]  # applicable catalogue codes, most specific first
    sanction_category: str | None
    sanctions: tuple[cat.Sanction, ...]  # concrete allowed sanctions
    legal_basis: tuple[str, ...]  # display strings with instrument/article
    evidence_needed: tuple[cat.Text, ...]  # in both languages: the reader's is chosen on display
    forward_to: tuple[str, ...]
    missing: tuple[str, ...]  # facts needed but absent: answered with what is missing, no guess
    explanation: str  # plain Indonesian sentence(s)
    unverified: bool  # any P/R item involved
    version: str  # catalogue version used
    outside_asn: bool = False  # the person is not an ASN: forward_to says where to report
    reasons: tuple[cat.Text, ...] = ()  # why each P/R item involved is not verified

    @property
    def allowed(self) -> bool:
        """An allowed act: no code applies, nothing is missing, and the person is an ASN."""
        return (
            not self.codes
            and not self.missing
            and self.sanction_category is None
            and not self.outside_asn
        )


_Key = tuple[int | None, str | None, tuple[str | None, ...], str | None, int]


class _Engine:
    """The catalogue and vocabulary with a memo of every decision already worked out."""

    def __init__(self, catalogue: cat.Catalogue, vocabulary: vocab.Vocabulary) -> None:
        self.catalogue = catalogue
        self.vocabulary = vocabulary
        self.acts = vocabulary.acts
        self.starts = tuple((v.valid_from or dt.date.min).toordinal() for v in catalogue.versions)
        self.body_starts = tuple(
            (p.valid_from or dt.date.min).toordinal() for p in catalogue.recommending
        )
        # Codes graded alike in every version hold whatever the incident date turns out to be.
        current = catalogue.current.entries
        self.undated_codes = frozenset(
            code
            for code, item in current.items()
            if all(
                code in v.entries and v.entries[code].category == item.category
                for v in catalogue.versions
            )
        )
        self.calon_on_designation_day = vocabulary.stage_boundary.designation_day_is == "calon"
        self.memo: dict[_Key, tuple[Decision, str]] = {}
        self.valid = {
            "family": frozenset(families.FAMILIES),
            "asn_kind": frozenset(catalogue.subjects),
            "target_status": frozenset(TARGET_STATUSES),
            "interaction": frozenset(vocabulary.domains["interaction"]),
            "medium": frozenset(MEDIA),
        }

    def lookup(self, facts: Facts) -> tuple[Decision, str]:
        act = self.acts.get(facts.act) if facts.act is not None else None
        if facts.act is not None and act is None:
            raise ValueError(f"Unknown act {facts.act!r}; see data/acts.yaml for the vocabulary.")
        self._check(facts)
        day = facts.incident_date
        index = None if day is None else bisect_right(self.starts, day.toordinal()) - 1
        values = tuple(self._value(dim, facts) for dim in act.dims) if act else ()
        issued = facts.recommendation_date
        body = len(self.body_starts) - 1
        if issued is not None:
            body = max(bisect_right(self.body_starts, issued.toordinal()) - 1, 0)
        key = (index, facts.act, values, facts.asn_kind, body)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = _build(self, key, act)
        return found

    def _check(self, facts: Facts) -> None:
        for name, allowed in self.valid.items():
            value = getattr(facts, name)
            if value is not None and value not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(sorted(allowed))}: {value!r}")

    def _value(self, dim: str, facts: Facts) -> str | None:
        if dim == "stage":
            return self.stage(facts)
        if dim == "campaign":
            return campaign_phase(facts)
        value: str | None = getattr(facts, dim)
        return value

    def stage(self, facts: Facts) -> str | None:
        """Bakal calon or calon on the incident date; the boundary day is set in acts.yaml."""
        if facts.target_status is not None:
            return facts.target_status
        if facts.designation_date is None or facts.incident_date is None:
            return None
        if self.calon_on_designation_day:
            is_calon = facts.incident_date >= facts.designation_date
        else:
            is_calon = facts.incident_date > facts.designation_date
        return "calon" if is_calon else "bakal_calon"


def campaign_phase(facts: Facts) -> str | None:
    """Before, during or after the campaign period (both ends inclusive)."""
    if facts.campaign_period is None or facts.incident_date is None:
        return None
    start, end = facts.campaign_period
    if facts.incident_date < start:
        return "before"
    return "during" if facts.incident_date <= end else "after"


@cache
def _engine() -> _Engine:
    catalogue = cat.catalogue()
    return _Engine(catalogue, loader.load_vocabulary(catalogue))


def decide(facts: Facts) -> Decision:
    """The catalogue codes, sanctions, basis and forwarding that the facts lead to."""
    return _engine().lookup(facts)[0]


def explanation_for(facts: Facts, lang: str = "id") -> str:
    """The decision's explanation in Indonesian ("id") or English ("en")."""
    decision, english = _engine().lookup(facts)
    return english if lang.startswith("en") else decision.explanation


def codes_for_interaction(
    interaction: str,
    incident_date: dt.date | None,
    designation_date: dt.date | None,
    family: str | None,
) -> tuple[str, ...]:
    """For the monitoring detector: the codes an ASN's social-media interaction meets."""
    facts = Facts(
        act="social_media_support",
        incident_date=incident_date,
        family=family,
        designation_date=designation_date,
        interaction=interaction,
    )
    return decide(facts).codes


def acts() -> dict[str, vocab.Act]:
    """The act vocabulary, by key."""
    return _engine().acts


def vocabulary() -> vocab.Vocabulary:
    return _engine().vocabulary


def alternatives(facts: Facts) -> tuple[tuple[str, str, Decision], ...]:
    """For a decision with missing facts: (fact, value, decision) for each value of the first
    missing dimension, so a reader sees how the answer turns."""
    engine = _engine()
    act = engine.acts.get(facts.act) if facts.act else None
    if act is None or facts.incident_date is None:
        return ()
    values = {dim: engine._value(dim, facts) for dim in act.dims}
    unknown = [dim for dim, value in values.items() if value is None]
    if not unknown:
        return ()
    dim = unknown[0]
    index = bisect_right(engine.starts, facts.incident_date.toordinal()) - 1
    found = []
    for value in engine.vocabulary.domains[dim]:
        trial = tuple(value if d == dim else values[d] for d in act.dims)
        body = len(engine.body_starts) - 1
        decision = _build(engine, (index, act.key, trial, facts.asn_kind, body), act)[0]
        found.append((vocab.FACT_FOR_DIMENSION[dim], value, decision))
    return tuple(found)


# ------------------------------------------------------------------------------ building


def _build(engine: _Engine, key: _Key, act: vocab.Act | None) -> tuple[Decision, str]:
    index, _act, values, asn_kind, body = key
    versions = engine.catalogue.versions
    version = versions[max(index, 0)] if index is not None else versions[-1]
    if act is None:
        return _empty(engine, version, ("act",), "no_act")
    if act.allowed is not None:
        return _allowed(engine, version, act.allowed)
    codes, missing, outcomes = _resolve(engine, act, values)
    if index is None:  # keep what holds whatever the date: the same grading in every version
        missing = ("incident_date", *missing)
        codes = tuple(code for code in codes if code in engine.undated_codes)
    subject = engine.catalogue.subjects[asn_kind] if asn_kind else None
    if subject is None:
        missing = (*missing, "asn_kind")
    codes = _named(version, codes, (asn_kind,) if asn_kind else cat.ASN_KINDS)
    if subject is not None and not subject.asn and not codes:
        return _outside(engine, version, subject, missing)
    if not codes:
        return _empty(engine, version, missing, "missing" if missing else "no_code")
    found = _Found(version, act, values, codes, missing, outcomes, subject, body, index is None)
    return _with_codes(engine, found)


def _named(version: cat.Version, codes: tuple[str, ...], kinds: tuple[str, ...]) -> tuple[str, ...]:
    """The codes whose provision names every one of these people (a criminal article names its
    own subjects: one for village heads is not a PNS's exposure)."""
    return tuple(c for c in codes if all(k in version.entries[c].subjects for k in kinds))


@dataclass(frozen=True)
class _Found:
    """What the facts lead to, before it is written up as a Decision."""

    version: cat.Version
    act: vocab.Act
    values: tuple[str | None, ...]
    codes: tuple[str, ...]
    missing: tuple[str, ...]
    outcomes: tuple[vocab.Outcome, ...]
    subject: cat.Subject | None
    body: int  # index of the recommending period on the recommendation date
    undated: bool


def _resolve(
    engine: _Engine, act: vocab.Act, values: tuple[str | None, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[vocab.Outcome, ...]]:
    """Codes common to every completion of the unknown dimensions, and which unknowns matter."""
    domains = engine.vocabulary.domains
    options = [
        domains[dim] if value is None else (value,)
        for dim, value in zip(act.dims, values, strict=True)
    ]
    results: dict[tuple[str, ...], tuple[str, ...]] = {}
    outcomes: list[vocab.Outcome] = []
    for combo in itertools.product(*options):
        named = dict(zip(act.dims, combo, strict=True))
        outcome = next(o for o in act.outcomes if o.matches(named))
        results[combo] = outcome.codes
        if outcome not in outcomes:
            outcomes.append(outcome)
    first = outcomes[0].codes
    common = tuple(code for code in first if all(code in o.codes for o in outcomes))
    missing = []
    for position, (dim, value) in enumerate(zip(act.dims, values, strict=True)):
        if value is None and _matters(results, position):
            missing.append(vocab.FACT_FOR_DIMENSION[dim])
    return common, tuple(missing), tuple(outcomes)


def _matters(results: dict[tuple[str, ...], tuple[str, ...]], position: int) -> bool:
    """Whether changing only this dimension ever changes the codes."""
    groups: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for combo, codes in results.items():
        rest = combo[:position] + combo[position + 1 :]
        groups.setdefault(rest, set()).add(codes)
    return any(len(found) > 1 for found in groups.values())


def _with_codes(engine: _Engine, found: _Found) -> tuple[Decision, str]:
    version, subject = found.version, found.subject
    entries = [version.entries[code] for code in found.codes]
    kinds = (subject.key,) if subject else cat.ASN_KINDS
    sanctions: dict[str, cat.Sanction] = {}
    for item in entries:
        for sanction in _sanctions(engine, item, kinds):
            sanctions.setdefault(sanction.code, sanction)
    bases = _unique(
        [b.display for item in entries for b in item.legal_basis]
        + [s.legal_basis.display for s in sanctions.values()]
    )
    period = engine.catalogue.recommending[found.body]
    forward = _forward(found, entries, period.body)
    outside = subject is not None and not subject.asn
    reasons = _reasons(engine, found, entries, list(sanctions.values()))
    if period.body in forward and period.confidence != "V" and period.note:
        reasons.append(period.note)
    decision = Decision(
        codes=found.codes,
        sanction_category=entries[0].category,
        sanctions=tuple(sanctions.values()),
        legal_basis=bases,
        evidence_needed=tuple(dict.fromkeys(e for item in entries for e in item.evidence)),
        forward_to=_unique(forward),
        missing=found.missing,
        explanation="",
        unverified=bool(reasons),
        version=version.id,
        outside_asn=outside,
        reasons=tuple(dict.fromkeys(reasons)),
    )
    texts = [_explain(engine, lang, decision, entries, found) for lang in ("id", "en")]
    return replace(decision, explanation=texts[0]), texts[1]


def _forward(found: _Found, entries: list[cat.Entry], body: str) -> list[str]:
    """Where the case goes. Entries name their version's recommending body; the body in force
    when the recommendation is issued replaces it. Outside the ASN rules: where to report."""
    forward = [
        body if key == found.version.recommending_body else key
        for item in entries
        for key in item.forward_to
    ]
    if found.subject is not None and not found.subject.asn:
        forward += found.subject.report_to
    return forward


def _reasons(
    engine: _Engine, found: _Found, entries: list[cat.Entry], sanctions: list[cat.Sanction]
) -> list[cat.Text]:
    """Why each unverified (P/R) item the decision rests on is not verified, as the data says."""
    categories = engine.catalogue.categories
    boundary = engine.vocabulary.stage_boundary
    notes = [item.confidence_note for item in entries if item.unverified]
    notes += [s.note for s in sanctions if s.unverified]
    notes += [o.note for o in found.outcomes if o.confidence != "V"]
    if "stage" in found.act.dims and boundary.confidence != "V":
        notes.append(boundary.note)
    if found.subject is not None and found.subject.key == "pppk":
        notes += [categories[i.category].pppk_note for i in entries]
    if found.subject is not None and found.subject.unverified:
        notes.append(found.subject.note)
    notes.append(found.version.confidence_note if found.version.unverified else None)
    return [note for note in notes if note is not None]


def _sanctions(engine: _Engine, item: cat.Entry, kinds: tuple[str, ...]) -> list[cat.Sanction]:
    """The entry's sanctions that apply to one of these people."""
    table = engine.catalogue.sanctions
    return [table[code] for code in item.sanctions if set(kinds) & set(table[code].subjects)]


def _explain(
    engine: _Engine, lang: str, decision: Decision, entries: list[cat.Entry], found: _Found
) -> str:
    texts = engine.vocabulary.texts[lang]
    catalogue = engine.catalogue
    first = entries[0]
    parts = [
        texts["primary"].format(
            code=first.code,
            title=first.title.get(lang),
            category=catalogue.categories[first.category].name.get(lang),
        )
    ]
    if len(entries) > 1:
        parts.append(texts["also"].format(codes=", ".join(item.code for item in entries[1:])))
    stage = dict(zip(found.act.dims, found.values, strict=True)).get("stage")
    if stage is not None:
        parts.append(texts[f"stage_{stage}"])
    if first.category == "SATGAS_DECIDES":
        parts.append(texts["satgas"])
    if found.subject is not None and not found.subject.asn:
        parts.append(_outside_text(engine, found.subject, lang))
    else:
        names = [catalogue.bodies[key].name.get(lang) for key in decision.forward_to]
        parts.append(texts["forward"].format(bodies=_join(names, lang)))
    body = catalogue.recommending[found.body].body
    if body in decision.forward_to:
        parts.append(texts["recommending"].format(body=catalogue.bodies[body].name.get(lang)))
    if decision.missing:
        parts.append(texts["missing"].format(facts=_facts(engine, decision.missing, lang)))
    if decision.unverified:
        parts.append(texts["unverified"])
    key = "version_undated" if found.undated else "version"
    parts.append(texts[key].format(version=decision.version))
    return " ".join(parts)


def _outside_text(engine: _Engine, subject: cat.Subject, lang: str) -> str:
    assert subject.outside is not None
    bodies = [engine.catalogue.bodies[key].name.get(lang) for key in subject.report_to]
    return engine.vocabulary.texts[lang]["outside"].format(
        reason=subject.outside.get(lang), bodies=_join(bodies, lang)
    )


def _outside(
    engine: _Engine, version: cat.Version, subject: cat.Subject, missing: tuple[str, ...]
) -> tuple[Decision, str]:
    """Someone the ASN rules do not cover, with no criminal article naming them: where to go."""
    reasons = (subject.note,) if subject.unverified and subject.note else ()
    texts = [_outside_text(engine, subject, lang) for lang in ("id", "en")]
    decision = Decision(
        codes=(),
        sanction_category=None,
        sanctions=(),
        legal_basis=subject.legal_basis,
        evidence_needed=(),
        forward_to=subject.report_to,
        missing=missing,
        explanation=texts[0],
        unverified=bool(reasons),
        version=version.id,
        outside_asn=True,
        reasons=reasons,
    )
    return decision, texts[1]


def _empty(
    engine: _Engine, version: cat.Version, missing: tuple[str, ...], key: str
) -> tuple[Decision, str]:
    texts = {
        lang: engine.vocabulary.texts[lang][key].format(facts=_facts(engine, missing, lang))
        for lang in ("id", "en")
    }
    decision = Decision((), None, (), (), (), (), missing, texts["id"], False, version.id)
    return decision, texts["en"]


def _allowed(
    engine: _Engine, version: cat.Version, allowance: vocab.Allowance
) -> tuple[Decision, str]:
    texts = engine.vocabulary.texts
    explanations = [
        texts[lang]["allowed"].format(reason=allowance.reason.get(lang)) for lang in ("id", "en")
    ]
    if allowance.confidence != "V":
        explanations = [
            f"{text} {texts[lang]['unverified']}"
            for text, lang in zip(explanations, ("id", "en"), strict=True)
        ]
    decision = Decision(
        codes=(),
        sanction_category=None,
        sanctions=(),
        legal_basis=allowance.legal_basis,
        evidence_needed=(),
        forward_to=(),
        missing=(),
        explanation=explanations[0],
        unverified=allowance.confidence != "V",
        version=version.id,
        reasons=(allowance.note,) if allowance.note and allowance.confidence != "V" else (),
    )
    return decision, explanations[1]


def _facts(engine: _Engine, names: tuple[str, ...], lang: str) -> str:
    labels = engine.vocabulary.fact_names.get(lang, {})
    return _join([labels.get(name, name) for name in names], lang)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    word = " and " if lang == "en" else " dan "
    return ", ".join(items[:-1]) + word + items[-1]


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def target_stage(facts: Facts) -> str | None:
    """ "bakal_calon" or "calon" on the facts' date (the designation day rule is acts.yaml's)."""
    return _engine().stage(facts)
