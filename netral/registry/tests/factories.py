"""Factories for registry reference data. People and organisations come from services instead."""

import datetime as dt

import factory

from netral.registry.models import (
    Agency,
    CandidatePair,
    CivilServant,
    Election,
    ElectionStage,
    Region,
)
from netral.registry.text import search_key


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{(n % 80) + 11:02d}")
    name = factory.Sequence(lambda n: f"Provinsi Uji {n}")
    level = factory.LazyAttribute(lambda o: o.code.count(".") + 1)
    parent = factory.LazyAttribute(
        lambda o: (
            Region.objects.filter(code=o.code.rsplit(".", 1)[0]).first() if "." in o.code else None
        )
    )
    search_name = factory.LazyAttribute(lambda o: search_key(o.name))


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"INSTANSI-{n}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    kind = Agency.Kind.REGIONAL_UNIT
    region = None
    ppk_name = "Bupati Uji"
    ppk_position = "Bupati Uji"
    search_name = factory.LazyAttribute(lambda o: search_key(o.name))


def make_nip(n: int, gender: str = "1") -> str:
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=n * 37 % 9000)
    return f"{birth:%Y%m%d}{birth.year + 25:04d}0{n % 9 + 1}{gender}{n % 999 + 1:03d}"


class CivilServantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CivilServant

    kind = CivilServant.Kind.PNS
    nip = factory.Sequence(make_nip)
    name = factory.Sequence(lambda n: f"Pegawai Uji {n}")
    agency = factory.SubFactory(AgencyFactory)
    unit = "Sekretariat"
    position = "Pelaksana"
    rank = "III/a"


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election

    name = factory.Sequence(lambda n: f"Pemilihan Bupati Uji {n}")
    code = factory.Sequence(lambda n: f"pemilihan-bupati-uji-{n}")
    kind = Election.Kind.REGENT
    voting_day = dt.date(2024, 11, 27)


class ElectionStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectionStage

    election = factory.SubFactory(ElectionFactory)
    key = factory.Sequence(lambda n: f"stage_{n}")
    name = factory.Sequence(lambda n: f"Tahap {n}")
    start = dt.date(2024, 9, 25)
    end = dt.date(2024, 11, 23)


class CandidatePairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidatePair

    election = factory.SubFactory(ElectionFactory)
    number = factory.Sequence(lambda n: n + 1)
    names = factory.LazyFunction(lambda: ["Calon Uji", "Wakil Uji"])
