"""The input boundary: what no database can store is refused before any view sees it.

PostgreSQL refuses a NUL character in any text, and no database can store half of a UTF-16
surrogate pair (JSON can spell one: "\\ud800"). Checked once here, for the path, the query
string, cookies, form fields and JSON bodies, so no view, form or schema has to remember. In the
values of a form a page posted the characters are taken out instead (decision 0190): they are
invisible, so a person who pasted one could not find it to remove it.
Lengths and number ranges are the schemas' job (`netral.core.api.text`, `Page`).
"""

import json
import re
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, QueryDict
from django.http.multipartparser import MultiPartParserError

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# The bodies Django reads as a form (request.POST and request.FILES).
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")

# Raised by Django while reading a body over DATA_UPLOAD_MAX_MEMORY_SIZE or with more fields
# or files than DATA_UPLOAD_MAX_NUMBER_FIELDS / _FILES allow.
TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)
MALFORMED = (MultiPartParserError,)


def is_storable(value: str) -> bool:
    return _UNSTORABLE.search(value) is None


def unstorable_fields(request: HttpRequest) -> list[str]:
    """The names of the inputs that hold a character no database can store, in request order.

    Reading the body here may raise one of `TOO_LARGE` or `MALFORMED`: the caller answers them.
    """
    fields = [] if is_storable(request.path_info) else ["path"]
    fields += _bad_pairs(request.GET.lists())
    fields += ["cookie" for name, value in request.COOKIES.items() if not _pair_ok(name, value)]
    if request.content_type in FORM_TYPES:
        fields += _bad_pairs(request.POST.lists())
    elif _has_body(request):
        fields += _bad_json(request.body)
    return fields


def only_in_form_values(request: HttpRequest) -> bool:
    """True when the only unstorable characters are in the values of a posted form: text a
    person pasted into a field, not a field's name, the path, the query string or a cookie.
    Call it after `unstorable_fields` found something (the body is parsed by then)."""
    return (
        request.content_type in FORM_TYPES
        and is_storable(request.path_info)
        and not _bad_pairs(request.GET.lists())
        and all(_pair_ok(name, value) for name, value in request.COOKIES.items())
        and all(is_storable(name) for name in request.POST)
    )


def without_unstorable(form: QueryDict) -> QueryDict:
    """A copy of the form with the unstorable characters taken out of its values."""
    cleaned = QueryDict(mutable=True)
    for name, values in form.lists():
        cleaned.setlist(name, [_UNSTORABLE.sub("", value) for value in values])
    cleaned._mutable = False
    return cleaned


def _pair_ok(name: str, value: str) -> bool:
    return is_storable(name) and is_storable(value)


def _bad_pairs(pairs: Any) -> list[str]:
    bad = []
    for name, values in pairs:
        if not all(_pair_ok(name, value) for value in values):
            bad.append(name if is_storable(name) else "__all__")
    return bad


def _has_body(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return False


def _bad_json(body: bytes) -> list[str]:
    # A NUL or a surrogate can only reach a parsed JSON string through a \u escape.
    if b"\\u" not in body:
        return []
    try:
        data = json.loads(body)
    except ValueError:
        return []  # not JSON: the view's parser answers that
    return list(_bad_json_paths(data, ""))


def _bad_json_paths(data: Any, path: str) -> Any:
    """Dotted paths ("data.note", "add.0") of the strings and keys that cannot be stored."""
    if isinstance(data, str):
        if not is_storable(data):
            yield path or "__all__"
    elif isinstance(data, dict):
        for key, value in data.items():
            child = f"{path}.{key}" if path else str(key)
            if not is_storable(key):
                yield path or "__all__"
            else:
                yield from _bad_json_paths(value, child)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _bad_json_paths(value, f"{path}.{index}" if path else str(index))
