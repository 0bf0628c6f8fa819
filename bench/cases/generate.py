"""Generates 100,000 cases and 1,000,000 hash-chained events in the benchmark database.

Used by bench/cases/run.py; reference data (regions, organisations, people, agencies, elections)
goes through the ORM, the bulk (cases, events, steps, hand-offs, recommendations) through
PostgreSQL COPY. Everything comes from a fixed seed; the people do not exist. The timelines are
real chains (same canonical form and SHA-256 as the application), so verify-timeline has real work.
"""

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from netral.accounts.models import Membership, Organisation, User
from netral.cases import workflow
from netral.cases.models import Case, CaseEvent, Handoff, Recommendation, Step
from netral.cases.models.events import chain_hash
from netral.registry.models import Agency, Election, Region

S = workflow.State
PROVINCES = [f"{p:02d}" for p in range(11, 21)]
PER_PROVINCE = 10
PASSWORD_HASH = "!"  # unusable: bench users log in with force_login
NAMES = ["Agus", "Budi", "Dewi", "Eko", "Fitri", "Hadi", "Indah", "Joko", "Maya", "Rina", "Sari"]
FAMILY = ["Santoso", "Wibowo", "Saputra", "Hidayat", "Nugroho", "Prasetyo", "Kusuma", "Wijaya"]
REASON = "Berdasarkan bukti tangkapan layar dan klarifikasi, terlapor terbukti mendukung paslon."

# (share of cases, final state, path of actions from `received`)
BASE = ["start_review", "register", "start_examination"]
TO_BKN = [*BASE, "decide_asn_violation"]
TO_PPK = [*TO_BKN, "recommend_sanction"]
MIX: list[tuple[float, workflow.State, list[str]]] = [
    (0.05, S.RECEIVED, []),
    (0.05, S.INITIAL_REVIEW, ["start_review"]),
    (0.03, S.NOT_REGISTERED, ["start_review", "not_register"]),
    (0.04, S.REGISTERED, ["start_review", "register"]),
    (0.08, S.EXAMINATION, BASE),
    (0.10, S.BKN_VERIFICATION, TO_BKN),
    (0.12, S.RECOMMENDED, TO_PPK),
    (0.03, S.DISCIPLINARY_EXAMINATION, [*TO_PPK, "start_disciplinary_examination"]),
    (0.05, S.FOLLOW_UP, [*TO_PPK, "record_ppk_decision"]),
    (0.02, S.GAKKUMDU_INVESTIGATION, [*BASE, "decide_election_crime"]),
    (0.25, S.CLOSED, [*TO_PPK, "record_ppk_decision", "close_follow_up"]),
    (0.15, S.CLOSED, [*BASE, "decide_no_violation"]),
    (0.03, S.CLOSED, ["start_review", "not_register", "archive"]),
]
FILLER = [CaseEvent.Type.ASSIGNED, CaseEvent.Type.TAGGED, CaseEvent.Type.DOCUMENT_DOWNLOADED]


@dataclass
class World:
    """The reference rows the bulk generator needs, by region."""

    bawaslu: dict[str, Organisation] = field(default_factory=dict)  # kab code → Bawaslu kab
    ppk: dict[str, Organisation] = field(default_factory=dict)
    gakkumdu: dict[str, Organisation] = field(default_factory=dict)  # province code → org
    bkn: Organisation | None = None
    agencies: dict[str, list[int]] = field(default_factory=dict)
    elections: dict[str, int] = field(default_factory=dict)
    districts: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    officers: dict[int, int] = field(default_factory=dict)  # organisation id → user id


def _regions(world: World) -> None:
    provinces = Region.objects.bulk_create(
        [
            Region(code=p, name=f"Provinsi {p}", level=1, search_name=f"PROVINSI {p}")
            for p in PROVINCES
        ]
    )
    regencies = Region.objects.bulk_create(
        [
            Region(
                code=f"{p.code}.{k:02d}",
                name=f"Kabupaten {p.code}.{k:02d}",
                level=2,
                parent=p,
                search_name=f"KABUPATEN {p.code}.{k:02d}",
            )
            for p in provinces
            for k in range(1, PER_PROVINCE + 1)
        ]
    )
    districts = Region.objects.bulk_create(
        [
            Region(
                code=f"{r.code}.{c:02d}",
                name=f"Kecamatan {c}",
                level=3,
                parent=r,
                search_name=f"KECAMATAN {c}",
            )
            for r in regencies
            for c in range(1, 6)
        ]
    )
    for district in districts:
        world.districts.setdefault(district.code[:5], []).append((district.pk, district.code))


def _org(name: str, kind: str, region: Region | None) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind, region=region)


