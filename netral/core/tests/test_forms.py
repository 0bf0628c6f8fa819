"""Forms that only check input share their class's fields (core.forms.ValidatesOnly)."""

from django import forms

from netral.core.forms import ValidatesOnly


class Plain(forms.Form):
    name = forms.CharField(max_length=5)
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])


class Checked(ValidatesOnly, Plain):
    pass


def test_a_validating_form_uses_the_class_fields_and_a_plain_form_copies_them():
    checked, plain = Checked({}), Plain({})
    assert all(checked.fields[name] is Checked.base_fields[name] for name in Checked.base_fields)
    assert all(plain.fields[name] is not Plain.base_fields[name] for name in Plain.base_fields)


def test_a_validating_form_checks_as_the_plain_form_does():
    for data in ({"name": "Budi", "kind": "a"}, {"name": "Budi Santoso", "kind": "z"}, {}):
        checked, plain = Checked(data), Plain(data)
        assert checked.is_valid() == plain.is_valid()
        assert checked.errors == plain.errors


def test_one_validating_form_errors_do_not_reach_the_next():
    Checked({"name": "Budi Santoso"}).is_valid()
    form = Checked({"name": "Budi", "kind": "b"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"name": "Budi", "kind": "b"}
