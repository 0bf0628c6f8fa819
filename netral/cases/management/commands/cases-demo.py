"""netral cases-demo: a dozen demo cases at every stage, for the demo and the screenshots.

Run after `netral demo-data` (it uses the demo staff: bawaslu.bantul, bkn.kanreg1, ppk.bantul,
gakkumdu.bantul, …). Every case is made through the real services, with times in the past, then
the deadline sweep is replayed day by day up to now, so overdue steps and escalations appear as
they would. Refuses to run outside demo mode.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from netral.accounts.models import User
from netral.cases import services
from netral.cases.models import Case
from netral.registry.models import Agency, CivilServant, Election, Region

REASON = (
    "Tangkapan layar unggahan, tautan arsip, dan klarifikasi terlapor menunjukkan dukungan "
    "terbuka kepada pasangan calon pada masa kampanye."
)
CASES: list[tuple[str, str, str, list[tuple[str, dict[str, Any]]], int]] = [
    # (region, title, codes, path, days ago)
    ("34.02", "Kepala sekolah membagikan poster paslon di grup WhatsApp guru", "DS-06", [], 1),
    (
        "34.02",
        "Camat hadir dan berorasi dalam deklarasi pasangan calon",
        "DS-04",
        [("start_review", {})],
        2,
    ),
    (
        "34.02",
        "ASN Dinas Sosial mengikuti akun tim pemenangan di Instagram",
        "DS-06",
        [("start_review", {}), ("register", {}), ("start_examination", {})],
        9,
    ),
    (
        "34.02",
        "Lurah mengunggah foto bersama calon dengan simbol jari",
        "DS-07",
        [("start_review", {}), ("register", {}), ("start_examination", {}), ("decide", {})],
        6,
    ),
    (
        "34.02",
        "Kepala dinas mengadakan pertemuan ajakan memilih paslon",
        "DS-08",
        [
            ("start_review", {}),
            ("register", {}),
            ("start_examination", {}),
            ("decide", {}),
            ("recommend", {}),
        ],
        8,
    ),
    (
        "34.02",
        "Guru PNS menjadi admin grup relawan pasangan calon",
        "DS-10",
        [
            ("start_review", {}),
            ("register", {}),
            ("start_examination", {}),
            ("decide", {}),
            ("recommend", {}),
        ],
        45,
    ),
    (
        "34.04",
        "Pegawai Puskesmas membagikan materi kampanye di Facebook",
        "DS-02",
        [("start_review", {}), ("register", {}), ("start_examination", {})],
        3,
    ),
    (
        "34.04",
        "Unggahan dukungan yang ternyata akun palsu",
        "DS-06",
        [("start_review", {}), ("register", {}), ("start_examination", {}), ("no_violation", {})],
        12,
    ),
    (
        "34.02",
        "Sekretaris desa membagikan bingkisan berstiker paslon",
        "DS-08",
        [
            ("start_review", {}),
            ("register", {}),
            ("start_examination", {}),
            ("decide", {}),
            ("recommend", {}),
            ("examine", {}),
            ("ppk_decide", {}),
        ],
        30,
    ),
    (
        "34.02",
        "Kepala dinas menerbitkan surat edaran yang menguntungkan paslon",
        "PID-01",
        [("start_review", {}), ("register", {}), ("start_examination", {}), ("crime", {})],
        5,
    ),
    (
        "34.71",
        "Informasi awal: ASN diduga menjadi tim sukses (tanpa identitas)",
        "DS-10",
        [("start_review", {}), ("not_register", {})],
        4,
    ),
]


class Command(BaseCommand):
    help = "Create demo cases at every stage (demo mode only; run after demo-data)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="add cases even if some exist")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.MODE != "demo":
            raise CommandError("cases-demo runs only with NETRAL_MODE=demo.")
        if Case.objects.exists() and not options["force"]:
            self.stdout.write("Demo cases already exist: nothing to do (--force adds more).")
            return
        now = timezone.now()
        staff = {u.username: u for u in User.objects.filter(username__contains=".")}
        needed = ("bawaslu.bantul", "bawaslu.sleman", "bawaslu.jogja", "bkn.kanreg1", "ppk.bantul")
        if not all(name in staff for name in needed):
            raise CommandError("Run `netral demo-data` first: the demo staff are missing.")
        made = [self._case(staff, row, now) for row in CASES]
        # The sweep as a daily worker would have run it: an ignored recommendation climbs one
        # rung per missed deadline. A sweep only touches steps already due, so the replayed
        # days never land between a case's own earlier events.
        swept = sum(
            services.mark_overdue_steps(now=now - dt.timedelta(days=days))
            for days in range(50, -1, -1)
        )
        self.stdout.write(f"{len(made)} demo cases, {swept} missed deadlines recorded.")
        for case in made:
            self.stdout.write(f"  {case.code}  {case.state:<26} {case.title}")

    def _case(self, staff: dict[str, User], row: Any, now: dt.datetime) -> Any:
        region_code, title, code, path, days_ago = row
        local = {"34.02": "bawaslu.bantul", "34.04": "bawaslu.sleman", "34.71": "bawaslu.jogja"}
        officer = staff[local[region_code]]
        at = now - dt.timedelta(days=days_ago)
        servant = (
            CivilServant.objects.filter(agency__region__code=region_code).order_by("?").first()
        )
        facts = services.NewCase(
            title=title,
            civil_servant_name="" if servant else "Nama belum diketahui",
            civil_servant=servant,
            region=Region.objects.filter(Region.within_q([region_code], "code"))
            .exclude(code=region_code)
            .order_by("code")
            .first()
            or Region.objects.get(code=region_code),
            election=Election.objects.filter(region__code=region_code).first(),
            summary=title + ". " + REASON,
        )
        case = services.open_finding(facts=facts, by=officer, now=at)
        if servant is None:
            case.agency = Agency.objects.filter(region__code=region_code).first()
        for step, _data in path:
            at += dt.timedelta(hours=20)
            case = self._step(staff, officer, case, step, code, at)
        return case

    def _step(
        self,
        staff: dict[str, User],
        officer: User,
        case: Any,
        step: str,
        code: str,
        at: dt.datetime,
    ) -> Any:
        bkn, ppk = staff["bkn.kanreg1"], staff["ppk.bantul"]
        number = f"{case.pk:03d}/Reg/LP/PB/{case.region_code[:5]}/X/2024"
        plans: dict[str, tuple[User, str, dict[str, Any]]] = {
            "start_review": (officer, "start_review", {}),
            "register": (officer, "register", {"registration_number": number, "reasoning": REASON}),
            "start_examination": (officer, "start_examination", {}),
            "not_register": (officer, "not_register", {"reasoning": REASON}),
            "no_violation": (officer, "decide_no_violation", {"reasoning": REASON}),
            "decide": (officer, "decide_asn_violation", {"codes": [code], "reasoning": REASON}),
            "crime": (officer, "decide_election_crime", {"codes": [code], "reasoning": REASON}),
            "recommend": (bkn, "recommend_sanction", {"codes": [code], "reasoning": REASON}),
            "examine": (
                ppk,
                "start_disciplinary_examination",
                {
                    "examination_team": {
                        "superior": "Kepala Dinas",
                        "inspektorat": "Inspektur Pembantu II",
                        "personnel": "Kepala Bidang Disiplin BKPSDM",
                    }
                },
            ),
            "ppk_decide": (
                ppk,
                "record_ppk_decision",
                {
                    "decree_number": "800.1.6.4/123/2024",
                    "decree_signatory": "Bupati Bantul",
                    "decree_date": at.date().isoformat(),
                    "sanction": "PP94-BERAT-TURUN",
                    "reasoning": REASON,
                },
            ),
        }
        by, action, data = plans[step]
        return services.transition(case=case, action=action, by=by, now=at, data=data)