def _organisations(world: World) -> None:
    K = Organisation.Kind
    _org("Bawaslu RI", K.BAWASLU_RI, None)
    world.bkn = _org("Badan Kepegawaian Negara", K.BKN, None)
    _org("Kementerian Dalam Negeri", K.KEMENDAGRI, None)
    _org("KemenPAN-RB", K.KEMENPANRB, None)
    for province in Region.objects.filter(level=1):
        _org(f"Bawaslu Provinsi {province.code}", K.BAWASLU_PROVINSI, province)
        _org(f"BKD Provinsi {province.code}", K.PPK, province)
        world.gakkumdu[province.code] = _org(
            f"Sentra Gakkumdu {province.code}", K.GAKKUMDU, province
        )
    for regency in Region.objects.filter(level=2):
        world.bawaslu[regency.code] = _org(
            f"Bawaslu Kabupaten {regency.code}", K.BAWASLU_KABKOTA, regency
        )
        world.ppk[regency.code] = _org(f"BKPSDM Kabupaten {regency.code}", K.PPK, regency)


def _people(world: World) -> None:
    users, memberships = [], []
    for organisation in Organisation.objects.all():
        role = "supervisor" if organisation.kind == "bawaslu_provinsi" else "officer"
        name = f"bench-{organisation.pk}"
        users.append(
            User(
                username=name, password=PASSWORD_HASH, full_name=name, email=f"{name}@bench.invalid"
            )
        )
        memberships.append((name, organisation, role))
    created = {u.username: u for u in User.objects.bulk_create(users)}
    Membership.objects.bulk_create(
        [Membership(user=created[n], organisation=o, role=r) for n, o, r in memberships]
    )
    world.officers = {o.pk: created[n].pk for n, o, _r in memberships}


def _agencies_and_elections(world: World) -> None:
    for regency in Region.objects.filter(level=2):
        government = Agency.objects.create(
            code=f"PEMDA-{regency.code.replace('.', '')}",
            name=f"Pemerintah Kabupaten {regency.code}",
            kind=Agency.Kind.REGENCY_GOVERNMENT,
            region=regency,
            ppk_name=f"Bupati {regency.code}",
            ppk_position=f"Bupati {regency.code}",
            search_name=f"PEMERINTAH {regency.code}",
        )
        units = Agency.objects.bulk_create(
            [
                Agency(
                    code=f"{government.code}-{u}",
                    name=f"{u} {regency.code}",
                    kind=Agency.Kind.REGIONAL_UNIT,
                    region=regency,
                    parent=government,
                    search_name=f"{u} {regency.code}",
                )
                for u in ("DISDIK", "DINKES", "DINSOS")
            ]
        )
        world.agencies[regency.code] = [government.pk, *(u.pk for u in units)]
        election = Election.objects.create(
            code=f"pilkada-{regency.code}",
            name=f"Pilkada Kabupaten {regency.code} 2024",
            kind=Election.Kind.REGENT,
            region=regency,
            voting_day=dt.date(2024, 11, 27),
        )
        world.elections[regency.code] = election.pk


def build_world() -> World:
    world = World()
    _regions(world)
    _organisations(world)
    _people(world)
    _agencies_and_elections(world)
    return world


# ------------------------------------------------------------------------------ bulk rows


class Ids:
    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def take(self, table: str) -> int:
        self.next[table] = self.next.get(table, 0) + 1
        return self.next[table]


