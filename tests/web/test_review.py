"""Review flags end to end through POST /v1/translate, on fixture packages that misbehave on purpose.

Each test replaces the en→ru fixture package with one that has a quirk
(tests/support/package_builder/fixture.py): changed digits, Latin letters
left in, a stop at the first comma, a loop to the length limit, a hesitant
model; the flag it must raise comes back on the block, with its span, and in
the target's review. The same article through the plain package is clean.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from tests.conftest import make_app, make_settings
from tests.support.package_builder import build_fixture_package, transliterate

ARTICLE = "Putin met 1,200 workers at the factory on Monday, then left for Moscow at noon."


def client_with(packages_dir: Path, quirk: str | None) -> FlaskClient:
    if quirk is not None:
        shutil.rmtree(packages_dir / "translate-en_ru-1_0")
        build_fixture_package(packages_dir, "en", "ru", quirk=quirk)  # type: ignore[arg-type]
    return make_app(make_settings(packages_dir, packages_dir.parent / f"instance-{quirk}")).test_client()


def translate(client: FlaskClient, body: str = ARTICLE, **options: Any) -> dict[str, Any]:
    response = client.post("/v1/translate", json={"article": {"body": body}, "source": "en", "targets": ["ru"],
                                                  "options": options})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["translations"]["ru"]


def test_the_plain_package_raises_no_flag(packages_dir: Path) -> None:
    ru = translate(client_with(packages_dir, None))
    assert ru["blocks"][0]["flags"] == [] and ru["review"] == {"blocks_flagged": 0, "by_code": {}}


def test_changed_digits_are_a_number_mismatch(packages_dir: Path) -> None:
    ru = translate(client_with(packages_dir, "digits"))
    block = ru["blocks"][0]
    assert block["text"] == transliterate(ARTICLE, "en", "ru", quirk="digits")
    flags = [f for f in block["flags"] if f["code"] == "number_mismatch"]
    assert [(f["source_span"], f["target_span"]) for f in flags] == [
        ([10, 15], None), (None, [block["text"].index("2,311"), block["text"].index("2,311") + 5])]
    assert ru["review"] == {"blocks_flagged": 1, "by_code": {"number_mismatch": 2}}


def test_latin_letters_left_in_russian_are_the_wrong_script(packages_dir: Path) -> None:
    body = "The workers waxed the floor quickly."
    ru = translate(client_with(packages_dir, "latin"), body)
    block = ru["blocks"][0]
    assert block["text"] == transliterate(body, "en", "ru", quirk="latin")
    spans = [tuple(f["target_span"]) for f in block["flags"] if f["code"] == "wrong_script"]
    words = [block["text"][a:b] for a, b in spans]
    mixed = [w for w in re.findall(r"\w+", block["text"]) if re.search("[A-Za-z]", w)]
    assert words == mixed and len(words) >= 2, words
    assert set(ru["review"]["by_code"]) == {"wrong_script"}


def test_a_stop_at_the_first_comma_is_a_length_ratio(packages_dir: Path) -> None:
    body = "Yes, the prime minister met the workers at the factory on Monday and spoke for an hour."
    ru = translate(client_with(packages_dir, "early_stop"), body)
    block = ru["blocks"][0]
    assert block["text"].startswith(transliterate("Yes", "en", "ru")) and len(block["text"]) < 10
    assert [f["code"] for f in block["flags"]] == ["length_ratio"]


def test_a_loop_is_a_repetition_and_truncated(packages_dir: Path) -> None:
    ru = translate(client_with(packages_dir, "loop"), "Putin spoke to the workers for an hour.")
    codes = [f["code"] for f in ru["blocks"][0]["flags"]]
    assert "repetition" in codes and "truncated" in codes
    truncated = next(f for f in ru["blocks"][0]["flags"] if f["code"] == "truncated")
    assert truncated["source_span"] == [0, len("Putin spoke to the workers for an hour.")]


def test_a_hesitant_model_is_low_confidence_and_a_threshold_can_be_set(packages_dir: Path) -> None:
    client = client_with(packages_dir, "hesitant")
    ru = translate(client)
    assert ru["blocks"][0]["text"] == transliterate(ARTICLE, "en", "ru")
    assert [f["code"] for f in ru["blocks"][0]["flags"]] == ["low_confidence"]
    assert "mean log-probability" in ru["blocks"][0]["flags"][0]["message"]


def test_flags_off_and_marked_in_the_renderings(packages_dir: Path) -> None:
    client = client_with(packages_dir, "digits")
    off = translate(client, flags=False)
    assert "flags" not in off["blocks"][0] and "review" not in off
    marked = translate(client, mark_flags=True)
    assert 'data-flag="number_mismatch"' in marked["html"] and "[⚑ number_mismatch]" in marked["text"]
    html = client.post("/v1/translate", json={"article": {"body": f"<p>{ARTICLE}</p><p>Hello.</p>", "format": "html"},
                                              "source": "en", "targets": ["ru"], "options": {"mark_flags": True}})
    out = html.get_json()["translations"]["ru"]["html"]
    assert out.count("data-flag=") == 1 and '<p data-flag="number_mismatch">' in out


def test_handles_and_urls_the_model_changed(packages_dir: Path) -> None:
    body = "Follow @IDF and read https://example.org/report for more."
    ru = translate(client_with(packages_dir, None), body)
    flags = ru["blocks"][0]["flags"]
    assert [(f["code"], body[f["source_span"][0]:f["source_span"][1]]) for f in flags] == [
        ("url_or_handle_changed", "@IDF"), ("url_or_handle_changed", "https://example.org/report")]


def test_flagged_answers_match_the_openapi_document(packages_dir: Path) -> None:
    from tests.web.test_openapi import schema_errors

    client = client_with(packages_dir, "loop")
    body = client.post("/v1/translate", json={"article": {"body": ARTICLE}, "source": "en", "targets": ["ru"],
                                              "options": {"mark_flags": True}}).get_json()
    document = client.get("/openapi.json").get_json()
    assert body["translations"]["ru"]["blocks"][0]["flags"]
    assert schema_errors(document, "TranslateResponse", body) == []
    flag = body["translations"]["ru"]["blocks"][0]["flags"][0]
    drifted = {**flag, "code": "too_long"}
    assert schema_errors(document, "Flag", drifted) and schema_errors(document, "Flag", {**flag, "extra": 1})
