"""The public pages' filters: codes only, checked against the registry by the selectors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from netral.registry.models import Election


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
        """The codes asked for, trimmed; an unknown code is not an error here but a 404 later
        (a shared link to a code that does not exist deserves a page that says so)."""
        data = self.data
        return {
            name: str(data.get(name, "")).strip()[:140]
            for name in ("election", "region", "agency")
            if name in self.fields
        }
