"""The dashboards' filters: election, region, agency and period, by code, all optional."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from netral.accounts import access
from netral.core.forms import check_range
from netral.insights.figures import Scope
from netral.registry.models import Agency, Election, Region


class FilterForm(forms.Form):
    """Unknown codes and impossible periods are form errors: the page shows an empty state that
    says which, never an error page."""

    election = forms.CharField(label=_("Election code"), required=False, max_length=140)
    region = forms.CharField(label=_("Region code"), required=False, max_length=13)
    agency = forms.CharField(label=_("Agency code"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_election(self) -> str:
        code = str(self.cleaned_data["election"]).strip()
        if code and not Election.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("No election has the code %(code)s."), params={"code": code}
            )
        return code

    def clean_region(self) -> str:
        code = str(self.cleaned_data["region"]).strip()
        if code and not Region.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("No region has the code %(code)s."), params={"code": code}
            )
        return code

    def clean_agency(self) -> str:
        code = str(self.cleaned_data["agency"]).strip()
        if code and not Agency.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("No agency has the code %(code)s."), params={"code": code}
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_range(self, "date_from", "date_to")
        start, end = data.get("date_from"), data.get("date_to")
        if start and start > dt.date(2100, 1, 1) or end and end < dt.date(2000, 1, 1):
            raise forms.ValidationError(_("That period lies outside any recorded data."))
        return data

    def scope(
        self,
        actor: access.Actor | None,
        default_region: str = "",
        organisation: int | None = None,
    ) -> Scope:
        """The scope these filters describe (call after `is_valid()`)."""
        data = self.cleaned_data if self.is_bound else {}
        return Scope(
            election=data.get("election", ""),
            region=data.get("region", "") or default_region,
            agency=data.get("agency", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            organisation=organisation,
            actor=actor,
        )
