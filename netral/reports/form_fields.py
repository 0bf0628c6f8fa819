"""Form pieces shared by the report, reply and identity forms: evidence upload and identity."""

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.reports import adapters, evidence, services

if TYPE_CHECKING:  # django-stubs is a development dependency only
    from django_stubs_ext import StrOrPromise

# +62 / 62 / 0, then 8 to 12 digits: mobile (08xx) and fixed lines with area codes.
_PHONE = re.compile(r"^(?:\+?62|0)([1-9]\d{7,11})$")
IDENTITY_FIELDS = ("reporter_name", "reporter_nik", "reporter_address")
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


def date_field(label: "StrOrPromise", **options: Any) -> forms.DateField:
    """A date with the browser's date picker; typed dates may also be DD-MM-YYYY or DD/MM/YYYY.
    Each may start a deadline, so each lies within the legal clock's calendar."""
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        validators=[adapters.check_on_clock],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **options,
    )


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
    """Several files in one input; each is checked by `evidence.check` in the form."""

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

    def __init__(
        self,
        *args: Any,
        kept: list[Any] | None = None,
        pixels_over_budget: Callable[[int], bool] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kept = kept or []  # draft files already checked, as (DraftFile, open file)
        # Counts the decoding this request asks for against the client's budget (throttle.py).
        self.pixels_over_budget = pixels_over_budget
        self.inspected: list[evidence.Inspected] = []
        self.new_inspected: list[evidence.Inspected] = []

    def _check_decode_budget(self, files: list[UploadedFile[bytes]]) -> None:
        """Reads every image's header before decoding any: a request that would cost too many
        pixels is refused at once, with nothing decoded (issue 12: ten 64-MP PNGs)."""
        handles = [*files, *(handle for _item, handle in self.kept)]
        cost = sum(evidence.decode_cost(handle) for handle in handles)
        limit = evidence.limits().pixels_per_request
        if cost > limit:
            raise ValidationError(
                _(
                    "These images are too large to check together (%(total)s megapixels, at most "
                    "%(limit)s in one sending). Send them in several smaller sendings."
                )
                % {"total": round(cost / 1e6), "limit": round(limit / 1e6)},
                code="pixels",
            )
        if self.pixels_over_budget is not None and self.pixels_over_budget(cost):
            raise ValidationError(
                _("Too many large images from this connection in the last minute. Wait a minute."),
                code="pixels_rate",
            )

    def clean_evidence(self) -> list[UploadedFile[bytes]]:
        files: list[UploadedFile[bytes]] = self.cleaned_data.get("evidence") or []
        self._check_decode_budget(files)
        problems: list[ValidationError] = []
        # Nothing is decoded here: images are checked by their header and decoded by the task
        # worker once the report is stored (decision 0180).
        kept = [evidence.check(handle, item.original_name) for item, handle in self.kept]
        for upload in files:
            try:
                self.new_inspected.append(evidence.check(upload, upload.name or ""))
            except ValidationError as problem:
                problems.append(problem)
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

    # Said where a required identity field is empty; the report form adds the way out.
    identity_required_message = gettext_lazy("A formal report needs this.")

    def check_identity(self) -> None:
        """Name, NIK, address and a phone or e-mail: what the law asks of a formal reporter."""
        required = str(self.identity_required_message)
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
