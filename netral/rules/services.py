"""Writes of the rules app: only the holiday table changes at run time."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from netral.rules import deadline_data, policies
from netral.rules.models import Holiday


@transaction.atomic
def load_holidays(*, overwrite: bool = False) -> tuple[int, int]:
    """Adds the shipped holidays; days an administrator already has are kept unless `overwrite`."""
    created = updated = 0
    for day in deadline_data.shipped_holiday_days():
        values = {
            "name": day.name,
            "kind": day.kind,
            "source": day.source,
            "confidence": day.confidence,
            "note": day.note,
        }
        holiday = Holiday.objects.filter(date=day.date).first()
        if holiday is None:
            Holiday.objects.create(date=day.date, **values)
            created += 1
        elif overwrite:
            Holiday.objects.filter(pk=holiday.pk).update(is_active=True, **values)
            updated += 1
    return created, updated


@transaction.atomic
def save_holiday(*, holiday: Holiday, by: Any) -> Holiday:
    """An administrator adds or corrects a holiday; the whole row is validated first."""
    if not policies.can_edit_holidays(by):
        raise PermissionDenied
    holiday.full_clean()
    holiday.save()
    return holiday


@transaction.atomic
def mark_holidays_verified(*, holidays: list[Holiday], by: Any) -> int:
    """An administrator confirms days against the signed decree: they become verified (V)."""
    if not policies.can_edit_holidays(by):
        raise PermissionDenied
    ids = [holiday.pk for holiday in holidays]
    return Holiday.objects.filter(pk__in=ids).update(confidence=Holiday.Confidence.VERIFIED)


@transaction.atomic
def delete_holiday(*, holiday: Holiday, by: Any) -> None:
    """An administrator removes a day entered by mistake."""
    if not policies.can_edit_holidays(by):
        raise PermissionDenied
    holiday.delete()
