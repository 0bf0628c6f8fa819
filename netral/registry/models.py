"""Reference data every other module uses: regions, agencies, civil servants, elections."""

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.core.models import TimeStampedModel, optional_reference
from netral.registry import families


class Region(models.Model):
    """An administrative area coded per Kepmendagri (PP.KK.CC.DDDD), from province to village."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        REGENCY = 2, _("Regency / city")
        DISTRICT = 3, _("District")
        VILLAGE = 4, _("Village / urban village")

    code = models.CharField(_("code"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Upper-cased, unaccented name for fast case-insensitive prefix search on every database.
    search_name = models.CharField(max_length=120, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def contains(self, code: str) -> bool:
        """True when `code` is this region or lies below it."""
        return Region.lies_within(code, self.code)

    # Region containment is decided here and nowhere else: a code lies within a top code when it
    # is that code or starts with it and a dot; the top "" stands for the whole country.

    @staticmethod
    def lies_within(code: str | None, top: str) -> bool:
        """True when region `code` is `top` or lies below it ("" as `top`: the whole country)."""
        if top == "":
            return True
        return code is not None and (code == top or code.startswith(top + "."))

    @staticmethod
    def lies_within_any(code: str | None, tops: Iterable[str]) -> bool:
        """True when region `code` lies within one of the `tops` (none: False)."""
        return any(Region.lies_within(code, top) for top in tops)

    @staticmethod
    def within_q(tops: Iterable[str], field: str = "region__code") -> models.Q:
        """A filter keeping rows whose region code (in `field`) lies within one of the `tops`.

        "" among the tops keeps every row; no tops keeps none.
        """
        tops = set(tops)
        if "" in tops:
            return models.Q()
        if not tops:
            return models.Q(pk__in=[])
        condition = models.Q()
        for top in sorted(tops):
            condition |= models.Q(**{field: top}) | models.Q(**{f"{field}__startswith": top + "."})
        return condition


class Agency(TimeStampedModel):
    """A government body civil servants work for (instansi / perangkat daerah), with its PPK.

    The PPK (pejabat pembina kepegawaian) is the official who imposes discipline, e.g. "Bupati
    Bantul"; cases addressed to this agency's staff go to them.
    """

    class Kind(models.TextChoices):
        PROVINCIAL_GOVERNMENT = "pemerintah_provinsi", _("Provincial government")
        REGENCY_GOVERNMENT = "pemerintah_kabupaten", _("Regency government")
        CITY_GOVERNMENT = "pemerintah_kota", _("City government")
        MINISTRY = "kementerian", _("Ministry")
        INSTITUTION = "lembaga", _("Government institution")
        REGIONAL_UNIT = "perangkat_daerah", _("Regional government unit")

    code = models.CharField(
        _("code"),
        max_length=64,
        unique=True,
        help_text=_("Stable public code, e.g. PEMDA-3402-DISDIK. Letters, digits, . _ -"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    region = optional_reference(
        Region,
        _("region"),
        related_name="agencies",
        help_text=_("Empty for a national ministry or institution."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    ppk_name = models.CharField(_("PPK name"), max_length=150, blank=True)
    ppk_position = models.CharField(_("PPK position"), max_length=150, blank=True)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class CivilServant(TimeStampedModel):
    """A civil servant (ASN): a PNS identified by NIP or a PPPK identified by NI PPPK.

    Everything here except the agency is personal data: see policies.can_view_personal_data.
    """

    class Kind(models.TextChoices):
        PNS = "pns", _("PNS (civil servant)")
        PPPK = "pppk", _("PPPK (contract civil servant)")

    class Status(models.TextChoices):
        ACTIVE = "aktif", _("Active")
        SUSPENDED = "diberhentikan_sementara", _("Temporarily suspended")
        UNPAID_LEAVE = "cltn", _("Unpaid leave (CLTN)")
        RETIRED = "pensiun", _("Retired")
        DISMISSED = "diberhentikan", _("Dismissed")
        DECEASED = "meninggal", _("Deceased")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.PNS)
    nip = models.CharField(
        _("NIP / NI PPPK"), max_length=18, unique=True, help_text=_("18 digits, no spaces.")
    )
    name = models.CharField(_("name"), max_length=150)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="civil_servants",
    )
    unit = models.CharField(_("work unit"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    rank = models.CharField(_("rank (golongan)"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["agency", "name"], name="registry_cs_agency_name")]
        verbose_name = _("civil servant")
        verbose_name_plural = _("civil servants")

    def __str__(self) -> str:
        return self.name


class SocialAccount(TimeStampedModel):
    """A social-media account a civil servant declared (or that staff confirmed as theirs)."""

    class Platform(models.TextChoices):
        FACEBOOK = "facebook", "Facebook"
        INSTAGRAM = "instagram", "Instagram"
        X = "x", "X (Twitter)"
        TIKTOK = "tiktok", "TikTok"
        YOUTUBE = "youtube", "YouTube"
        THREADS = "threads", "Threads"
        OTHER = "lainnya", _("Other")

    civil_servant = models.ForeignKey(
        CivilServant, on_delete=models.CASCADE, related_name="social_accounts"
    )
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    handle = models.CharField(
        _("handle"), max_length=100, help_text=_("Without the @, lower case.")
    )
    url = models.URLField(_("URL"), blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    declared_at = models.DateTimeField(_("declared at"))

    class Meta:
        ordering = ["platform", "handle"]
        constraints = [
            models.UniqueConstraint(
                fields=["civil_servant", "platform", "handle"], name="registry_one_account_each"
            )
        ]
        # Monitoring looks accounts up by platform and handle.
        indexes = [models.Index(fields=["platform", "handle"], name="registry_sa_platform_handle")]
        verbose_name = _("social-media account")
        verbose_name_plural = _("social-media accounts")

    def __str__(self) -> str:
        return f"{self.get_platform_display()} @{self.handle}"


class Election(TimeStampedModel):
    """One election (Pilkada, Pilpres or Pileg), loaded from an election file."""

    Kind = families.Kind
    Family = families.Family

    code = models.SlugField(_("code"), max_length=140, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # Derived from the kind on every save; a field so that queries can filter by family.
    family = models.CharField(_("family"), max_length=8, choices=Family.choices, editable=False)
    region = optional_reference(Region, _("region"), related_name="elections")
    voting_day = models.DateField(_("voting day"))

    class Meta:
        ordering = ["-voting_day", "name"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        """A Pemilu, or an election of no region: held in every region."""
        return self.region_id is None or families.family_of(self.kind) == families.Family.PEMILU

    def covers(self, region_code: str | None) -> bool:
        """True when the election is held in region `region_code` (an agency's, say): a national
        one everywhere, a Pilkada in its region and the regions below it."""
        if self.is_national or self.region is None:
            return True
        return Region.lies_within(region_code, self.region.code)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.family = families.family_of(self.kind) or ""
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "family"}
        super().save(*args, **kwargs)


class ElectionStage(models.Model):
    """A stage of an election's calendar; confidence V is verified, P and R are not."""

    class Confidence(models.TextChoices):
        VERIFIED = "V", _("Verified")
        PROBABLE = "P", _("Probable, not verified")
        RECALLED = "R", _("Recalled, not verified")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField(_("key"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=Confidence.choices, default=Confidence.VERIFIED
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["election", "position"]
        constraints = [
            models.UniqueConstraint(fields=["election", "key"], name="registry_stage_key_once")
        ]
        verbose_name = _("election stage")
        verbose_name_plural = _("election stages")

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.confidence == self.Confidence.VERIFIED


class CandidatePair(models.Model):
    """A candidate pair (or candidate) on the ballot, with the words monitoring looks for."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    number = models.PositiveSmallIntegerField(_("ballot number"))
    # Lists of texts: JSONField stores them the same way on SQLite and PostgreSQL.
    names = models.JSONField(_("names"), default=list)
    nicknames = models.JSONField(_("nicknames"), default=list, blank=True)
    jargon = models.JSONField(_("jargon"), default=list, blank=True)
    slogans = models.JSONField(_("slogans"), default=list, blank=True)
    hashtags = models.JSONField(_("hashtags"), default=list, blank=True)
    parties = models.JSONField(_("parties"), default=list, blank=True)
    accounts = models.JSONField(_("official accounts"), default=list, blank=True)

    class Meta:
        ordering = ["election", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "number"], name="registry_ballot_number_once"
            )
        ]
        verbose_name = _("candidate pair")
        verbose_name_plural = _("candidate pairs")

    def __str__(self) -> str:
        names = " – ".join(self.names)
        return f"{self.number}. {names}"
