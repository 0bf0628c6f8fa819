"""Generates valid agencies and civil servants for benchmarks: `python bench/registry/generate.py
OUT_DIR [COUNT]` writes agencies.csv and civil_servants.csv (COUNT rows, default 100,000).

Everything is generated from a fixed seed; the people do not exist. NIPs are valid per
docs/regulation.md §9.1 and unique (the serial makes them so).
"""

import csv
import datetime as dt
import random
import sys
from pathlib import Path

GIVEN = [
    "Agus",
    "Budi",
    "Dewi",
    "Eko",
    "Fitri",
    "Hadi",
    "Indah",
    "Joko",
    "Lestari",
    "Maya",
    "Nur",
    "Rina",
    "Sari",
    "Teguh",
    "Wahyu",
    "Yuni",
]
FAMILY = [
    "Santoso",
    "Wibowo",
    "Saputra",
    "Hidayat",
    "Nugroho",
    "Prasetyo",
    "Setiawan",
    "Kusuma",
    "Wijaya",
    "Lestari",
]
UNITS = ("DISDIK", "DINKES", "DINSOS", "BAPPEDA", "INSP", "SETDA")
RANKS = ("II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a")
REGENCIES = ("34.01", "34.02", "34.03", "34.04", "34.71")


def agency_rows() -> list[list[str]]:
    rows = []
    for region in REGENCIES:
        kind = "pemerintah_kota" if region.endswith("71") else "pemerintah_kabupaten"
        government = "PEMDA-" + region.replace(".", "")
        rows.append([government, f"Pemerintah {region}", kind, region, "", "Kepala Daerah", ""])
        for unit in UNITS:
            rows.append(
                [
                    f"{government}-{unit}",
                    f"{unit} {region}",
                    "perangkat_daerah",
                    region,
                    government,
                    "Kepala Daerah",
                    "",
                ]
            )
    return rows


def nip(rng: random.Random, serial: int) -> tuple[str, str]:
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 35))
    start = min(birth.year + rng.randrange(20, 35), 2024)
    gender = rng.choice("12")
    return (
        f"{birth:%Y%m%d}{start:04d}{rng.randrange(1, 13):02d}{gender}{serial % 999 + 1:03d}",
        gender,
    )


def civil_servant_rows(count: int, agencies: list[str], seed: int = 2024) -> list[list[str]]:
    rng, rows, seen = random.Random(seed), [], set()
    while len(rows) < count:
        number, _gender = nip(rng, len(rows))
        if number in seen:
            continue
        seen.add(number)
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        rows.append(
            [
                number,
                name,
                "PNS",
                rng.choice(agencies),
                "Sekretariat",
                "Pelaksana",
                rng.choice(RANKS),
                "aktif",
            ]
        )
    return rows


def extra_agency_rows(count: int) -> list[list[str]]:
    """Many more agencies (schools, health centres, offices) to make autocomplete realistic."""
    rng = random.Random(7)
    kinds = ("SD Negeri", "SMP Negeri", "Puskesmas", "Kantor Kecamatan", "UPT", "Kelurahan")
    places = [name for name in GIVEN + FAMILY]
    rows = []
    for n in range(count):
        region = rng.choice(REGENCIES)
        parent = "PEMDA-" + region.replace(".", "")
        name = f"{rng.choice(kinds)} {n % 97 + 1} {rng.choice(places)} {region}"
        rows.append([f"{parent}-U{n:05d}", name, "perangkat_daerah", region, parent, "", ""])
    return rows


def write_files(out: Path, count: int, extra_agencies: int = 0) -> None:
    out.mkdir(parents=True, exist_ok=True)
    agencies = agency_rows()
    with (out / "agencies.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kode", "nama", "jenis", "wilayah", "induk", "nama_ppk", "jabatan_ppk"])
        writer.writerows(agencies + extra_agency_rows(extra_agencies))
    with (out / "civil_servants.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["nip", "nama", "jenis", "instansi", "unit_kerja", "jabatan", "golongan", "status"]
        )
        writer.writerows(civil_servant_rows(count, [row[0] for row in agencies]))


def main() -> None:
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    write_files(Path(sys.argv[1]), count)


if __name__ == "__main__":
    main()
