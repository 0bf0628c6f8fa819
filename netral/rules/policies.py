"""Who may see and change what in the rules app.

The catalogue, the deadline rules and the holidays are public law: everyone may read them.
Only platform administrators change holidays; everything else here is read-only data.
"""

from typing import Any

from django.db.models import QuerySet

from netral.accounts import access
from netral.rules.models import Holiday


def can_view_catalogue(user: Any) -> bool:
    """Public law: anyone, signed in or not."""
    return True


def visible_holidays(user: Any) -> QuerySet[Holiday]:
    """Holidays are public; inactive ones only for those who may edit them."""
    holidays = Holiday.objects.all()
    return holidays if can_edit_holidays(user) else holidays.filter(is_active=True)


def can_edit_holidays(user: Any) -> bool:
    """Platform administrators only (deny by default)."""
    return access.is_platform_admin(user)
