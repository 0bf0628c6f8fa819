"""Input parsing for the public report form, the reply form and the staff triage forms.

The JSON API binds the same `ReportForm`, so a partner app gets the same checks and the same
translated messages as the web form.
"""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.registry.models import Agency, Election, Region
from netral.reports import adapters, crypto, evidence, services
from netral.reports.models import ELECTION_KINDS, Category, Report

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
MAX_LINKS = 20
# +62 / 62 / 0, then 8 to 12 digits: mobile (08xx) and fixed lines with area codes.
_PHONE = re.compile(r"^(?:\+?62|0)([1-9]\d{7,11})$")
# Indonesia lies between about 11°S and 6°N, 95°E and 141°E; a margin keeps the islands' seas.
_LATITUDE = (Decimal("-12"), Decimal("7"))
_LONGITUDE = (Decimal("94"), Decimal("142"))
IDENTITY_FIELDS = ("reporter_name", "reporter_nik", "reporter_address")
KIND_PREFIX = "kind:"  # an election not in the list, chosen by its kind only


def description_limit() -> int:
    return int(getattr(settings, "NETRAL_REPORT_DESCRIPTION_MAX", 10_000))


def normalise_phone(value: str) -> str:
    """An Indonesian phone number as +62…, or ValidationError."""
    digits = re.sub(r"[\s\-().]", "", value)
    match = _PHONE.match(digits)
    if not match:
        raise ValidationError(
            _("Enter an Indonesian phone number, for example 0812 3456 7890 or +62 812 3456 7890."),
            code="phone",
        )
    return "+62" + match.group(1)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by `evidence.inspect` in the form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [item for item in items if item]


