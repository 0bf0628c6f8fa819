"""The public pages' filters (codes only, checked against the registry by the selectors), the
announcement form, and the independent auditors' recommendation and answer forms."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.accounts.models import Organisation
from netral.core.text import echo
from netral.registry.models import Election
from netral.transparency import policies, selectors, services
from netral.transparency.models import AuditRecommendation


class ScopeForm(forms.Form):
    """Election (a list), region (a Kepmendagri code), agency (its public code)."""

    election = forms.ChoiceField(label=_("Election"), required=False)
    region = forms.CharField(
        label=_("Region code"),
        required=False,
        max_length=13,
        help_text=_("A province or regency/city code, e.g. 34 or 34.02."),
    )
    agency = forms.CharField(label=_("Agency code"), required=False, max_length=100)

    def __init__(self, *args: object, with_agency: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        elections = Election.objects.order_by("-voting_day", "name").values_list("code", "name")
        election = self.fields["election"]
        assert isinstance(election, forms.ChoiceField)
        election.choices = [("", _("All elections")), *elections]
        if not with_agency:
            del self.fields["agency"]

    def codes(self) -> dict[str, str]:
        """The codes asked for, trimmed, unchecked: a download with an unknown code is a 404
        (a shared link to a code that does not exist deserves a page that says so)."""
        data = self.data
        return {
            name: str(data.get(name, "")).strip()[:140]
            for name in ("election", "region", "agency")
            if name in self.fields
        }

    # What an unknown code is called, on a page's field and in a download's error.
    unknown = selectors.UNKNOWN_CODE

    def clean_region(self) -> str:
        return self._known("region")

    def clean_agency(self) -> str:
        return self._known("agency")

    def _known(self, kind: str) -> str:
        code = str(self.cleaned_data.get(kind) or "").strip()
        if code and not selectors.known(kind, code):
            raise forms.ValidationError(self.unknown[kind], params={"code": echo(code)})
        return code

    def known_codes(self) -> dict[str, str]:
        """The codes asked for, a region or agency the registry does not know left out and
        an error on its field (the typed value stays in it): a page shows its form with the
        error and the figures as without that filter. An unknown election stays in, and is
        a 404 later: it is chosen from a list, so only a stale or hand-made link names one."""
        codes = self.codes()
        self.is_valid()
        for name in ("region", "agency"):
            if name in self.errors:
                codes[name] = ""
        return codes


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class AnnouncementForm(forms.Form):
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Published by"), queryset=Organisation.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea, max_length=20_000)
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, PNG or JPEG, at most 10 MB each; up to 5 files."),
    )

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(
            self.fields["organisation"],
            Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
        )

    def clean_attachments(self) -> list[Any]:
        files = self.cleaned_data.get("attachments") or []
        if len(files) > 5:
            raise forms.ValidationError(_("Attach at most 5 files."))
        for upload in files:
            try:
                services.check_attachment(upload)
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        return list(files)


class RecommendationForm(forms.Form):
    """An independent auditor's recommendation; cases are named by their codes in the pack."""

    auditor: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Filed by"), queryset=Organisation.objects.none(), empty_label=None
    )
    addressed_to: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Addressed to"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Recommendation"), widget=forms.Textarea, max_length=20_000)
    case_codes = forms.CharField(
        label=_("Cases in the audit pack"),
        required=False,
        max_length=2000,
        help_text=_("Case codes from your audit pack, separated by commas or spaces (optional)."),
    )
    answer_due = forms.DateField(
        label=_("Answer due by"),
        required=False,  # left empty: NETRAL_AUDIT_ANSWER_DAYS after filing
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The addressee sees this date and is marked overdue after it."),
    )

    def __init__(self, *args: Any, auditors: list[Organisation], pack: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pack = pack
        self.fields["answer_due"].initial = services.default_answer_due(timezone.now())
        _limit(self.fields["auditor"], Organisation.objects.filter(pk__in=[o.pk for o in auditors]))
        _limit(self.fields["addressed_to"], policies.addressable_organisations())

    def clean_answer_due(self) -> dt.date | None:
        due: dt.date | None = self.cleaned_data.get("answer_due")
        if due is None:
            return None
        today = timezone.localdate()
        if due <= today:
            raise forms.ValidationError(_("Choose a day after today."))
        if due > today + dt.timedelta(days=366):
            raise forms.ValidationError(_("Choose a day within a year."))
        return due

    def clean_case_codes(self) -> list[str]:
        raw = self.cleaned_data.get("case_codes") or ""
        codes = sorted({code.upper() for code in raw.replace(",", " ").split()})
        known = set(self.pack.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise forms.ValidationError(
                _("Not in your audit pack: %(codes)s.") % {"codes": ", ".join(unknown[:10])}
            )
        return codes


def _limit(field: forms.Field, queryset: Any) -> None:
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset.select_related("region")


class AnswerForm(forms.Form):
    """The addressee's response to an auditor's recommendation."""

    answer = forms.ChoiceField(label=_("Answer"), choices=AuditRecommendation.Answer.choices)
    response = forms.CharField(
        label=_("Response and reasons"), widget=forms.Textarea, max_length=20_000
    )
