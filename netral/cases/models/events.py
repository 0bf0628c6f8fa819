"""The case timeline: append-only events, hash-chained per case."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.cases.events import CASE_EVENTS
from netral.core.timeline import ChainedEvent, keyed_hash


def chain_hash(
    *,
    case_code: str,
    seq: int,
    type: str,
    actor_id: int | None,
    actor_label: str,
    organisation_id: int | None,
    at: dt.datetime,
    payload: Any,
    prev_hash: str,
) -> str:
    """HMAC of the event's canonical form under the timeline key; it includes the previous
    event's hash, so changing one event breaks every later link."""
    record = {
        "case": case_code,
        "seq": seq,
        "type": type,
        "actor": actor_id,
        "actor_label": actor_label,
        "organisation": organisation_id,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "payload": payload,
        "prev": prev_hash,
    }
    return keyed_hash(record)


class CaseEvent(ChainedEvent):
    """One change to a case, or one read of protected data: who, for which organisation, when.

    Append-only. Each event carries the keyed hash of the one before it in the same case, so
    any later edit, deletion or reordering is detected by `netral verify-timeline`. Appended by
    `services.base.record_event`, which also keeps the chain's head on the case.
    """

    chain_scope = "case"

    Type = CASE_EVENTS.choices(__name__, "CaseEvent")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="events")
    type = models.CharField(_("type"), max_length=32, choices=Type.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too: the chain must still verify after an account is renamed or removed.
    actor_id_snapshot = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    payload = models.JSONField(default=dict)

    class Meta:
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="cases_event_seq_once"),
        ]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.type}"

    def expected_hash(self, case_code: str) -> str:
        return chain_hash(
            case_code=case_code,
            seq=self.seq,
            type=self.type,
            actor_id=self.actor_id_snapshot,
            actor_label=self.actor_label,
            organisation_id=self.organisation_id,
            at=self.at,
            payload=self.payload,
            prev_hash=self.prev_hash,
        )