class EvidenceFormMixin(forms.Form):
    """Checks uploaded files one by one, so one bad file names itself and the rest are kept."""

    evidence = MultipleFileField(
        label=gettext_lazy("Evidence files"),
        required=False,
        help_text=gettext_lazy(
            "Photos, screenshots, PDF, audio or video. Archives (ZIP, RAR) are refused."
        ),
    )

    def __init__(self, *args: Any, kept: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kept = kept or []  # draft files already checked, as (DraftFile, open file)
        self.inspected: list[evidence.Inspected] = []
        self.new_inspected: list[evidence.Inspected] = []

    def clean_evidence(self) -> list[UploadedFile[bytes]]:
        files: list[UploadedFile[bytes]] = self.cleaned_data.get("evidence") or []
        problems: list[ValidationError] = []
        for upload in files:
            try:
                self.new_inspected.append(evidence.inspect(upload, upload.name or ""))
            except ValidationError as problem:
                problems.append(problem)
        kept = [evidence.inspect(handle, item.original_name) for item, handle in self.kept]
        self.inspected = kept + self.new_inspected
        limit = evidence.limits().max_files
        if len(self.inspected) > limit:
            problems.append(
                ValidationError(
                    _("At most %(count)s files can be sent at once.") % {"count": limit},
                    code="count",
                )
            )
        if problems:
            raise ValidationError(problems)
        return files


class IdentityFieldsMixin(forms.Form):
    reporter_name = forms.CharField(
        label=gettext_lazy("Your full name"), max_length=200, required=False
    )
    reporter_nik = forms.CharField(
        label=gettext_lazy("Your NIK (16 digits, as on your KTP)"), max_length=24, required=False
    )
    reporter_address = forms.CharField(
        label=gettext_lazy("Your address"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reporter_phone = forms.CharField(
        label=gettext_lazy("Phone or WhatsApp"), max_length=24, required=False
    )
    reporter_email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254, required=False)
    reporter_consents = forms.BooleanField(
        label=gettext_lazy(
            "My identity may be passed on with the case to BKN and the official who imposes "
            "the sanction (PPK). Without this, it stays with Bawaslu."
        ),
        required=False,
    )

    def clean_reporter_nik(self) -> str:
        value: str = self.cleaned_data.get("reporter_nik", "")
        return adapters.validate_nik(value) if value.strip() else ""

    def clean_reporter_phone(self) -> str:
        value: str = self.cleaned_data.get("reporter_phone", "")
        return normalise_phone(value) if value.strip() else ""

    def check_identity(self) -> None:
        """Name, NIK, address and a phone or e-mail: what the law asks of a formal reporter."""
        required = _("A formal report needs this; choose initial information to stay anonymous.")
        for name in IDENTITY_FIELDS:
            if not self.cleaned_data.get(name) and name not in self.errors:
                self.add_error(name, ValidationError(required, code="required"))
        contact = ("reporter_phone", "reporter_email")
        if not any(self.cleaned_data.get(n) for n in contact) and not any(
            n in self.errors for n in contact
        ):
            self.add_error("reporter_phone", _("Give a phone number or an e-mail address."))

    def forget_identity(self) -> None:
        """On the anonymous track identity fields are ignored, so their errors are too."""
        for name in (*IDENTITY_FIELDS, "reporter_phone", "reporter_email"):
            self.errors.pop(name, None)
            self.cleaned_data.pop(name, None)

    def identity(self) -> services.IdentityInput:
        data = self.cleaned_data
        return services.IdentityInput(
            name=data["reporter_name"].strip(),
            nik=data["reporter_nik"],
            address=data["reporter_address"].strip(),
            phone=data.get("reporter_phone", ""),
            email=data.get("reporter_email", ""),
            shareable=bool(data.get("reporter_consents")),
        )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ReportForm(EvidenceFormMixin, IdentityFieldsMixin, forms.Form):
    """A report on either track; the API binds this form, the web binds `ReportWebForm`."""

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
    incident_date = forms.DateField(
        label=gettext_lazy("Date of the incident"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    incident_time = forms.TimeField(
        label=gettext_lazy("Time, if you know it"),
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    discovered_on = forms.DateField(
        label=gettext_lazy("When did you learn of it?"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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
        self.fields["description"].widget.attrs["maxlength"] = str(description_limit())

    def clean_description(self) -> str:
        text: str = self.cleaned_data["description"]
        limit = description_limit()
        if len(text) > limit:
            raise ValidationError(
                _("The description is %(count)s characters long; at most %(limit)s, please.")
                % {"count": len(text), "limit": limit},
                code="max_length",
            )
        if len(text.strip()) < 10:
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
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                if len(line) > 2000:
                    raise ValidationError("too long")
                validate(line)
            except ValidationError as exc:
                raise ValidationError(
                    _("This is not a web link: %(link)s") % {"link": line[:80]}
                ) from exc
        return list(dict.fromkeys(lines))

    def _check_dates(self) -> None:
        today = services.intake.local_today(self.now)
        incident = self.cleaned_data.get("incident_date")
        if incident and incident > today:
            self.add_error("incident_date", _("The date of the incident cannot be in the future."))
        discovered = self.cleaned_data.get("discovered_on")
        if discovered and discovered > today:
            self.add_error("discovered_on", _("This date cannot be in the future."))
        elif discovered and incident and discovered < incident:
            self.add_error("discovered_on", _("You cannot have learned of it before it happened."))

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
        window = services.formal_window(discovered_on=discovered, election_kind=kind, now=self.now)
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
    listed = [(e.code, e.name) for e in adapters.elections_for(region_code)]
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
                % {"count": len(text), "limit": limit}
            )
        return text

    def clean(self) -> dict[str, Any]:
        super().clean()
        empty = not (self.cleaned_data.get("body") or "").strip() and not self.inspected
        if empty and not self.errors:
            self.add_error("body", _("Write a message or add a file."))
        return self.cleaned_data

    def draft_payload(self) -> dict[str, list[str]]:
        data: Any = self.data
        return {"body": data.getlist("body")}


class AddIdentityForm(IdentityFieldsMixin, forms.Form):
    """Turns a tip into a formal report: identity, contact, and the day the reporter learned."""

    discovered_on = forms.DateField(
        label=gettext_lazy("When did you learn of the incident?"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

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


class MessageForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Question for the reporter"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (the reporter will read it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DuplicateForm(forms.Form):
    original = forms.CharField(
        label=gettext_lazy("Reference of the earlier report"),
        max_length=20,
        help_text=gettext_lazy("For example 7K3M-9Q2X-ABCD"),
    )
