"""People and the organisations they act for: Bawaslu, BKN, the PPK side, Ombudsman, …"""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.accounts.events import ACCOUNT_EVENTS
from netral.core.choices import CarryingChoices
from netral.core.models import AppendOnly, optional_reference
from netral.registry.models import Region


class User(AbstractUser):
    """A person who signs in. Citizens who report never need an account."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def active_memberships(self) -> "models.QuerySet[Membership]":
        return self.memberships.filter(organisation__is_active=True).select_related(
            "organisation__region"
        )

    def jurisdiction_codes(self) -> set[str]:
        """Region codes this user's organisations cover; "" stands for the whole country.

        Apps scope personal data with this, so they need not import accounts. An independent
        auditor's organisation gives none: auditors read no personal data (decision 0110).
        """
        return {
            m.organisation.jurisdiction_code
            for m in self.active_memberships()
            if m.organisation.kind != Organisation.Kind.INDEPENDENT_AUDITOR
        }


class Family(models.TextChoices):
    """An organisation's family (`Organisation.Family`): kinds that play the same part in the law,
    whatever their level (RI, province, …)."""

    BAWASLU = "bawaslu", _("Bawaslu")
    BKN = "bkn", _("BKN")
    PPK = "ppk", _("PPK")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    OMBUDSMAN = "ombudsman", _("Ombudsman")
    GAKKUMDU = "gakkumdu", _("Gakkumdu")
    MINISTRY = "ministry", _("Ministry")
    # Universities, NGOs, the Ombudsman in its audit role: a redacted audit pack, never cases.
    AUDITOR = "auditor", _("Independent auditor")
    PLATFORM = "platform", _("Platform")


class Organisation(models.Model):
    """A body that handles cases; its jurisdiction is its region and everything below it."""

    Family = Family

    class Kind(CarryingChoices):
        """Each kind once: its stored value, the `Family` it belongs to, its label."""

        BAWASLU_RI = "bawaslu_ri", Family.BAWASLU, _("Bawaslu RI")
        BAWASLU_PROVINSI = "bawaslu_provinsi", Family.BAWASLU, _("Bawaslu Provinsi")
        BAWASLU_KABKOTA = "bawaslu_kabkota", Family.BAWASLU, _("Bawaslu Kabupaten/Kota")
        BKN = "bkn", Family.BKN, _("BKN (pusat)")
        BKN_REGIONAL = "bkn_regional", Family.BKN, _("BKN Kantor Regional")
        PPK = "ppk", Family.PPK, _("PPK / BKPSDM")
        INSPEKTORAT = "inspektorat", Family.INSPEKTORAT, _("Inspektorat")
        OMBUDSMAN = "ombudsman", Family.OMBUDSMAN, _("Ombudsman RI")
        OMBUDSMAN_PERWAKILAN = "ombudsman_perwakilan", Family.OMBUDSMAN, _("Ombudsman Perwakilan")
        GAKKUMDU = "gakkumdu", Family.GAKKUMDU, _("Sentra Gakkumdu")
        KEMENPANRB = "kemenpanrb", Family.MINISTRY, _("KemenPAN-RB")
        KEMENDAGRI = "kemendagri", Family.MINISTRY, _("Kemendagri")
        INDEPENDENT_AUDITOR = "independent_auditor", Family.AUDITOR, _("Independent auditor")
        PLATFORM = "platform", Family.PLATFORM, _("Platform administrator")

        family: Family

        @classmethod
        def of(cls, *families: Family) -> frozenset[str]:
            """The kinds of these families: `Kind.of(Family.BAWASLU)` is RI, provinsi, kab/kota."""
            return frozenset(str(kind.value) for kind in cls if kind.family in families)

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    region = optional_reference(
        Region, _("region"), help_text=_("Leave empty for a national body.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    # URLs name an organisation by this, never by its integer key.
    public_id = models.UUIDField(
        _("public identifier"), default=uuid.uuid4, unique=True, editable=False
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return self.region_id is None

    @property
    def jurisdiction_code(self) -> str:
        """The region code at the top of this organisation's jurisdiction ("" = national)."""
        return self.region.code if self.region else ""

    def covers(self, code: str) -> bool:
        """True when the region `code` lies inside this organisation's jurisdiction."""
        return Region.lies_within(code, self.jurisdiction_code)


class Membership(models.Model):
    """A user's role in one organisation."""

    class Role(models.TextChoices):
        VIEWER = "viewer", _("Viewer")
        OFFICER = "officer", _("Officer")
        SUPERVISOR = "supervisor", _("Supervisor")
        ADMIN = "admin", _("Administrator")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)
    public_id = models.UUIDField(
        _("public identifier"), default=uuid.uuid4, unique=True, editable=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class AccountEvent(AppendOnly):
    """An audit row for every change to who may act for which organisation, and how they sign in.

    Append-only (`core.models.AppendOnly`): rows answer "who gave this person access, and
    when" long after the membership itself is gone.
    """

    Type = ACCOUNT_EVENTS.choices(__name__, "AccountEvent")

    type = models.CharField(_("type"), max_length=32, choices=Type.choices)
    actor = models.ForeignKey(
        User,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.ForeignKey(
        User,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account_events",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    payload = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("account event")
        verbose_name_plural = _("account events")

    def __str__(self) -> str:
        return f"{self.get_type_display()} — {self.subject or '-'}"
