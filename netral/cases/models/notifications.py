"""In-app notices to the people of the organisation that must act."""

import uuid

from django.conf import settings
from django.db import models
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
        params = dict(self.params)
        if self.kind == self.Kind.DEADLINE_MISSED:  # the step in the reader's language
            from netral.cases import workflow

            kind = params.get("step_kind") or workflow.step_kind_named(str(params.get("step", "")))
            if kind:
                params["step"] = workflow.step_label(str(kind))
        try:
            return str(template % params)
        except (KeyError, TypeError, ValueError):
            return str(self.get_kind_display())


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
