"""Reference data for case tests (registry rows). Cases themselves come from the real services."""

import datetime as dt

import factory

from netral.registry.models import Agency, CandidatePair, CivilServant, Election


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG-{n:04d}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    kind = Agency.Kind.REGIONAL_UNIT
    ppk_name = ""
    ppk_position = ""


class CivilServantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CivilServant
        django_get_or_create = ("nip",)

    nip = factory.Sequence(lambda n: f"19800101200501{1000 + n:04d}"[:18])
    name = factory.Sequence(lambda n: f"Pegawai Uji {n}")
    position = "Analis Kebijakan"


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"pilkada-uji-{n}")
    name = factory.Sequence(lambda n: f"Pilkada Uji {n}")
    kind = Election.Kind.REGENT
    voting_day = dt.date(2024, 11, 27)


class CandidatePairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidatePair

    number = factory.Sequence(lambda n: n + 1)
    names = factory.LazyFunction(lambda: ["Calon Satu", "Wakil Satu"])
