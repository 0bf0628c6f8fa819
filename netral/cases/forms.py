"""Forms of the cases pages: queue filters, bulk actions, workflow steps, and small case actions.

Forms parse and check fields; the rules (which codes, which stage, who) stay in services.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from netral.accounts import access
from netral.accounts.models import Membership, Organisation, User
from netral.cases import adapters, workflow
from netral.cases.models import ApiToken, Case, DocumentTemplate, LetterSettings
from netral.cases.selectors import ComplianceFilters, QueueFilters
from netral.cases.services import inputs
from netral.cases.services.inputs import NO_SANCTION
from netral.cases.workflow import Input
from netral.core.forms import check_range
from netral.registry.forms import AutocompleteInput
from netral.registry.models import Election, Region


def _choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def code_choices() -> list[tuple[str, Any]]:
    """Catalogue codes grouped by sanction category, labelled "DS-06 — …"."""
    names = adapters.sanction_categories()
    groups: dict[str, list[tuple[str, str]]] = {}
    for entry in adapters.catalogue().values():
        label = f"{entry.code} — {entry.title}"
        groups.setdefault(names.get(entry.sanction_category, entry.sanction_category), []).append(
            (entry.code, label)
        )
    return list(groups.items())


def category_choices(blank: str = "") -> list[tuple[str, str]]:
    return [("", blank), *adapters.sanction_categories().items()]


def sanction_choices() -> list[tuple[str, Any]]:
    """The sanctions a PPK imposes, grouped under their category."""
    return [
        (name, list(adapters.sanctions(key).items()))
        for key, name in adapters.recommendable_categories().items()
    ]


class _WhereFilters(forms.Form):
    """Region, agency and election filters shared by the queue and the compliance page: the
    region and agency are typed codes with suggestions (registry.forms.AutocompleteInput), the
    election a list. An unknown code is kept and finds nothing, rather than being dropped."""

    region = forms.CharField(
        label=_("Region"),
        required=False,
        max_length=13,
        help_text=_("Type a name and choose, or type the code (34.02)."),
        widget=AutocompleteInput("registry:region_autocomplete"),
    )
    agency = forms.CharField(
        label=_("Agency"),
        required=False,
        max_length=64,
        help_text=_("Type a name and choose, or type the code."),
        widget=AutocompleteInput("registry:agency_autocomplete"),
    )
    election = forms.CharField(label=_("Election"), required=False, max_length=140)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        elections = Election.objects.order_by("-voting_day", "name").values_list("code", "name")
        self.fields["election"].widget = forms.Select(
            choices=[("", _("All elections")), *elections]
        )


class QueueFilterForm(_WhereFilters):
    SCOPES = [
        ("owned", _("My organisation's work")),
        ("handed_on", _("Handed on by my organisation")),
        ("region", _("In my region (oversight)")),
        ("all", _("Everything I can see")),
    ]
    scope = forms.ChoiceField(label=_("Cases"), choices=SCOPES, required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("Stage"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    closed = forms.BooleanField(label=_("Include closed cases"), required=False)
    category = forms.ChoiceField(label=_("Sanction category"), required=False)
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    # Set by the compliance page's links: the PPK recommended to, and how it answered.
    ppk = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    compliance = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    field_order = ["scope", "q", "state", "overdue", "mine", "closed", "region", "agency"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = [(s.value, label) for s, label in workflow.STATE_LABELS.items()]
        _choices(self, "state", [("", _("All open stages")), *states])
        _choices(self, "category", category_choices(str(_("All categories"))))
        self.fields["q"].widget.attrs["placeholder"] = _("Case code, title or name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_range(self, "received_from", "received_to")
        return data

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        return QueueFilters(
            state=data["state"],
            overdue=data["overdue"],
            region=data["region"].strip(),
            agency=data["agency"].strip(),
            category=data["category"],
            election=data["election"].strip(),
            mine=data["mine"],
            open_only=not data["closed"],
            q=data["q"],
            scope=data["scope"] or "owned",
            ppk=data["ppk"].strip(),
            compliance=data["compliance"].strip(),
            received_from=data["received_from"],
            received_to=data["received_to"],
        )


class ComplianceFilterForm(_WhereFilters):
    """The compliance page's filters: election, region and agency, by code."""

    def filters(self) -> ComplianceFilters:
        if not self.is_valid():
            return ComplianceFilters()
        return ComplianceFilters(**{k: v.strip() for k, v in self.cleaned_data.items()})


