"""End to end: a webhook job's callback carries the review flags, from gunicorn, on a package that changes digits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import FixturePackages
from tests.e2e.test_jobs import GUNICORN, service_env, wait_job
from tests.support.package_builder import build_fixture_package, transliterate
from tests.support.receiver import receiver
from tests.support.servers import free_port, post, running, wait_for


def test_the_callback_carries_each_blocks_flags_and_the_review(
    fixture_packages: FixturePackages, tmp_path: Path,
) -> None:
    packages = tmp_path / "packages"
    for built in fixture_packages.built.values():
        shutil.copytree(built.directory, packages / built.directory.name)
    shutil.rmtree(packages / "translate-en_ru-1_0")
    build_fixture_package(packages, "en", "ru", quirk="digits")
    body = "The ministry said 59 hostages remain.\n\nTalks resume on Monday."
    with running(GUNICORN, service_env(packages), free_port()) as (url, process), \
            receiver(tmp_path / "hook.jsonl") as hook:
        wait_for(f"{url}/readyz", process)
        status, _, accepted = post(f"{url}/v1/jobs", {"article": {"body": body}, "source": "en", "targets": ["ru"],
                                                      "callback_url": hook.url})
        assert status == 202, accepted
        hook.wait(lambda got: len(got) >= 1)
        wait_job(url, accepted["id"], lambda d: d["callback"]["status"] == "delivered")
        (callback,) = hook.requests()
    ru = json.loads(callback["body"])["data"]["result"]["translations"]["ru"]
    first, second = ru["blocks"]
    assert first["text"] == transliterate("The ministry said 59 hostages remain.", "en", "ru", quirk="digits")
    assert [(f["code"], f["source_span"], f["target_span"]) for f in first["flags"]] == [
        ("number_mismatch", [18, 20], None), ("number_mismatch", None, [first["text"].index("60"),
                                                                       first["text"].index("60") + 2])]
    assert second["flags"] == []
    assert ru["review"] == {"blocks_flagged": 1, "by_code": {"number_mismatch": 2}}
