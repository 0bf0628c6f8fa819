"""A pledge campaign with realistic partial coverage: one Bantul agency, some units ahead;
about four in ten signers took the first learning module's quiz, most of them passing."""

import datetime as dt
import random
from typing import Any

from django.db.models import Count

from netral.accounts.models import User
from netral.prevention import learning
from netral.prevention import services as prevention_services
from netral.prevention.models import Campaign
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
    return signed


def _take_module(election: Election, item: Any, rng: random.Random, at: dt.datetime) -> None:
    """A signer takes the first module's quiz: most know the catalogue's answer to each question."""
    module = next(iter(learning.modules().values()))
    ticket = learning.Ticket(at.date(), rng.randrange(2**32))
    questions = learning.draw(module, ticket.day, ticket.seed, election.family or None)
    knows = 0.95 if rng.random() < 0.85 else 0.5
    answers = [q.answer if rng.random() < knows else "?" for q in questions]
    prevention_services.record_attempt(
        election=election,
        nip=item.civil_servant.nip,
        code=item.code,
        module=module,
        ticket=ticket,
        answers=answers,
        now=at,
    )
