"""Staff forms: the intake queue filters and the triage actions."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from netral.accounts.models import Organisation, User
from netral.core.forms import check_range
from netral.registry.models import Region
from netral.reports import policies, selectors
from netral.reports.form_fields import date_field
from netral.reports.models import Category, Report


def _region_choices(user: policies.AnyUser) -> list[tuple[str, Any]]:
    """The user's jurisdictions and the level just below each (all provinces for Bawaslu RI)."""
    codes = policies.intake_codes(user)
    if "" in codes:
        regions = Region.objects.filter(level=1)
    else:
        regions = Region.objects.filter(code__in=codes) | Region.objects.filter(
            parent__code__in=codes
        )
    return [("", _("All my regions"))] + [(r.code, f"{r.code} {r.name}") for r in regions]


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Report number, name, agency, place or words of the description"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open (to review)")), *Report.Status.choices],
    )
    track = forms.ChoiceField(
        label=_("Track"), required=False, choices=[("", _("All")), *Report.Track.choices]
    )
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[])
    category = forms.ChoiceField(
        label=_("What happened"), required=False, choices=[("", _("All")), *Category.choices]
    )
    date_from = date_field(_("Incident from"), required=False)
    date_to = date_field(_("Incident until"), required=False)
    mine = forms.BooleanField(label=_("Only reports assigned to me"), required=False)

    def __init__(self, *args: Any, user: policies.AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = _region_choices(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_range(self, "date_from", "date_to")
        return data

    def filters(self) -> selectors.QueueFilters:
        data = self.cleaned_data
        return selectors.QueueFilters(
            text=(data.get("q") or "").strip(),
            status=data.get("status") or "",
            track=data.get("track") or "",
            region=data.get("region") or "",
            category=data.get("category") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            mine=bool(data.get("mine")),
        )


class _PanelForm(forms.Form):
    """A form of the report page's side panel. Several of them share field names (`reason` in
    both the reject and the forward form), so each gets its own id prefix: labels and the error
    summary's links then reach its own box. The POST field names stay as they are."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class MessageForm(_PanelForm):
    id_prefix = "ask"
    message = forms.CharField(
        label=_("Question for the reporter"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RejectForm(_PanelForm):
    id_prefix = "reject"
    reason = forms.CharField(
        label=_("Reason (the reporter will read it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DuplicateForm(_PanelForm):
    id_prefix = "duplicate"
    original = forms.CharField(
        label=_("Reference of the earlier report"),
        max_length=20,
        help_text=_("For example 7K3M-9Q2X-ABCD"),
    )


class _BulkOfficerField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class BulkForm(forms.Form):
    """The intake queue's bulk action on the ticked reports."""

    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("reject", _("Reject with one reason")),
            ("duplicate", _("Mark as duplicates")),
            ("assign", _("Assign to a colleague")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason (the reporters will read it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    original = forms.CharField(
        label=_("Reference of the earlier report"),
        required=False,
        max_length=20,
        help_text=_("For example 7K3M-9Q2X-ABCD"),
    )
    assignee = _BulkOfficerField(
        label=_("Colleague to assign them to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choose an officer"),
        error_messages={"invalid_choice": _("Choose an officer of your Bawaslu from the list.")},
    )

    def __init__(self, *args: Any, user: policies.AnyUser = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.queue_colleagues(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("action") == "assign"
            and not data.get("assignee")
            and not self.has_error("assignee")
        ):
            self.add_error("assignee", _("Choose the colleague to assign them to."))
        if data.get("action") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason; the reporters will read it."))
        if data.get("action") == "duplicate" and not (data.get("original") or "").strip():
            self.add_error("original", _("Give the reference of the earlier report."))
        return data


class _OfficerField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class AssignForm(_PanelForm):
    """Gives the report to a colleague of the Bawaslu handling it."""

    id_prefix = "assign"

    assignee = _OfficerField(
        label=_("Officer"), queryset=User.objects.none(), empty_label=_("Choose an officer")
    )

    def __init__(self, *args: Any, report: Report, user: policies.AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.assignable_colleagues(report, user)
        field.initial = report.assignee_id


class ForwardForm(_PanelForm):
    """Hands the report to the competent Bawaslu for its region, with the reason."""

    id_prefix = "forward"

    to = forms.ModelChoiceField(
        label=_("Bawaslu"), queryset=Organisation.objects.none(), empty_label=_("Choose a Bawaslu")
    )
    reason = forms.CharField(
        label=_("Why it is competent"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, report: Report, user: policies.AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.forward_targets(report, user)
