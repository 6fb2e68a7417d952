"""The request's body, read once, the same way by every blueprint: JSON, or LibreTranslate's form.

What reaches the core is always nested at most :data:`MAX_JSON_DEPTH`
levels and is always Unicode text: a lone surrogate (a ``\\ud800`` escape,
or the bytes of one, ``ED A0 80``, which Python's JSON decoder lets through)
or bytes that are not UTF-8 are refused here, naming the field, instead of
failing later where the text is encoded (the translation memory's key).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from array import array
from itertools import accumulate
from typing import Any

from flask import g, request
from werkzeug.datastructures import MultiDict

from translator.errors import InvalidRequest, UnsupportedMediaType

# Far deeper than any request (a job's metadata included) and far from Python's recursion limit,
# which the standard library's decoder and encoder reach at about a thousand levels.
MAX_JSON_DEPTH = 64
# A JSON string (its escapes skipped whole), so brackets inside strings are text.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_STEP = str.maketrans({"[": "\x01", "{": "\x01", "]": "\xff", "}": "\xff"})
_PARSED = "targum_json_body"


def json_body() -> Any:
    """The request's JSON body, or a clear error: wrong content type, empty, not JSON, too deep, not Unicode."""
    if not request.is_json:
        raise UnsupportedMediaType("send the request body as JSON with `Content-Type: application/json`")
    if _PARSED not in g:
        setattr(g, _PARSED, _parse(request.get_data(cache=True)))
    return getattr(g, _PARSED)


def json_object() -> dict[str, Any]:
    """The JSON body, which must be an object."""
    data = json_body()
    if not isinstance(data, dict):
        raise InvalidRequest("the request body must be a JSON object", code="invalid_json")
    return data


def form_values() -> MultiDict[str, str]:
    """The query string's and an urlencoded form's fields, once every one is checked to be UTF-8 text.

    Werkzeug would keep an invalid percent-escape as written (``%ED%A0%80``)
    and drop a field with raw bytes that are not UTF-8: both are refused.
    """
    _check_urlencoded(request.query_string)
    if request.mimetype == "application/x-www-form-urlencoded":
        _check_urlencoded(request.get_data(cache=True))
    return request.values


def _parse(raw: bytes) -> Any:
    if not raw.strip():
        raise InvalidRequest("the request body is empty", code="missing_body")
    try:
        # As json.loads decodes bytes, except that bytes which are not UTF-8 become lone
        # surrogates, so that they are refused by field below rather than as the whole body.
        text = raw.decode(json.detect_encoding(raw), "surrogateescape")
    except UnicodeDecodeError as exc:
        raise InvalidRequest(f"the request body is not valid JSON: {exc}", code="invalid_json") from None
    depth = nesting(text)
    if depth > MAX_JSON_DEPTH:
        raise _too_deep(f"{depth} levels")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InvalidRequest(f"the request body is not valid JSON: {exc}", code="invalid_json") from None
    except RecursionError:  # cannot happen below MAX_JSON_DEPTH; kept so it is never a 500
        raise _too_deep("too many levels") from None
    check_text(data)
    return data


def _too_deep(found: str) -> InvalidRequest:
    return InvalidRequest(f"the request body nests arrays and objects {found} deep; at most {MAX_JSON_DEPTH} are "
                          "read", code="request_too_deep", limit=MAX_JSON_DEPTH)


def nesting(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest (brackets inside strings do not count)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    # +1 for each opening bracket, -1 for each closing one (a signed byte each): the deepest running sum.
    steps = array("b", brackets.translate(_STEP).encode("latin-1"))
    return max(accumulate(steps), default=0)


def check_text(data: Any) -> None:
    """Refuse a JSON value holding a string (or a member name) that is not Unicode text, naming where."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            _check_string(value, where)
        elif isinstance(value, dict):
            for name, member in reversed(value.items()):
                path = f"{where}.{_printable(name)}" if where else _printable(name)
                _check_string(name, path)
                stack.append((member, path))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{index}]") for index, item in reversed(list(enumerate(value))))


def _check_string(value: str, where: str) -> None:
    found = _SURROGATE.search(value)
    if found is None:
        return
    field = where or "the request body"
    raise InvalidRequest(
        f"`{field}` is not valid Unicode text: at character {found.start()} it holds a lone surrogate "
        f"(U+{ord(found.group()):04X}), from an unpaired \\u escape or from bytes that are not UTF-8",
        code="invalid_text", field=field)


def _printable(name: str) -> str:
    """A member name as it can be shown (a lone surrogate written as its escape)."""
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _check_urlencoded(raw: bytes) -> None:
    for pair in raw.split(b"&"):
        name, _, value = (urllib.parse.unquote_to_bytes(part.replace(b"+", b" ")) for part in pair.partition(b"="))
        field = name.decode("utf-8", "backslashreplace")
        for part in (name, value):
            try:
                part.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InvalidRequest(
                    f"`{field}` is not valid UTF-8 text: byte {exc.start} of it is 0x{part[exc.start]:02X}",
                    code="invalid_text", field=field) from None


def query_number(name: str, default: int, low: int, high: int) -> int:
    """The query parameter ``name`` as a whole number from ``low`` to ``high`` (``default`` when absent).

    ASCII digits only: ``str.isdigit`` also takes "²" and "٣", which ``int`` then refuses.
    """
    raw = request.args.get(name)
    if raw is None:
        return default
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 20 else None
    if number is None or not low <= number <= high:
        raise InvalidRequest(f"`{name}` must be a whole number from {low} to {high}", code="invalid_field",
                             field=name)
    return number
