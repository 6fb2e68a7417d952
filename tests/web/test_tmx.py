"""TMX through the app: export, import (files in other tools' shapes), hostile XML refused; SQLite and PostgreSQL."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from lxml import etree

from tests.conftest import make_app, make_settings
from translator.settings import Settings

TMX = Path(__file__).parent / "tmx"
TMX_TYPE = "application/x-tmx+xml"


@pytest.fixture
def settings(packages_dir: Path, tmp_path: Path, database_url: str) -> Settings:
    """The test settings, with the corrections in a fresh SQLite file or PostgreSQL database."""
    return make_settings(packages_dir, tmp_path / "instance", database_url=database_url)


def correct(client: FlaskClient, source: str, text: str, source_language: str = "en", target: str = "ru",
            **extra: Any) -> None:
    response = client.post("/v1/corrections", json={"source": source, "source_language": source_language,
                                                    "target_language": target, "text": text, **extra})
    assert response.status_code == 201, response.get_json()


def pairs_of(tmx: bytes) -> list[tuple[str, ...]]:
    """Each <tu>'s (source language, target language, source, text), read with lxml alone."""
    root = etree.fromstring(tmx)
    out = []
    for tu in root.iter("tu"):
        tuvs = tu.findall("tuv")
        langs = [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in tuvs]
        out.append((langs[0], langs[1], tuvs[0].findtext("seg") or "", tuvs[1].findtext("seg") or ""))
    return sorted(out)


def import_file(client: FlaskClient, path: Path | bytes) -> Any:
    data = path if isinstance(path, bytes) else path.read_bytes()
    return client.post("/v1/corrections/import", data=data, content_type=TMX_TYPE)


def total(client: FlaskClient) -> int:
    return int(client.get("/v1/corrections").get_json()["total"])


def test_export_then_import_into_an_empty_store_gives_the_same_pairs(
    client: FlaskClient, packages_dir: Path, tmp_path: Path,
) -> None:
    correct(client, "“We spoke for an hour,” the minister said. The talks resume on Monday.",
            "«Мы говорили час», — сказал министр. Переговоры продолжатся в понедельник.",
            article_id="a-1", block_id="b3", editor="dana")
    correct(client, "The cabinet meets on Sunday.", "הקבינט יתכנס ביום ראשון.", target="he")
    correct(client, "Граница закрыта.", "The border is closed.", source_language="ru", target="en")
    exported = client.get("/v1/corrections.tmx")
    assert exported.status_code == 200 and exported.mimetype == TMX_TYPE
    root = etree.fromstring(exported.data)
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("creationtool") == "Targum"
    first = root.find("body/tu")
    assert first.get("creationid") == "dana" and first.get("tuid", "").startswith("co_")
    assert {p.get("type"): p.text for p in first.findall("prop")}["x-targum-article"] == "a-1"
    assert len(root.findall("body/tu")) == 6  # the block, its three units, and two one-sentence corrections

    empty = make_app(make_settings(packages_dir, tmp_path / "other")).test_client()  # a fresh SQLite store
    report = import_file(empty, exported.data).get_json()
    assert report["added"] == 6 and report["skipped"] == 0 and report["refused"] == 0
    assert report["by_pair"] == {"en-ru": 4, "en-he": 1, "ru-en": 1}
    again = empty.get("/v1/corrections.tmx").data
    assert pairs_of(again) == pairs_of(exported.data)
    # Imported again: everything is there already.
    assert import_file(empty, again).get_json()["skipped"] == 6 and total(empty) == 6
    [one] = empty.get("/v1/corrections?article_id=a-1&limit=1").get_json()["corrections"]
    assert one["origin"] == "tmx" and one["editor"] == "dana"


def test_an_omegat_style_file_imports_and_is_used(client: FlaskClient) -> None:
    report = import_file(client, TMX / "omegat-style.tmx").get_json()
    assert report["added"] == 2 and report["by_pair"] == {"en-ru": 1, "en-he": 1}
    assert report["skipped"] == 2 and [p["unit"] for p in report["problems"]] == [3, 4]
    [bold] = client.get("/v1/corrections?q=dawn").get_json()["corrections"]
    assert bold["source"] == "The crossing reopens at dawn." and bold["text"] == "Переход откроется на рассвете."
    assert client.get("/v1/corrections?editor=maya").get_json()["total"] == 1
    answer = client.post("/v1/translate", json={"article": {"body": "The crossing reopens at dawn."}, "source": "en",
                                                "targets": ["ru", "he"]}).get_json()
    assert answer["translations"]["ru"]["blocks"][0]["text"] == "Переход откроется на рассвете."
    assert answer["translations"]["ru"]["blocks"][0]["status"] == "approved"
    assert answer["translations"]["he"]["blocks"][0]["status"] == "translated"


def test_a_memoq_style_file_imports_every_direction_from_its_source(client: FlaskClient) -> None:
    report = import_file(client, TMX / "memoq-style.tmx").get_json()
    assert report["by_pair"] == {"he-ru": 1, "he-en": 2} and report["added"] == 3
    found = {c["text"] for c in client.get("/v1/corrections?source_language=he").get_json()["corrections"]}
    assert found == {"Премьер-министр поговорил с президентом.", "The prime minister spoke with the president.",
                     "Haaretz reported it."}
    assert client.get("/v1/corrections?editor=ROTEM").get_json()["total"] == 3
    assert client.get("/v1/corrections?q=הארץ דיווח").get_json()["total"] == 1  # the <it> codes are left out


def test_a_multipart_upload_imports_as_the_body_does(client: FlaskClient) -> None:
    data = {"file": (io.BytesIO((TMX / "omegat-style.tmx").read_bytes()), "memory.tmx")}
    response = client.post("/v1/corrections/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 200 and response.get_json()["added"] == 2
    missing = client.post("/v1/corrections/import", data={"other": "x"}, content_type="multipart/form-data")
    assert missing.status_code == 400 and missing.get_json()["code"] == "missing_field"


@pytest.mark.parametrize("name", ["billion-laughs.tmx", "external-entity.tmx", "parameter-entity.tmx"])
def test_hostile_xml_is_refused_and_nothing_is_stored(client: FlaskClient, name: str) -> None:
    response = import_file(client, TMX / name)
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "unsafe_xml"
    assert total(client) == 0


@pytest.mark.parametrize("body, code", [
    (b"<tmx version='1.4'><body><tu>", "invalid_tmx"),
    (b"<xliff version='1.2'/>", "invalid_tmx"),
    (b"\xff\xfe not xml at all", "invalid_tmx"),
])
def test_files_that_are_not_tmx_are_refused(client: FlaskClient, body: bytes, code: str) -> None:
    response = import_file(client, body)
    assert response.status_code == 400 and response.get_json()["code"] == code
    assert total(client) == 0


def test_a_file_over_the_limit_is_refused_unread(settings: Settings) -> None:
    client = make_app(replace(settings, tmx_max_bytes=2048)).test_client()
    big = (TMX / "omegat-style.tmx").read_bytes().replace(b"<body>", b"<body>" + b"<!-- padding -->" * 200)
    response = import_file(client, big)
    assert response.status_code == 413 and response.get_json()["code"] == "tmx_too_large"
    assert response.get_json()["limit"] == 2048 and total(client) == 0


def test_a_body_that_is_not_tmx_or_multipart_is_415(client: FlaskClient) -> None:
    response = client.post("/v1/corrections/import", json={"tmx": "<tmx/>"})
    assert response.status_code == 415 and response.get_json()["code"] == "unsupported_media_type"
