"""/v1/documents and LibreTranslate's /translate_file: files in, the same format out, hostile files refused."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import pytest
import srt
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import make_app
from tests.support.package_builder import transliterate
from tests.unit.documents import builders as b
from translator.settings import Settings

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SUBTITLES = "1\n00:00:01,000 --> 00:00:02,500\nThe minister said\n\n2\n00:00:02,600 --> 00:00:04,000\nthat the talks\n"


def upload(client: FlaskClient, data: bytes, name: str, path: str = "/v1/documents", **fields: object):  # type: ignore[no-untyped-def]
    return client.post(path, data={"file": (io.BytesIO(data), name), **fields}, content_type="multipart/form-data")


def test_a_word_file_comes_back_translated_in_every_target(client: FlaskClient) -> None:
    response = upload(client, b.news_docx(), "story.docx", source="en", target=["he", "ru"])
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert answer["status"] == "succeeded" and answer["format"] == "docx" and answer["targets"] == ["he", "ru"]
    assert answer["download_url"] == f"http://localhost/v1/documents/{answer['id']}/download"
    assert client.get(answer["download_url"]).status_code == 400  # two targets: say which
    russian = client.get(answer["downloads"]["ru"])
    assert russian.status_code == 200 and russian.mimetype == DOCX
    assert "story.ru.docx" in russian.headers["Content-Disposition"]
    texts = [p.text for p in docx.Document(io.BytesIO(russian.data)).paragraphs]
    assert transliterate(b.HEADING, "en", "ru") in texts
    status = client.get(f"/v1/documents/{answer['id']}")
    assert status.is_json and status.get_json()["status"] == "succeeded"
    as_file = client.get(f"/v1/documents/{answer['id']}?target=he", headers={"Accept": DOCX})
    assert as_file.mimetype == DOCX and as_file.data.startswith(b"PK")


def test_subtitles_keep_their_cues_and_timings(client: FlaskClient) -> None:
    answer = upload(client, SUBTITLES.encode(), "clip.srt", source="en", target="ru").get_json()
    translated = list(srt.parse(client.get(answer["download_url"]).data.decode()))
    assert [(s.index, s.start, s.end) for s in translated] == [(s.index, s.start, s.end)
                                                                for s in srt.parse(SUBTITLES)]
    assert " ".join(s.content for s in translated) == transliterate("The minister said that the talks", "en", "ru")


@pytest.mark.parametrize("name, data, status, code", [
    ("bomb.docx", b.zip_bomb(), 422, "zip_bomb"),
    ("story.docx", b.with_external_image(b.news_docx()), 422, "external_content"),
    ("story.docm", b.news_docx(), 415, "document_has_macros"),
    ("story.pdf", b"%PDF-1.7", 415, "unsupported_document_format"),
    ("story.docx", b"plain text, not a package", 415, "unsupported_document_format"),
    ("story.docx", b"PK\x03\x04 broken", 422, "invalid_document"),
    ("notes.txt", b"\xff\xfe\x00", 422, "invalid_document"),
])
def test_hostile_and_broken_files_are_refused_clearly(client: FlaskClient, name: str, data: bytes, status: int,
                                                      code: str) -> None:
    response = upload(client, data, name, target="ru")
    assert (response.status_code, response.get_json()["code"]) == (status, code), response.get_json()
    assert response.mimetype == "application/problem+json"


def test_a_50_mb_file_is_refused_before_it_is_read(client: FlaskClient) -> None:
    response = upload(client, b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024), "big.docx", target="ru")
    assert response.status_code == 413 and response.get_json()["code"] == "document_too_large"


@pytest.mark.parametrize("fields, code", [({"target": "ru"}, "missing_field"), ({}, "missing_field")])
def test_missing_fields(client: FlaskClient, fields: dict, code: str) -> None:
    data = fields if "target" not in fields else {"target": "ru"}
    response = client.post("/v1/documents", data=data, content_type="multipart/form-data")
    assert response.status_code == 400 and response.get_json()["code"] == code


def test_unknown_documents_are_404(client: FlaskClient) -> None:
    for path in ("/v1/documents/doc_" + "0" * 32, "/v1/documents/../etc/download", "/download_file/nope.x.docx"):
        response = client.get(path)
        assert response.status_code == 404, path


@pytest.fixture
def jobs_app(settings: Settings) -> Flask:
    flask_app = make_app(replace(settings, webhook_secrets=("s",), callback_allowed_hosts=("127.0.0.1",)))
    flask_app.config.update(TESTING=True)
    return flask_app


def test_a_large_file_goes_through_a_job_whose_result_carries_the_download_url(jobs_app: Flask) -> None:
    client = jobs_app.test_client()
    response = upload(client, b.news_docx(), "story.docx", target="ru", callback_url="http://127.0.0.1:9/hook")
    assert response.status_code == 202
    queued = response.get_json()
    assert queued["status"] == "queued"
    assert client.get(queued["download_url"]).get_json()["code"] == "document_not_ready"
    jobs = jobs_app.extensions["targum.jobs"]
    jobs.run_translation(queued["job_id"])
    job = client.get(f"/v1/jobs/{queued['job_id']}").get_json()
    assert job["status"] == "succeeded" and job["result"]["download_url"] == queued["download_url"]
    assert client.get(queued["download_url"]).data.startswith(b"PK")


def test_translate_file_as_libretranslate_s_web_page_posts_it(client: FlaskClient) -> None:
    response = upload(client, b"The minister spoke on Tuesday.\n", "note.txt", path="/translate_file",
                      source="en", target="ru", api_key="")
    assert response.status_code == 200, response.get_json()
    url = response.get_json()["translatedFileUrl"]
    assert url.startswith("http://localhost/download_file/doc_") and url.endswith(".note.txt")
    file = client.get(url.removeprefix("http://localhost"))
    assert file.status_code == 200 and "filename=note.txt" in file.headers["Content-Disposition"]
    assert file.data.decode().strip() == transliterate("The minister spoke on Tuesday.", "en", "ru")


def test_frontend_settings_advertise_the_formats(client: FlaskClient) -> None:
    settings = client.get("/frontend/settings").get_json()
    assert settings["filesTranslation"] is True and ".docx" in settings["supportedFilesFormat"]


def test_the_worker_lets_only_document_uploads_past_the_request_limit() -> None:
    from translator.web.server import _Limits

    limits = _Limits(max_body=100, read_timeout=1.0, max_upload=1000)
    assert limits.body_limit("POST", "/v1/documents") == limits.body_limit("POST", "/translate_file") == 1000
    assert limits.body_limit("POST", "/v1/translate") == limits.body_limit("GET", "/v1/documents") == 100


def test_glossaries_apply_to_documents(client: FlaskClient) -> None:
    created = client.post("/v1/glossaries", json={"name": "desk", "entries": [
        {"en": "Moshe Cohen", "ru": "Моше Коэн", "he": "משה כהן"}]})
    assert created.status_code == 201
    answer = upload(client, b.news_docx(), "story.docx", source="en", target="ru", glossaries="desk").get_json()
    texts = [p.text for p in docx.Document(io.BytesIO(client.get(answer["download_url"]).data)).paragraphs]
    named = next(t for t in texts if transliterate("The talks", "en", "ru") in t)
    assert "Моше Коэн" in named
    missing = upload(client, b.news_docx(), "story.docx", target="ru", glossaries="nope")
    assert missing.status_code == 404 and missing.get_json()["code"] == "glossary_not_found"


def test_approved_translations_apply_to_documents(client: FlaskClient) -> None:
    created = client.post("/v1/corrections", json={"source": "The minister spoke on Tuesday.", "source_language": "en",
                                                   "target_language": "ru", "text": "Министр выступил во вторник."})
    assert created.status_code == 201
    answer = upload(client, b"The minister spoke on Tuesday.\n\nTalks went on late.\n", "note.txt", source="en",
                    target="ru").get_json()
    text = client.get(answer["download_url"]).data.decode("utf-8")
    assert text.startswith("Министр выступил во вторник.\n\n")
    assert transliterate("Talks went on late.", "en", "ru") in text
