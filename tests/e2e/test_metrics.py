"""End to end: /metrics under gunicorn with two workers counts every request exactly once, whichever served it."""

from __future__ import annotations

import os
import signal
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from tests.support.servers import VENV, get_json, post, running, wait_for

ARTICLE = {"article": {"body": "Hello world."}, "targets": ["he"]}
# (method, URL rule, status) of what the burst sends, and how to send it.
KINDS = {
    ("POST", "/v1/detect", "200"): lambda url: post(f"{url}/v1/detect", {"text": "Hello there, how are you?"})[0],
    ("POST", "/v1/detect", "400"): lambda url: post(f"{url}/v1/detect", {})[0],
    ("POST", "/v1/translate", "200"): lambda url: post(f"{url}/v1/translate", ARTICLE)[0],
    ("POST", "/v1/translate", "400"): lambda url: post(f"{url}/v1/translate", {"targets": ["he"]})[0],
    ("GET", "unmatched", "404"): lambda url: get_json(f"{url}/nowhere")[0],
}


def requests_counted(url: str) -> dict[tuple[str, str, str], float]:
    """targum_http_requests_total of one scrape, by (method, route, status)."""
    with urllib.request.urlopen(f"{url}/metrics", timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/plain")
        text = response.read().decode("utf-8")
    return {(s.labels["method"], s.labels["route"], s.labels["status"]): s.value
            for family in text_string_to_metric_families(text) for s in family.samples
            if s.name == "targum_http_requests_total"}


def healthz_pid(url: str) -> int:
    status, body = get_json(f"{url}/healthz", timeout=10)
    assert status == 200
    return int(body["pid"])


def pids_with_samples(directory: Path) -> set[int]:
    """The pids whose counter files the workers wrote (counter_<pid>.db)."""
    return {int(p.stem.rsplit("_", 1)[1]) for p in directory.glob("counter_*.db")}


def test_a_burst_over_two_workers_is_counted_exactly_once(packages_dir: Path, free_port: int,
                                                           tmp_path: Path) -> None:
    command = [str(VENV / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "app:app"]
    instance = tmp_path / "instance"
    env = {"ARGOS_PACKAGES_DIR": str(packages_dir), "TARGUM_WEB_WORKERS": "2", "TARGUM_WEB_THREADS": "2",
           "ARGOS_INTER_THREADS": "1", "TARGUM_INSTANCE_DIR": str(instance), "TARGUM_JOB_WORKERS": "0"}
    with running(command, env, free_port) as (url, process):
        wait_for(f"{url}/readyz", process)
        sent: Counter[tuple[str, str, str]] = Counter()
        # /healthz, concurrently, until both workers have answered (bounded): each names its pid.
        pids: set[int] = set()
        deadline = time.monotonic() + 60
        with ThreadPoolExecutor(max_workers=8) as pool:
            while len(pids) < 2 and time.monotonic() < deadline:
                pids.update(pool.map(healthz_pid, [url] * 8))
                sent[("GET", "/healthz", "200")] += 8
            assert len(pids) == 2, f"one worker served every request: {pids}"
            kinds = [kind for kind in KINDS for _ in range(8)]  # 40 requests, mixed
            statuses = list(pool.map(lambda kind: KINDS[kind](url), kinds))
        assert [str(status) for status in statuses] == [kind[2] for kind in kinds]
        sent.update(kinds)

        counted = requests_counted(url)
        ours = {key: value for key, value in counted.items() if key[1] not in ("/readyz", "/metrics")}
        assert ours == dict(sent), f"sent {sum(sent.values())}, counted {sum(ours.values())}"
        assert set(pids) <= pids_with_samples(instance / "prometheus")  # both workers' files were summed

        # A worker that goes is replaced; what it counted stays counted.
        os.kill(min(pids), signal.SIGTERM)
        deadline = time.monotonic() + 60
        while len(pids_with_samples(instance / "prometheus")) < 3 and time.monotonic() < deadline:
            try:
                healthz_pid(url)
                sent[("GET", "/healthz", "200")] += 1
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.1)
        assert len(pids_with_samples(instance / "prometheus")) == 3, "no new worker took the place of the old"
        after = {key: value for key, value in requests_counted(url).items()
                 if key[1] not in ("/readyz", "/metrics")}
        assert after == dict(sent)
