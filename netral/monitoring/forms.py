"""Input of the monitoring pages: queue filters, review actions, uploads, accounts."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from netral.core.forms import check_range
from netral.monitoring.models import PLATFORMS, Finding, Item, WatchedAccount
from netral.registry.models import Election

MAX_UPLOAD = 50 * 1024 * 1024


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("All")), *choices]


class QueueFilterForm(forms.Form):
    election = forms.ModelChoiceField(
        queryset=Election.objects.none(), required=False, to_field_name="code", label=_("Election")
    )
    candidate = forms.IntegerField(
        required=False, min_value=1, max_value=99, label=_("Ballot number")
    )
    platform = forms.ChoiceField(choices=_blank(PLATFORMS), required=False, label=_("Platform"))
    kind = forms.ChoiceField(
        choices=_blank(Item.Kind.choices), required=False, label=_("Interaction")
    )
    status = forms.ChoiceField(
        choices=[("open", _("To review")), *_blank(Finding.Status.choices)],
        required=False,
        label=_("Status"),
    )
    min_score = forms.FloatField(required=False, min_value=0, max_value=1, label=_("Score from"))
    max_score = forms.FloatField(required=False, min_value=0, max_value=1, label=_("Score up to"))

    def __init__(self, *args: Any, elections: QuerySet[Election], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["election"].queryset = elections  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_range(self, "min_score", "max_score", _("“Score up to” is below “Score from”."))
        return data

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {"status": "open"}
        if not self.is_valid():
            return {"status": "open"}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this not campaigning?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Your reason becomes a training example for the detector."),
    )


class ConfirmForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=1000, required=False)


class ImportForm(forms.Form):
    election = forms.ModelChoiceField(
        queryset=Election.objects.none(), to_field_name="code", label=_("Election")
    )
    file = forms.FileField(
        label=_("Export file"),
        help_text=_("JSON lines (.jsonl) or CSV (.csv), UTF-8; see the monitoring guide."),
    )

    def __init__(self, *args: Any, elections: QuerySet[Election], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["election"].queryset = elections  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".jsonl", ".json", ".ndjson", ".csv", ".txt")):
            raise forms.ValidationError(_("Choose a .jsonl or .csv file."))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 50 MB: split it."))
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class AgencyAccountForm(forms.Form):
    platform = forms.ChoiceField(choices=PLATFORMS, label=_("Platform"))
    handle = forms.CharField(max_length=200, label=_("Handle"))
    display_name = forms.CharField(max_length=200, required=False, label=_("Name"))
    kind = forms.ChoiceField(
        choices=[
            (WatchedAccount.Kind.AGENCY, WatchedAccount.Kind.AGENCY.label),
            (WatchedAccount.Kind.CANDIDATE, WatchedAccount.Kind.CANDIDATE.label),
        ],
        label=_("Kind"),
    )
    election = forms.ModelChoiceField(
        queryset=Election.objects.none(), to_field_name="code", label=_("Election")
    )

    def __init__(self, *args: Any, elections: QuerySet[Election], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["election"].queryset = elections  # type: ignore[attr-defined]