def _copy(table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _columns(model: Any) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def _pick_path(rng: random.Random) -> tuple[workflow.State, list[str]]:
    roll, total = rng.random(), 0.0
    for share, state, path in MIX:
        total += share
        if roll < total:
            return state, path
    return MIX[-1][1], MIX[-1][2]


@dataclass
class Chunk:
    cases: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    steps: list[tuple[Any, ...]] = field(default_factory=list)
    handoffs: list[tuple[Any, ...]] = field(default_factory=list)
    recommendations: list[tuple[Any, ...]] = field(default_factory=list)


class Generator:
    """Walks each case along its path, writing the rows the services would have written."""

    def __init__(self, world: World, now: dt.datetime, seed: int = 2024) -> None:
        from psycopg.types.json import Jsonb

        self.jsonb = Jsonb
        self.world, self.now, self.rng, self.ids = world, now, random.Random(seed), Ids()
        self.regencies = sorted(world.bawaslu)
        self.emitted = 0

    def _event(
        self,
        chunk: Chunk,
        case: dict[str, Any],
        type_: str,
        org: Organisation | None,
        at: dt.datetime,
        payload: dict[str, Any],
    ) -> None:
        case["seq"] += 1
        actor = self.world.officers.get(org.pk) if org else None
        label = f"bench-{org.pk}" if org else "system"
        digest = chain_hash(
            case_code=case["code"],
            seq=case["seq"],
            type=type_,
            actor_id=actor,
            actor_label=label,
            organisation_id=org.pk if org else None,
            at=at,
            payload=payload,
            prev_hash=case["head"],
        )
        chunk.events.append(
            (  # the columns' order: the chain's fields come first (core.timeline.ChainedEvent)
                self.ids.take("event"),
                case["seq"],
                case["head"],
                digest,
                case["id"],
                type_,
                actor,
                actor,
                label,
                org.pk if org else None,
                at,
                self.jsonb(payload),
            )
        )
        case["head"] = digest

    def _step(
        self,
        chunk: Chunk,
        case: dict[str, Any],
        kind: str,
        org: Organisation,
        opened: dt.datetime,
        closed: dt.datetime | None,
    ) -> None:
        due = opened + dt.timedelta(days=3)
        status = Step.Status.DONE if closed else Step.Status.OPEN
        if closed is None:
            roll = self.rng.random()
            if roll < 0.03:  # overdue since the last sweep: the next sweep's work
                due = self.now - dt.timedelta(minutes=self.rng.randrange(1, 3 * 24 * 60))
            elif roll < 0.08:  # already swept: missed, still owed
                due, status = (
                    self.now - dt.timedelta(days=self.rng.randrange(4, 30)),
                    Step.Status.MISSED,
                )
            else:
                due = self.now + dt.timedelta(minutes=self.rng.randrange(60, 20 * 24 * 60))
            case["due"] = due
        rec = case["rec"][0] if case["rec"] and kind in workflow.AWAITING_PPK else None
        chunk.steps.append(
            (
                self.ids.take("step"),
                uuid.uuid4(),
                case["id"],
                kind,
                org.pk,
                rec,
                0,
                "bench.rule",
                opened,
                due,
                "Tenggat contoh.",
                "",
                True,
                status,
                due if status == Step.Status.MISSED else None,
                closed,
            )
        )

    def _handoff(
        self, chunk: Chunk, case: dict[str, Any], to: Organisation, at: dt.datetime, key: str
    ) -> None:
        sender = case["owner"]
        chunk.handoffs.append(
            (self.ids.take("handoff"), case["id"], sender.pk, to.pk, key, "", at, None)
        )
        self._event(
            chunk,
            case,
            CaseEvent.Type.HANDED_OFF,
            sender,
            at,
            {"from": sender.name, "to": to.name, "transition": key},
        )
        case["owner"] = to

    def _after(
        self, chunk: Chunk, case: dict[str, Any], action: str, at: dt.datetime, regency: str
    ) -> None:
        if action == "decide_asn_violation":
            self._handoff(chunk, case, self.world.bkn, at, action)  # type: ignore[arg-type]
        elif action == "decide_election_crime":
            self._handoff(chunk, case, self.world.gakkumdu[regency[:2]], at, action)
        elif action == "recommend_sanction":
            issuer = case["owner"]
            self._handoff(chunk, case, self.world.ppk[regency], at, action)
            late = self.rng.random() < 0.45
            case["rec"] = (
                self.ids.take("rec"),
                case["id"],
                case["agency"],
                "BKN",
                "BKN",
                issuer.pk,
                case["owner"].pk,
                f"Bupati {regency}",
                f"Bupati {regency}",
                "",
                self.jsonb(["DS-06"]),
                "HD_BERAT",
                REASON,
                at,
                at + dt.timedelta(days=20),
                "14 hari kerja",
                "PP 94/2021",
                False,
                Recommendation.Status.RECEIVED,
                None,
                0,
                False,
                "",
            )
            case["rec_late"] = late
            self._event(
                chunk,
                case,
                CaseEvent.Type.RECOMMENDATION_RECORDED,
                issuer,
                at,
                {"body": "BKN", "codes": ["DS-06"], "sanction_category": "HD_BERAT"},
            )
        elif action == "record_ppk_decision":
            rec = list(case["rec"])
            rec[18] = (
                Recommendation.Status.LATE
                if case["rec_late"]
                else Recommendation.Status.ACTED_IN_TIME
            )
            rec[19] = at
            case["rec"] = tuple(rec)
            self._event(
                chunk,
                case,
                CaseEvent.Type.PPK_DECISION_RECORDED,
                case["owner"],
                at,
                {"decree_number": "800/1/2024", "sanction": "PP94-BERAT-TURUN"},
            )
            self._handoff(chunk, case, self.world.bkn, at, action)  # type: ignore[arg-type]

    def one(self, chunk: Chunk, index: int) -> None:
        rng = self.rng
        regency = self.regencies[index % len(self.regencies)]
        district_id, district_code = rng.choice(self.world.districts[regency])
        state, path = _pick_path(rng)
        at = self.now - dt.timedelta(days=rng.uniform(20, 120))
        case = {
            "id": self.ids.take("case"),
            "code": f"KB-{index:06d}",
            "seq": 0,
            "head": "",
            "owner": self.world.bawaslu[regency],
            "due": None,
            "agency": rng.choice(self.world.agencies[regency]),
            "rec": None,
        }
        received = at
        self._event(
            chunk, case, CaseEvent.Type.FINDING_OPENED, case["owner"], at, {"state": "received"}
        )
        current, opened, outcome, closed_at = S.RECEIVED, at, "", None
        for action in path:
            found = workflow.transition(action)
            at += dt.timedelta(hours=rng.uniform(2, 60))
            self._step(chunk, case, current, case["owner"], opened, at)
            payload = {"action": action, "from": current, "to": found.target}
            if found.inputs:
                payload["reasoning"] = REASON
            if workflow.Input.CODES in found.inputs:
                payload["codes"] = ["DS-06"]
            actor = case["owner"]
            self._event(chunk, case, CaseEvent.Type.TRANSITIONED, actor, at, payload)
            self._after(chunk, case, action, at, regency)
            for template in found.documents:
                self._event(
                    chunk,
                    case,
                    CaseEvent.Type.DOCUMENT_GENERATED,
                    actor,
                    at,
                    {"template": template, "document": str(uuid.UUID(int=rng.getrandbits(128)))},
                )
            current, opened = found.target, at
            if found.outcome:
                outcome, closed_at = found.outcome, at
        if current != S.CLOSED:
            self._step(chunk, case, current, case["owner"], opened, None)
        self.emitted += case["seq"]
        for _ in range(max(0, 10 * (index + 1) - self.emitted)):
            at += dt.timedelta(minutes=rng.uniform(1, 600))
            kind = rng.choice(FILLER)
            payload = (
                {"officer": "bench"} if kind == CaseEvent.Type.ASSIGNED else {"added": ["medsos"]}
            )
            self._event(chunk, case, kind, case["owner"], min(at, self.now), payload)
            self.emitted += 1
        if case["rec"] is not None:
            chunk.recommendations.append(case["rec"])
        chunk.cases.append(
            (
                case["id"],
                received,
                received,
                case["code"],
                "finding",
                "",
                "",
                "",
                "",
                f"Dugaan dukungan ASN {index}",
                "",
                None,
                None,
                f"{rng.choice(NAMES)} {rng.choice(FAMILY)}",
                "Analis",
                "",
                case["agency"],
                district_id,
                district_code,
                district_code[:2],
                district_code[:5],
                self.world.elections[regency],
                self.jsonb(["DS-06"] if len(path) > 3 else []),
                "HD_BERAT" if len(path) > 3 else "",
                current,
                outcome,
                case["owner"].pk,
                None,
                self.jsonb([]),
                None,
                False,
                received,
                case["due"],
                closed_at,
                len(path) + 1,
                case["seq"],
                case["head"],
            )
        )


def write_chunk(chunk: Chunk) -> None:
    _copy("cases_case", _columns(Case), iter(chunk.cases))
    _copy("cases_caseevent", _columns(CaseEvent), iter(chunk.events))
    _copy("cases_handoff", _columns(Handoff), iter(chunk.handoffs))
    _copy("cases_recommendation", _columns(Recommendation), iter(chunk.recommendations))
    _copy("cases_step", _columns(Step), iter(chunk.steps))


def generate(
    world: World, *, cases: int, now: dt.datetime, chunk_size: int = 5000
) -> dict[str, int]:
    generator = Generator(world, now)
    for start in range(0, cases, chunk_size):
        chunk = Chunk()
        for index in range(start, min(cases, start + chunk_size)):
            generator.one(chunk, index)
        write_chunk(chunk)
    with connection.cursor() as cursor:
        for table in (
            "cases_case",
            "cases_caseevent",
            "cases_handoff",
            "cases_recommendation",
            "cases_step",
        ):
            # Table names are the constants above, never input.
            sql = "SELECT setval(pg_get_serial_sequence('{0}', 'id'), (SELECT MAX(id) FROM {0}))"
            cursor.execute(sql.format(table))
        cursor.execute("ANALYZE")
    return dict(generator.ids.next)


def check_columns() -> None:
    """The tuples above follow the models' column order; fail early if a model changed."""
    expected = {Case: 37, CaseEvent: 12, Handoff: 8, Recommendation: 23, Step: 16}
    for model, count in expected.items():
        assert len(_columns(model)) == count, (model.__name__, _columns(model))
