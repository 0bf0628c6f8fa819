"""The API's common ground: one error shape, bounded input types, an honest OpenAPI document.

Every error answers {"detail": str, "errors": [{"field", "message"}]}, whoever raises it: a view,
ninja, the input boundary (`netral.core.boundary`) or Django itself (see `json_error_for`).
"""

import datetime as dt
import logging
import re
from http import HTTPStatus
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, RawPostDataException
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import DocsBase
from ninja.parser import Parser
from pydantic import BeforeValidator, Field

from netral.core.boundary import FORM_TYPES
from netral.core.text import echo

# The API lives under this prefix (config/urls.py): errors there answer in JSON, never HTML.
logger = logging.getLogger(__name__)
API_PREFIX = "/api/"

# What the input boundary refuses, stated in the OpenAPI document so that clients (and the
# schemathesis run) know: no NUL character in any string.
NO_NUL_PATTERN = r"^[^\x00]*$"

# Deeper than any real list, and far below the 64-bit limits where the databases fail.
MAX_OFFSET = 100_000


def text(max_length: int) -> Any:
    """A string of at most `max_length` characters and without NUL, as an annotated type."""
    return Annotated[str, Field(max_length=max_length, pattern=NO_NUL_PATTERN)]


def blank(max_length: int | None = None, description: str | None = None, **extra: Any) -> Any:
    """An input that may be left out (it is then blank, and the service answers a missing one
    with its translated message, naming the field), of at most `max_length` characters."""
    return Field(default="", max_length=max_length, description=description, **extra)


SearchText = text(100)  # a search box: nobody types more, and LIKE over long input is costly
ShortText = text(255)  # a name, a code, a title
LongText = text(10_000)  # a note or a summary


def _iso_date_only(value: Any) -> Any:
    # Pydantic would also read 0 or "1700000000" as a date (seconds since 1970): the document
    # promises YYYY-MM-DD, and a number is far more likely a mistake than a timestamp.
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError(_("Give the date as YYYY-MM-DD."))


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]


class Page(Schema):
    """Bounded paging for every list endpoint: `limit` 1–200, `offset` 0–100,000."""

    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


def error_body(detail: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


def json_error(
    status: int, detail: str, errors: list[dict[str, str]] | None = None
) -> JsonResponse:
    """The error shape outside a ninja view: from middleware, or in place of Django's HTML."""
    return JsonResponse(error_body(detail, errors), status=status)


def status_detail(status: int) -> str:
    """The API's one-line summary of an error status, in the reader's language."""
    details = {
        400: _("The request could not be understood."),
        401: _("Authentication is required."),
        403: _("You are not allowed to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The request is too large."),
        500: _("Something went wrong on our side"),
    }
    return details.get(status) or _("The request failed (%(status)s %(phrase)s).") % {
        "status": status,
        "phrase": HTTPStatus(status).phrase if status in HTTPStatus else "",
    }


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def json_error_for(response: HttpResponse) -> HttpResponse:
    """An API error answered by Django (unknown URL, wrong method, crash) in the API's shape.

    Ninja's handlers below cover errors inside a view; this covers the rest. A debug page is
    left alone in DEBUG, where a developer wants the traceback.
    """
    if response.status_code < 400 or response.get("Content-Type", "").startswith(
        "application/json"
    ):
        return response
    if settings.DEBUG and response.status_code >= 500:
        return response
    converted = json_error(response.status_code, status_detail(response.status_code))
    if "Allow" in response:
        converted["Allow"] = response["Allow"]
    return converted


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, errors: list[dict[str, str]]
) -> HttpResponse:
    return api.create_response(request, error_body(detail, errors), status=status)


def _ninja_field(error: dict[str, Any]) -> str:
    where = ("body", "payload", "query", "form", "file")  # where it came from, not its name
    loc = [str(part) for part in error.get("loc", []) if part not in where]
    return ".".join(loc) or "__all__"


