"""A pledge campaign with realistic partial coverage: one Bantul agency, some units ahead;
about four in ten signers took the first learning module's quiz, most of them passing; one
sosialisasi that about a third of the staff attended (most checked in, some on the organiser's
list), again unevenly by unit; six in ten quiz takers took the pre-quiz first; the addresses
of six in ten who have not signed are listed and the most lagging unit's codes e-mailed; the
largest agencies of Sleman and Kota Yogyakarta run campaigns for their own Pilkada of the same
day (coverage per region)."""

import datetime as dt
import random
import tempfile
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count

from netral.accounts.models import User
from netral.prevention import code_delivery, learning, selectors
from netral.prevention import services as prevention_services
from netral.prevention.models import Briefing, Campaign
from netral.registry.models import Agency, Election

ELECTION_CODE = "pemilihan-bupati-dan-wakil-bupati-bantul-2024"
TEXT = (
    "Kami, Aparatur Sipil Negara di lingkungan Pemerintah Kabupaten Bantul, berikrar:\n"
    "1. menjaga netralitas dan tidak memihak pasangan calon mana pun;\n"
    "2. tidak menggunakan fasilitas jabatan untuk kepentingan politik praktis;\n"
    "3. tidak memberi tanda suka, membagikan atau mengomentari unggahan kampanye;\n"
    "4. melaporkan pelanggaran netralitas yang kami ketahui."
)


def create_demo_campaign(*, seed: int, now: dt.datetime) -> int:
    """Opens the campaign once and signs about 60% of its staff; returns the signatures made."""
    election = Election.objects.filter(code=ELECTION_CODE).first()
    agency = (
        Agency.objects.filter(region__code="34.02")
        .annotate(staff=Count("civil_servants"))
        .order_by("-staff", "code")
        .first()
    )
    if election is None or agency is None:
        return 0
    if Campaign.objects.filter(election=election, agency=agency).exists():
        return 0
    officer = User.objects.filter(username="ppk.bantul").first()
    opened = now - dt.timedelta(days=20)
    campaign = prevention_services.open_campaign(
        agency=agency,
        election=election,
        title=f"Ikrar Netralitas ASN {agency.name}",
        text=TEXT,
        by=officer,
        now=opened,
    )
    issued = prevention_services.issue_codes(campaign=campaign, unit=None, by=officer, now=opened)
    rng = random.Random(seed)
    # Units differ: the secretariat signs almost all, field units lag.
    units = sorted({item.civil_servant.unit for item in issued})
    share = {unit: 0.9 - 0.6 * (i / max(1, len(units) - 1)) for i, unit in enumerate(units)}
    signed = 0
    for item in issued:
        if rng.random() < share[item.civil_servant.unit]:
            at = opened + dt.timedelta(minutes=rng.randrange(0, 19 * 24 * 60))
            prevention_services.sign_online(
                campaign=campaign, nip=item.civil_servant.nip, code=item.code, now=at
            )
            signed += 1
            if rng.random() < 0.4:
                _take_module(election, item, rng, at + dt.timedelta(minutes=10))
    _sosialisasi(campaign, issued, share, officer, rng, opened + dt.timedelta(days=6))
    _email_codes(campaign, units, officer, rng, now - dt.timedelta(days=1))
    _neighbour_campaigns(rng, opened)
    return signed


# Campaigns of the other Pilkada of the same voting day, for the coverage per region: the
# largest agency of each region, signed at these shares (Sleman's office is ahead of the city).
NEIGHBOURS = {
    "pemilihan-bupati-dan-wakil-bupati-sleman-2024": ("34.04", "ppk.sleman", 0.45),
    "pemilihan-wali-kota-dan-wakil-wali-kota-yogyakarta-2024": ("34.71", None, 0.2),
}


def _neighbour_campaigns(rng: random.Random, opened: dt.datetime) -> None:
    for code, (region, runner, share) in NEIGHBOURS.items():
        election = Election.objects.filter(code=code).first()
        agency = (
            Agency.objects.filter(region__code=region)
            .annotate(staff=Count("civil_servants"))
            .order_by("-staff", "code")
            .first()
        )
        if election is None or agency is None:
            continue
        by = User.objects.filter(username=runner).first() if runner else None
        campaign = prevention_services.open_campaign(
            agency=agency,
            election=election,
            title=f"Ikrar Netralitas ASN {agency.name}",
            text=TEXT.replace("Kabupaten Bantul", agency.name),
            by=by,
            now=opened,
        )
        issued = prevention_services.issue_codes(campaign=campaign, unit=None, by=by, now=opened)
        for item in issued:
            if rng.random() < share:
                at = opened + dt.timedelta(minutes=rng.randrange(0, 19 * 24 * 60))
                prevention_services.sign_online(
                    campaign=campaign, nip=item.civil_servant.nip, code=item.code, now=at
                )


