"""Fault injection against the real service under gunicorn, on loopback: damaged files, hostile clients.

Each test starts its own gunicorn (one worker, the fixture packages), does the
damage, and asserts the documented outcome. Every wait is bounded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.servers import VENV, free_port, get_json, post, running, wait_for

GUNICORN = [str(VENV / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "app:app"]
SECRET = "whsec_faults"


def service_env(packages: Path, **extra: str) -> dict[str, str]:
    return {"ARGOS_PACKAGES_DIR": str(packages), "TARGUM_WEB_WORKERS": "1", "TARGUM_WEB_THREADS": "4",
            "ARGOS_INTER_THREADS": "1", "TARGUM_WEBHOOK_SECRETS": SECRET,
            "TARGUM_CALLBACK_ALLOWED_HOSTS": "127.0.0.1", **extra}


# -- a damaged queue file ------------------------------------------------------
@pytest.mark.parametrize("name", ["queue.db", "jobs.db"])
def test_a_damaged_queue_file_at_start_turns_jobs_off_and_the_service_serves(packages_dir: Path, tmp_path: Path,
                                                                              sample_article: str, name: str) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / name).write_bytes(b"\x00\x01 not a database " * 500)
    env = service_env(packages_dir, TARGUM_INSTANCE_DIR=str(instance))
    with running(GUNICORN, env, free_port()) as (url, process):
        health = wait_for(f"{url}/healthz", process, seconds=60)
        assert health["status"] == "ok"
        status, ready = get_json(f"{url}/readyz")
        assert status == 200 and ready["ready"] is True
        assert ready["jobs"]["available"] is False and name in ready["jobs"]["reason"]
        status, headers, problem = post(f"{url}/v1/jobs", {"article": {"body": "Hello world."}, "targets": ["he"],
                                                            "callback_url": "http://127.0.0.1:9/hook"})
        assert status == 503 and problem["code"] == "jobs_unavailable" and name in problem["detail"]
        assert headers["Content-Type"] == "application/problem+json" and headers["X-Request-ID"]
        status, _, translated = post(f"{url}/v1/translate", {"article": {"body": sample_article}, "targets": ["he"]})
        assert status == 200 and translated["translations"]["he"]["blocks"]
        assert process.poll() is None
