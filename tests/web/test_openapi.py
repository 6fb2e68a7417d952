"""GET /openapi.json, and the document kept true: every route documented, real responses valid against it.

Drift is caught three ways: the document must list exactly the app's routes
and methods; every response the app really gives (successes and every error
case) must have a documented status, a documented media type, the documented
headers and a body valid against the documented schema; and the schemas are
closed (no unknown members) and checked against the code's own constants.
A request the app accepted must also be valid against the documented request
body and query parameters, so a request schema cannot be stricter than the API
where the tests use it.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, get_args

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from werkzeug.test import TestResponse

from tests.conftest import fixture_engine_settings, make_app
from translator import contract as schemas
from translator.document.article import BlockKind
from translator.errors import GlossaryInvalid
from translator.glossary.files import read_csv, read_tsv
from translator.glossary.terms import FLAGS, LANGUAGES, MAX_FORM_CHARS, Action, make_entries, make_entry
from translator.settings import Settings
from translator.store.glossaries import MAX_ENTRIES, MAX_NAME_CHARS, check_name
from translator.text.typography import QUOTE_STYLES
from translator.web.openapi import API_VERSION, load_document

DOC_URI = "urn:targum:openapi"
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
ENGLISH = "The prime minister spoke with the president on Tuesday about the war and the hostages."
RUSSIAN = "Премьер-министр провёл телефонный разговор с президентом во вторник."
HEBREW = "ראש הממשלה שוחח עם הנשיא ביום שלישי על המלחמה ועל החטופים."


# --- the helper: find what the document says about a response, and check the response against it ---------------


def pointer(*parts: str) -> str:
    """A JSON pointer from raw path segments ("/v1/translate" becomes "~1v1~1translate")."""
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def resolve(document: dict[str, Any], ref: str) -> Any:
    """The value a local ``#/...`` reference points to."""
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def validate_at(document: dict[str, Any], at: str, instance: Any) -> None:
    """Validate ``instance`` against the schema at JSON pointer ``at`` of the document.

    The whole document is the root resource, so every ``$ref`` to
    ``#/components/schemas/...`` inside that schema resolves in it.
    """
    registry: Registry = Registry().with_resource(DOC_URI, Resource.from_contents(document, DRAFT202012))
    Draft202012Validator({"$ref": f"{DOC_URI}#{at}"}, registry=registry).validate(instance)


def documented_path(document: dict[str, Any], path: str) -> str | None:
    """The document's path template that matches a request path, or None."""
    for template in document["paths"]:
        if re.fullmatch(re.sub(r"\\{[^/]+\\}", "[^/]+", re.escape(template)), path):
            return template
    return None


def response_pointer(document: dict[str, Any], path: str, method: str, status: int) -> str:
    """Where the document describes this response; fails when the status is not documented.

    An undocumented path can only answer 404, an undocumented method only
    405: those two are described once, in ``components/responses``.
    """
    template = documented_path(document, path)
    if template is None:
        assert status == 404, f"{path} is not documented, yet answered {status}"
        return pointer("components", "responses", "NotFound")
    if method.lower() not in document["paths"][template]:
        assert status == 405, f"{method} {template} is not documented, yet answered {status}"
        return pointer("components", "responses", "MethodNotAllowed")
    responses = document["paths"][template][method.lower()]["responses"]
    assert str(status) in responses, f"{method} {template} answered {status}, documented: {sorted(responses)}"
    at = pointer("paths", template, method.lower(), "responses", str(status))
    ref = resolve(document, "#" + at).get("$ref")
    return ref.removeprefix("#") if ref else at


def check_response(document: dict[str, Any], method: str, path: str, response: TestResponse) -> Any:
    """Assert the response is what the document says: status, media type, headers, body. Returns the body.

    A JSON body is returned parsed, a text body (CSV, TSV) as text; a response
    documented without content (204) must have no body, and returns None.
    """
    at = response_pointer(document, path, method, response.status_code)
    described = resolve(document, "#" + at)
    content = described.get("content", {})
    assert not content or response.mimetype in content, f"{response.mimetype} not documented for {method} " \
                                                        f"{path} {response.status_code}: {sorted(content)}"
    for name in described.get("headers", {}):
        assert name in response.headers, f"documented header {name} missing"
        header = described["headers"][name]
        header_at = at + pointer("headers", name)
        if "$ref" in header:
            header_at = header["$ref"].removeprefix("#")
        validate_at(document, header_at + "/schema", response.headers[name])
    if not content:
        assert response.get_data() == b"", f"{method} {path} {response.status_code} documents no body"
        return None
    text = response.get_data(as_text=True)
    body = json.loads(text) if response.mimetype.endswith("json") else text
    validate_at(document, at + pointer("content", response.mimetype, "schema"), body)
    return body


def check_request(document: dict[str, Any], method: str, path: str, media_type: str, body: Any) -> None:
    """Assert a request body that the app accepted is valid against the documented request schema."""
    operation = document["paths"][documented_path(document, path)][method.lower()]
    assert media_type in operation["requestBody"]["content"], f"{media_type} not documented for {method} {path}"
    at = pointer("paths", documented_path(document, path), method.lower(), "requestBody", "content",
                 media_type, "schema")
    validate_at(document, at, body)


def check_query(document: dict[str, Any], method: str, path: str, query: dict[str, Any], accepted: bool) -> None:
    """Assert every query parameter sent is documented for the operation (``api_key`` is a security scheme);
    when the app ``accepted`` the request, each value must be valid against its documented schema too."""
    template = documented_path(document, path)
    if template is None or method.lower() not in document["paths"][template]:
        return
    operation = document["paths"][template][method.lower()]
    parameters = [resolve(document, p["$ref"]) if "$ref" in p else p for p in operation.get("parameters", [])]
    documented = {p["name"]: p for p in parameters if p["in"] == "query"}
    for name, value in query.items():
        if name == "api_key":
            continue
        assert name in documented, f"query parameter {name} not documented for {method} {template}"
        if accepted:
            validate_at_schema(document, documented[name]["schema"], value)


def validate_at_schema(document: dict[str, Any], schema: dict[str, Any], instance: Any) -> None:
    """Validate ``instance`` against a schema taken out of the document (its ``$ref``s resolve in the document)."""
    registry: Registry = Registry().with_resource(DOC_URI, Resource.from_contents(document, DRAFT202012))
    if "$ref" in schema:
        schema = {**schema, "$ref": DOC_URI + schema["$ref"]}
    Draft202012Validator(schema, registry=registry).validate(instance)


def schema_errors(document: dict[str, Any], name: str, instance: Any) -> list[str]:
    """The validation errors of ``instance`` against ``components/schemas/<name>``."""
    registry: Registry = Registry().with_resource(DOC_URI, Resource.from_contents(document, DRAFT202012))
    validator = Draft202012Validator({"$ref": f"{DOC_URI}#/components/schemas/{name}"}, registry=registry)
    return [error.message for error in validator.iter_errors(instance)]


# --- fixtures --------------------------------------------------------------------------------------------------


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    """The document as the app serves it."""
    return client.get("/openapi.json").get_json()


@pytest.fixture
def make_client(app: Flask, settings: Settings, tmp_path: Path) -> Callable[[str], FlaskClient]:
    """A client of an app configured for one kind of case (limits, keys, no packages…); "default" is ``app``."""
    variants: dict[str, Settings] = {
        "small": replace(settings, max_article_chars=50, max_targets=2, max_request_bytes=1024,
                         glossary_max_bytes=512),
        "keys": replace(settings, api_keys=("k",)),
        "no_time": replace(settings, request_time_budget_s=0.0),
        "unready": replace(settings, languages=("en", "he", "de")),
        "no_packages": replace(settings, engine=fixture_engine_settings(tmp_path / "empty")),
    }

    def build(variant: str) -> FlaskClient:
        if variant == "default":
            return app.test_client()
        flask_app = make_app(variants[variant])
        flask_app.config.update(TESTING=True)
        return flask_app.test_client()

    return build


# --- 1. a valid document, served as data ----------------------------------------------------------------------


