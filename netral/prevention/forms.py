from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from netral.prevention.models import Briefing, Campaign
from netral.registry.models import Agency, Election, SocialAccount

PLATFORM_CHOICES = [("", "—"), *SocialAccount.Platform.choices]
TEXT_REQUIRED = _("Write the text of the pledge.")
TEXT_TOO_LONG = _(
    "Keep the pledge text to at most %(limit_value)d characters (it has %(show_value)d)."
)


class CampaignForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    election = forms.ModelChoiceField(label=_("Election"), queryset=Election.objects.all())
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Pledge text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Signatures keep the version of the text they signed."),
        max_length=Campaign.TEXT_MAX_LENGTH,
        error_messages={"max_length": TEXT_TOO_LONG, "required": TEXT_REQUIRED},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["election"].queryset = covering_elections(agencies)  # type: ignore[attr-defined]


def covering_elections(agencies: QuerySet[Agency]) -> QuerySet[Election]:
    """The elections held in the region of at least one of `agencies` (national ones always;
    every one for an agency of no region); the service refuses any other pair, this only keeps
    them off the list."""
    codes = set(agencies.values_list("region__code", flat=True))
    elections = Election.objects.select_related("region")
    if None in codes:
        return elections
    kept = [e.pk for e in elections if any(e.covers(code) for code in codes)]
    return Election.objects.filter(pk__in=kept)


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Pledge text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=Campaign.TEXT_MAX_LENGTH,
        error_messages={"max_length": TEXT_TOO_LONG, "required": TEXT_REQUIRED},
    )


class CloseForm(forms.Form):
    """Closing is final: the officer ticks that they understand (works without JavaScript)."""

    understood = forms.BooleanField(
        label=_("I understand the campaign cannot be opened again."),
        help_text=_("No more signatures, codes or paper lists are taken once it is closed."),
        error_messages={"required": _("Tick the box to confirm that you want to close it.")},
    )


