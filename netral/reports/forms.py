"""Input parsing for the public pages: the report form, the reply and identity forms, receipts.

The JSON API binds `ReportApiForm`, the same `ReportForm` the web form extends, so a partner app
gets the same checks and the same translated messages as the web form.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.core.forms import ApiBooleanField, ValidatesOnly
from netral.core.text import echo, grouped_digits, visible
from netral.registry.models import Agency, Election, Region
from netral.reports import adapters, crypto, services
from netral.reports.form_fields import (
    EvidenceFormMixin,
    IdentityFieldsMixin,
    date_field,
    description_limit,
)
from netral.reports.models import ELECTION_KINDS, Category, Report

TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
MAX_LINKS = 20
# Indonesia lies between about 11°S and 6°N, 95°E and 141°E; a margin keeps the islands' seas.
_LATITUDE = (Decimal("-12"), Decimal("7"))
_LONGITUDE = (Decimal("94"), Decimal("142"))
KIND_PREFIX = "kind:"  # an election not in the list, chosen by its kind only


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


MAX_LINK_LENGTH = 2000


_WEB_LINK = URLValidator(schemes=["http", "https"])


def _link_problem(line: str) -> str:
    """Why one line of the links field is no web link Netral keeps, or ""."""
    shown = echo(line, 80)
    if len(line) > MAX_LINK_LENGTH:
        return _("This link is longer than %(limit)s characters: %(link)s") % {
            "limit": grouped_digits(MAX_LINK_LENGTH),
            "link": shown,
        }
    try:
        _WEB_LINK(line)
    except ValidationError:
        return _("This is not a web link: %(link)s") % {"link": shown}
    return ""


class ReportForm(EvidenceFormMixin, IdentityFieldsMixin, forms.Form):
    """A report on either track; the API binds `ReportApiForm`, the web `ReportWebForm`."""

    identity_required_message = gettext_lazy(
        "A formal report needs this; choose initial information to stay anonymous."
    )

    track = forms.ChoiceField(
        label=gettext_lazy("How do you want to report?"),
        choices=Report.Track.choices,
        initial=Report.Track.TIP,
        widget=forms.RadioSelect,
    )
    subject_name = forms.CharField(label=gettext_lazy("Name of the civil servant"), max_length=200)
    subject_agency = forms.CharField(
        label=gettext_lazy("Where they work (office, school, agency)"),
        max_length=200,
        required=False,
    )
    subject_agency_code = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    subject_position = forms.CharField(
        label=gettext_lazy("Their position, if you know it"), max_length=200, required=False
    )
    subject_nip = forms.CharField(
        label=gettext_lazy("Their NIP, if you know it (not required)"),
        max_length=30,
        required=False,
    )
    incident_date = date_field(gettext_lazy("Date of the incident"))
    incident_time = forms.TimeField(
        label=gettext_lazy("Time, if you know it"),
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    discovered_on = date_field(
        gettext_lazy("When did you learn of it?"),
        required=False,
        help_text=gettext_lazy("For a formal report: the 7-day window counts from this day."),
    )
    region: forms.Field = forms.CharField(label=gettext_lazy("Region"), max_length=13)
    place = forms.CharField(
        label=gettext_lazy("Place (street, building, event)"), max_length=300, required=False
    )
    latitude = forms.DecimalField(
        label=gettext_lazy("Latitude"), required=False, max_digits=12, decimal_places=8
    )
    longitude = forms.DecimalField(
        label=gettext_lazy("Longitude"), required=False, max_digits=12, decimal_places=8
    )
    election: forms.Field = forms.CharField(
        label=gettext_lazy("Which election is it about?"), required=False
    )
    election_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of election"), required=False, choices=[("", "—"), *ELECTION_KINDS]
    )
    category = forms.ChoiceField(
        label=gettext_lazy("What happened?"), choices=Category.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=gettext_lazy("Describe what happened"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Who, what, where, when. Plain words are fine."),
    )
    links = forms.CharField(
        label=gettext_lazy("Links to posts or pages (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    witnesses = forms.CharField(
        label=gettext_lazy("Witnesses (names and how to reach them), if any"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, now: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = now
        self.election_object: Election | None = None
        self.agency_object: Agency | None = None

    def clean_description(self) -> str:
        text: str = self.cleaned_data["description"]
        limit = description_limit()
        if len(text) > limit:
            raise ValidationError(
                _("The description is %(count)s characters long; at most %(limit)s, please.")
                % {"count": grouped_digits(len(text)), "limit": grouped_digits(limit)},
                code="max_length",
            )
        if len(visible(text)) < 10:
            raise ValidationError(_("Describe what happened in a few words at least."))
        return text

    def clean_subject_nip(self) -> str:
        value: str = self.cleaned_data.get("subject_nip", "")
        return adapters.validate_nip(value) if value.strip() else ""

    def clean_region(self) -> Region:
        value = self.cleaned_data.get("region")
        region = value if isinstance(value, Region) else adapters.region_by_code(str(value or ""))
        if region is None:
            raise ValidationError(_("Unknown region: choose it from the list."), code="invalid")
        if region.level < 2:
            raise ValidationError(_("Choose the regency or city as well."), code="too_coarse")
        return region

    def clean_links(self) -> list[str]:
        lines = _lines(self.cleaned_data.get("links", ""))
        if len(lines) > MAX_LINKS:
            raise ValidationError(_("At most %(count)s links.") % {"count": MAX_LINKS})
        problems = [problem for line in lines if (problem := _link_problem(line))]
        if problems:
            raise ValidationError(problems)  # every wrong line at once, each named
        return list(dict.fromkeys(lines))

    def _check_dates(self) -> None:
        region = self.cleaned_data.get("region")
        today = services.intake.local_today(self.now, region.code if region else None)
        incident = self.cleaned_data.get("incident_date")
        if incident and incident > today:
            self.add_error("incident_date", _("The date of the incident cannot be in the future."))
        discovered = self.cleaned_data.get("discovered_on")
        problem = discovered and services.intake.discovery_problem(discovered, incident, today)
        if problem:
            self.add_error("discovered_on", problem)

    def _check_coordinates(self) -> None:
        latitude, longitude = self.cleaned_data.get("latitude"), self.cleaned_data.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        elif latitude is not None and longitude is not None:
            inside = _LATITUDE[0] <= latitude <= _LATITUDE[1]
            if not inside or not _LONGITUDE[0] <= longitude <= _LONGITUDE[1]:
                self.add_error("latitude", _("These coordinates are outside Indonesia."))

    def _resolve_election(self) -> None:
        """An election from the registry, or only its kind when it is not listed."""
        value = str(self.cleaned_data.get("election") or "")
        kind = str(self.cleaned_data.get("election_kind") or "")
        if value.startswith(KIND_PREFIX):
            kind, value = value.removeprefix(KIND_PREFIX), ""
        if value:
            self.election_object = adapters.election_by_code(value)
            if self.election_object is None:
                self.add_error("election", _("Unknown election: choose it from the list."))
                return
            kind = self.election_object.kind
        if kind not in dict(ELECTION_KINDS):
            self.add_error("election", _("Choose the election the incident is about."))
            return
        self.cleaned_data["election_kind"] = kind

    def _resolve_agency(self) -> None:
        code = (self.cleaned_data.get("subject_agency_code") or "").strip()
        self.agency_object = adapters.agency_for(
            name=self.cleaned_data.get("subject_agency") or "", code=code
        )
        if code and self.agency_object is None:
            self.add_error("subject_agency", _("Unknown agency code: %(code)s") % {"code": code})

    def clean(self) -> dict[str, Any]:
        super().clean()
        self._check_dates()
        self._check_coordinates()
        self._resolve_election()
        self._resolve_agency()
        if self.cleaned_data.get("track") == Report.Track.FORMAL:
            self.check_identity()
            self._check_window()
        else:
            self.forget_identity()
        return self.cleaned_data

    def _check_window(self) -> None:
        discovered = self.cleaned_data.get("discovered_on") or self.cleaned_data.get(
            "incident_date"
        )
        kind = self.cleaned_data.get("election_kind")
        if not discovered or not kind or "discovered_on" in self.errors:
            return
        region = self.cleaned_data.get("region")
        window = services.formal_window(
            discovered_on=discovered,
            election_kind=kind,
            now=self.now,
            region_code=region.code if region else None,
        )
        if not window.open:
            self.add_error(
                "discovered_on", ValidationError(services.late_message(window), code="late")
            )

    @property
    def is_late(self) -> bool:
        return self.has_error("discovered_on", "late")

    def to_input(self) -> services.ReportInput:
        data = self.cleaned_data
        formal = data["track"] == Report.Track.FORMAL
        return services.ReportInput(
            track=data["track"],
            subject_name=data["subject_name"].strip(),
            subject_agency=data.get("subject_agency", "").strip(),
            agency=self.agency_object,
            subject_position=data.get("subject_position", "").strip(),
            subject_nip=data.get("subject_nip", ""),
            incident_date=data["incident_date"],
            incident_time=data.get("incident_time"),
            discovered_on=data.get("discovered_on"),
            region=data["region"],
            place=data.get("place", "").strip(),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            election=self.election_object,
            election_kind=data["election_kind"],
            category=data["category"],
            description=data["description"],
            links=tuple(data.get("links") or ()),
            witnesses=data.get("witnesses", "").strip(),
            # A tip is anonymous by definition: identity typed on that track is never stored.
            identity=self.identity() if formal else None,
        )


def _election_choices(region_code: str) -> list[Any]:
    listed = adapters.election_options(region_code)
    unlisted = [(KIND_PREFIX + kind, label) for kind, label in ELECTION_KINDS]
    choices: list[Any] = [("", _("— choose —"))]
    if listed:
        choices.append((_("Elections"), listed))
    choices.append((_("Not in the list: choose the kind"), unlisted))
    return choices


class ReportWebForm(ReportForm):
    """The public web form: the region cascade, the election list, a honeypot, the draft token."""

    region = adapters.region_field(label=gettext_lazy("Region"))
    election = forms.ChoiceField(label=gettext_lazy("Which election is it about?"), required=False)
    draft = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)
    # Hidden from people by CSS and from assistive technology by aria-hidden; bots fill it.
    website = forms.CharField(
        required=False, label=gettext_lazy("Leave this field empty"), max_length=200
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs["maxlength"] = str(description_limit())
        region_field = self.fields["region"]
        if self.is_bound:
            code = region_field.widget.value_from_datadict(self.data, self.files, "region")
        else:
            code = str(self.initial.get("region") or "")
        election = self.fields["election"]
        assert isinstance(election, forms.ChoiceField)
        election.choices = _election_choices(code)

    def clean(self) -> dict[str, Any]:
        if self.cleaned_data.get("website"):
            raise ValidationError(
                _("The form could not be sent. Leave the last field empty and try again."),
                code="honeypot",
            )
        return super().clean()

    def draft_payload(self) -> dict[str, list[str]]:
        """What the reporter typed, for the draft (never the token or the honeypot)."""
        skip = {
            "csrfmiddlewaretoken",
            "draft",
            "website",
            "draft_remove",
            "as_tip",
            "region_refine",
        }
        data: Any = self.data
        return {key: data.getlist(key) for key in data if key not in skip}


class ReportApiForm(ValidatesOnly, ReportForm):
    """The API's report: checked and never rendered, so it shares the class's fields. Its
    consent is a boolean as the API documents it, not a checkbox that is on when sent."""

    reporter_consents = ApiBooleanField(required=False)


class ReplyForm(EvidenceFormMixin, forms.Form):
    """The reporter's answer through the receipt: a message, files, or both."""

    body = forms.CharField(
        label=gettext_lazy("Your message"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    draft = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)

    def clean_body(self) -> str:
        text: str = self.cleaned_data.get("body", "")
        limit = description_limit()
        if len(text) > limit:
            raise ValidationError(
                _("The message is %(count)s characters long; at most %(limit)s, please.")
                % {"count": grouped_digits(len(text)), "limit": grouped_digits(limit)}
            )
        return text

    def clean(self) -> dict[str, Any]:
        super().clean()
        empty = not visible(self.cleaned_data.get("body") or "") and not self.inspected
        if empty and not self.errors:
            self.add_error("body", _("Write a message or add a file."))
        return self.cleaned_data

    def draft_payload(self) -> dict[str, list[str]]:
        data: Any = self.data
        return {"body": data.getlist("body")}


class AddIdentityForm(IdentityFieldsMixin, forms.Form):
    """Turns a tip into a formal report: identity, contact, and the day the reporter learned."""

    discovered_on = date_field(gettext_lazy("When did you learn of the incident?"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        self.check_identity()
        return self.cleaned_data


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=gettext_lazy("Your receipt code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_receipt(self) -> str:
        code = crypto.normalise_receipt(self.cleaned_data["receipt"])
        if code is None:
            raise ValidationError(
                _("A receipt code has 20 letters and digits, like ABCD-EFGH-JKMN-PQRS-TVWX.")
            )
        return code
