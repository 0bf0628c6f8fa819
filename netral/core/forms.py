"""What every app's forms share."""

from typing import Any

from django import forms


class _SameFields(dict[str, forms.Field]):
    """A form's fields whose deep copy is the same field objects (see `ValidatesOnly`)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


class ValidatesOnly:
    """For a form that only checks input (an API's) and is never rendered: its instances use
    the class's field objects instead of Django's deep copy of every field, widget and choice
    list, which was half of the form's cost per API report (docs/performance.md).

    Django copies the fields so that one form can change its own (choices, widget attributes)
    without touching the next; a form with this mixin must not change them. `Field.clean`
    changes nothing, so checking is safe, also in threads.
    """

    base_fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.base_fields = _SameFields(type(self).base_fields)
        super().__init__(*args, **kwargs)
