"""gunicorn's access log without secrets: API keys in query strings and credential headers are redacted.

LibreTranslate's clients send their key as ``?api_key=``, so gunicorn's
access log line (``"GET /translate?api_key=… HTTP/1.1"``) would keep every
key verbatim. :class:`RedactingLogger` (``logger_class`` in
``gunicorn.conf.py``) replaces the value of each secret parameter and of each
credential header in every atom a log format can use: the request line, the
query string, the referer, request and response headers, environ values.
Targum's own request log (``requestlog.py``) writes the path alone, never the
query string or a header.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_plus

from gunicorn.glogging import Logger

REDACTED = "[redacted]"
# Query parameters whose value is a credential, compared after percent-decoding and lower-casing.
SECRET_PARAMETERS = frozenset({"api_key", "apikey", "access_token", "token", "secret", "password"})
# Headers whose value is a credential, lower-case.
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"})

# One ``name=value`` of a query string, wherever it sits in a text (a URI, a request line, an error).
_PARAMETER = re.compile(r"(?P<lead>^|[?&;])(?P<name>[^=&;#?\s]+)=(?P<value>[^&;#\s]*)")
# Atoms that carry a URI or a query string, as gunicorn names them.
_URI_ATOMS = ("r", "q", "f", "{raw_uri}e", "{query_string}e", "{http_referer}e", "{referer}i")


def redact(text: str) -> str:
    """``text`` with the value of every secret query parameter replaced; the rest is kept as it was."""

    def hide(match: re.Match[str]) -> str:
        if unquote_plus(match["name"]).strip().lower() in SECRET_PARAMETERS:
            return f"{match['lead']}{match['name']}={REDACTED}"
        return match[0]

    return _PARAMETER.sub(hide, text)


def redact_atoms(atoms: dict[str, Any]) -> dict[str, Any]:
    """gunicorn's access-log atoms with secrets redacted (a new dict)."""
    clean = dict(atoms)
    for name in _URI_ATOMS:
        if isinstance(clean.get(name), str):
            clean[name] = redact(clean[name])
    for name in clean:
        header = name[1:-2] if name.startswith("{") and name[-2:] in ("}i", "}o") else None
        variable = name[1:-2] if name.startswith("{http_") and name.endswith("}e") else None
        if header in SECRET_HEADERS or (variable and variable[5:].replace("_", "-") in SECRET_HEADERS):
            clean[name] = REDACTED
    return clean


class RedactingLogger(Logger):
    """gunicorn's logger, whose access log lines never carry an API key or a credential header."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        """The atoms gunicorn would log, redacted."""
        return redact_atoms(super().atoms(resp, req, environ, request_time))