class IdentityForm(forms.Form):
    """NIP and one-time code: how an ASN proves who they are (never by NIP alone)."""

    nip = forms.CharField(
        label=_("NIP"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("18 digits, as on your staff card."),
    )
    code = forms.CharField(
        label=_("Signing code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
        help_text=_("The code your agency gave you, e.g. ABCD-EF23."),
    )


class SignForm(IdentityForm):
    """NIP, one-time code, up to three declared accounts and the pledge itself."""

    platform_1 = forms.ChoiceField(
        label=_("Account 1: platform"), choices=PLATFORM_CHOICES, required=False
    )
    handle_1 = forms.CharField(label=_("Account 1: name"), max_length=100, required=False)
    platform_2 = forms.ChoiceField(
        label=_("Account 2: platform"), choices=PLATFORM_CHOICES, required=False
    )
    handle_2 = forms.CharField(label=_("Account 2: name"), max_length=100, required=False)
    platform_3 = forms.ChoiceField(
        label=_("Account 3: platform"), choices=PLATFORM_CHOICES, required=False
    )
    handle_3 = forms.CharField(label=_("Account 3: name"), max_length=100, required=False)
    agree = forms.BooleanField(
        label=_("I have read the pledge and sign it."),
        error_messages={"required": _("Tick this statement to sign the pledge.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in (1, 2, 3):
            platform, handle = data.get(f"platform_{n}"), (data.get(f"handle_{n}") or "").strip()
            if handle and not platform:
                self.add_error(f"platform_{n}", _("Choose the platform of this account."))
            if platform and not handle:
                self.add_error(
                    f"handle_{n}", _("Write the account name, or leave the platform empty.")
                )
        return data

    def accounts(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (data[f"platform_{n}"], data[f"handle_{n}"])
            for n in (1, 2, 3)
            if data.get(f"platform_{n}") and data.get(f"handle_{n}")
        ]


class UnitForm(forms.Form):
    unit = forms.ChoiceField(label=_("Work unit"))

    def __init__(self, *args: Any, units: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("*", _("The whole agency"))] + [  # type: ignore[attr-defined]
            (unit, unit or _("(no unit)")) for unit in units
        ]


class CodeSheetForm(UnitForm):
    include_emailed = forms.BooleanField(
        label=_("Also print new codes for staff whose code was e-mailed"),
        required=False,
        help_text=_("Their e-mailed code stops working."),
    )


class EmailCodesForm(UnitForm):
    reissue = forms.BooleanField(
        label=_("Send new codes also to staff already e-mailed one"),
        required=False,
        help_text=_("Their earlier code stops working. Without this, nobody gets two codes."),
    )


class TableUploadForm(forms.Form):
    """A form with a CSV/XLSX `table`; `wrong_type` says so when it is neither."""

    wrong_type: Any = _("Upload the list as .csv or .xlsx.")

    def clean_table(self) -> Any:
        table = self.cleaned_data["table"]
        if not str(table.name).lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(self.wrong_type)
        return table


class AddressListForm(TableUploadForm):
    table = forms.FileField(
        label=_("Staff e-mail addresses"),
        help_text=_("CSV or XLSX with the columns “nip” and “email”."),
    )
    wrong_type = _("Upload the list of addresses as .csv or .xlsx.")


class PaperListForm(TableUploadForm):
    scan = forms.FileField(
        label=_("Scanned signed list"), help_text=_("PDF or image of the signed ceremony list.")
    )
    table = forms.FileField(
        label=_("NIPs on the list"),
        help_text=_("CSV or XLSX with a column “nip” (and optionally “nama”)."),
    )
    wrong_type = _("Upload the list of NIPs as .csv or .xlsx.")

    def clean_scan(self) -> Any:
        scan = self.cleaned_data["scan"]
        if not str(scan.name).lower().endswith((".pdf", ".jpg", ".jpeg", ".png")):
            raise forms.ValidationError(_("Upload the scan as PDF, JPG or PNG."))
        return scan


ANSWER_CHOICES = [("boleh", _("Allowed")), ("tidak_boleh", _("Not allowed"))]


class QuizForm(IdentityForm):
    """One quiz: the signed ticket naming its questions, then one answer per question."""

    ticket = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n, text in enumerate(questions):
            # The questions are the catalogue's Indonesian examples, marked so in any language.
            label = format_html('{}. <span lang="id">{}</span>', n + 1, text)
            self.fields[f"q{n}"] = forms.ChoiceField(
                label=label, choices=ANSWER_CHOICES, widget=forms.RadioSelect
            )
        self.order_fields([f"q{n}" for n in range(len(questions))] + ["nip", "code"])

    def answers(self) -> list[str]:
        count = sum(1 for name in self.fields if name.startswith("q"))
        return [self.cleaned_data[f"q{n}"] for n in range(count)]


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Certificate code"), max_length=20)


class BriefingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Briefing.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    organiser = forms.CharField(
        label=_("Organiser"),
        max_length=120,
        required=False,
        help_text=_("E.g. BKPSDM, Inspektorat, Korpri, Bawaslu."),
    )
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("For an online event; leave the place empty or give both."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        missing = not (data.get("place") or "").strip() and not data.get("online_url")
        if missing and "online_url" not in self.errors:
            self.add_error("place", _("Give the place, or the link of the online meeting."))
        return data


class AttendanceListForm(TableUploadForm):
    table = forms.FileField(
        label=_("Attendance list"),
        help_text=_("CSV or XLSX with a column “nip” (and optionally “nama”)."),
    )
    wrong_type = _("Upload the attendance list as .csv or .xlsx.")


class CheckInForm(IdentityForm):
    """The event's code from the screen, then the ASN's NIP and one-time code."""

    event_code = forms.CharField(
        label=_("Event code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        help_text=_("The six characters shown on the screen at the event."),
    )

    field_order = ["event_code", "nip", "code"]


class MaterialForm(forms.Form):
    file = forms.FileField(
        label=_("Material"),
        help_text=_("A PDF (slides saved as PDF, a handout) or an image."),
    )
    public = forms.BooleanField(
        label=_("Public: anyone with the link may download it"),
        required=False,
        help_text=_("Otherwise only attendees and the staff who see this campaign."),
    )
