"""The demo's governments and their agencies: DI Yogyakarta and three of its kabupaten/kota.

Names follow the real structure of regional governments (dinas, badan, sekretariat); the people in
them are generated.
"""

from dataclasses import dataclass

# (region code, government name, kind, PPK name, PPK position)
GOVERNMENTS = (
    (
        "34",
        "Pemerintah Daerah Daerah Istimewa Yogyakarta",
        "pemerintah_provinsi",
        "Gubernur DIY",
        "Gubernur Daerah Istimewa Yogyakarta",
    ),
    (
        "34.02",
        "Pemerintah Kabupaten Bantul",
        "pemerintah_kabupaten",
        "Bupati Bantul",
        "Bupati Bantul",
    ),
    (
        "34.04",
        "Pemerintah Kabupaten Sleman",
        "pemerintah_kabupaten",
        "Bupati Sleman",
        "Bupati Sleman",
    ),
    (
        "34.71",
        "Pemerintah Kota Yogyakarta",
        "pemerintah_kota",
        "Wali Kota Yogyakarta",
        "Wali Kota Yogyakarta",
    ),
)
UNITS = (
    ("SETDA", "Sekretariat Daerah"),
    ("SETWAN", "Sekretariat DPRD"),
    ("DISDIK", "Dinas Pendidikan"),
    ("DINKES", "Dinas Kesehatan"),
    ("DPUPKP", "Dinas Pekerjaan Umum, Perumahan dan Kawasan Permukiman"),
    ("DINSOS", "Dinas Sosial"),
    ("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DISHUB", "Dinas Perhubungan"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("DISPERTAN", "Dinas Pertanian dan Pangan"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("INSP", "Inspektorat"),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik"),
)


@dataclass(frozen=True)
class AgencyRow:
    code: str
    name: str
    kind: str
    region_code: str
    parent_code: str | None
    ppk_name: str
    ppk_position: str


def _slug(region_code: str) -> str:
    return "PEMDA-" + region_code.replace(".", "")


def agency_rows() -> list[AgencyRow]:
    """Four governments and fourteen agencies under each: sixty agencies."""
    rows = []
    for region_code, name, kind, ppk_name, ppk_position in GOVERNMENTS:
        government_code = _slug(region_code)
        rows.append(
            AgencyRow(government_code, name, kind, region_code, None, ppk_name, ppk_position)
        )
        short = name.replace("Pemerintah Daerah ", "").replace("Pemerintah ", "")
        for unit_code, unit_name in UNITS:
            rows.append(
                AgencyRow(
                    code=f"{government_code}-{unit_code}",
                    name=f"{unit_name} {short}",
                    kind="perangkat_daerah",
                    region_code=region_code,
                    parent_code=government_code,
                    ppk_name=ppk_name,
                    ppk_position=ppk_position,
                )
            )
    return rows