def officer_choices(organisations: list[Organisation]) -> list[tuple[str, Any]]:
    members = Membership.objects.filter(
        organisation__in=organisations,
        role__in=access.roles_with(access.Capability.HANDLE),
        user__is_active=True,
    ).select_related("user")
    # Short enough for the narrow team card and a 320 px phone (a longer one was cut off).
    return [("", _("— back to the team —"))] + sorted(
        {(m.user.username, str(m.user)) for m in members}, key=lambda c: c[1]
    )


class BulkForm(forms.Form):
    ACTIONS = [
        ("assign", _("Assign to an officer")),
        ("tag", _("Add tags")),
        ("duplicate", _("Close as duplicates of another case")),
    ]
    cases = forms.CharField(widget=forms.MultipleHiddenInput, required=False)
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    officer = forms.ChoiceField(label=_("Officer"), required=False)
    tags = forms.CharField(label=_("Tags"), required=False, max_length=200)
    duplicate_of = forms.CharField(label=_("Code of the case that continues"), required=False)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "officer", officer_choices(organisations))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        codes = self.data.getlist("cases") if hasattr(self.data, "getlist") else []
        data["codes"] = [c.strip().upper() for c in codes if c.strip()][:200]
        if not data["codes"]:
            raise forms.ValidationError(_("Tick at least one case."))
        action = data.get("action")
        if action == "tag" and not data.get("tags", "").strip():
            self.add_error("tags", _("Write at least one tag."))
        if action == "duplicate" and not data.get("duplicate_of", "").strip():
            self.add_error("duplicate_of", _("Give the code of the case that continues."))
        return data


class TeamWidget(forms.MultiWidget):
    """The three members of the examination team, each box with its own label."""

    template_name = "cases/widgets/team.html"
    # The members in the order of TeamField.compress (superior, inspektorat, personnel).
    member_labels = (
        _("Direct superior"),
        _("Inspektorat (supervision)"),
        _("Personnel unit"),
    )

    def __init__(self) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(
            context["widget"]["subwidgets"], self.member_labels, strict=True
        ):
            subwidget["member_label"] = label
        return context

    def decompress(self, value: Any) -> list[Any]:
        value = value or {}
        return [value.get("superior"), value.get("inspektorat"), value.get("personnel")]


