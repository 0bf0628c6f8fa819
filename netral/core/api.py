"""One error shape for the whole JSON API: {"detail": str, "errors": [{"field", "message"}]}."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, errors: list[dict[str, str]]
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors}, status=status)


def _ninja_field(error: dict[str, Any]) -> str:
    loc = [str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query")]
    return ".".join(loc) or "__all__"


def _django_errors(exc: ValidationError) -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "__all__", "message": str(message)} for message in exc.messages]


def install_error_handlers(api: NinjaAPI) -> None:
    """Every failure answers in the same translated shape, never as a bare 500 page."""

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [{"field": _ninja_field(e), "message": str(e.get("msg", ""))} for e in exc.errors]
        return error_response(api, request, 422, _("The data sent is not valid."), errors)

    @api.exception_handler(ValidationError)
    def invalid_domain(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = _django_errors(exc)
        return error_response(api, request, 422, _("The data sent is not valid."), errors)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, _("Not found."), [])

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(api, request, 403, _("You are not allowed to do this."), [])

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(api, request, 401, _("Authentication is required."), [])

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(api, request, exc.status_code, str(exc), [])
