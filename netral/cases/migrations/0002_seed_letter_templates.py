"""Seeds the editable letter templates with the default texts shipped in data/letters/."""

from pathlib import Path

from django.db import migrations

LETTERS = Path(__file__).resolve().parent.parent / "data" / "letters"
TITLES = {
    "forwarding_letter_bkn": "Surat penerusan kepada BKN",
    "forwarding_letter_gakkumdu": "Surat penerusan kepada Sentra Gakkumdu",
    "forwarding_letter_ombudsman": "Surat penerusan kepada Ombudsman",
    "registration_notice": "Pemberitahuan registrasi",
    "recommendation_letter_ppk": "Rekomendasi sanksi kepada PPK",
    "reminder_letter": "Surat pengingat kepada PPK",
    "reprimand_request_letter": "Permintaan teguran kepada PPK",
    "siasn_block_request_letter": "Permintaan pemblokiran data SIASN",
    "noncompliance_report_letter": "Laporan ketidakpatuhan PPK",
    "case_summary": "Ringkasan perkara",
}


def seed(apps, schema_editor):
    DocumentTemplate = apps.get_model("cases", "DocumentTemplate")
    for key, title in TITLES.items():
        body = (LETTERS / f"{key}.html").read_text(encoding="utf-8")
        DocumentTemplate.objects.get_or_create(key=key, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
