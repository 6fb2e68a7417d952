"""The request's JSON body, read once, the same way by every blueprint."""

from __future__ import annotations

import json
from typing import Any

from flask import request

from translator.errors import InvalidRequest, UnsupportedMediaType


def json_body() -> Any:
    """The request's JSON body, or a clear error: wrong content type, empty, not JSON."""
    if not request.is_json:
        raise UnsupportedMediaType("send the request body as JSON with `Content-Type: application/json`")
    raw = request.get_data(cache=True)
    if not raw.strip():
        raise InvalidRequest("the request body is empty", code="missing_body")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidRequest(f"the request body is not valid JSON: {exc}", code="invalid_json") from None


def json_object() -> dict[str, Any]:
    """The JSON body, which must be an object."""
    data = json_body()
    if not isinstance(data, dict):
        raise InvalidRequest("the request body must be a JSON object", code="invalid_json")
    return data
