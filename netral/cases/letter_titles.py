"""The default titles of the letters Netral writes, and their names in the reader's language.

A letter is an Indonesian document and keeps its Indonesian title (stored on the letter and in
its events, which are chained). Pages show a default title in the reader's language; a title an
administrator wrote for a template is shown as written.
"""

from django.utils.translation import gettext_lazy as _

# The letter's own title, as written into it.
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
    "ppk_reprimand_letter": "Teguran tertulis kepada PPK",
}
# The same, for the pages (the Indonesian translation is the title above).
LABELS = {
    "forwarding_letter_bkn": _("Forwarding letter to BKN"),
    "forwarding_letter_gakkumdu": _("Forwarding letter to Sentra Gakkumdu"),
    "forwarding_letter_ombudsman": _("Forwarding letter to the Ombudsman"),
    "registration_notice": _("Registration notice"),
    "recommendation_letter_ppk": _("Sanction recommendation to the PPK"),
    "reminder_letter": _("Reminder letter to the PPK"),
    "reprimand_request_letter": _("Request for a reprimand to the PPK"),
    "siasn_block_request_letter": _("Request to block the SIASN record"),
    "noncompliance_report_letter": _("Report of the PPK's non-compliance"),
    "case_summary": _("Case summary"),
    "ppk_reprimand_letter": _("Written reprimand to the PPK"),
}


def shown(title: str) -> str:
    """A stored title ("Rekomendasi sanksi kepada PPK (002/NTR/X/2026)") in the reader's
    language when it is a default title, with what follows it; any other title as it is."""
    for key, default in TITLES.items():
        if title == default or title.startswith(default + " ("):
            return str(LABELS[key]) + title[len(default) :]
    return title