class TransitionForm(forms.Form):
    """The inputs one workflow transition asks for, built from workflow.py."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note for the timeline (optional)"),
        required=False,
        max_length=inputs.NOTE_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        transition: workflow.Transition,
        case: Case | None = None,
        search: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.transition = transition
        for item in transition.inputs:
            self.fields[item.value] = _field(item)
        if "election" in self.fields:
            _choices(
                self, "election", [("", _("— as on the case —")), *adapters.election_choices()]
            )
        if "codes" in self.fields and search.strip():
            self._narrow_codes(search.strip().lower())
        if transition.key == workflow.RECORD_PPK_DECISION:
            self._decree_fields(case)
        if transition.key == workflow.RECOMMEND_SANCTION:
            self.fields["conflict_of_interest"] = forms.CharField(
                label=_("Conflict of interest of the PPK (optional)"),
                help_text=_(
                    "Describe it if the PPK is a candidate or tied to one: the recommendation "
                    "then goes to the next authority up (governor, or Mendagri for a governor)."
                ),
                required=False,
                max_length=inputs.CONFLICT_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields([i.value for i in transition.inputs] + ["conflict_of_interest", "note"])

    def _narrow_codes(self, query: str) -> None:
        """The code list narrowed to the search (code or text), keeping the codes already
        chosen: the search works without JavaScript, as a GET of the same page."""
        field = self.fields["codes"]
        assert isinstance(field, forms.MultipleChoiceField)
        posted = getattr(self.data, "getlist", None)
        kept = set(self.initial.get("codes") or []) | set(posted("codes") if posted else [])
        narrowed = []
        for group, options in code_choices():
            found = [(v, label) for v, label in options if query in str(label).lower() or v in kept]
            if found:
                narrowed.append((group, found))
        field.choices = narrowed

    def _decree_fields(self, case: Case | None) -> None:
        """The sanctions the catalogue allows for the case's codes, plus none, nothing chosen;
        and the signed decree (SK) itself."""
        allowed = adapters.sanctions_for_codes(case.codes if case else [])
        _choices(
            self,
            "sanction",
            [
                ("", _("— choose —")),
                *allowed.items(),
                (NO_SANCTION, _("No sanction imposed")),
            ],
        )
        help_text = _("Kept with its SHA-256 fingerprint; the evidence size limit applies.")
        if self.is_bound:  # shown again with an error: no browser keeps the file chosen before
            help_text = format_lazy(
                "{} {}",
                _("Choose the file again: it is not kept when the form comes back."),
                help_text,
            )
        self.fields["decree_file"] = forms.FileField(
            label=_("The signed decree (SK): PDF or photo"), help_text=help_text
        )

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        team = data.pop("examination_team", None)
        if team is not None:
            data["examination_team"] = team
        data.pop("version", None)
        data.pop("decree_file", None)  # handed to the service on its own
        return data


class TeamField(forms.MultiValueField):
    """The three members; a missing one is named in the error (the service names them too)."""

    widget = TeamWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = tuple(
            forms.CharField(max_length=inputs.NAME_TEXT, required=False) for _n in range(3)
        )
        kwargs.setdefault("error_messages", {"required": inputs.team_missing(inputs.TEAM_ROLES)})
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> dict[str, str]:
        team = dict(zip(inputs.TEAM_ROLES, data_list or ["", "", ""], strict=False))
        missing = [role for role in inputs.TEAM_ROLES if not (team.get(role) or "").strip()]
        if missing:
            raise ValidationError(inputs.team_missing(missing), code="incomplete")
        return team


def _field(item: Input) -> forms.Field:
    fields: dict[Input, forms.Field] = {
        Input.REASONING: forms.CharField(
            label=_("Reasoning"),
            help_text=_("The facts and the grounds, in full sentences."),
            max_length=inputs.LONG_TEXT,
            widget=forms.Textarea(attrs={"rows": 4}),
        ),
        Input.CODES: forms.MultipleChoiceField(
            label=_("Catalogue codes"),
            choices=code_choices(),
            widget=forms.CheckboxSelectMultiple(attrs={"class": "code-picker"}),
        ),
        Input.SANCTION_CATEGORY: forms.ChoiceField(
            label=_("Sanction category"),
            choices=[("", _("— follow the codes —")), *adapters.recommendable_categories().items()],
            required=False,
        ),
        Input.REGISTRATION_NUMBER: forms.CharField(
            label=_("Registration number"),
            max_length=inputs.SHORT_TEXT,
            required=False,
            help_text=_("Leave empty to take the next number of your organisation's counter."),
        ),
        Input.DECREE_NUMBER: forms.CharField(
            label=_("Decree number"), max_length=inputs.SHORT_TEXT
        ),
        Input.DECREE_DATE: forms.DateField(
            label=_("Decree date"), widget=forms.DateInput(attrs={"type": "date"})
        ),
        Input.DECREE_SIGNATORY: forms.CharField(
            label=_("Signed by (name and position)"), max_length=inputs.NAME_TEXT
        ),
        Input.SANCTION: forms.ChoiceField(label=_("Sanction imposed"), choices=sanction_choices()),
        Input.DEVIATION_REASON: forms.CharField(
            label=_("Reason for a lighter sanction than recommended, or for none"),
            help_text=_(
                "Required when the sanction is lighter than recommended or none: the "
                "recommending body reviews it, and a refused reason escalates the case."
            ),
            required=False,
            max_length=inputs.LONG_TEXT,
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        Input.EXAMINATION_TEAM: TeamField(label=_("Examination team")),
        Input.VERDICT: forms.CharField(
            label=_("Verdict"),
            max_length=inputs.LONG_TEXT,
            widget=forms.Textarea(attrs={"rows": 4}),
        ),
        Input.ELECTION: forms.ChoiceField(
            label=_("Election"),
            required=False,
            help_text=_("Filled in from the case; later deadlines follow this election's kind."),
        ),
        Input.TARGET_STAGE: forms.ChoiceField(
            label=_("Stage of the person supported, on the incident day"),
            choices=[
                ("", _("— not known —")),
                ("bakal_calon", _("Prospective candidate (bakal calon, not yet designated)")),
                ("calon", _("Designated candidate (calon)")),
            ],
            required=False,
            help_text=_(
                "Filled in from the incident date and the KPU's designation day, or from the "
                "previous decision; the codes must fit it."
            ),
        ),
        Input.FORWARDED_TO: forms.ChoiceField(
            label=_("Forwarded to"), choices=[("KPU", "KPU"), ("DKPP", "DKPP")]
        ),
    }
    return fields[item]


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    officer = forms.ChoiceField(label=_("Officer"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "officer", officer_choices([organisation]))

    def chosen_officer(self) -> User | None:
        username = self.cleaned_data.get("officer")
        return User.objects.filter(username=username).first() if username else None


class ReasonReviewForm(forms.Form):
    """BKN's answer to the PPK's reason for a lighter or no sanction."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept the reason")), ("refuse", _("Refuse: escalate"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Your reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class EscalationActionForm(forms.Form):
    """What the body an escalation rung addresses records on it."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(label=_("Your action"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note (required when refusing the block)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
    )

    def __init__(self, *args: Any, actions: tuple[str, ...] = (), **kwargs: Any) -> None:
        from netral.cases.escalation import ACTION_LABELS

        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(key, ACTION_LABELS[key]) for key in actions]
        if len(actions) == 1:
            field.initial = actions[0]


class LiftBlockForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )


class LetterSettingsForm(forms.ModelForm[LetterSettings]):
    """An organisation's letterhead, signatory and number pattern."""

    class Meta:
        model = LetterSettings
        fields = [
            "number_pattern",
            "classification_code",
            "letterhead_name",
            "letterhead_address",
            "signatory_name",
            "signatory_position",
            "signatory_nip",
        ]
        widgets = {"letterhead_address": forms.Textarea(attrs={"rows": 3})}

    logo_file = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG or JPEG, at most 1 MB and 4 megapixels; shown at the top of letters."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.logo:
            del self.fields["remove_logo"]  # nothing to remove yet

    def clean_logo_file(self) -> bytes | None:
        """The logo checked and re-encoded (bytes), or None when none was sent."""
        from netral.cases.services.letters import check_logo

        upload = self.cleaned_data.get("logo_file")
        return check_logo(upload, upload.name) if upload else None

    def clean_number_pattern(self) -> str:
        from netral.cases.services.letters import pattern_problem

        pattern = str(self.cleaned_data["number_pattern"]).strip()
        if pattern_problem(pattern):
            raise forms.ValidationError(
                _(
                    "The pattern must contain {seq} and use only {seq}, {code}, {region}, "
                    "{month} and {year}."
                )
            )
        return pattern

    def clean_signatory_nip(self) -> str:
        nip = str(self.cleaned_data["signatory_nip"]).replace(" ", "")
        if nip and (not nip.isdigit() or len(nip) != 18):
            raise forms.ValidationError(_("A NIP has 18 digits."))
        return nip


class TagForm(forms.Form):
    add = forms.CharField(label=_("Add tags (comma-separated)"), required=False, max_length=200)
    remove = forms.CharField(widget=forms.HiddenInput, required=False)

    def added(self) -> list[str]:
        return [t for t in self.cleaned_data.get("add", "").split(",") if t.strip()]


class LinkForm(forms.Form):
    KINDS = [
        ("related", _("Related case")),
        ("duplicate", _("This case is a duplicate of")),
        ("merge", _("Merge this case into")),
    ]
    kind = forms.ChoiceField(label=_("Link"), choices=KINDS)
    other = forms.CharField(label=_("Other case code"), max_length=16)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class NewCaseForm(forms.Form):
    """A finding of Bawaslu, or a case forwarded from another channel."""

    title = forms.CharField(label=_("Short title"), max_length=200)
    civil_servant_nip = forms.CharField(
        label=_("NIP of the reported person (if known)"), required=False, max_length=18
    )
    civil_servant_name = forms.CharField(
        label=_("Name of the reported person"), max_length=150, required=False
    )
    civil_servant_position = forms.CharField(label=_("Position"), max_length=200, required=False)
    region = forms.CharField(label=_("Region code of the incident"), max_length=13, required=False)
    summary = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    channel = forms.ChoiceField(label=_("Came in through"), required=False)
    external_number = forms.CharField(
        label=_("External registration number"), required=False, max_length=100
    )
    received_on = forms.DateField(
        label=_("Received on (forwarded cases)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[adapters.check_on_clock],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channels = [(value, label) for value, label in Case.Channel.choices if value]
        _choices(self, "channel", [("", _("— our own finding (temuan) —")), *channels])

    def clean_region(self) -> Region | None:
        code = self.cleaned_data["region"].strip()
        if not code:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise ValidationError(_("Unknown region code: choose it from the suggestions."))
        return region


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Partner system"), max_length=100)
    act = forms.BooleanField(label=_("May also act on cases (not only read)"), required=False)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=366, initial=90)

    def scopes(self) -> list[str]:
        scopes = [ApiToken.Scope.READ.value]
        if self.cleaned_data.get("act"):
            scopes.append(ApiToken.Scope.ACT.value)
        return scopes


class TemplateForm(forms.ModelForm[DocumentTemplate]):
    class Meta:
        model = DocumentTemplate
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "class": "code"})}
