"""Letters fit to send: the shipped letter texts gain the signatory and lose internal notes.

A stored template still equal to the text shipped before (same SHA-256) takes the new default;
one an administrator edited is left as it is. The reprimand letter is seeded.
"""

import hashlib
from pathlib import Path

from django.db import migrations

LETTERS = Path(__file__).resolve().parent.parent / "data" / "letters"
PREVIOUS = {
    "case_summary": "a734cbd1cf94ee05e5133da4b49d673982eaa4617dd1b1fe63f812eab5963ecd",
    "forwarding_letter_bkn": "e026f53cd30e8506001c5fba32497960112da7751b630283a6713d9256511e22",
    "forwarding_letter_gakkumdu": "40e9413e91000161537a2c1b13e3b411e91649583c14153e12330e2f84a1b994",
    "forwarding_letter_ombudsman": "967985c7493e82f2ee5a41d20eee62217221d72c6909168afc3700c30e7e78d8",
    "noncompliance_report_letter": "b5392f2c366976933249a6044f187c9798af2b59f56b1d7299f2fe7d03b28a59",
    "recommendation_letter_ppk": "e1c9e3c4007d4ad54e19fc3262c35235c91d5fc088298806fe4515a954b26d48",
    "registration_notice": "aced6a78b02657bb97b907a33cefdaf02a75fdd642da4d3b9afa578de642ea00",
    "reminder_letter": "006c619b026ff004196619ea801b1eaf0d9c55353cba4a3819da2b94d0ac639f",
    "reprimand_request_letter": "9deee2be96b6332b69dd80f166f97d698e624c9ee7050ac9229b51a86074fca7",
    "siasn_block_request_letter": "3df9e51b8baa9b7b8ec49b3dc456bccb94b4bd0ff4948807b0156c6794a9fe66",
}


def refresh(apps, schema_editor):
    DocumentTemplate = apps.get_model("cases", "DocumentTemplate")
    for stored in DocumentTemplate.objects.filter(key__in=list(PREVIOUS)):
        if hashlib.sha256(stored.body.encode()).hexdigest() == PREVIOUS[stored.key]:
            stored.body = (LETTERS / f"{stored.key}.html").read_text(encoding="utf-8")
            stored.save(update_fields=["body"])
    DocumentTemplate.objects.get_or_create(
        key="ppk_reprimand_letter",
        defaults={
            "title": "Teguran tertulis kepada PPK",
            "body": (LETTERS / "ppk_reprimand_letter.html").read_text(encoding="utf-8"),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_enforcement_siasn_apip_letters")]
    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
