"""Optional API keys: off unless TARGUM_API_KEYS is set.

A key comes as ``Authorization: Bearer <key>``, or as ``api_key`` in the
query string, the form or the JSON body (LibreTranslate's clients send it
there). Probes (/healthz, /readyz) and /openapi.json never need one, nor
does a CORS preflight (``OPTIONS``: a browser sends it without credentials).
LibreTranslate's ``/languages`` is open as LibreTranslate's is (unless
TARGUM_OPEN_LANGUAGES is off): it checks a key only when one is sent
(:func:`check_sent_key`).
"""

from __future__ import annotations

import hmac

from flask import Blueprint, request

from translator.errors import AuthenticationRequired, InvalidApiKey, TargumError
from translator.web.body import json_body
from translator.web.context import targum


def _sent_key() -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    key = request.args.get("api_key") or request.form.get("api_key")
    if key:
        return key
    if request.is_json:
        try:
            body = json_body()
        except TargumError:  # a body that cannot be read holds no key; the view says what is wrong with it
            return None
        if isinstance(body, dict) and isinstance(body.get("api_key"), str):
            return str(body["api_key"])
    return None


def check_api_key() -> None:
    """Raise unless API keys are off or the request carries a configured one (a preflight needs none)."""
    if request.method == "OPTIONS" or not targum().settings.api_keys:
        return
    if not _sent_key():
        raise AuthenticationRequired("this server requires an API key: send `Authorization: Bearer <key>`")
    check_sent_key()


def check_sent_key() -> None:
    """Raise if a key was sent and it is not a configured one; sending none is fine here."""
    keys = targum().settings.api_keys
    sent = _sent_key()
    if not keys or not sent:
        return
    # Constant-time comparison, so response timing does not leak a key.
    if not any(hmac.compare_digest(sent.encode(), key.encode()) for key in keys):
        raise InvalidApiKey("the API key is not valid")


def protect(blueprint: Blueprint) -> None:
    """Require an API key (when configured) on every route of ``blueprint``."""
    blueprint.before_request(check_api_key)
