"""End to end: two gunicorn services on one real PostgreSQL share the corrections, and a job reports its approved blocks.

Exact matches are read from the store on every request, so a correction
saved through one service is used by the other on its very next request;
near matches come from each process's own index, brought up to date from
the store's change log before each lookup.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_jobs import wait_job
from tests.support.receiver import receiver
from tests.support.servers import get_json, post

SENTENCE = "The ministry said the crossing would reopen on Sunday morning."
NEAR = "The ministry said the crossing would reopen on Monday morning."
FIXED = "Министерство сообщило, что переход откроется в воскресенье утром."


def translate(url: str, body: str) -> dict:
    status, _, data = post(f"{url}/v1/translate", {"article": {"body": body}, "source": "en", "targets": ["ru"]})
    assert status == 200, data
    return data


def test_a_correction_saved_through_one_service_is_used_by_the_other(two_services: tuple[str, str]) -> None:
    a, b = two_services
    before = translate(b, NEAR)["translations"]["ru"]["blocks"][0]  # b's near-match index is built now
    assert "suggestions" not in before
    status, _, created = post(f"{a}/v1/corrections", {"source": SENTENCE, "source_language": "en",
                                                      "target_language": "ru", "text": FIXED, "editor": "dana"})
    assert status == 201, created
    exact = translate(b, SENTENCE)["translations"]["ru"]
    assert exact["blocks"][0]["text"] == FIXED and exact["approved_blocks"] == ["b1"]
    [suggestion] = translate(b, NEAR)["translations"]["ru"]["blocks"][0]["suggestions"]
    assert suggestion["correction_id"] == created["id"] and suggestion["text"] == FIXED
    status, listed = get_json(f"{b}/v1/corrections?editor=dana")
    assert status == 200 and [c["id"] for c in listed["corrections"]] == [created["id"]]


def test_a_job_reports_which_blocks_came_from_approved_translations(
    two_services: tuple[str, str], tmp_path: Path,
) -> None:
    a, b = two_services
    status, _, _ = post(f"{b}/v1/corrections", {"source": "The cabinet will meet on Sunday.", "source_language": "en",
                                                "target_language": "ru", "text": "Кабинет соберётся в воскресенье."})
    assert status == 201
    with receiver(tmp_path / "hook.jsonl") as hook:
        status, _, accepted = post(f"{a}/v1/jobs", {
            "article": {"body": "Talks went on late.\n\nThe cabinet will meet on Sunday."}, "source": "en",
            "targets": ["ru"], "callback_url": hook.url})
        assert status == 202, accepted
        hook.wait(lambda got: len(got) >= 1)
        wait_job(a, accepted["id"], lambda d: d["callback"]["status"] == "delivered")
        (callback,) = hook.requests()
    result = json.loads(callback["body"])["data"]["result"]
    ru = result["translations"]["ru"]
    assert ru["approved_blocks"] == ["b2"] and [b["status"] for b in ru["blocks"]] == ["translated", "approved"]
    assert ru["blocks"][1]["text"] == "Кабинет соберётся в воскресенье." and result["corrections"]["available"]
