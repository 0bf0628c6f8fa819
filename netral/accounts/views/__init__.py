"""Thin HTML views of the accounts app, one module per area."""

from django.http import HttpRequest

from netral.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The user of a view behind `login_required` (typed for the checker)."""
    user = request.user
    if not isinstance(user, User):  # login_required has already sent visitors away
        raise TypeError("signed_in_user() needs a view behind login_required")
    return user
