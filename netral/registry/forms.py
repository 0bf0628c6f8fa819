"""Form pieces other apps embed: the region cascade (province → regency → district → village).

The cascade is four plain <select>s. Without JavaScript, a "Refine" submit button reloads the
form with the next level's choices; with htmx, changing a select swaps in the next level at once.
How to embed it in another app's form: docs/data.md, "Region cascade".
"""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from netral.registry import lookups, selectors
from netral.registry.models import Region

LEVEL_LABELS = {
    1: _("Province"),
    2: _("Regency / city"),
    3: _("District (kecamatan)"),
    4: _("Village (desa / kelurahan)"),
}
FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")


def deepest_code(data: Any, name: str, max_level: int = 4) -> str:
    """The deepest selected code whose parents are also the selected ones; "" if none.

    A child left over from an earlier choice of parent is dropped, so a no-JavaScript user who
    changes the province never submits a village of the old one.
    """
    code = ""
    for level in range(1, max_level + 1):
        value = str(data.get(f"{name}_{level}") or "").strip()
        expected_dots = level - 1
        if (
            not value
            or value.count(".") != expected_dots
            or (code and not Region.lies_within(value, code))
        ):
            break
        code = value
    return code


def refine_requested(data: Any, name: str = "region") -> bool:
    """True when the no-JavaScript "Refine" button of the cascade named `name` was pressed."""
    return f"{name}_refine" in data


def refine_initial(data: QueryDict, name: str = "region", max_level: int = 4) -> dict[str, Any]:
    """Initial values to redisplay a form after "Refine", without showing errors yet."""
    initial: dict[str, Any] = data.dict()
    initial[name] = deepest_code(data, name, max_level)
    return initial


class RegionCascadeWidget(forms.Widget):
    """Four dependent selects; the value is the deepest consistent region code."""

    template_name = "registry/widgets/region_cascade.html"

    def __init__(self, *, max_level: int = 4, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.max_level = max_level

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str:
        return deepest_code(data, name, self.max_level)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return f"{name}_1" not in data

    def format_value(self, value: Any) -> str:
        if isinstance(value, Region):
            return value.code
        return str(value or "")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        code = self.format_value(value)
        chosen = selectors.ancestor_codes(code) if code else []
        levels = []
        for level in range(1, self.max_level + 1):
            if level > 1 and len(chosen) < level - 1:
                break
            parent = chosen[level - 2] if level > 1 else None
            options = lookups.region_options(parent)
            levels.append(
                {
                    "level": level,
                    "name": f"{name}_{level}",
                    "id": f"{context['widget']['attrs'].get('id', 'id_' + name)}_{level}",
                    "label": LEVEL_LABELS[level],
                    "options": options,
                    "selected": chosen[level - 1] if len(chosen) >= level else "",
                }
            )
        context["widget"].update(
            {"levels": levels, "max_level": self.max_level, "code": code, "field_name": name}
        )
        return context


class RegionCascadeField(forms.Field):
    """A region chosen through the cascade; cleans to a Region at `min_level` or deeper."""

    widget = RegionCascadeWidget

    def __init__(self, *, min_level: int = 1, max_level: int = 4, **kwargs: Any) -> None:
        kwargs.setdefault("widget", RegionCascadeWidget(max_level=max_level))
        kwargs.setdefault("label", _("Region"))
        super().__init__(**kwargs)
        self.min_level = min_level

    def to_python(self, value: Any) -> Region | None:
        if isinstance(value, Region) or not value:
            return value or None
        region = lookups.region_by_code(str(value))
        if region is None:
            raise ValidationError(_("Choose a region from the list."), code="invalid")
        return region

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and value.level < self.min_level:
            raise ValidationError(
                _("Choose down to the %(level)s.") % {"level": LEVEL_LABELS[self.min_level]},
                code="too_coarse",
            )

    def prepare_value(self, value: Any) -> str:
        return value.code if isinstance(value, Region) else str(value or "")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class AutocompleteInput(forms.TextInput):
    """A text input for a code with suggestions: without JavaScript the reader types the code
    (or picks from the suggestions the browser already has); with htmx, typing fills the
    <datalist> from a registry search (`format=options`), which reads the input's own name."""

    template_name = "registry/widgets/autocomplete.html"

    def __init__(self, url_name: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.url_name = url_name

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        options_id = f"{widget['attrs'].get('id', name)}-options"
        widget["options_id"] = options_id
        widget["url_name"] = self.url_name
        widget["attrs"].update({"list": options_id, "autocomplete": "off"})
        return context
