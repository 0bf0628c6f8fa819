"""In-app notices to the people of the organisation that must act."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A notice to one member of an organisation; unread ones make the bell count."""

    class Kind(models.TextChoices):
        NEW_CASE = "new_case", _("New case")
        HANDED_OFF = "handed_off", _("Case handed over to you")
        ASSIGNED = "assigned", _("Case assigned to you")
        DEADLINE_MISSED = "deadline_missed", _("Deadline missed")
        ESCALATED = "escalated", _("Escalation")
        DECIDED = "decided", _("Decision recorded")
        DEVIATED = "deviated", _("Decree lighter than recommended")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_notifications"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # Rendered in the reader's language at display time, from the kind and these values.
    params = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="cases_notice_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        template = str(MESSAGES.get(self.Kind(self.kind), MESSAGES[self.Kind.NEW_CASE]))
        if self.kind == self.Kind.ESCALATED and "action" in self.params:
            # What a body did on a rung, said as done, as a decision is.
            template = str(MESSAGES[self.Kind.DECIDED])
        params = _in_reader_language(self.Kind(self.kind), dict(self.params))
        try:
            return str(template % params)
        except (KeyError, TypeError, ValueError):
            return str(self.get_kind_display())


def _in_reader_language(kind: Notification.Kind, params: dict[str, Any]) -> dict[str, Any]:
    """The names a notice stores (a step, an escalation rung, an action, a decree outcome) are
    written in the language of whoever caused it, often the nightly sweep's Indonesian: each is
    read back to what it names and named again in the reader's language. A name that is not
    found stays as stored."""
    from netral.cases import escalation, workflow
    from netral.cases.models.decisions import DecreeOutcome, ReasonReview, SiasnBlock

    Kind = Notification.Kind
    step = str(params.get("step", ""))
    if kind in (Kind.DEADLINE_MISSED, Kind.ESCALATED):
        step_kind = params.get("step_kind") or workflow.step_kind_named(step)
        if step_kind:
            params["step"] = workflow.step_label(str(step_kind))
            return params
    if kind == Kind.ESCALATED and params.get("action") in escalation.ACTION_DONE:
        done = escalation.ACTION_DONE[str(params["action"])]
        params["step"] = str(done) % {"org": params.get("org", "")}
        return params
    if kind == Kind.ESCALATED:
        params["step"] = _named_again(step, [*escalation.ACTION_LABELS.values()]) or (
            _filled_again(step, MISSED_BY, "org") or step
        )
    elif kind == Kind.DECIDED and params.get("outcome_key") in workflow.Outcome.values:
        params["step"] = workflow.Outcome(params["outcome_key"]).label  # how a case closed
    elif kind == Kind.DECIDED:  # a SIASN block, a reason's review; a closing stored before its key
        labels = [*SiasnBlock, *ReasonReview, *workflow.Outcome]
        params["step"] = _named_again(step, [c.label for c in labels]) or step
    elif kind == Kind.DEVIATED:
        outcome, key = str(params.get("outcome", "")), params.get("outcome_key")
        if key in DecreeOutcome.values:
            params["outcome"] = DecreeOutcome(key).label
        else:
            params["outcome"] = _named_again(outcome, [c.label for c in DecreeOutcome]) or outcome
    return params


def _named_again(text: str, labels: list[Any]) -> str:
    """The label (lazy) whose Indonesian or English name is `text`, in the current language."""
    for language in ("id", "en"):
        with translation.override(language):
            found = next((label for label in labels if str(label) == text), None)
        if found is not None:
            return str(found)
    return ""


def _filled_again(text: str, template: Any, name: str) -> str:
    """`text` written from `template` with one %(name)s in Indonesian or English, written again
    from it in the current language; "" when it was not."""
    for language in ("id", "en"):
        with translation.override(language):
            head, _sep, tail = str(template).partition(f"%({name})s")
        if text.startswith(head) and text.endswith(tail) and len(text) > len(head) + len(tail):
            return str(template) % {name: text[len(head) : len(text) - len(tail)]}
    return ""


# The escalation of a missed step that is not a PPK's (services.deadlines.escalate).
MISSED_BY = _("deadline missed by %(org)s")

MESSAGES = {
    Notification.Kind.NEW_CASE: _("New case %(code)s: %(title)s"),
    Notification.Kind.HANDED_OFF: _("Case %(code)s was handed over to %(organisation)s."),
    Notification.Kind.ASSIGNED: _("Case %(code)s was assigned to you."),
    Notification.Kind.DEADLINE_MISSED: _("Case %(code)s: the deadline for “%(step)s” has passed."),
    Notification.Kind.ESCALATED: _("Case %(code)s escalated: %(step)s."),
    Notification.Kind.DECIDED: _("Case %(code)s: %(step)s."),
    Notification.Kind.DEVIATED: _(
        "Case %(code)s: the PPK's decree is “%(outcome)s”; review the reason it gives."
    ),
}
