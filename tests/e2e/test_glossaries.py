"""End to end: two gunicorn services on one real PostgreSQL share the term base, and a job carries its report.

Each service is its own process with its own cache of glossaries; the store
is the only copy, so a change made through one is applied by the other on
its very next request.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from tests.e2e.test_jobs import wait_job
from tests.support.package_builder import transliterate
from tests.support.receiver import receiver
from tests.support.servers import get_json, post


def put(url: str, body: object) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), method="PUT",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.load(response)


def translate(url: str, body: str, glossary: str) -> dict:
    status, _, data = post(f"{url}/v1/translate", {"article": {"body": body}, "source": "en", "targets": ["ru"],
                                                   "glossaries": [glossary]})
    assert status == 200, data
    return data


def test_a_change_through_one_service_is_applied_by_the_other_at_once(two_services: tuple[str, str]) -> None:
    a, b = two_services
    status, _, created = post(f"{a}/v1/glossaries", {"name": "shared", "entries": [{"en": "Netanjahu",
                                                                                    "ru": "Нетаньяху"}]})
    assert status == 201, created
    spoke = transliterate("spoke.", "en", "ru")
    first = translate(b, "Netanjahu spoke.", "shared")
    assert first["translations"]["ru"]["blocks"][0]["text"] == f"Нетаньяху {spoke}"
    assert first["glossaries"] == [{"id": created["id"], "name": "shared", "version": 1}]
    status, changed = put(f"{b}/v1/glossaries/{created['id']}", {"entries": [{"en": "Netanjahu",
                                                                             "ru": "Нетаниягу"}]})
    assert status == 200 and changed["version"] == 2
    status, seen = get_json(f"{a}/v1/glossaries/shared")
    assert status == 200 and seen["version"] == 2 and seen["entries"][0]["ru"] == "Нетаниягу"
    again = translate(a, "Netanjahu spoke.", "shared")
    assert again["translations"]["ru"]["blocks"][0]["text"] == f"Нетаниягу {spoke}"


def test_a_job_applies_its_glossaries_and_its_callback_carries_the_report(
    two_services: tuple[str, str], tmp_path: Path,
) -> None:
    a, _ = two_services
    status, _, created = post(f"{a}/v1/glossaries", {"name": "desk", "entries": [{"en": "Putin", "ru": "Путин"},
                                                                                 {"en": "Jerusalem", "ru": "Иерусалим"}]})
    assert status == 201, created
    with receiver(tmp_path / "hook.jsonl") as hook:
        status, _, accepted = post(f"{a}/v1/jobs", {
            "article": {"body": "Putin wrote from Jerusalem."}, "source": "en", "targets": ["ru"],
            "glossaries": ["desk"], "callback_url": hook.url})
        assert status == 202, accepted
        hook.wait(lambda got: len(got) >= 1)
        wait_job(a, accepted["id"], lambda d: d["callback"]["status"] == "delivered")
        (callback,) = hook.requests()
    result = json.loads(callback["body"])["data"]["result"]
    block = result["translations"]["ru"]["blocks"][0]
    # The fixture writes Йерусалем; "from" asks the genitive of the house form.
    assert block["text"] == "Путин " + transliterate("wrote from", "en", "ru") + " Иерусалима."
    assert [(g["source"], g["target"], g["action"]) for g in block["glossary"]] == [
        ("Putin", "Путин", "kept"), ("Jerusalem", "Иерусалима", "replaced")]
    assert result["glossaries"] == [{"id": created["id"], "name": "desk", "version": 1}]
