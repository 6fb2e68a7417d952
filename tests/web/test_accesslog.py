"""gunicorn's access log atoms with secrets redacted: query parameters and credential headers."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from translator.web.accesslog import REDACTED, RedactingLogger, redact, redact_atoms


@pytest.mark.parametrize("text, expected", [
    ("api_key=s3cret&x=1", f"api_key={REDACTED}&x=1"),
    ("GET /translate?q=hi&api_key=s3cret HTTP/1.1", f"GET /translate?q=hi&api_key={REDACTED} HTTP/1.1"),
    ("/v1/languages?API_KEY=s3cret", f"/v1/languages?API_KEY={REDACTED}"),
    ("/v1/languages?api%5Fkey=s3cret#top", f"/v1/languages?api%5Fkey={REDACTED}#top"),
    ("https://cms.example/?token=abc&password=p", f"https://cms.example/?token={REDACTED}&password={REDACTED}"),
    ("/v1/languages?q=api_key&keyword=api_key", "/v1/languages?q=api_key&keyword=api_key"),
    ("no query at all", "no query at all"),
])
def test_secret_query_parameters_are_redacted_and_the_rest_kept(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_credential_headers_and_environ_values_are_redacted_in_every_atom() -> None:
    key = "SECRET9"
    atoms = {"r": f"GET /x?api_key={key} HTTP/1.1", "q": f"api_key={key}", "f": f"http://ref/?api_key={key}",
             "U": "/x", "{authorization}i": f"Bearer {key}", "{cookie}i": f"s={key}", "{x-api-key}i": key,
             "{user-agent}i": "curl", "{set-cookie}o": f"s={key}", "{http_authorization}e": f"Bearer {key}",
             "{raw_uri}e": f"/x?api_key={key}", "{query_string}e": f"api_key={key}", "{remote_addr}e": "127.0.0.1"}
    clean = redact_atoms(atoms)
    assert [name for name, value in clean.items() if key in value] == []
    assert clean["{user-agent}i"] == "curl" and clean["U"] == "/x" and clean["{remote_addr}e"] == "127.0.0.1"
    assert clean["{authorization}i"] == REDACTED and clean["{http_authorization}e"] == REDACTED
    assert atoms["q"] == f"api_key={key}"  # a new dict; gunicorn's own is left alone


def test_the_logger_formats_a_redacted_line() -> None:
    logger = RedactingLogger(Config())
    req = SimpleNamespace(headers=[("AUTHORIZATION", "Bearer k")])
    resp = SimpleNamespace(status="200 OK", sent=2, headers=[])
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/v1/languages?api_key=k", "SERVER_PROTOCOL": "HTTP/1.1",
               "QUERY_STRING": "api_key=k", "PATH_INFO": "/v1/languages", "REMOTE_ADDR": "127.0.0.1"}
    atoms = logger.atoms(resp, req, environ, timedelta(milliseconds=3))
    assert atoms["r"] == f"GET /v1/languages?api_key={REDACTED} HTTP/1.1"
    assert atoms["{authorization}i"] == REDACTED
