"""Forms of the rules app, and the catalogue fields other apps use to pick a code or a sanction.

Other apps: `from netral.rules import forms as rules_forms`, then
`code = rules_forms.CatalogueCodeField(label=...)` and `rules_forms.SanctionField(...)`.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from netral.registry import families
from netral.rules import catalogue as cat
from netral.rules import deadlines, decision, zones

_Choices = list[tuple[str, Any]]


def _lang() -> str:
    return get_language() or "id"


def catalogue_code_choices(
    on: dt.date | None = None, categories: Iterable[str] | None = None
) -> _Choices:
    """Catalogue codes grouped by sanction category, labelled in the current language."""
    version = cat.catalogue().version_on(on) if on else cat.catalogue().current
    wanted = set(categories) if categories else None
    groups: dict[str, list[tuple[str, str]]] = {}
    for item in cat.ordered(list(version.entries.values())):
        if wanted is None or item.category in wanted:
            label = f"{item.code} — {item.title.get(_lang())}"
            groups.setdefault(item.category, []).append((item.code, label))
    names = cat.catalogue().categories
    return [(names[key].name.get(_lang()), options) for key, options in groups.items()]


def sanction_choices(codes: Iterable[str] | None = None) -> _Choices:
    """Concrete sanctions grouped by regime and level, e.g. "PP 94/2021 — berat"."""
    sanctions = cat.catalogue().sanctions
    wanted = list(codes) if codes is not None else list(sanctions)
    groups: dict[str, list[tuple[str, str]]] = {}
    for code in wanted:
        sanction = sanctions[code]
        group = f"{sanction.regime} — {sanction.level}"
        groups.setdefault(group, []).append((code, f"{code}: {sanction.text.get(_lang())}"))
    return list(groups.items())


class CatalogueCodeField(forms.ChoiceField):
    """Picks a catalogue code (KE-01 …), optionally from the version in force on a date and
    from some sanction categories only. Cleans to the code string."""

    def __init__(
        self,
        *,
        on: dt.date | None = None,
        categories: Iterable[str] | None = None,
        **kwargs: Any,
    ) -> None:
        kinds = tuple(categories) if categories else None
        kwargs.setdefault("label", _("Catalogue code"))

        def blank() -> _Choices:
            return [("", "—"), *catalogue_code_choices(on, kinds)]

        super().__init__(choices=blank, **kwargs)


class SanctionField(forms.ChoiceField):
    """Picks a concrete sanction (PP94-BERAT-TURUN …); `codes` limits the list, e.g. to the
    sanctions a decision allows. Cleans to the sanction code."""

    def __init__(self, *, codes: Iterable[str] | None = None, **kwargs: Any) -> None:
        kept = tuple(codes) if codes is not None else None
        kwargs.setdefault("label", _("Sanction"))

        def blank() -> _Choices:
            return [("", "—"), *sanction_choices(kept)]

        super().__init__(choices=blank, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


ELECTION_CHOICES = [("", _("I don't know")), *families.Family.choices]
STATUS_CHOICES = [
    ("", _("I don't know")),
    ("calon", _("Yes: already designated by the KPU as a candidate")),
    ("bakal_calon", _("No: still a prospective candidate (bakal calon)")),
]
INTERACTION_CHOICES = [
    ("", _("Not on social media / I don't know")),
    ("post", _("Posted or uploaded")),
    ("share", _("Shared or reposted")),
    ("comment", _("Commented")),
    ("like", _("Liked")),
    ("follow", _("Followed the account")),
    ("join_group", _("Joined a group (WhatsApp, Facebook, Telegram …)")),
]
MEDIUM_CHOICES = [
    ("", _("I don't know")),
    ("social_media", _("Social media")),
    ("online_media", _("Other online media")),
    ("messaging", _("Chat application")),
    ("offline", _("In person")),
    ("official_document", _("An official letter or decree")),
    ("other", _("Other")),
]


class CheckForm(forms.Form):
    """The guided self-check: every answer may be "I don't know" except what was done."""

    act = forms.ChoiceField(label=_("What did the civil servant do?"), choices=())
    medium = forms.ChoiceField(label=_("Where?"), choices=MEDIUM_CHOICES, required=False)
    interaction = forms.ChoiceField(
        label=_("On social media, what exactly?"), choices=INTERACTION_CHOICES, required=False
    )
    incident_date = forms.DateField(label=_("When did it happen?"), widget=DateInput())
    election_kind = forms.ChoiceField(
        label=_("Which election?"), choices=ELECTION_CHOICES, required=False
    )
    asn_kind = forms.ChoiceField(label=_("Who is the person reported?"), choices=(), required=False)
    target_status = forms.ChoiceField(
        label=_("Was the person supported already a designated candidate on that day?"),
        choices=STATUS_CHOICES,
        required=False,
    )
    designation_date = forms.DateField(
        label=_("Or: the day the KPU designated the candidates"),
        required=False,
        widget=DateInput(),
        help_text=_("Pilkada 2024: 22 September 2024. The designation day counts as candidate."),
    )
    campaign_start = forms.DateField(
        label=_("Campaign period: first day"), required=False, widget=DateInput()
    )
    campaign_end = forms.DateField(
        label=_("Campaign period: last day"), required=False, widget=DateInput()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = _lang()
        act_field = self.fields["act"]
        assert isinstance(act_field, forms.ChoiceField)
        act_field.choices = [("", "—")] + [
            (key, act.label.get(lang)) for key, act in decision.acts().items()
        ]
        subject_field = self.fields["asn_kind"]
        assert isinstance(subject_field, forms.ChoiceField)
        subject_field.choices = [("", _("I don't know"))] + [
            (key, subject.label.get(lang)) for key, subject in cat.catalogue().subjects.items()
        ]
        self.fields["incident_date"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("campaign_start"), data.get("campaign_end")
        if bool(start) != bool(end):
            self.add_error("campaign_end", _("Give both days of the campaign period, or neither."))
        elif start and end and end < start:
            self.add_error("campaign_end", _("The campaign cannot end before it starts."))
        return data

    def to_facts(self) -> decision.Facts:
        data = self.cleaned_data
        period = None
        if data.get("campaign_start") and data.get("campaign_end"):
            period = (data["campaign_start"], data["campaign_end"])
        return decision.Facts(
            act=data["act"],
            incident_date=data["incident_date"],
            family=data.get("election_kind") or None,
            asn_kind=data.get("asn_kind") or None,
            target_status=data.get("target_status") or None,
            designation_date=data.get("designation_date"),
            interaction=data.get("interaction") or None,
            medium=data.get("medium") or None,
            campaign_period=period,
        )


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False, choices=())
    on = forms.DateField(
        label=_("Rules in force on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: the rules in force today."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All categories"))] + [
            (key, category.name.get(_lang()))
            for key, category in cat.catalogue().categories.items()
        ]


class DueForm(forms.Form):
    """The deadline calculator."""

    rule = forms.ChoiceField(label=_("Deadline"), choices=())
    start = forms.DateField(label=_("Start day (day 0)"), widget=DateInput())

    zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=(),
        help_text=_("The zone of the case's province: it dates the start and ends the last day."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rule"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(key, rule.label.get(_lang())) for key, rule in deadlines.rules().items()]
        zone_field = self.fields["zone"]
        assert isinstance(zone_field, forms.ChoiceField)
        zone_field.choices = [
            (label, f"{label} — {zone.name.get(_lang())}") for label, zone in zones.zones().items()
        ]

    def clean_start(self) -> dt.date:
        start: dt.date = self.cleaned_data["start"]
        try:
            deadlines.start_date(start)
        except deadlines.DeadlineInputError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return start

    def clean_zone(self) -> zones.Zone:
        return zones.zones().get(self.cleaned_data.get("zone") or "") or zones.default_zone()


class DiffForm(forms.Form):
    a = forms.ChoiceField(label=_("From version"), choices=())
    b = forms.ChoiceField(label=_("To version"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [(v.id, f"{v.id} — {v.title.get(_lang())}") for v in cat.catalogue().versions]
        for name in ("a", "b"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options
