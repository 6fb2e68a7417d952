"""End to end: a Word file larger than a JSON body, through gunicorn and a job whose callback carries its URL."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import docx
import requests

from tests.e2e.test_jobs import GUNICORN, service_env, wait_job
from tests.support.package_builder import transliterate
from tests.support.receiver import receiver
from tests.support.servers import free_port, running, wait_for
from tests.unit.documents import builders as b


def large_docx() -> bytes:
    """The test's story with a 3 MB picture in its package (incompressible, so no zip bomb): over 2 MiB."""
    story = zipfile.ZipFile(io.BytesIO(b.news_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in story.infolist():
            archive.writestr(info, story.read(info))
        archive.writestr("word/media/picture.bin", os.urandom(3 * 1024 * 1024))
    return out.getvalue()


def test_a_large_word_file_through_a_job(packages: Path, tmp_path: Path) -> None:
    data = large_docx()
    assert len(data) > 2 * 1024 * 1024  # over TARGUM_MAX_REQUEST_BYTES: only document uploads may be
    with running(GUNICORN, service_env(packages), free_port()) as (url, process), \
            receiver(tmp_path / "hook.jsonl") as hook:
        wait_for(f"{url}/readyz", process)
        accepted = requests.post(f"{url}/v1/documents", files={"file": ("story.docx", data)},
                                 data={"source": "en", "target": "ru", "callback_url": hook.url}, timeout=60)
        assert accepted.status_code == 202, accepted.text
        job_id = accepted.json()["job_id"]
        hook.wait(lambda got: len(got) >= 1)
        wait_job(url, job_id, lambda d: d["callback"]["status"] == "delivered")
        (callback,) = hook.requests()
        result = json.loads(callback["body"])["data"]["result"]
        assert result["status"] == "succeeded" and result["download_url"].startswith(url)
        file = requests.get(result["download_url"], timeout=60)
        too_big = requests.post(f"{url}/v1/translate", data=b"{" + b" " * (3 * 1024 * 1024) + b"}",
                                headers={"Content-Type": "application/json"}, timeout=60)
    assert file.status_code == 200 and len(file.content) > 3 * 1024 * 1024
    texts = [p.text for p in docx.Document(io.BytesIO(file.content)).paragraphs]
    assert transliterate(b.HEADING, "en", "ru") in texts
    assert too_big.status_code == 413  # a JSON body is still held to its own limit
