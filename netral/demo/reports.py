"""A handful of public reports for the demo's intake queues, sent through the real service."""

import datetime as dt

from netral.registry.models import Election, Region
from netral.reports import services as report_services
from netral.reports.models import Report

# (region code, election name fragment, days before voting day, category, person, agency, text)
TIPS = (
    (
        "34.02.15",
        "Bantul",
        30,
        "social_media_support",
        "Sugeng Riyadi",
        "Dinas Pendidikan Kabupaten Bantul",
        "Guru PNS membagikan poster pasangan calon nomor 2 di grup Facebook sekolah.",
    ),
    (
        "34.02",
        "Bantul",
        21,
        "attend_declaration",
        "Bambang Hartono",
        "Kecamatan Sewon",
        "Camat hadir dan ikut berorasi dalam deklarasi relawan salah satu pasangan calon.",
    ),
    (
        "34.02",
        "Bantul",
        12,
        "state_facilities",
        "Dwi Lestari",
        "Dinas Perhubungan Kabupaten Bantul",
        "Mobil dinas berpelat merah dipakai mengangkut spanduk kampanye ke lapangan desa.",
    ),
    (
        "34.04",
        "Sleman",
        18,
        "photo_with_gesture",
        "Yuni Astuti",
        "Dinas Kesehatan Kabupaten Sleman",
        "Bidan puskesmas mengunggah foto bersama calon bupati sambil mengacungkan tiga jari.",
    ),
    (
        "34.04",
        "Sleman",
        9,
        "mobilise_civil_servants",
        "Heru Santoso",
        "Sekretariat Daerah Kabupaten Sleman",
        "Pegawai diminta hadir di acara kampanye lewat pesan grup WhatsApp kantor.",
    ),
    (
        "34.71",
        "Yogyakarta",
        25,
        "banner",
        "Rina Wulandari",
        "Kelurahan Gedongkiwo",
        "Lurah memasang baliho calon wali kota di depan kantor kelurahan.",
    ),
)


def create_demo_reports(*, now: dt.datetime) -> int:
    """Six anonymous tips across Bantul, Sleman and Kota Yogyakarta; once only."""
    if Report.objects.exists():
        return 0
    for code, election_name, days_before, category, person, agency, text in TIPS:
        election = Election.objects.filter(name__contains=election_name).first()
        voting_day = election.voting_day if election else now.date()
        data = report_services.ReportInput(
            track=Report.Track.TIP,
            subject_name=person,
            subject_agency=agency,
            incident_date=voting_day - dt.timedelta(days=days_before),
            region=Region.objects.get(code=code),
            election=election,
            election_kind="pilkada",
            category=category,
            description=text,
        )
        report_services.submit_report(data=data, evidence=[], channel=Report.Channel.WEB, now=now)
    return len(TIPS)
