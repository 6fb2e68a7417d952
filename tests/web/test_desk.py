"""The desk's blueprint: the page renders at / and /desk, with its policy, its own files, and no inline script."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

from flask.testing import FlaskClient

from tests.conftest import make_app
from translator.settings import Settings
from translator.web import desk

STATIC = Path(desk.__file__).with_name("static")


class Page(HTMLParser):
    """What a test needs of the served HTML: every element's attributes, scripts' bodies, labels, controls."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.script_bodies: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_bodies.append(data)

    def tagged(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]


def parse(client: FlaskClient, path: str = "/") -> Page:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = Page()
    page.feed(response.get_data(as_text=True))
    return page


def test_the_desk_is_served_at_the_root_and_at_desk(client: FlaskClient) -> None:
    for path in ("/", "/desk"):
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == "text/html"
        assert "<title>Targum desk</title>" in response.get_data(as_text=True)


def test_the_page_has_a_policy_against_inline_script_and_other_origins(client: FlaskClient) -> None:
    response = client.get("/")
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["connect-src"] == "'self'"
    assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_api_keeps_its_own_headers(client: FlaskClient) -> None:
    for path in ("/v1/languages", "/healthz", "/openapi.json"):
        assert "Content-Security-Policy" not in client.get(path).headers


def test_the_html_has_no_inline_script_and_no_event_handler_attributes(client: FlaskClient) -> None:
    page = parse(client)
    assert page.script_bodies == []
    scripts = page.tagged("script")
    assert scripts and all(attrs.get("src") for attrs in scripts)
    handlers = [(tag, name) for tag, attrs in page.elements for name in attrs if name.startswith("on")]
    assert handlers == []
    assert not any("style" in attrs for _, attrs in page.elements)  # the policy allows no inline style either
    assert all(not (attrs.get("href") or "").startswith("javascript:") for _, attrs in page.elements)


def test_every_control_has_a_label_and_the_page_says_its_language(client: FlaskClient) -> None:
    page = parse(client)
    html = page.tagged("html")[0]
    assert (html.get("lang"), html.get("dir")) == ("en", "ltr")
    labelled = {attrs.get("for") for attrs in page.tagged("label")}
    for tag in ("input", "select", "textarea"):
        for attrs in page.tagged(tag):
            if attrs.get("type") in ("hidden", "checkbox"):
                continue  # checkboxes sit inside their <label>
            assert attrs.get("id") in labelled or attrs.get("aria-label"), (tag, attrs)


def test_the_files_the_page_names_are_served_with_the_policy(client: FlaskClient) -> None:
    page = parse(client)
    named = [attrs["src"] for attrs in page.tagged("script")] + \
            [attrs["href"] for attrs in page.tagged("link") if attrs.get("rel") == "stylesheet"]
    assert len(named) == 2
    for url in named:
        assert url is not None and url.startswith("/desk/static/")
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype in ("text/javascript", "text/css")
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert client.get("/desk/static/nothing.js").status_code == 404


def test_every_module_imports_only_the_desks_own_files() -> None:
    modules = sorted(STATIC.glob("*.js"))
    assert {m.name for m in modules} >= {"desk.js", "api.js", "translate.js", "glossaries.js", "jobs.js"}
    for module in modules:
        source = module.read_text(encoding="utf-8")
        for target in re.findall(r'from\s+"([^"]+)"', source):
            assert target.startswith("./") and (STATIC / target[2:]).is_file(), (module.name, target)
        assert "http://" not in source and "https://" not in source, module.name  # nothing from elsewhere
        assert "innerHTML" not in source, module.name  # text goes in as text


def test_the_page_needs_no_api_key_but_the_api_still_does(settings: Settings) -> None:
    client = make_app(replace(settings, api_keys=("k",))).test_client()
    assert client.get("/").status_code == 200
    assert client.get("/desk/static/desk.js").status_code == 200
    assert client.get("/v1/languages").status_code == 401
    assert client.get("/v1/languages", headers={"Authorization": "Bearer k"}).status_code == 200


def test_the_page_offers_the_configured_languages(settings: Settings) -> None:
    client = make_app(replace(settings, languages=("en", "ru"))).test_client()
    page = parse(client)
    targets = [attrs.get("value") for attrs in page.tagged("input") if attrs.get("name") == "target"]
    assert targets == ["en", "ru"]