def test_document_is_valid_openapi_3_1(client: FlaskClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    validate_openapi(document)  # raises on an invalid document
    assert document["openapi"].startswith("3.1.")
    assert document["info"]["version"] == API_VERSION
    assert document["servers"] == [{"url": "/", "description": document["servers"][0]["description"]}]
    assert document == load_document()


def test_document_needs_no_api_key(make_client: Callable[[str], FlaskClient]) -> None:
    client = make_client("keys")
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/v1/languages").status_code == 401  # while the API itself does


def test_document_is_loaded_once_per_app(app: Flask, client: FlaskClient) -> None:
    # Served from what was read and serialised at registration, not re-read per request.
    app.extensions["openapi"] = b'{"openapi": "3.1.0"}'
    assert client.get("/openapi.json").get_json() == {"openapi": "3.1.0"}


def test_version_comes_from_the_constant() -> None:
    assert load_document("9.9.9")["info"]["version"] == "9.9.9"


# --- 2. the document lists exactly the app's routes -----------------------------------------------------------


def app_routes(flask_app: Flask) -> dict[str, set[str]]:
    """Every route of the app as {OpenAPI path template: methods}, HEAD and OPTIONS aside (Flask adds them)."""
    routes: dict[str, set[str]] = {}
    for rule in flask_app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        template = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        routes.setdefault(template, set()).update(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
    return routes


def test_every_route_is_documented_and_every_documented_path_exists(app: Flask, document: dict[str, Any]) -> None:
    documented = {path: {m for m in item if m in HTTP_METHODS} for path, item in document["paths"].items()}
    routes = app_routes(app)
    assert set(routes) - set(documented) == set(), "routes missing from openapi.json"
    assert set(documented) - set(routes) == set(), "documented paths the app does not have"
    assert documented == routes


def test_every_operation_documents_its_errors(document: dict[str, Any]) -> None:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            # A success (200, or 201 for a creation, 202 for a job, 204 for a deletion) and the internal error.
            assert any(re.fullmatch("2[0-9][0-9]", status) for status in statuses), (method, path)
            assert "500" in statuses, (method, path)
            if operation.get("security") != []:  # behind the optional API keys
                assert {"401", "403"} <= statuses, (method, path)
            if method in ("post", "put"):
                assert {"400", "413"} <= statuses, (method, path)
            if "requestBody" in operation and "application/json" in operation["requestBody"]["content"] \
                    and path not in LIBRETRANSLATE_FORMS:
                assert "415" in statuses, (method, path)  # a body that is not JSON (nor a documented file)


# LibreTranslate's own paths take forms as well as JSON, and never answer 415.
LIBRETRANSLATE_FORMS = {"/translate", "/detect", "/suggest", "/translate_file"}

# --- 3. real responses validate against the document ----------------------------------------------------------

LONG_TEXT = "The prime minister spoke with the president. " * 3  # over the small app's 50 characters
BIG_BODY = {"article": {"body": "x" * 2000}, "targets": ["he"]}  # over the small app's 1024 bytes
TRANSLATE = {"article": {"title": "Putin calls Netanyahu", "body": ENGLISH}, "source": "en", "targets": ["ru"],
             "options": {"beam_size": 1, "translate_boilerplate": True, "translate_bylines": False,
                         "quote_style": "curly", "explain": True}}
INLINE = [{"en": "Netanyahu", "ru": "Нетаньяху", "he": "נתניהו", "note": None}, {"en": "Tuesday", "keep": True},
          {"en": "the president", "ru": "президент", "case_sensitive": True, "id": "gl_3f2a9c0d4e1b:7"}]

# (variant, method, path, request keyword arguments, status, problem code or None)
V1_CASES: list[tuple[str, str, str, dict[str, Any], int, str | None]] = [
    ("default", "POST", "/v1/translate", {"json": TRANSLATE}, 200, None),
    ("default", "POST", "/v1/translate", {"json": {"article": {"body": RUSSIAN, "title": None, "format": "text"},
                                                   "targets": ["he", "en"], "source": None}}, 200, None),
    ("default", "POST", "/v1/translate", {"json": {"article": {"body": "Latest Stories\n\n" + ENGLISH, "hints": [
        {"line": 1, "kind": "subheadline"}, {"text": "Latest Stories", "kind": "boilerplate"}]}, "targets": ["he"],
        "options": {"explain": True}}}, 200, None),
    ("default", "POST", "/v1/translate", {"json": {"article": {"body": "<h1>Hello</h1><p>" + ENGLISH + "</p>",
        "format": "html"}, "targets": ["he"], "options": {"explain": True}}}, 200, None),
    ("default", "POST", "/v1/translate", {"data": "{}", "content_type": "text/plain"}, 415, "unsupported_media_type"),
    ("default", "POST", "/v1/translate", {"data": "", "content_type": "application/json"}, 400, "missing_body"),
    ("default", "POST", "/v1/translate", {"data": "{", "content_type": "application/json"}, 400, "invalid_json"),
    ("default", "POST", "/v1/translate", {"json": ["he"]}, 400, "invalid_json"),
    ("default", "POST", "/v1/translate", {"data": "[" * 1000, "content_type": "application/json"}, 400,
     "request_too_deep"),
    ("default", "POST", "/v1/translate", {"data": '{"article": {"body": "\\ud800"}, "targets": ["he"]}',
                                          "content_type": "application/json"}, 400, "invalid_text"),
    ("default", "POST", "/v1/translate", {"json": {"targets": ["he"]}}, 400, "missing_field"),
    ("default", "POST", "/v1/translate", {"json": {"article": {"body": ENGLISH}, "targets": ["he"],
                                                   "options": {"beam_size": 9}}}, 400, "invalid_field"),
    ("default", "POST", "/v1/translate", {"json": {"article": {"body": ENGLISH}, "targets": ["xx", "he"]}},
     400, "unsupported_target_language"),
    ("small", "POST", "/v1/translate", {"json": {"article": {"body": "Hello."}, "targets": ["he", "ru", "en"]}},
     400, "too_many_targets"),
    ("default", "POST", "/v1/translate", {"json": {"article": {"body": "  \n "}, "targets": ["he"]}},
     400, "empty_article"),
    ("small", "POST", "/v1/translate", {"json": {"article": {"body": LONG_TEXT}, "targets": ["he"]}},
     413, "article_too_large"),
    ("small", "POST", "/v1/translate", {"json": BIG_BODY}, 413, "request_too_large"),
    ("default", "POST", "/v1/translate", {"json": {"article": {"body": f"<p>{ENGLISH}</p>", "format": "html",
                                                               "title": "Putin calls"}, "targets": ["he", "ru"]}},
     200, None),
    ("default", "POST", "/v1/translate", {"json": {"article": {"body": "<!doctype html>", "format": "html"},
                                                   "targets": ["he"]}}, 400, "empty_article"),
    ("default", "POST", "/v1/translate", {"json": {"article": {"body": ENGLISH}, "source": "de", "targets": ["he"]}},
     422, "unsupported_source_language"),
    ("default", "POST", "/v1/translate", {"json": {"article": {"body": "12345 67890"}, "targets": ["he"]}},
     422, "undetectable_language"),
    ("default", "POST", "/v1/translate", {"json": {"article": {"body": "<div>" * 600 + ENGLISH, "format": "html"},
                                                   "targets": ["he"]}}, 422, "html_too_deep"),
    ("no_time", "POST", "/v1/translate", {"json": {"article": {"body": ENGLISH}, "targets": ["he"]}},
     503, "time_budget_exceeded"),
    ("default", "POST", "/v1/translate", {"json": {**TRANSLATE, "glossaries": [], "glossary_entries": INLINE}},
     200, None),
    ("default", "POST", "/v1/translate", {"json": {**TRANSLATE, "glossaries": None, "glossary_entries": None}},
     200, None),
    ("default", "POST", "/v1/translate", {"json": {**TRANSLATE, "glossaries": ["house"]}}, 404,
     "glossary_not_found"),
    ("default", "POST", "/v1/translate", {"json": {**TRANSLATE, "glossaries": "house"}}, 400, "invalid_field"),
    ("default", "POST", "/v1/translate", {"json": {**TRANSLATE, "glossaries": ["hou\u00adse"]}}, 400,
     "invalid_field"),
    ("default", "POST", "/v1/translate", {"json": {**TRANSLATE, "glossary_entries": [
        {"en": "Putin", "ru": "Путин"}, {"en": "PUTIN", "he": "פוטין"}]}}, 400, "invalid_glossary"),
    ("default", "POST", "/v1/translate", {"json": {**TRANSLATE, "glossary_entries": [
        {"en": f"term {n}", "ru": f"термин {n}"} for n in range(1001)]}}, 413, "glossary_too_large"),
    ("keys", "POST", "/v1/translate", {"json": TRANSLATE}, 401, "api_key_required"),
    ("keys", "POST", "/v1/translate", {"json": TRANSLATE, "headers": {"Authorization": "Bearer nope"}},
     403, "invalid_api_key"),
    ("keys", "POST", "/v1/translate", {"json": TRANSLATE, "headers": {"Authorization": "Bearer k"}}, 200, None),
    ("keys", "POST", "/v1/translate", {"json": {**TRANSLATE, "api_key": "k"}}, 200, None),
    ("default", "GET", "/v1/translate", {}, 405, "method_not_allowed"),
    ("default", "POST", "/v1/detect", {"json": {"text": HEBREW}}, 200, None),
    ("default", "POST", "/v1/detect", {"json": {"text": "12345"}}, 200, None),
    ("default", "POST", "/v1/detect", {"data": "text=hi", "content_type": "application/x-www-form-urlencoded"},
     415, "unsupported_media_type"),
    ("default", "POST", "/v1/detect", {"data": " ", "content_type": "application/json"}, 400, "missing_body"),
    ("default", "POST", "/v1/detect", {"data": "[", "content_type": "application/json"}, 400, "invalid_json"),
    ("default", "POST", "/v1/detect", {"data": "[" * 1000, "content_type": "application/json"}, 400,
     "request_too_deep"),
    ("default", "POST", "/v1/detect", {"data": b'{"text": "\xed\xa0\x80"}', "content_type": "application/json"},
     400, "invalid_text"),
    ("default", "POST", "/v1/detect", {"json": {"text": 5}}, 400, "missing_field"),
    ("default", "POST", "/v1/detect", {"json": {"text": " "}}, 400, "empty_article"),
    ("small", "POST", "/v1/detect", {"json": {"text": LONG_TEXT}}, 413, "article_too_large"),
    ("small", "POST", "/v1/detect", {"json": {"text": "x" * 2000}}, 413, "request_too_large"),
    ("keys", "POST", "/v1/detect", {"json": {"text": HEBREW}, "query_string": {"api_key": "no"}}, 403,
     "invalid_api_key"),
    ("default", "GET", "/v1/languages", {}, 200, None),
    ("keys", "GET", "/v1/languages", {}, 401, "api_key_required"),
    ("keys", "GET", "/v1/languages", {"headers": {"Authorization": "Bearer wrong"}}, 403, "invalid_api_key"),
    ("keys", "GET", "/v1/languages", {"query_string": {"api_key": "k"}}, 200, None),
    ("default", "POST", "/v1/languages", {}, 405, "method_not_allowed"),
    ("default", "GET", "/healthz", {}, 200, None),
    ("no_packages", "GET", "/healthz", {}, 200, None),
    ("keys", "GET", "/healthz", {}, 200, None),
    ("default", "DELETE", "/healthz", {}, 405, "method_not_allowed"),
    ("default", "GET", "/readyz", {}, 200, None),
    ("unready", "GET", "/readyz", {}, 503, None),
    ("no_packages", "GET", "/readyz", {}, 503, None),
    ("default", "GET", "/openapi.json", {}, 200, None),
    ("default", "POST", "/openapi.json", {}, 405, "method_not_allowed"),
    ("default", "GET", "/nope", {}, 404, "not_found"),
    ("default", "POST", "/v1/nope", {"json": {}}, 404, "not_found"),
]

LT_CASES: list[tuple[str, str, str, dict[str, Any], int, str | None]] = [
    ("default", "POST", "/translate", {"json": {"q": ENGLISH, "source": "en", "target": "he"}}, 200, None),
    ("default", "POST", "/translate", {"json": {"q": [ENGLISH, RUSSIAN, ""], "source": "auto", "target": "he",
                                                "alternatives": 2, "format": "text"}}, 200, None),
    ("default", "POST", "/translate", {"json": {"q": RUSSIAN, "target": "en", "alternatives": 1}}, 200, None),
    ("default", "POST", "/translate", {"json": {"q": [ENGLISH, RUSSIAN, HEBREW, ENGLISH, "Hello."], "target": "ru",
                                                "alternatives": 3}}, 200, None),  # a list per text, not 3 in all
    ("default", "POST", "/translate", {"data": {"q": ENGLISH, "target": "ru", "api_key": ""}}, 200, None),
    ("default", "POST", "/translate", {"data": {"q": [ENGLISH, HEBREW], "source": "auto", "target": "ru",
                                                "format": "", "alternatives": "0"}}, 200, None),
    ("default", "POST", "/translate", {"data": {"q": ENGLISH, "source": "en", "target": "he"},
                                       "content_type": "multipart/form-data"}, 200, None),
    ("default", "POST", "/translate", {"data": "", "content_type": "application/json"}, 400, "missing_body"),
    ("default", "POST", "/translate", {"data": "{q", "content_type": "application/json"}, 400, "invalid_json"),
    ("default", "POST", "/translate", {"json": "hello"}, 400, "invalid_json"),
    ("default", "POST", "/translate", {"data": "{}" + "[" * 1000, "content_type": "application/json"}, 400,
     "request_too_deep"),
    ("default", "POST", "/translate", {"data": "q=%ED%A0%80&target=he",
                                       "content_type": "application/x-www-form-urlencoded"}, 400, "invalid_text"),
    ("default", "POST", "/translate", {"json": {"target": "he"}}, 400, "missing_field"),
    ("default", "POST", "/translate", {"data": {"q": ENGLISH}}, 400, "missing_field"),
    ("default", "POST", "/translate", {"json": {"q": [ENGLISH, 3], "target": "he"}}, 400, "invalid_field"),
    ("default", "POST", "/translate", {"json": {"q": ENGLISH, "target": "he", "format": "pdf"}}, 400,
     "invalid_field"),
    ("default", "POST", "/translate", {"json": {"q": ENGLISH, "target": "he", "alternatives": -1}}, 400,
     "invalid_field"),
    ("default", "POST", "/translate", {"json": {"q": ["", " "], "target": "he"}}, 400, "empty_article"),
    ("default", "POST", "/translate", {"json": {"q": ENGLISH, "target": "xx"}}, 400, "unsupported_target_language"),
    ("small", "POST", "/translate", {"json": {"q": [LONG_TEXT], "target": "he"}}, 413, "article_too_large"),
    ("small", "POST", "/translate", {"data": {"q": "x" * 2000, "target": "he"}}, 413, "request_too_large"),
    ("default", "POST", "/translate", {"json": {"q": f"<p>{ENGLISH}</p>", "target": "he", "format": "html"}}, 200,
     None),
    ("default", "POST", "/translate", {"json": {"q": ENGLISH, "source": "de", "target": "he"}}, 422,
     "unsupported_source_language"),
    ("default", "POST", "/translate", {"json": {"q": "12345", "target": "he"}}, 422, "undetectable_language"),
    ("default", "POST", "/translate", {"json": {"q": "<i>" * 600 + ENGLISH, "target": "he", "format": "html"}}, 422,
     "html_too_deep"),
    ("no_time", "POST", "/translate", {"json": {"q": ENGLISH, "source": "en", "target": "he"}}, 503,
     "time_budget_exceeded"),
    ("keys", "POST", "/translate", {"data": {"q": ENGLISH, "target": "he"}}, 401, "api_key_required"),
    ("keys", "POST", "/translate", {"data": {"q": ENGLISH, "target": "he", "api_key": "bad"}}, 403,
     "invalid_api_key"),
    ("keys", "POST", "/translate", {"data": {"q": ENGLISH, "source": "en", "target": "he", "api_key": "k"}},
     200, None),
    ("keys", "POST", "/translate", {"json": {"q": ENGLISH, "source": "en", "target": "he", "api_key": "k"}},
     200, None),
    ("default", "GET", "/translate", {}, 405, "method_not_allowed"),
    ("default", "POST", "/translate", {"json": {"q": ENGLISH, "source": "en", "target": "ru", "glossaries": []}},
     200, None),
    ("default", "POST", "/translate", {"data": {"q": ENGLISH, "source": "en", "target": "ru", "glossaries": ""}},
     200, None),
    ("default", "POST", "/translate", {"json": {"q": ENGLISH, "target": "ru", "glossaries": ["house"]}}, 404,
     "glossary_not_found"),
    ("default", "POST", "/translate", {"data": {"q": ENGLISH, "target": "ru", "glossaries": "house,desk"}}, 404,
     "glossary_not_found"),
    ("default", "POST", "/translate", {"json": {"q": ENGLISH, "target": "ru", "glossaries": ["\x00"]}}, 400,
     "invalid_field"),
    ("default", "POST", "/detect", {"json": {"q": HEBREW}}, 200, None),
    ("default", "POST", "/detect", {"data": {"q": RUSSIAN}}, 200, None),
    ("default", "POST", "/detect", {"data": "", "content_type": "application/json"}, 400, "missing_body"),
    ("default", "POST", "/detect", {"data": "nope", "content_type": "application/json"}, 400, "invalid_json"),
    ("default", "POST", "/detect", {"data": '{"q": ' * 100 + "1" + "}" * 100, "content_type": "application/json"},
     400, "request_too_deep"),
    ("default", "POST", "/detect", {"data": '{"q": "\\udc80"}', "content_type": "application/json"}, 400,
     "invalid_text"),
    ("default", "POST", "/detect", {"json": {}}, 400, "missing_field"),
    ("default", "POST", "/detect", {"json": {"q": [HEBREW]}}, 400, "invalid_field"),
    ("default", "POST", "/detect", {"json": {"q": "   "}}, 400, "empty_article"),
    ("small", "POST", "/detect", {"json": {"q": LONG_TEXT}}, 413, "article_too_large"),
    ("default", "POST", "/detect", {"json": {"q": "12345"}}, 200, None),
    ("keys", "POST", "/detect", {"json": {"q": HEBREW}}, 401, "api_key_required"),
    ("default", "GET", "/languages", {}, 200, None),
    ("keys", "GET", "/languages", {"headers": {"Authorization": "Bearer x"}}, 403, "invalid_api_key"),
    ("default", "DELETE", "/languages", {}, 405, "method_not_allowed"),
]


def run_case(
    make_client: Callable[[str], FlaskClient], document: dict[str, Any],
    case: tuple[str, str, str, dict[str, Any], int, str | None], client: FlaskClient | None = None,
) -> tuple[TestResponse, Any]:
    """Make the request, check the status and code it should have, and check it against the document.

    ``client``: the variant's client to use (one a test prepared), instead of a new one.
    """
    variant, method, path, kwargs, status, code = case
    response = (client or make_client(variant)).open(path, method=method, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    body = check_response(document, method, path, response)
    if code is not None:
        assert body["code"] == code and body["type"] == f"urn:targum:problem:{code}"
    if status == 405:
        allowed = {m.strip().lower() for m in response.headers["Allow"].split(",")} - {"head", "options"}
        template = documented_path(document, path) or path
        assert allowed == {m for m in document["paths"][template] if m in HTTP_METHODS}
    accepted = 200 <= status < 300
    check_query(document, method, path, kwargs.get("query_string", {}), accepted)
    if accepted and "json" in kwargs:
        check_request(document, method, path, "application/json", kwargs["json"])
    if accepted and isinstance(kwargs.get("data"), dict):
        media_type = kwargs.get("content_type", "application/x-www-form-urlencoded")
        check_request(document, method, path, media_type, kwargs["data"])
    if accepted and isinstance(kwargs.get("data"), str):  # a glossary file
        check_request(document, method, path, kwargs["content_type"], kwargs["data"])
    return response, body


def case_id(case: tuple[str, str, str, dict[str, Any], int, str | None]) -> str:
    variant, method, path, _, status, code = case
    return f"{method} {path} {status} {code or ''} [{variant}]"


@pytest.mark.parametrize("case", V1_CASES, ids=case_id)
def test_v1_responses_match_the_document(
    make_client: Callable[[str], FlaskClient], document: dict[str, Any],
    case: tuple[str, str, str, dict[str, Any], int, str | None],
) -> None:
    run_case(make_client, document, case)


@pytest.mark.parametrize("case", LT_CASES, ids=case_id)
def test_libretranslate_responses_match_the_document(
    make_client: Callable[[str], FlaskClient], document: dict[str, Any],
    case: tuple[str, str, str, dict[str, Any], int, str | None],
) -> None:
    run_case(make_client, document, case)


def test_libretranslate_batch_answers_are_lists(make_client: Callable[[str], FlaskClient],
                                                 document: dict[str, Any]) -> None:
    _, body = run_case(make_client, document, LT_CASES[1])
    assert len(body["translatedText"]) == 3 and len(body["detectedLanguage"]) == 3
    assert len(body["alternatives"]) == 3 and body["alternatives"][2] == []  # a blank text has none
    # The schema ties the shapes together: a list of texts with one detection is not valid.
    assert schema_errors(document, "LibreTranslateResponse", {**body, "detectedLanguage": body["detectedLanguage"][0]})
    # At most 3 alternatives per text, however many texts.
    assert schema_errors(document, "LibreTranslateResponse", {**body, "alternatives": [["a", "b", "c", "d"], [], []]})
    single = {"translatedText": "x", "alternatives": ["a", "b", "c"]}
    assert schema_errors(document, "LibreTranslateResponse", single) == []
    assert schema_errors(document, "LibreTranslateResponse", {**single, "alternatives": ["a", "b", "c", "d"]})


# Glossary cases run against a store that holds "house" and "archive" (:func:`glossary_client`).
HOUSE = [{"he": "נתניהו", "ru": "Нетаньяху", "en": "Netanyahu", "note": "house style since 2009"},
         {"en": "the Knesset", "he": "הכנסת", "ru": "Кнессет"}, {"en": "Haaretz", "keep": True}]
CSV = "he,ru,en,keep\nפוטין,Путин,Putin,false\n,,Ynet,true\n"
TSV = "text/tab-separated-values"
GLOSSARY_CASES: list[tuple[str, str, str, dict[str, Any], int, str | None]] = [
    ("default", "POST", "/v1/glossaries", {"json": {"name": " desk ", "entries": HOUSE}}, 201, None),
    ("default", "POST", "/v1/glossaries", {"json": {"name": "empty"}}, 201, None),
    ("default", "POST", "/v1/glossaries", {"data": CSV, "content_type": "text/csv",
                                           "query_string": {"name": "desk"}}, 201, None),
    ("default", "POST", "/v1/glossaries", {"data": "\ufeffPutin\tПутин\r\n\r\nYnet\tYnet\n", "content_type": TSV,
                                           "query_string": {"name": "pairs", "source": "en", "target": "ru"}},
     201, None),
    ("default", "GET", "/v1/glossaries", {}, 200, None),
    ("default", "GET", "/v1/glossaries/house", {}, 200, None),
    ("default", "GET", "/v1/glossaries/house", {"headers": {"Accept": "text/csv"}}, 200, None),
    ("default", "GET", "/v1/glossaries/house", {"query_string": {"format": "csv"}}, 200, None),
    ("default", "GET", "/v1/glossaries/house", {"query_string": {"format": "tsv", "source": "he", "target": "ru"}},
     200, None),
    ("default", "GET", "/v1/glossaries/house", {"headers": {"Accept": TSV},
                                                "query_string": {"source": "en", "target": "he"}}, 200, None),
    ("default", "GET", "/v1/glossaries/house", {"query_string": {"format": "json"}}, 200, None),
    ("default", "PUT", "/v1/glossaries/house", {"json": {"name": "house style", "entries": HOUSE[:1]}}, 200, None),
    ("default", "PUT", "/v1/glossaries/house", {"json": {"entries": []}}, 200, None),
    ("default", "PUT", "/v1/glossaries/house", {"data": CSV, "content_type": "text/csv",
                                                "query_string": {"name": "house style"}}, 200, None),
    ("default", "POST", "/v1/glossaries/house/entries", {"json": [{"en": "Gaza Strip", "ru": "сектор Газа"}]},
     200, None),
    ("default", "POST", "/v1/glossaries/house/entries", {"json": {"entries": [{"he": "עזה", "ru": "Газа"}]}},
     200, None),
    ("default", "POST", "/v1/glossaries/house/entries", {"json": []}, 200, None),
    ("default", "POST", "/v1/glossaries/house/entries", {"data": "Gaza\tГаза\n", "content_type": TSV,
                                                         "query_string": {"source": "en", "target": "ru"}},
     200, None),
    ("default", "DELETE", "/v1/glossaries/house", {}, 204, None),
    # refused
    ("default", "POST", "/v1/glossaries", {"json": {"name": "desk", "entries": [{"en": "Netanyahu"}]}}, 400,
     "invalid_glossary"),
    ("default", "POST", "/v1/glossaries", {"json": {"name": "desk", "entries": [
        {"en": "Putin", "ru": "Путин"}, {"en": "PUTIN", "he": "פוטין"}]}}, 400, "invalid_glossary"),
    ("default", "POST", "/v1/glossaries", {"json": {"name": "desk", "entries": [{"en": "Haaretz", "ru": "Гаарец",
                                                                                 "keep": True}]}},
     400, "invalid_glossary"),
    ("default", "POST", "/v1/glossaries", {"json": {"name": "gl_desk"}}, 400, "invalid_glossary"),
    ("default", "POST", "/v1/glossaries", {"json": {"name": "desk\tnews"}}, 400, "invalid_glossary"),
    ("default", "POST", "/v1/glossaries", {"json": {"name": 7}}, 400, "invalid_glossary"),
    ("default", "POST", "/v1/glossaries", {"json": {"entries": []}}, 400, "missing_field"),
    ("default", "POST", "/v1/glossaries", {"json": ["desk"]}, 400, "invalid_json"),
    ("default", "POST", "/v1/glossaries", {"data": "en,fr\nA,B\n", "content_type": "text/csv",
                                           "query_string": {"name": "desk"}}, 400, "invalid_glossary"),
    ("default", "POST", "/v1/glossaries", {"data": "en,ru\nPutin,Путин\n", "content_type": "text/csv"}, 400,
     "missing_field"),
    ("default", "POST", "/v1/glossaries", {"data": "Putin\tПутин\n", "content_type": TSV,
                                           "query_string": {"name": "desk", "source": "en"}}, 400, "missing_field"),
    ("default", "POST", "/v1/glossaries", {"data": "Putin\tПутин\tPutin\n", "content_type": TSV,
                                           "query_string": {"name": "desk", "source": "en", "target": "ru"}},
     400, "invalid_glossary"),
    ("default", "POST", "/v1/glossaries", {"data": "", "content_type": "application/json"}, 400, "missing_body"),
    ("default", "POST", "/v1/glossaries", {"data": "{", "content_type": "application/json"}, 400, "invalid_json"),
    ("default", "POST", "/v1/glossaries", {"data": "[" * 1000, "content_type": "application/json"}, 400,
     "request_too_deep"),
    ("default", "POST", "/v1/glossaries", {"data": '{"name": "\\ud800"}', "content_type": "application/json"}, 400,
     "invalid_text"),
    ("default", "POST", "/v1/glossaries", {"json": {"name": "house"}}, 409, "glossary_name_taken"),
    ("default", "POST", "/v1/glossaries", {"data": "name=desk", "content_type": "application/x-www-form-urlencoded"},
     415, "unsupported_media_type"),
    ("small", "POST", "/v1/glossaries", {"data": "en,ru\n" + "".join(f"term {n},термин {n}\n" for n in range(30)),
                                         "content_type": "text/csv", "query_string": {"name": "desk"}},
     413, "glossary_too_large"),
    ("small", "POST", "/v1/glossaries", {"json": {"name": "desk", "entries": [{"en": "x" * 200, "ru": "y" * 200}] * 3}},
     413, "request_too_large"),
    ("default", "GET", "/v1/glossaries/nope", {}, 404, "glossary_not_found"),
    ("default", "GET", "/v1/glossaries/house", {"query_string": {"format": "tsv", "source": "he"}}, 400,
     "missing_field"),
    ("default", "GET", "/v1/glossaries/house", {"query_string": {"format": "tsv", "source": "he", "target": "he"}},
     400, "invalid_glossary"),
    ("default", "PUT", "/v1/glossaries/nope", {"json": {"entries": []}}, 404, "glossary_not_found"),
    ("default", "PUT", "/v1/glossaries/house", {"json": {"name": "archive", "entries": []}}, 409,
     "glossary_name_taken"),
    ("default", "PUT", "/v1/glossaries/house", {"data": "<glossary/>", "content_type": "application/xml"}, 415,
     "unsupported_media_type"),
    ("default", "POST", "/v1/glossaries/house/entries", {"json": [{"en": "NETANYAHU", "ru": "Нетаньяху Б."}]},
     400, "invalid_glossary"),
    ("default", "POST", "/v1/glossaries/house/entries", {"json": "Gaza"}, 400, "invalid_glossary"),
    ("default", "POST", "/v1/glossaries/house/entries", {"json": {"entries": "Gaza"}}, 400, "invalid_glossary"),
    ("default", "POST", "/v1/glossaries/nope/entries", {"json": []}, 404, "glossary_not_found"),
    ("default", "DELETE", "/v1/glossaries/nope", {}, 404, "glossary_not_found"),
    ("default", "PATCH", "/v1/glossaries/house", {"json": {}}, 405, "method_not_allowed"),
    ("default", "GET", "/v1/glossaries/", {}, 404, "not_found"),
    ("keys", "GET", "/v1/glossaries", {}, 401, "api_key_required"),
    ("keys", "DELETE", "/v1/glossaries/house", {"headers": {"Authorization": "Bearer wrong"}}, 403,
     "invalid_api_key"),
    ("keys", "GET", "/v1/glossaries/house", {"query_string": {"api_key": "k"}}, 200, None),
    ("keys", "POST", "/v1/glossaries/house/entries", {"json": {"entries": [], "api_key": "k"}}, 200, None),
]


def glossary_client(make_client: Callable[[str], FlaskClient], variant: str) -> FlaskClient:
    """A client of the variant's app whose store holds the glossaries "house" and "archive"."""
    client = make_client(variant)
    headers = {"Authorization": "Bearer k"} if variant == "keys" else {}
    for name, entries in (("house", HOUSE), ("archive", [])):
        created = client.post("/v1/glossaries", json={"name": name, "entries": entries}, headers=headers)
        assert created.status_code == 201, created.get_json()
    return client


@pytest.mark.parametrize("case", GLOSSARY_CASES, ids=case_id)
def test_glossary_responses_match_the_document(
    make_client: Callable[[str], FlaskClient], document: dict[str, Any],
    case: tuple[str, str, str, dict[str, Any], int, str | None],
) -> None:
    response, body = run_case(make_client, document, case, client=glossary_client(make_client, case[0]))
    if response.mimetype in ("text/csv", TSV):  # an export: a download of this version
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        assert re.fullmatch(r'"gl_[0-9a-f]{12}-1"', response.headers["ETag"])
        assert body.splitlines()[0] == ("he,ru,en,note,case_sensitive,keep" if response.mimetype == "text/csv"
                                        else HOUSE[0][case[3]["query_string"]["source"]] + "\t"
                                        + HOUSE[0][case[3]["query_string"]["target"]])


def test_translation_with_glossaries_matches_the_document(client: FlaskClient, document: dict[str, Any]) -> None:
    house = client.post("/v1/glossaries", json={"name": "house", "entries": [
        {"en": "Putin", "ru": "Путин", "he": "פוטין"}, {"en": "the president", "ru": "президент"}]}).get_json()
    request = {**TRANSLATE, "targets": ["ru", "he"], "glossaries": ["house"], "glossary_entries": INLINE[:2]}
    response = client.post("/v1/translate", json=request)
    assert response.status_code == 200, response.get_json()
    check_request(document, "POST", "/v1/translate", "application/json", request)
    body = check_response(document, "POST", "/v1/translate", response)
    assert body["glossaries"] == [{"id": "inline", "name": None, "version": None},
                                  {"id": house["id"], "name": "house", "version": 1}]
    uses = [use for t in body["translations"].values() for block in t["blocks"] for use in block["glossary"]]
    assert {use["term"] for use in uses} >= {"inline:0", house["entries"][0]["id"]}
    assert {use["action"] for use in uses} & {"kept", "replaced"}
    ru = body["translations"]["ru"]
    block, use = ru["blocks"][0], ru["blocks"][0]["glossary"][0]
    drifted = [
        {**body, "glossaries": []},
        {**body, "glossaries": [{"id": "inline", "name": "inline", "version": None}]},
        {**body, "glossaries": [{"id": house["id"], "name": "house", "version": 0}]},
        {**body, "glossaries": [{"ref": "house", "error": "gone"}]},
        {key: value for key, value in body.items() if key != "glossaries"},  # blocks still report terms
        {**body, "translations": {"ru": {**ru, "blocks": [{k: v for k, v in block.items() if k != "glossary"}]}}},
        {**body, "translations": {"ru": {**ru, "blocks": [{**block, "glossary": [{**use, "action": "done"}]}]}}},
        {**body, "translations": {"ru": {**ru, "blocks": [{**block, "glossary": [{**use, "term": "putin"}]}]}}},
        {**body, "translations": {"ru": {**ru, "blocks": [{**block, "glossary": [
            {**use, "action": "not_enforced", "target": "Путин"}]}]}}},
        {**body, "translations": {"ru": {**ru, "blocks": [{**block, "glossary": [
            {**use, "action": "replaced", "target": ""}]}]}}},
    ]
    for instance in drifted:
        assert schema_errors(document, "TranslateResponse", instance), instance
    default = {**body, "glossaries": [{"ref": "house", "error": "store_unavailable"}]}
    assert schema_errors(document, "TranslateResponse", default) == []


def test_glossary_answers_are_closed(client: FlaskClient, document: dict[str, Any]) -> None:
    glossary = client.post("/v1/glossaries", json={"name": "house", "entries": HOUSE}).get_json()
    assert schema_errors(document, "Glossary", glossary) == []
    entry = glossary["entries"][0]
    assert set(entry) == {"id", "he", "ru", "en", "note", "keep", "case_sensitive"}
    drifted = [
        {**glossary, "extra": 1},
        {key: value for key, value in glossary.items() if key != "entry_count"},
        {**glossary, "id": "house"},
        {**glossary, "version": 0},
        {**glossary, "entries": [{**entry, "fr": "Netanyahou"}]},
        {**glossary, "entries": [{k: v for k, v in entry.items() if k != "keep"}]},
        {**glossary, "entries": [{**entry, "note": ""}]},
        {**glossary, "entries": [{"id": entry["id"], "en": "Netanyahu", "keep": False, "case_sensitive": False}]},
        {**glossary, "entries": [{**entry, "id": "inline:0"}]},
    ]
    for instance in drifted:
        assert schema_errors(document, "Glossary", instance), instance
    listed = client.get("/v1/glossaries").get_json()
    assert schema_errors(document, "GlossarySummary", listed[0]) == []
    assert schema_errors(document, "GlossarySummary", glossary)  # a summary has no entries


def test_store_down_answers_match_the_document(settings: Settings, document: dict[str, Any]) -> None:
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    (settings.instance_dir / "targum.db").write_bytes(b"not a database" * 100)
    client = make_app(settings).test_client()
    for method, path, kwargs in (
        ("GET", "/v1/glossaries", {}),
        ("POST", "/v1/glossaries", {"json": {"name": "house"}}),
        ("GET", "/v1/glossaries/house", {}),
        ("PUT", "/v1/glossaries/house", {"json": {"entries": []}}),
        ("DELETE", "/v1/glossaries/house", {}),
        ("POST", "/v1/glossaries/house/entries", {"json": []}),
        ("POST", "/v1/translate", {"json": {**TRANSLATE, "glossaries": ["house"]}}),
        ("POST", "/translate", {"json": {"q": ENGLISH, "source": "en", "target": "ru", "glossaries": ["house"]}}),
    ):
        response = client.open(path, method=method, **kwargs)
        assert response.status_code == 503, (path, response.get_data(as_text=True))
        assert check_response(document, method, path, response)["code"] == "store_unavailable"
    # Translation without glossaries does not need the store.
    assert client.post("/v1/translate", json={**TRANSLATE, "glossaries": []}).status_code == 200


@pytest.mark.parametrize("path, name", [("/v1/detect", "Problem"), ("/detect", "LibreProblem")])
def test_internal_errors_match_the_document(
    app: Flask, client: FlaskClient, document: dict[str, Any], path: str, name: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(texts: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(app.extensions["targum"].detector, "detect_article", broken)
    body_key = "text" if path == "/v1/detect" else "q"
    response = client.post(path, json={body_key: HEBREW})
    assert response.status_code == 500
    body = check_response(document, "POST", path, response)
    assert body["code"] == "internal_error" and "boom" not in json.dumps(body)
    assert ("error" in body) == (name == "LibreProblem")


# --- 4. the translate contract, strict enough to catch drift --------------------------------------------------


def test_sample_article_translation_matches_the_document(
    client: FlaskClient, document: dict[str, Any], sample_article: str
) -> None:
    request = {"article": {"body": sample_article}, "targets": ["he", "ru", "en"]}
    response = client.post("/v1/translate", json=request)
    assert response.status_code == 200
    check_request(document, "POST", "/v1/translate", "application/json", request)
    body = check_response(document, "POST", "/v1/translate", response)
    statuses = {b["status"] for t in body["translations"].values() for b in t["blocks"]}
    assert {"translated", "source", "kept_boilerplate"} <= statuses


def test_schemas_are_closed_and_complete(client: FlaskClient, document: dict[str, Any], sample_article: str) -> None:
    body = client.post("/v1/translate", json={"article": {"body": sample_article}, "targets": ["he"]}).get_json()
    assert schema_errors(document, "TranslateResponse", body) == []
    block = body["translations"]["he"]["blocks"][1]
    drifted = [
        {**body, "extra": 1},
        {key: value for key, value in body.items() if key != "stats"},
        {**body, "source": {**body["source"], "confidence": 97}},
        {**body, "blocks": [{**body["blocks"][0], "lang": "en"}]},
        {**body, "stats": {**body["stats"], "elapsed_ms": 1.5}},
        {**body, "translations": {"he": {**body["translations"]["he"], "blocks": [{**block, "status": "done"}]}}},
        {**body, "translations": {"he": {**body["translations"]["he"], "blocks": [{**block, "dir": "up"}]}}},
        {**body, "translations": {"he": {**body["translations"]["he"], "blocks": [{**block, "reason": "?"}]}}},
        {**body, "translations": {"he": {key: v for key, v in body["translations"]["he"].items() if key != "html"}}},
    ]
    for instance in drifted:
        assert schema_errors(document, "TranslateResponse", instance), instance
    problem = {"type": "urn:targum:problem:x", "title": "X", "status": 400, "detail": "d", "code": "x"}
    assert schema_errors(document, "Problem", problem) == []
    assert schema_errors(document, "Problem", {**problem, "error": "d"})  # only the LibreTranslate API adds it
    assert schema_errors(document, "LibreProblem", problem)
    assert schema_errors(document, "LibreProblem", {**problem, "error": "d"}) == []
    assert schema_errors(document, "Problem", {key: v for key, v in problem.items() if key != "code"})


def test_request_schemas_follow_the_parser(document: dict[str, Any]) -> None:
    schemas_ = document["components"]["schemas"]
    assert set(schemas_["Options"]["properties"]) == set(schemas.OPTION_TYPES)
    assert schemas_["Options"]["properties"]["quote_style"]["enum"] == ["default", *QUOTE_STYLES, None]
    assert schemas_["Article"]["properties"]["format"]["enum"] == [*schemas.FORMATS, None]
    assert schemas_["BlockKind"]["enum"] == [kind.value for kind in BlockKind]
    good = {"article": {"body": ENGLISH}, "targets": ["he"], "options": {"beam_size": 8}}
    assert schema_errors(document, "TranslateRequest", good) == []
    for bad in ({"targets": ["he"]}, {**good, "targets": []}, {**good, "options": {"beam_size": 9}},
                {**good, "options": {"beam": 2}}, {**good, "article": {"body": ENGLISH, "format": "pdf"}}):
        assert schema_errors(document, "TranslateRequest", bad), bad
    requested = schemas_["TranslateRequest"]["properties"]
    assert requested["glossaries"]["maxItems"] == schemas.MAX_GLOSSARIES
    assert requested["glossary_entries"]["maxItems"] == schemas.MAX_INLINE_ENTRIES
    assert set(schemas_["GlossaryEntry"]["properties"]) == {*LANGUAGES, *FLAGS, "id"}
    assert set(schemas_["StoredGlossaryEntry"]["properties"]) == {*LANGUAGES, *FLAGS, "id"}
    assert schemas_["GlossaryLanguage"]["enum"] == list(LANGUAGES)
    assert schemas_["GlossaryForm"]["maxLength"] == MAX_FORM_CHARS
    assert schemas_["GlossaryName"]["maxLength"] == MAX_NAME_CHARS
    assert schemas_["GlossaryEntryList"]["maxItems"] == MAX_ENTRIES
    assert schemas_["TermUse"]["properties"]["action"]["enum"] == list(get_args(Action))


def accepts_entry(raw: Any) -> bool:
    try:
        make_entry(raw, "entries[0]")
    except GlossaryInvalid:
        return False
    return True


def accepts_name(name: Any) -> bool:
    try:
        check_name(name)
    except GlossaryInvalid:
        return False
    return True


def test_glossary_schemas_follow_the_parser(document: dict[str, Any]) -> None:
    """What the glossary schemas let through, ``make_entry`` and ``check_name`` take, and the reverse."""
    valid_entries = [
        {"en": "Gaza Strip", "ru": "сектор Газа"}, {"en": "Haaretz", "keep": True}, {"he": "הארץ", "keep": True},
        {"he": "נתניהו", "ru": None, "en": "Netanyahu", "note": None, "case_sensitive": True, "keep": False},
        {"en": "Haaretz", "ru": "Haaretz"}, {"en": " the   Knesset ", "ru": "Кнессет", "note": ""},
        {"en": "x" * MAX_FORM_CHARS, "ru": "y\r"}, {"en": "US", "ru": "США", "id": "gl_3f2a9c0d4e1b:4"},
    ]
    invalid_entries = [
        {"en": "Netanyahu"}, {"en": "Netanyahu", "keep": False}, {"keep": True}, {"en": "a", "ru": ""},
        {"en": "a", "ru": " "}, {"en": "a\nb", "ru": "c"}, {"en": "a\tb", "ru": "c"}, {"en": None, "ru": "b"},
        {"en": "x" * (MAX_FORM_CHARS + 1), "ru": "c"}, {"fr": "Netanyahou", "en": "Netanyahu"},
        {"en": "a", "ru": "b", "keep": "yes"}, {"en": "a", "ru": "b", "note": 3}, {"en": 5, "ru": "b"}, ["en", "a"],
        {"en": "a", "ru": "b", "case_sensitive": None},
    ]
    for raw in valid_entries:
        assert schema_errors(document, "GlossaryEntry", raw) == [] and accepts_entry(raw), raw
    for raw in invalid_entries:
        assert schema_errors(document, "GlossaryEntry", raw) and not accepts_entry(raw), raw
    # A NUL, which a stored glossary refuses (tests/web/test_glossaries.py) and inline entries would take.
    for raw in ({"en": "Putin\x00", "ru": "Путин"}, {"en": "Putin", "ru": "Путин", "note": "\x00"}):
        assert schema_errors(document, "GlossaryEntry", raw), raw
    # What the schema cannot see: a keep entry with two different forms.
    assert schema_errors(document, "GlossaryEntry", {"en": "Haaretz", "he": "הארץ", "keep": True}) == []
    valid_names = ["house", " house ", "n" * MAX_NAME_CHARS, "Дом", "desk: politics", "gl", "g_l"]
    invalid_names = ["", " ", "gl_house", " GL_house", "house,desk", "n" * (MAX_NAME_CHARS + 1), "a\tb", "a\x00b",
                     "a\x85b", 7]
    for name in valid_names:
        assert schema_errors(document, "GlossaryName", name) == [] and accepts_name(name), name
    for name in invalid_names:
        assert schema_errors(document, "GlossaryName", name) and not accepts_name(name), name
    # What the schema cannot see: characters Unicode does not call printable, beyond the control characters.
    assert schema_errors(document, "GlossaryName", "a\u2028b") == [] and not accepts_name("a\u2028b")


def schema_examples(node: Any, at: str = "") -> list[tuple[str, Any]]:
    """(where, example) for every ``examples`` item of a schema in the document (components or operations)."""
    found: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        if isinstance(node.get("examples"), list) and (at.startswith("/components/schemas") or "/schema" in at):
            found += [(at, example) for example in node["examples"]]
        for key, value in node.items():
            found += schema_examples(value, at + pointer(key))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            found += schema_examples(value, f"{at}/{n}")
    return found


def test_examples_are_valid(document: dict[str, Any]) -> None:
    """Every example in the document is valid against its schema.

    The fuzzer mixes the examples into what it sends (tests/e2e/test_schemathesis.py), so an invalid one would
    be a request the API refuses for no reason the fuzzer can see.
    """
    examples = schema_examples(document)
    assert len(examples) > 20
    for at, example in examples:
        validate_at(document, at, example)


def test_glossary_examples_are_taken_by_the_api(document: dict[str, Any], settings: Settings) -> None:
    found = document["components"]["schemas"]
    for text in found["GlossaryCsv"]["examples"]:
        assert read_csv(text.encode(), 10**6)
    for text in found["GlossaryTsv"]["examples"]:
        assert read_tsv(text.encode(), "en", "ru", 10**6)
    for example in found["GlossaryRequest"]["examples"]:
        assert check_name(example["name"]) and make_entries(example["entries"])
    for example in found["GlossaryReplacement"]["examples"]:
        assert "name" not in example and make_entries(example["entries"])  # the fuzzer's "house" keeps its name
    for example in found["GlossaryAddition"]["examples"]:
        assert make_entries(example)
    for example in found["GlossaryEntry"]["examples"]:
        assert make_entry(example, "entries[0]")
    for example in found["TranslateRequest"]["examples"]:
        assert schemas.parse_translate(example, settings).glossaries == ("house",)  # the name the fuzzer stores


def test_request_schemas_describe_what_the_api_accepts(document: dict[str, Any]) -> None:
    """The fuzzer follows the request schemas: what they let through, the API must take (and the reverse, mostly)."""
    good = {"article": {"body": ENGLISH}, "targets": ["he", "ru"], "source": "en", "options": {"beam_size": 4.0}}
    valid = [good, {**good, "source": None}, {**good, "source": "iw", "targets": ["iw"]},
             {**good, "article": {"body": " ", "title": "Putin calls Netanyahu"}},
             {**good, "article": {"body": "<p>Hi</p>", "format": "html", "hints": None}},
             {**good, "article": {"body": "Hi\n\nThere", "hints": [{"line": 3.0, "kind": "caption"}]}}]
    for instance in valid:
        assert schema_errors(document, "TranslateRequest", instance) == [], instance
    invalid = [{**good, "targets": ["xx"]}, {**good, "targets": ["he", "he"]}, {**good, "source": "de"},
               {**good, "targets": ["he", "ru", "en", "iw", "he-IL", "ru-RU"]}, {**good, "article": {"body": " \n"}},
               {**good, "article": {"body": "", "title": " "}}, {**good, "article": {"body": "x" * 100_001}},
               {**good, "options": {"beam_size": 4.5}},
               {**good, "article": {"body": "<p>Hi</p>", "format": "html", "hints": []}}]
    for instance in invalid:
        assert schema_errors(document, "TranslateRequest", instance), instance
    job = {**good, "callback_url": "https://cms.example.com/hooks/targum"}
    assert schema_errors(document, "JobRequest", job) == []
    assert schema_errors(document, "JobRequest", {**job, "callback_url": "ftp://cms.example.com/"})
    assert schema_errors(document, "JobRequest", {**job, "targets": ["xx"]})
    libre = {"q": ENGLISH, "source": "auto", "target": "he", "alternatives": 2.0}
    for instance in (libre, {**libre, "q": ["", ENGLISH]}, {**libre, "source": ""}, {**libre, "source": None}):
        assert schema_errors(document, "LibreTranslateRequest", instance) == [], instance
    for instance in ({**libre, "q": " "}, {**libre, "q": ["", " "]}, {**libre, "q": []}, {**libre, "target": "xx"},
                     {**libre, "target": ""}, {**libre, "source": "de"}, {**libre, "alternatives": 1.5}):
        assert schema_errors(document, "LibreTranslateRequest", instance), instance
    form = {"q": ENGLISH, "target": "iw", "source": "", "alternatives": "0"}
    assert schema_errors(document, "LibreTranslateForm", form) == []
    assert schema_errors(document, "LibreTranslateForm", {**form, "target": "de"})


@pytest.mark.parametrize("removed, sources, targets", [
    ((), ["auto", "en", "he", "iw", "ru"], ["en", "he", "iw", "ru"]),
    (("translate-en_he-1_0", "translate-he_en-1_0"), ["auto", "en", "ru"], ["en", "ru"]),
    (("translate-he_en-1_0",), ["auto", "en", "ru"], ["en", "he", "iw", "ru"]),
    # Nothing installed: the configured languages (TARGUM_LANGUAGES), which every request is refused for anyway.
    (("translate-en_he-1_0", "translate-he_en-1_0", "translate-en_ru-1_0", "translate-ru_en-1_0"),
     ["auto", "en", "he", "iw", "ru"], ["en", "he", "iw", "ru"]),
])
def test_served_language_enums_follow_the_installed_packages(
    settings: Settings, packages_dir: Path, removed: tuple[str, ...], sources: list[str], targets: list[str],
) -> None:
    for name in removed:
        shutil.rmtree(packages_dir / name)
    served = make_app(settings).test_client().get("/openapi.json").get_json()
    validate_openapi(served)
    assert served["components"]["schemas"]["SourceLanguage"]["enum"] == sources
    assert served["components"]["schemas"]["TargetLanguage"]["enum"] == targets
    committed = load_document()["components"]["schemas"]
    assert committed["SourceLanguage"]["enum"] == ["auto", "en", "he", "iw", "ru"]  # the newsroom's default
    assert committed["TargetLanguage"]["enum"] == ["en", "he", "iw", "ru"]


def test_documented_problem_codes_exist_in_the_code(document: dict[str, Any]) -> None:
    """Every code the document promises is one the code can produce (so a renamed code is caught)."""
    from translator import errors as domain

    sources = "\n".join(path.read_text(encoding="utf-8")
                        for path in Path(domain.__file__).parent.rglob("*.py"))
    documented: set[str] = set()
    for response in document["components"]["responses"].values():
        for media in response["content"].values():
            code = media["schema"]["properties"]["code"]
            documented.update(code.get("enum", [code.get("const")]))
    http_codes = {"not_found", "method_not_allowed", "request_too_large", "internal_error"}
    for code in documented - http_codes:
        assert f'"{code}"' in sources, f"{code} is documented but no code raises it"


def test_job_responses_match_the_document(settings: Settings, client: FlaskClient, document: dict[str, Any]) -> None:
    jobs_app = make_app(replace(settings, webhook_secrets=("s",), callback_allowed_hosts=("127.0.0.1",),
                                  job_workers=0))
    jobs = jobs_app.test_client()
    body = {"article": {"body": ENGLISH}, "targets": ["ru"], "callback_url": "http://127.0.0.1:9/hook",
            "metadata": {"article_id": "7", "revision": 1}}
    created = jobs.post("/v1/jobs", json=body, headers={"Idempotency-Key": "cms-7-1"})
    assert created.status_code == 202
    job = check_response(document, "POST", "/v1/jobs", created)
    check_request(document, "POST", "/v1/jobs", "application/json", body)
    replayed = jobs.post("/v1/jobs", json=body, headers={"Idempotency-Key": "cms-7-1"})
    assert replayed.status_code == 200 and check_response(document, "POST", "/v1/jobs", replayed)["id"] == job["id"]
    status = jobs.get(f"/v1/jobs/{job['id']}")
    assert status.status_code == 200
    assert check_response(document, "GET", f"/v1/jobs/{job['id']}", status)["status"] == "queued"

    errors = [
        (jobs.post("/v1/jobs", json={**body, "callback_url": "http://169.254.169.254/latest"}), 400,
         "callback_url_refused"),
        (jobs.post("/v1/jobs", json={**body, "targets": ["he"]}, headers={"Idempotency-Key": "cms-7-1"}), 422,
         "idempotency_key_reused"),
        (jobs.get("/v1/jobs/no-such-job"), 404, "job_not_found"),
        (client.post("/v1/jobs", json=body), 503, "webhook_secrets_missing"),
        (jobs.post("/v1/jobs", data="[" * 1000, content_type="application/json"), 400, "request_too_deep"),
        (jobs.post("/v1/jobs", json={**body, "glossary_entries": [{"en": "Putin"}]}), 400, "invalid_glossary"),
        (jobs.post("/v1/jobs", json={**body, "glossaries": ["house\x00"]}), 400, "invalid_field"),
        (jobs.post("/v1/jobs", json={**body, "glossary_entries": [{"en": f"w{n}", "ru": f"с{n}"}
                                                                  for n in range(1001)]}), 413,
         "glossary_too_large"),
        (jobs.post("/v1/jobs", data=json.dumps({**body, "metadata": {"\udfff": 1}}),
                   content_type="application/json"), 400, "invalid_text"),
    ]
    for response, code_status, code in errors:
        assert response.status_code == code_status, response.get_data(as_text=True)
        path = "/v1/jobs/no-such-job" if code == "job_not_found" else "/v1/jobs"
        method = "GET" if code == "job_not_found" else "POST"
        assert check_response(document, method, path, response)["code"] == code


def test_model_failures_match_the_document(settings: Settings, packages_dir: Path,
                                           document: dict[str, Any]) -> None:
    model = packages_dir / "translate-en_he-1_0" / "model" / "model.bin"
    model.write_bytes(bytes(model.stat().st_size))  # damaged after the scan, before the first load
    client = make_app(settings).test_client()
    for path, body in (("/v1/translate", {"article": {"body": ENGLISH}, "source": "en", "targets": ["he"]}),
                       ("/translate", {"q": ENGLISH, "source": "en", "target": "he"})):
        response = client.post(path, json=body)
        assert response.status_code == 503, response.get_data(as_text=True)
        assert check_response(document, "POST", path, response)["package"] == "translate-en_he-1_0"


def test_jobs_off_answers_match_the_document(settings: Settings, document: dict[str, Any]) -> None:
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    (settings.instance_dir / "queue.db").write_bytes(b"not a database" * 100)
    client = make_app(replace(settings, webhook_secrets=("s",), callback_allowed_hosts=("127.0.0.1",),
                              job_workers=0)).test_client()
    body = {"article": {"body": ENGLISH}, "targets": ["ru"], "callback_url": "http://127.0.0.1:9/hook"}
    for method, path, response in (("POST", "/v1/jobs", client.post("/v1/jobs", json=body)),
                                   ("GET", "/v1/jobs/0123", client.get("/v1/jobs/0123"))):
        assert response.status_code == 503
        assert check_response(document, method, path, response)["code"] == "jobs_unavailable"
    ready = client.get("/readyz")
    assert ready.status_code == 200 and check_response(document, "GET", "/readyz", ready)["jobs"]["available"] is False
