"""The glossary API and glossaries in translations, through the app (SQLite under the test's instance dir)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.support.package_builder import transliterate

HOUSE: list[dict[str, Any]] = [
    {"en": "Netanyahu", "he": "נתניהו", "ru": "Нетаньяху"},
    {"en": "the Knesset", "he": "הכנסת", "ru": "Кнессет"},
    {"en": "Putin", "he": "פוטין", "ru": "Путин"},
    {"en": "Haaretz", "keep": True},
]


def create(client: FlaskClient, name: str = "house", entries: list[dict[str, Any]] = HOUSE) -> dict[str, Any]:
    response = client.post("/v1/glossaries", json={"name": name, "entries": entries})
    assert response.status_code == 201, response.get_json()
    assert response.headers["Location"].endswith(f"/v1/glossaries/{response.get_json()['id']}")
    return response.get_json()


def test_create_then_translate_a_hebrew_article_with_it(client: FlaskClient) -> None:
    glossary = create(client)
    assert glossary["version"] == 1 and glossary["name"] == "house" and len(glossary["entries"]) == 4
    body = {"article": {"title": "ולנתניהו אמרו בכנסת", "body": "שלפוטין אין עיתון כמו Haaretz."},
            "source": "he", "targets": ["ru", "en"], "glossaries": ["house"]}
    response = client.post("/v1/translate", json=body)
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert data["glossaries"] == [{"id": glossary["id"], "name": "house", "version": 1}]
    ru = data["translations"]["ru"]["blocks"]
    said = transliterate(transliterate("אמרו", "he", "en"), "en", "ru")
    assert ru[0]["text"] == f"Нетаньяху {said} Кнессете"
    ids = [e["id"] for e in glossary["entries"]]
    assert ru[0]["glossary"] == [
        {"term": ids[0], "source": "ולנתניהו", "target": "Нетаньяху", "action": "replaced"},
        {"term": ids[1], "source": "בכנסת", "target": "Кнессете", "action": "replaced"}]
    assert ru[1]["text"].startswith("Путину ") and ru[1]["text"].endswith(" Haaretz.")
    en = data["translations"]["en"]
    assert en["blocks"][0]["text"].startswith("Netanyahu ") and "Netanyahu" in en["text"]


def test_html_link_around_a_glossary_name_keeps_the_link(client: FlaskClient) -> None:
    create(client)
    html = '<p>Reporters met <a href="https://example.org/p">Netanjahu</a> in Jerusalem.</p>'
    body = {"article": {"body": html, "format": "html"}, "source": "en", "targets": ["ru"],
            "glossary_entries": [{"en": "Netanjahu", "ru": "Нетаньяху"}]}
    data = client.post("/v1/translate", json=body).get_json()
    out = data["translations"]["ru"]["html"]
    assert '<a href="https://example.org/p">Нетаньяху</a>' in out, out
    assert data["translations"]["ru"]["blocks"][0]["glossary"][0]["action"] == "replaced"
    assert data["glossaries"] == [{"id": "inline", "name": None, "version": None}]
