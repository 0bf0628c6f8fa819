"""What every app's forms share."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # django-stubs is a development dependency only
    from django_stubs_ext import StrOrPromise

# Said by every filter whose period is reversed (cases queue, evaluation, intake queue).
PERIOD_ENDS_BEFORE_START = _("The period ends before it starts.")


def check_range(
    form: forms.Form,
    start: str,
    end: str,
    message: "StrOrPromise" = PERIOD_ENDS_BEFORE_START,
) -> None:
    """Puts `message` on the `end` field when both ends are given and the end comes before the
    start: a reversed range would otherwise quietly match nothing. Call from `clean()`."""
    low, high = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if low is not None and high is not None and low > high:
        form.add_error(end, message)


class ApiBooleanField(forms.BooleanField):
    """A yes/no an API documents as a boolean, read with the words pydantic reads (true/false,
    1/0, yes/no, on/off, t/f, y/n; absent or empty is false). Django's `BooleanField` takes any
    other text as true, which for a consent would be a guess."""

    # The text as sent: a checkbox widget would already have turned any text into true.
    widget = forms.TextInput
    TRUE = frozenset({"true", "1", "yes", "on", "t", "y"})
    FALSE = frozenset({"false", "0", "no", "off", "f", "n", ""})

    def to_python(self, value: Any) -> bool:
        word = str(value or "").strip().lower()
        if word in self.TRUE or word in self.FALSE:
            return word in self.TRUE
        raise forms.ValidationError(_("Enter true or false."), code="invalid")


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
