"""One demo organisation of every kind that handles cases, each with a staff login."""

from dataclasses import dataclass

from netral.accounts.models import Membership, Organisation

Kind = Organisation.Kind
Role = Membership.Role
DEMO_PASSWORD = "netral-demo-2024"  # noqa: S105 - printed by `netral demo-data`; demo only
# The independent auditor's login and the body its demo recommendation goes to.
AUDITOR_USERNAME = "auditor.ugm"
AUDITOR_ADDRESSEE = "Bawaslu Kabupaten Bantul"


@dataclass(frozen=True)
class StaffRow:
    username: str
    full_name: str
    organisation: str
    kind: str
    region_code: str | None
    role: str


STAFF = (
    StaffRow(
        "bawaslu.ri",
        "Rahmat Hidayat",
        "Bawaslu Republik Indonesia",
        Kind.BAWASLU_RI,
        None,
        Role.SUPERVISOR,
    ),
    StaffRow(
        "bawaslu.diy",
        "Sri Wahyuni",
        "Bawaslu Provinsi Daerah Istimewa Yogyakarta",
        Kind.BAWASLU_PROVINSI,
        "34",
        Role.SUPERVISOR,
    ),
    StaffRow(
        "bawaslu.bantul",
        "Agus Prasetyo",
        "Bawaslu Kabupaten Bantul",
        Kind.BAWASLU_KABKOTA,
        "34.02",
        Role.OFFICER,
    ),
    StaffRow(
        "bawaslu.sleman",
        "Dewi Kusuma",
        "Bawaslu Kabupaten Sleman",
        Kind.BAWASLU_KABKOTA,
        "34.04",
        Role.OFFICER,
    ),
    StaffRow(
        "bawaslu.jogja",
        "Bayu Nugroho",
        "Bawaslu Kota Yogyakarta",
        Kind.BAWASLU_KABKOTA,
        "34.71",
        Role.OFFICER,
    ),
    StaffRow("bkn", "Hendra Gunawan", "Badan Kepegawaian Negara", Kind.BKN, None, Role.OFFICER),
    StaffRow(
        "bkn.kanreg1",
        "Lestari Utami",
        "BKN Kantor Regional I Yogyakarta",
        Kind.BKN_REGIONAL,
        "34",
        Role.OFFICER,
    ),
    StaffRow(
        "ppk.bantul", "Teguh Santoso", "BKPSDM Kabupaten Bantul", Kind.PPK, "34.02", Role.OFFICER
    ),
    StaffRow(
        "ppk.sleman", "Maya Anggraini", "BKPSDM Kabupaten Sleman", Kind.PPK, "34.04", Role.OFFICER
    ),
    StaffRow(
        "inspektorat.bantul",
        "Joko Susanto",
        "Inspektorat Kabupaten Bantul",
        Kind.INSPEKTORAT,
        "34.02",
        Role.OFFICER,
    ),
    StaffRow(
        "ombudsman.diy",
        "Ratna Sari",
        "Ombudsman RI Perwakilan DIY",
        Kind.OMBUDSMAN_PERWAKILAN,
        "34",
        Role.OFFICER,
    ),
    StaffRow(
        "ombudsman.ri",
        "Fajar Ramadhan",
        "Ombudsman Republik Indonesia",
        Kind.OMBUDSMAN,
        None,
        Role.VIEWER,
    ),
    StaffRow(
        "gakkumdu.bantul",
        "Imam Wibowo",
        "Sentra Gakkumdu Kabupaten Bantul",
        Kind.GAKKUMDU,
        "34.02",
        Role.OFFICER,
    ),
    StaffRow("kemenpanrb", "Yuni Astuti", "Kementerian PANRB", Kind.KEMENPANRB, None, Role.OFFICER),
    StaffRow(
        "kemendagri",
        "Slamet Riyadi",
        "Kementerian Dalam Negeri",
        Kind.KEMENDAGRI,
        None,
        Role.OFFICER,
    ),
    StaffRow(
        AUDITOR_USERNAME,
        "Dewi Lestari",
        "Pusat Kajian Tata Kelola UGM (auditor independen)",
        Kind.INDEPENDENT_AUDITOR,
        "34",
        Role.OFFICER,
    ),
    StaffRow(
        "admin", "Admin Netral", "Administrator Platform Netral", Kind.PLATFORM, None, Role.ADMIN
    ),
)