def _fixed_messages() -> dict[str, str]:
    """pydantic's error kinds that need no detail, in the reader's language (Django's own
    wording where it has one)."""
    whole_number, number = _("Enter a whole number."), _("Enter a number.")
    return {
        "missing": _("This field is required."),
        "int_parsing": whole_number,
        "int_from_float": whole_number,
        "int_type": whole_number,
        "float_parsing": number,
        "float_type": number,
        "decimal_parsing": number,
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "string_type": _("Enter text."),
        "list_type": _("Enter a list of values."),
        "dict_type": _("Enter an object."),
        "model_type": _("Enter an object."),
        "model_attributes_type": _("Enter an object."),
        "uuid_parsing": _("Enter a valid UUID."),
        "uuid_type": _("Enter a valid UUID."),
        "url_parsing": _("Enter a valid URL."),
        "extra_forbidden": _("This field is not expected here."),
        "json_invalid": _("The body must be a JSON object."),
    }


def _ninja_message(error: dict[str, Any]) -> str:
    """pydantic's message in the reader's language; pydantic's English only for a kind no
    client has been seen to meet."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    fixed = _fixed_messages().get(kind)
    if fixed is not None:
        return fixed
    if kind.startswith("date") or kind.startswith("datetime") or kind.startswith("time"):
        return _("Enter a valid date.")
    if kind == "value_error" and "error" in context:
        return str(context["error"])  # our own validator's message, already translated
    if kind in ("string_too_long", "too_long") and "max_length" in context:
        return _("At most %(count)s characters.") % {"count": context["max_length"]}
    if kind in ("string_too_short", "too_short") and "min_length" in context:
        return _("At least %(count)s characters.") % {"count": context["min_length"]}
    if kind in ("literal_error", "enum", "union_tag_invalid"):
        return _choice_message(error, context)
    if kind == "union_tag_not_found" and "discriminator" in context:
        field = str(context["discriminator"]).strip("'")
        return _("The field %(field)s is required.") % {"field": field}
    if kind == "greater_than_equal" and "ge" in context:
        limit = context["ge"]
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": limit
        }
    if kind == "less_than_equal" and "le" in context:
        limit = context["le"]
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": limit
        }
    return str(error.get("msg", ""))


def _choice_message(error: dict[str, Any], context: dict[str, Any]) -> str:
    """An unknown choice, named when the input is known (ninja leaves it out of query errors),
    with the choices the operation takes."""
    value = context.get("tag", error.get("input", ""))
    expected = str(context.get("expected_tags") or context.get("expected") or "")  # ours: whole
    if value in ("", None):
        return _("Select a valid choice. Choose one of: %(expected)s.") % {"expected": expected}
    return _("Select a valid choice. %(value)s is not one of: %(expected)s.") % {
        "value": echo(value),
        "expected": expected,
    }


def _django_errors(exc: ValidationError) -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": "__all__", "message": str(message)} for message in exc.messages]


def multipart_body(fields: type[Schema], files: str) -> dict[str, Any]:
    """The OpenAPI request body of an operation that hands its multipart form to a Django form
    itself rather than have ninja parse it first: `fields` documents the fields, `files` names
    the file field, which may repeat. Pass it as the operation's `openapi_extra`."""
    schema = fields.model_json_schema()
    schema["properties"][files] = {
        "type": "array",
        "items": {"type": "string", "format": "binary"},
        "title": files.title(),
    }
    content = {"multipart/form-data": {"schema": schema}}
    return {"requestBody": {"content": content, "required": True}}


def require_form_body(request: HttpRequest) -> None:
    """An operation that takes a form (fields and files) refuses any other body: read as a form,
    a JSON body would be a form with every field missing, and the answer would say so."""
    if request.content_type not in FORM_TYPES:
        raise HttpError(
            400,
            _(
                "Send this as a form: multipart/form-data (with files) or "
                "application/x-www-form-urlencoded."
            ),
        )


RETRY_AFTER_SECONDS = 30
RATE_LIMIT_RETRY_SECONDS = 60


def unavailable_message() -> str:
    return _("The service is briefly unavailable. Nothing was lost; please try again in a minute.")


def unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After, for a request whose database connection failed: JSON on the API, a
    page rendered without a request or the database elsewhere (like 500.html)."""
    if is_api_request(request):
        response: HttpResponse = json_error(503, unavailable_message())
    else:
        html = loader.render_to_string("503.html", {"message": unavailable_message()})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def install_error_handlers(api: NinjaAPI) -> None:
    """Every failure answers in the same translated shape, never as a bare 500 page."""

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [{"field": _ninja_field(e), "message": _ninja_message(e)} for e in exc.errors]
        return error_response(api, request, 422, _("The data sent is not valid."), errors)

    @api.exception_handler(ValidationError)
    def invalid_domain(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = _django_errors(exc)
        return error_response(api, request, 422, _("The data sent is not valid."), errors)

    @api.exception_handler(RawPostDataException)
    def form_body(request: HttpRequest, exc: RawPostDataException) -> HttpResponse:
        # A form body where JSON is taken: the input boundary has read it as a form already.
        return error_response(api, request, 400, _("The body must be a JSON object."), [])

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, _("Not found."), [])

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(api, request, 403, _("You are not allowed to do this."), [])

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = _("Send a valid API token in the header Authorization: Bearer <token>.")
        response = error_response(api, request, 401, detail, [])
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error("API request %s lost its database connection: %s", request.path, exc)
        return unavailable(request)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = str(exc)
        if exc.status_code == 400 and detail.startswith(_NINJA_PARSE_ERROR):
            detail = _("The body must be a JSON object.")
        response = error_response(api, request, exc.status_code, detail, [])
        if exc.status_code == 429:
            # The shortest window of any limit: a client that waits this long may be let in.
            response["Retry-After"] = str(RATE_LIMIT_RETRY_SECONDS)
        return response


class ObjectBodyParser(Parser):
    """JSON bodies must be objects: ninja would read `[1]` or `"x"` as an object with every field
    missing, and accept it wherever all fields are optional."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("the body is not a JSON object")  # ninja answers 400, see below
        return data


# Ninja's words when a body cannot be parsed; `http_error` below says it in the user's language.
_NINJA_PARSE_ERROR = "Cannot parse request body"


class VendoredSwagger(DocsBase):
    """The /api/docs page from the Swagger UI copy in static/vendor: no CDN, so it works offline
    (many government networks have no internet) and under the site's strict CSP."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {"title": api.title, "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, "core/api_docs.html", context)


class NetralAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document states what every operation may answer besides success.

    The input boundary answers 400 and any other failure uses ErrorOut, on every operation; an
    operation that does not list these would make the published document lie.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("parser", ObjectBodyParser())
        kwargs.setdefault("docs", VendoredSwagger())
        super().__init__(**kwargs)

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error_schema.pop("$defs", {}))
        components.setdefault("ErrorOut", error_schema)
        for operations in schema["paths"].values():
            for operation in operations.values():
                _document_errors(operation)
        _declare_no_nul(schema["paths"])
        _declare_no_nul(components)
        return schema


def _declare_no_nul(node: Any) -> None:
    """Every free-form string in the document gets the boundary's rule as its pattern."""
    if isinstance(node, list):
        for item in node:
            _declare_no_nul(item)
        return
    if not isinstance(node, dict):
        return
    free_string = node.get("type") == "string" and not {"pattern", "enum", "const", "format"} & set(
        node
    )
    if free_string:
        node["pattern"] = NO_NUL_PATTERN
    for value in node.values():
        _declare_no_nul(value)


def _document_errors(operation: dict[str, Any]) -> None:
    """The answers every operation can give besides its own: the boundary's 400, 422 where it
    takes input, 413 where it takes a body, 404 where its address names something."""
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
    # Ninja keys its own answers by number; JSON keys are text, so a number and its text would be
    # the same key written twice (which breaks YAML readers such as the docs page).
    responses = {str(status): answer for status, answer in operation["responses"].items()}
    operation["responses"] = responses
    parameters = operation.get("parameters", [])
    responses.setdefault("400", {"description": "Bad Request"} | error)
    if parameters or "requestBody" in operation:
        responses.setdefault("422", {"description": "Unprocessable Content"} | error)
    if "requestBody" in operation:
        responses.setdefault("413", {"description": "Content Too Large"} | error)
    if any(parameter.get("in") == "path" for parameter in parameters):
        responses.setdefault("404", {"description": "Not Found"} | error)
    responses.setdefault("default", {"description": "Error"} | error)
