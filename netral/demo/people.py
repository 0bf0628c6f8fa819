"""Fictional but plausible Indonesian people, and valid NIPs for them.

Everything here is generated from a seed: the same seed gives the same people, so the demo data
can be rebuilt and compared. None of these people exist.
"""

import datetime as dt
import random
from dataclasses import dataclass

MALE_GIVEN = (
    "Agus",
    "Budi",
    "Cahyo",
    "Dedi",
    "Eko",
    "Fajar",
    "Gatot",
    "Hadi",
    "Hendra",
    "Imam",
    "Joko",
    "Kurniawan",
    "Lukman",
    "Muhammad",
    "Nur",
    "Purnomo",
    "Rahmat",
    "Slamet",
    "Sugeng",
    "Teguh",
    "Wahyu",
    "Yusuf",
    "Bambang",
    "Arif",
    "Dwi",
    "Heru",
    "Irfan",
    "Rizki",
    "Sigit",
    "Andi",
    "Bayu",
    "Danang",
    "Edi",
    "Ferry",
    "Galih",
    "Hari",
    "Ilham",
    "Bagus",
    "Yoga",
    "Anton",
    "Wawan",
    "Rudi",
    "Taufik",
    "Suryo",
    "Aris",
    "Bowo",
)
FEMALE_GIVEN = (
    "Ani",
    "Dewi",
    "Endang",
    "Fitri",
    "Indah",
    "Kartika",
    "Lestari",
    "Maya",
    "Nurul",
    "Putri",
    "Rina",
    "Sari",
    "Siti",
    "Sri",
    "Tri",
    "Wulan",
    "Yuni",
    "Ayu",
    "Dian",
    "Eka",
    "Lina",
    "Nita",
    "Ratna",
    "Retno",
    "Rini",
    "Sinta",
    "Wati",
    "Yanti",
    "Anisa",
    "Dyah",
    "Erna",
    "Fatimah",
    "Hesti",
    "Ida",
    "Kurnia",
    "Mega",
    "Novi",
    "Puji",
    "Rahayu",
    "Sekar",
    "Tutik",
    "Umi",
    "Vivi",
    "Winarti",
    "Yulia",
    "Zahra",
)
FAMILY = (
    "Santoso",
    "Wibowo",
    "Saputra",
    "Hidayat",
    "Nugroho",
    "Prasetyo",
    "Setiawan",
    "Kusuma",
    "Wijaya",
    "Susanto",
    "Pratama",
    "Purnama",
    "Rahmawati",
    "Handayani",
    "Lestari",
    "Utami",
    "Suryani",
    "Wulandari",
    "Permana",
    "Hartono",
    "Sutrisno",
    "Mulyadi",
    "Gunawan",
    "Firmansyah",
    "Ramadhan",
    "Kurniasih",
    "Astuti",
    "Suharto",
    "Widodo",
    "Suryadi",
    "Haryanto",
    "Sulistyo",
    "Riyadi",
    "Budiman",
    "Purwanto",
    "Hakim",
    "Maulana",
    "Syahputra",
    "Anggraini",
    "Puspitasari",
    "Nurhayati",
    "Maharani",
)
POSITIONS = (
    ("Pelaksana", "II/c"),
    ("Pengadministrasi Umum", "II/b"),
    ("Analis Kebijakan", "III/b"),
    ("Pranata Komputer", "III/a"),
    ("Penyuluh", "III/c"),
    ("Guru Ahli Pertama", "III/a"),
    ("Guru Ahli Muda", "III/c"),
    ("Perawat Terampil", "II/d"),
    ("Bidan Terampil", "II/d"),
    ("Kepala Seksi", "III/d"),
    ("Kepala Subbagian", "III/d"),
    ("Kepala Bidang", "IV/a"),
    ("Sekretaris", "IV/b"),
    ("Camat", "IV/a"),
    ("Lurah", "III/d"),
    ("Auditor Muda", "III/c"),
)
UNITS = (
    "Sekretariat",
    "Bidang Umum",
    "Bidang Pelayanan",
    "Bidang Program",
    "UPT",
    "Subbagian Keuangan",
)
PPPK_POSITIONS = (
    ("Guru Ahli Pertama", "IX"),
    ("Perawat Terampil", "VII"),
    ("Penyuluh Pertanian", "IX"),
)


@dataclass(frozen=True)
class Person:
    name: str
    birth_date: dt.date
    gender: int  # 1 male, 2 female (as in the NIP)


def person(rng: random.Random) -> Person:
    gender = rng.choice((1, 2))
    given = rng.choice(MALE_GIVEN if gender == 1 else FEMALE_GIVEN)
    middle = rng.choice(MALE_GIVEN if gender == 1 else FEMALE_GIVEN) if rng.random() < 0.3 else ""
    name = " ".join(part for part in (given, middle, rng.choice(FAMILY)) if part)
    birth = dt.date(1964, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 36))
    return Person(name=name, birth_date=birth, gender=gender)


def nip(person: Person, rng: random.Random, serial: int = 1) -> str:
    """A valid NIP: birth date, TMT CPNS (at 20–35 years of age), gender, serial."""
    start_year = min(person.birth_date.year + rng.randrange(20, 36), 2023)
    month = rng.randrange(1, 13)
    return f"{person.birth_date:%Y%m%d}{start_year:04d}{month:02d}{person.gender}{serial:03d}"


def ni_pppk(person: Person, rng: random.Random, serial: int = 1) -> str:
    """An NI PPPK: birth date, year of first appointment, 2, agreement count, gender, serial."""
    year = rng.choice((2021, 2022, 2023, 2024))
    return f"{person.birth_date:%Y%m%d}{year}2{rng.randrange(1, 4)}{person.gender}{serial:03d}"
