"""Corrections through the app: approved blocks and sentences, suggestions, the log, /suggest; SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import FixturePackages, make_app, make_settings
from tests.support.package_builder import build_fixture_package
from translator.settings import Settings

FIXED_RU = "Нетаньяху и Путин впервые с 2023 года поговорили по телефону."


@pytest.fixture
def settings(packages_dir: Path, tmp_path: Path, database_url: str) -> Settings:
    """The test settings, with the corrections in a fresh SQLite file or PostgreSQL database."""
    return make_settings(packages_dir, tmp_path / "instance", database_url=database_url)


def translate(client: FlaskClient, body: str, targets: tuple[str, ...] = ("ru",), **options: Any) -> dict[str, Any]:
    response = client.post("/v1/translate", json={"article": {"body": body}, "source": "en", "targets": list(targets),
                                                  **({"options": options} if options else {})})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def correct(client: FlaskClient, source: str, text: str, target: str = "ru", **extra: Any) -> dict[str, Any]:
    response = client.post("/v1/corrections", json={"source": source, "source_language": "en",
                                                    "target_language": target, "text": text, **extra})
    assert response.status_code == 201, response.get_json()
    assert response.headers["Location"].endswith(f"/v1/corrections/{response.get_json()['id']}")
    return response.get_json()


def test_a_corrected_block_comes_back_approved_and_the_others_unchanged(client: FlaskClient,
                                                                         sample_article: str) -> None:
    first = translate(client, sample_article)
    source_blocks = first["blocks"]
    target = first["translations"]["ru"]["blocks"]
    chosen = next(i for i, b in enumerate(source_blocks) if b["kind"] == "paragraph" and "phone" in b["text"])
    created = correct(client, source_blocks[chosen]["text"], FIXED_RU, article_id="a-1", block_id=target[chosen]["id"],
                      editor="dana")
    assert created["level"] == "sentence" and created["pairs"] == 1 and created["editor"] == "dana"

    again = translate(client, sample_article)
    blocks = again["translations"]["ru"]["blocks"]
    assert blocks[chosen]["text"] == FIXED_RU and blocks[chosen]["status"] == "approved"
    assert blocks[chosen]["flags"] == [] and again["translations"]["ru"]["approved_blocks"] == [blocks[chosen]["id"]]
    assert [b["text"] for i, b in enumerate(blocks) if i != chosen] == \
        [b["text"] for i, b in enumerate(target) if i != chosen]
    assert all(b["status"] != "approved" for i, b in enumerate(blocks) if i != chosen)
    assert FIXED_RU in again["translations"]["ru"]["text"] and 'data-status="approved"' in \
        again["translations"]["ru"]["html"]
    assert again["corrections"] == {"available": True}


def test_approved_translations_survive_a_package_upgrade(
    settings: Settings, fixture_packages: FixturePackages, sample_article: str, tmp_path: Path,
) -> None:
    client = make_app(settings).test_client()
    before = translate(client, sample_article)
    headline = before["blocks"][1]
    correct(client, headline["text"], "Заголовок, который одобрил редактор")
    # A new en→ru package (another version, other output) replaces the old one; a new process starts.
    packages = settings.engine.packages_dir
    old = fixture_packages.built[("en", "ru")].directory.name
    shutil.rmtree(packages / old)
    upgraded = build_fixture_package(tmp_path / "v2", "en", "ru", version="2.0", quirk="latin")
    shutil.copytree(upgraded.directory, packages / upgraded.directory.name)
    after = translate(make_app(settings).test_client(), sample_article)
    blocks = after["translations"]["ru"]["blocks"]
    assert blocks[1]["text"] == "Заголовок, который одобрил редактор" and blocks[1]["status"] == "approved"
    # The rest is the new package's own output.
    changed = [i for i, (a, b) in enumerate(zip(before["translations"]["ru"]["blocks"], blocks))
               if a["status"] == "translated" and a["text"] != b["text"]]
    assert len(changed) > 3


def test_a_sentence_correction_is_reused_in_another_article(client: FlaskClient) -> None:
    block = "“We spoke for an hour,” the minister said. The talks resume on Monday."
    fixed = "«Мы говорили час», — сказал министр. Переговоры продолжатся в понедельник."
    created = correct(client, block, fixed)
    # The block, then its units: the quotation, its attribution and the second sentence.
    assert created["level"] == "sentence" and created["pairs"] == 4
    other = "Markets were calm.\n\nThe talks resume on Monday. Nobody expects a deal."
    data = translate(client, other, explain=True)
    second = data["translations"]["ru"]["blocks"][1]
    assert second["text"].startswith("Переговоры продолжатся в понедельник. ")
    assert second["status"] == "translated"  # one sentence of two is approved
    origins = [(s["origin"], s.get("correction_id")) for s in second["sentences"]]
    assert origins == [("approved", created["id"]), ("machine", None)]
    assert data["translations"]["ru"]["blocks"][0]["sentences"][0]["origin"] == "machine"


def test_a_block_whose_sentences_do_not_line_up_is_approved_whole_only(client: FlaskClient) -> None:
    block = "The vote was close. It passed by two."
    created = correct(client, block, "Голосование прошло с перевесом в два голоса.")
    assert created["level"] == "block" and created["pairs"] == 1
    same = translate(client, block)["translations"]["ru"]["blocks"][0]
    assert same["status"] == "approved" and same["text"] == "Голосование прошло с перевесом в два голоса."
    elsewhere = translate(client, "The vote was close.")["translations"]["ru"]["blocks"][0]
    assert elsewhere["status"] == "translated"


def test_a_near_sentence_is_a_suggestion_not_the_translation(client: FlaskClient) -> None:
    created = correct(client, "The ministry said the crossing would reopen on Sunday morning.",
                      "Министерство сообщило, что переход откроется в воскресенье утром.")
    data = translate(client, "The ministry said the crossing would reopen on Monday morning.")
    block = data["translations"]["ru"]["blocks"][0]
    assert block["status"] == "translated" and "Министерство" not in block["text"]
    [suggestion] = block["suggestions"]
    assert suggestion["correction_id"] == created["id"]
    assert suggestion["text"] == "Министерство сообщило, что переход откроется в воскресенье утром."
    assert 90 <= suggestion["similarity"] < 100
    far = translate(client, "The ministry said nothing about the crossing.")["translations"]["ru"]["blocks"][0]
    assert "suggestions" not in far


def test_normalised_spacing_and_quotation_marks_still_match(client: FlaskClient) -> None:
    correct(client, "He called it “a turning point”.", "Он назвал это «поворотным моментом».")
    block = translate(client, 'He  called it "a turning point".')["translations"]["ru"]["blocks"][0]
    assert block["status"] == "approved" and block["text"] == "Он назвал это «поворотным моментом»."


def test_the_newest_correction_wins_and_deleting_it_brings_back_the_older(client: FlaskClient) -> None:
    old = correct(client, "The border is closed.", "Граница закрыта.")
    new = correct(client, "The border is closed.", "Граница остается закрытой.", editor="lev")
    assert translate(client, "The border is closed.")["translations"]["ru"]["blocks"][0]["text"] == \
        "Граница остается закрытой."
    assert client.delete(f"/v1/corrections/{new['id']}?editor=noa").status_code == 204
    assert translate(client, "The border is closed.")["translations"]["ru"]["blocks"][0]["text"] == "Граница закрыта."
    assert client.get(f"/v1/corrections/{new['id']}").get_json()["code"] == "correction_not_found"
    log = client.get("/v1/corrections/log").get_json()["events"]
    assert [(e["correction_id"], e["action"], e["editor"]) for e in log] == [
        (new["id"], "deleted", "noa"), (new["id"], "created", "lev"), (old["id"], "created", None)]
    shown = client.get(f"/v1/corrections/{old['id']}").get_json()
    assert shown["history"][0]["action"] == "created" and shown["text"] == "Граница закрыта."


def test_search_by_text_article_editor_and_date(client: FlaskClient) -> None:
    correct(client, "The border is closed.", "Граница закрыта.", article_id="a-1", editor="dana")
    correct(client, "The border is open.", "Граница открыта.", article_id="a-2", editor="lev", target="he")
    found = client.get("/v1/corrections?q=ЗАКРЫТА").get_json()
    assert found["total"] == 1 and found["corrections"][0]["text"] == "Граница закрыта."
    assert client.get("/v1/corrections?q=border").get_json()["total"] == 2
    assert [c["editor"] for c in client.get("/v1/corrections?article_id=a-2").get_json()["corrections"]] == ["lev"]
    assert client.get("/v1/corrections?editor=dana&target_language=ru").get_json()["total"] == 1
    assert client.get("/v1/corrections?since=2000-01-01").get_json()["total"] == 2
    assert client.get("/v1/corrections?until=2000-01-01").get_json()["total"] == 0
    newest = client.get("/v1/corrections?limit=1").get_json()
    assert newest["total"] == 2 and [c["article_id"] for c in newest["corrections"]] == ["a-2"]
    assert client.get("/v1/corrections?q=50%25").get_json()["total"] == 0  # % is a character, not a wildcard


@pytest.mark.parametrize("body, field", [
    ({"source_language": "en", "target_language": "ru", "text": "x"}, "source"),
    ({"source": " ", "source_language": "en", "target_language": "ru", "text": "x"}, "source"),
    ({"source": "x", "source_language": "fr", "target_language": "ru", "text": "x"}, "source_language"),
    ({"source": "x", "source_language": "en", "target_language": "en", "text": "x"}, "target_language"),
    ({"source": "x", "source_language": "en", "target_language": "ru", "text": 3}, "text"),
    ({"source": "x", "source_language": "en", "target_language": "ru", "text": "y", "editor": ["a"]}, "editor"),
])
def test_bad_corrections_are_refused_naming_the_field(client: FlaskClient, body: dict[str, Any], field: str) -> None:
    response = client.post("/v1/corrections", json=body)
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "invalid_correction" and response.get_json()["field"] == field
    assert client.get("/v1/corrections").get_json()["total"] == 0


@pytest.mark.parametrize("query, field", [("limit=x", "limit"), ("limit=100000", "limit"), ("limit=%C2%B2", "limit"),
                                          ("offset=-1", "offset"), ("since=yesterday", "since")])
def test_bad_search_parameters_are_refused(client: FlaskClient, query: str, field: str) -> None:
    response = client.get(f"/v1/corrections?{query}")
    assert response.status_code == 400 and response.get_json()["field"] == field


def test_libretranslate_suggest_stores_a_correction_that_is_used(client: FlaskClient) -> None:
    response = client.post("/suggest", data={"q": "The border is closed.", "s": "Граница закрыта.",
                                             "source": "en", "target": "ru"})
    assert response.status_code == 200 and response.get_json() == {"success": True}
    [stored] = client.get("/v1/corrections").get_json()["corrections"]
    assert stored["origin"] == "suggest" and stored["text"] == "Граница закрыта."
    answer = client.post("/translate", json={"q": "The border is closed.", "source": "en", "target": "ru"})
    assert answer.get_json()["translatedText"] == "Граница закрыта."
    refused = client.post("/suggest", json={"q": "x", "s": "y", "source": "auto", "target": "ru"})
    assert refused.status_code == 400 and refused.get_json()["error"]
    assert client.post("/suggest", json={"q": "x", "source": "en", "target": "ru"}).get_json()["code"] == \
        "missing_field"
    assert client.get("/frontend/settings").get_json()["suggestions"] is True


def test_suggest_needs_a_key_when_keys_are_on(settings: Settings) -> None:
    from dataclasses import replace
    client = make_app(replace(settings, api_keys=("k1",))).test_client()
    body = {"q": "The border is closed.", "s": "Граница закрыта.", "source": "en", "target": "ru"}
    assert client.post("/suggest", json=body).status_code == 401
    assert client.post("/suggest", json={**body, "api_key": "k1"}).get_json() == {"success": True}


def test_translation_goes_on_without_approvals_when_the_store_is_down(packages_dir: Path, tmp_path: Path) -> None:
    settings = make_settings(packages_dir, tmp_path / "broken")  # SQLite: a file that is not a database
    settings.instance_dir.mkdir(parents=True, exist_ok=True)
    (settings.instance_dir / "targum.db").write_bytes(b"not a database" * 100)
    client = make_app(settings).test_client()
    data = translate(client, "The border is closed.")
    assert data["corrections"]["available"] is False and "store" in data["corrections"]["reason"]
    assert data["translations"]["ru"]["blocks"][0]["status"] == "translated"
