"""HTML articles through the web APIs: /v1/translate with format html, and LibreTranslate's /translate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from tests.conftest import HTML, make_app, make_settings
from tests.support.htmltree import hrefs, parse_fragment, shape, translated_root
from tests.support.package_builder import transliterate


def sample(name: str) -> str:
    return (HTML / name).read_text(encoding="utf-8")


def translate(client: FlaskClient, body: str, targets: list[str], source: str = "en", **article: Any) -> dict:
    response = client.post("/v1/translate", json={"article": {"body": body, "format": "html", **article},
                                                  "source": source, "targets": targets})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def same_tree(html: str, source: str) -> Any:
    root = translated_root(html)
    assert shape(root)[2] == shape(parse_fragment(source))[2]
    assert hrefs(root) == hrefs(parse_fragment(source))
    return root


def test_wordpress_post_into_hebrew(client: FlaskClient) -> None:
    source = sample("wordpress.html")
    he = translate(client, source, ["he"])["translations"]["he"]
    root = same_tree(he["html"], source)
    assert (root.get("lang"), root.get("dir"), he["dir"]) == ("he", "rtl", "rtl")
    assert he["html"].count("<!-- wp:paragraph -->") == source.count("<!-- wp:paragraph -->")
    # A link in the middle of a sentence: around the words that translate its text, the rest around it.
    p = root.find("p")
    link = p.find("a")
    assert link.text == transliterate("Prime Minister's Office", "en", "he")
    assert p.text == transliterate("The two leaders spoke on Tuesday, the", "en", "he") + " "
    assert link.tail == " " + transliterate("said in a statement.", "en", "he")
    assert link.attrib == {"href": "https://www.gov.il/en/pmo?ref=wp&utm=1", "target": "_blank",
                           "rel": "noopener", "data-track": "pmo"}
    # The figure keeps its image; the caption is translated, the credit's label localised, the names kept.
    caption = root.find(".//figcaption")
    assert caption.text.endswith("(צילום: Kobi Gideon/GPO)")
    assert root.find(".//img").get("src").endswith("putin.jpg")
    # A blockquote of several sentences, in Hebrew's marks.
    quote = root.find(".//blockquote/p").text
    assert quote.startswith('"') and quote.endswith('"') and quote.count(".") == 3
    # Code and URLs are not translated; the list keeps its emphasis.
    last = root.findall("p")[-1]
    assert last.find("code").text == "pip install argos" and "https://example.org/report" in last.find("code").tail
    assert [li.find("strong") is not None or li.find("em") is not None for li in root.iter("li")] == [True, True]
    kinds = [b["kind"] for b in he["blocks"]]
    assert kinds == ["headline", "paragraph", "caption", "quote", "list_item", "list_item", "paragraph"]
    assert he["blocks"][-1]["text"].startswith(transliterate("Install it with", "en", "he") + " pip install argos")
    assert he["text"].split("\n\n")[0] == transliterate("Netanyahu and Putin speak by phone", "en", "he")


def test_drupal_body_keeps_what_must_not_be_translated(client: FlaskClient) -> None:
    source = sample("drupal.html")
    data = translate(client, source, ["ru"])
    root = same_tree(data["translations"]["ru"]["html"], source)
    body = root.find("div")
    first = body.find("p")
    # Newlines and indentation inside the paragraph did not split its sentence.
    assert data["stats"]["sentences"] == 4
    assert first.find("a").text == transliterate("their first conversation", "en", "ru")
    assert body.find(".//span[@class='notranslate']").text == "Haaretz"
    assert body.find("p[@translate='no']").text == "Do not translate this line."
    assert body.find("pre").text == "keep   this   verbatim"
    assert body.find("drupal-media").get("data-entity-uuid") == "5f1c2d0e-aa11-4b6f-9c1e-1b2c3d4e5f60"


def test_word_processor_paste_keeps_its_spans_and_breaks(client: FlaskClient) -> None:
    source = sample("word-paste.html")
    html = translate(client, source, ["ru"])["translations"]["ru"]["html"]
    root = same_tree(html, source)
    assert root.find(".//b/span").text == transliterate("talks", "en", "ru")
    assert len(root.findall(".//br")) == 1 and len(root.findall(".//{*}p")) >= 2
    assert " ".join(root.text_content().split()).startswith(
        transliterate("The minister said that the talks would go on next week.", "en", "ru"))


def test_hebrew_article_into_english_and_a_title_beside_the_body(client: FlaskClient) -> None:
    source = sample("he-article.html")
    data = translate(client, source, ["en", "he"], source="he", title="נתניהו ופוטין")
    en, he = data["translations"]["en"], data["translations"]["he"]
    root = same_tree(en["html"], source)
    assert (root.get("lang"), root.get("dir")) == ("en", "ltr")
    assert root.find(".//a").text == transliterate("אמר", "he", "en")
    assert en["blocks"][0] == {"id": "b1", "kind": "headline", "text": transliterate("נתניהו ופוטין", "he", "en"),
                               "status": "translated", "dir": "ltr", "language": "en", "flags": []}
    assert same_tree(he["html"], source).get("dir") == "rtl"
    assert [b["status"] for b in he["blocks"]] == ["source"] * 4


def test_libretranslate_html_uses_the_same_machinery(client: FlaskClient) -> None:
    source = sample("wordpress.html")
    v1 = translate(client, source, ["ru"])["translations"]["ru"]["html"]
    one = client.post("/translate", json={"q": source, "source": "en", "target": "ru", "format": "html"})
    assert one.status_code == 200
    text = one.get_json()["translatedText"]
    # The same translation, returned bare as LibreTranslate returns HTML (no wrapping element).
    assert v1 == f'<div lang="ru" dir="ltr">{text}</div>'
    batch = client.post("/translate", data={"q": ["<p>Hello <b>there</b>.</p>", "<p>Go <i>now</i>!</p>"],
                                            "source": "en", "target": "he", "format": "html"})
    assert batch.get_json()["translatedText"] == [
        f"<p>{transliterate('Hello', 'en', 'he')} <b>{transliterate('there', 'en', 'he')}</b>.</p>",
        f"<p>{transliterate('Go', 'en', 'he')} <i>{transliterate('now', 'en', 'he')}</i>!</p>"]


def test_the_model_sees_each_sentence_whole_and_each_package_once(client: FlaskClient) -> None:
    engine = client.application.extensions["targum"].engine
    seen: list[tuple[str, list[str]]] = []
    real = engine.translate_package_aligned

    def recording(package, sentences, options=None):  # type: ignore[no-untyped-def]
        seen.append((f"{package.from_code}-{package.to_code}", list(sentences)))
        return real(package, sentences, options)

    engine.translate_package_aligned = recording
    body = "<p>He said <a href='/x'>the deal</a> is done. It <em>ends</em> today.</p>"
    data = translate(client, body, ["ru"], source="he")  # declared Hebrew, detected English: pivot skipped
    assert [pair for pair, _ in seen] == ["en-ru"]
    assert sorted(seen[0][1]) == ["He said the deal is done.", "It ends today."]
    assert data["stats"]["model_calls"] == 1


def test_sanitize_strips_active_markup_only_when_asked(client: FlaskClient, packages_dir: Path) -> None:
    body = ('<p onclick="steal()">The port <a href="javascript:go()">closed</a> on Monday.</p>'
            '<script>track()</script><iframe src="https://ads.example/"></iframe>')
    active = ("onclick", "javascript:", "<script", "<iframe")
    kept = translate(client, body, ["ru"])["translations"]["ru"]["html"]
    assert all(mark in kept for mark in active)  # a CMS's own embeds need their scripts
    response = client.post("/v1/translate", json={"article": {"body": body, "format": "html"}, "source": "en",
                                                  "targets": ["ru"], "options": {"sanitize": True}})
    cleaned = response.get_json()["translations"]["ru"]["html"]
    assert not any(mark in cleaned for mark in active)
    assert transliterate("The port", "en", "ru") in cleaned
    # The configured default applies to the LibreTranslate API too, and a request may still turn it off.
    app = make_app(make_settings(packages_dir, packages_dir.parent / "instance", sanitize_html=True))
    strict = app.test_client()
    libre = strict.post("/translate", json={"q": body, "source": "en", "target": "ru", "format": "html"}).get_json()
    assert not any(mark in libre["translatedText"] for mark in active)
    opted_out = strict.post("/v1/translate", json={"article": {"body": body, "format": "html"}, "source": "en",
                                                   "targets": ["ru"], "options": {"sanitize": False}}).get_json()
    assert all(mark in opted_out["translations"]["ru"]["html"] for mark in active)