def _email_codes(
    campaign: Campaign, units: list[str], officer: Any, rng: random.Random, at: dt.datetime
) -> None:
    """The personnel office lists the addresses it has (six in ten of those not yet signed, at
    an example domain) and e-mails the codes of the most lagging unit; the task worker sends
    them (scripts/demo runs it), everyone else keeps the printed sheet."""
    unsigned = selectors.campaign_staff(campaign).exclude(pledge_signatures__campaign=campaign)
    listed = [p for p in unsigned.order_by("nip") if rng.random() < 0.6]
    if not listed:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "alamat-surel.csv"
        rows = [f"{p.nip},asn.{p.nip[-6:]}@bkpsdm.bantul.example" for p in listed]
        path.write_text("nip,email\n" + "\n".join(rows) + "\n", encoding="utf-8")
        code_delivery.record_addresses(campaign=campaign, table_path=path, by=officer, now=at)
    lagging = max({p.unit for p in listed}, key=units.index)  # the lowest signing share
    code_delivery.request_code_emails(
        campaign=campaign, unit=lagging, reissue=False, by=officer, now=at
    )


def _sosialisasi(
    campaign: Campaign,
    issued: list[Any],
    share: dict[str, float],
    officer: Any,
    rng: random.Random,
    at: dt.datetime,
) -> None:
    """One sosialisasi in the hall: units that sign more also come more (0.6 of their signing
    share); a fifth of those who came are on the organiser's list instead of checking in."""
    briefing = prevention_services.create_briefing(
        campaign=campaign,
        kind=Briefing.Kind.SOSIALISASI,
        title="Sosialisasi Netralitas ASN pada Pilkada 2024",
        organiser="BKPSDM bersama Bawaslu Kabupaten Bantul",
        starts_at=at.replace(hour=2, minute=0),
        place="Aula Parasamya, Kompleks Kantor Bupati Bantul",
        by=officer,
        now=at - dt.timedelta(days=3),
    )
    _attach_handout(briefing, officer, at - dt.timedelta(days=1))
    came: list[Any] = []
    for unit in sorted(share):
        people = [item for item in issued if item.civil_servant.unit == unit]
        rng.shuffle(people)
        came += people[: round(len(people) * share[unit] * 0.6)]
    on_list = [item.civil_servant.nip for item in came[::5]]
    for item in came:
        if item.civil_servant.nip in on_list:
            continue
        prevention_services.check_in(
            event_code=briefing.check_in_code,
            nip=item.civil_servant.nip,
            code=item.code,
            now=at.replace(hour=1, minute=30) + dt.timedelta(seconds=rng.randrange(0, 3600)),
        )
    if on_list:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "daftar-hadir.csv"
            path.write_text("nip\n" + "\n".join(on_list) + "\n", encoding="utf-8")
            prevention_services.record_attendance_list(
                briefing=briefing, table_path=path, by=officer, now=at.replace(hour=6)
            )


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF of a few lines of text (Helvetica), with a correct cross-reference table."""
    text = "\n".join(
        f"BT /F1 {14 if n == 0 else 11} Tf 56 {780 - 24 * n} Td ({line}) Tj ET"
        for n, line in enumerate(lines)
    ).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        start,
    )
    return bytes(out)


def _attach_handout(briefing: Briefing, officer: Any, at: dt.datetime) -> None:
    """The organiser's handout (slides saved as PDF), for attendees and staff."""
    content = _pdf(
        [
            "Sosialisasi Netralitas ASN pada Pilkada 2024",
            "BKPSDM bersama Bawaslu Kabupaten Bantul",
            "1. Dasar hukum: UU 20/2023 tentang ASN; PP 94/2021; SKB 2022.",
            "2. Yang tidak boleh: ikut kampanye, memasang atribut, menyukai unggahan calon.",
            "3. Yang boleh: menggunakan hak pilih, menghadiri kampanye tanpa atribut (cuti).",
            "4. Melapor: netral.example/lapor - identitas pelapor dilindungi.",
        ]
    )
    prevention_services.attach_material(
        briefing=briefing,
        upload=SimpleUploadedFile("materi-sosialisasi-netralitas.pdf", content),
        public=False,
        by=officer,
        now=at,
    )


def _take_module(election: Election, item: Any, rng: random.Random, at: dt.datetime) -> None:
    """A signer takes the first module's quiz: most know the catalogue's answer to each question."""
    module = next(iter(learning.modules().values()))
    if rng.random() < 0.6:  # six in ten take the pre-quiz first, knowing less before reading
        _quiz(election, item, module, rng, learning.PRE, 0.6, at - dt.timedelta(minutes=15))
    knows = 0.95 if rng.random() < 0.85 else 0.5
    _quiz(election, item, module, rng, learning.POST, knows, at)


def _quiz(
    election: Election,
    item: Any,
    module: learning.Module,
    rng: random.Random,
    kind: str,
    knows: float,
    at: dt.datetime,
) -> None:
    ticket = learning.Ticket(at.date(), rng.randrange(2**32))
    questions = learning.draw(module, ticket.day, ticket.seed, election.family or None)
    answers = [q.answer if rng.random() < knows else "?" for q in questions]
    prevention_services.record_attempt(
        election=election,
        nip=item.civil_servant.nip,
        code=item.code,
        module=module,
        ticket=ticket,
        answers=answers,
        now=at,
        kind=kind,
    )
