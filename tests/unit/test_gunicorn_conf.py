"""gunicorn.conf.py reads its settings from the environment like the app does."""

from __future__ import annotations

import os
import runpy
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from translator.settings import PROJECT_ROOT


def load(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))


def test_defaults_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PORT", "TARGUM_WEB_WORKERS", "TARGUM_WEB_THREADS", "TARGUM_WEB_TIMEOUT", "TARGUM_RELEASE_MEMORY"):
        monkeypatch.delenv(name, raising=False)
    conf = load(monkeypatch)
    assert conf["bind"] == "0.0.0.0:8000" and (conf["workers"], conf["threads"], conf["timeout"]) == (1, 4, 120)
    # Models must never load in the master: CTranslate2 translators are not fork-safe.
    assert conf["preload_app"] is False
    custom = load(monkeypatch, PORT="9123", TARGUM_WEB_WORKERS="3", TARGUM_WEB_THREADS="8", TARGUM_WEB_TIMEOUT="30")
    assert custom["bind"] == "0.0.0.0:9123"
    assert (custom["workers"], custom["threads"], custom["timeout"]) == (3, 8, 30)


def test_memory_is_handed_back_after_each_request_unless_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = load(monkeypatch, TARGUM_RELEASE_MEMORY="1")
    assert conf["_trim"] is not None  # glibc, as on every machine this project runs on
    conf["post_request"](None, None, None, None)  # calls malloc_trim; must not raise
    assert load(monkeypatch, TARGUM_RELEASE_MEMORY="0")["_trim"] is None


def test_a_worker_hands_back_its_loading_buffers_once_its_models_are_in(monkeypatch: pytest.MonkeyPatch) -> None:
    # The hook's order only: a stand-in worker object records the calls. A real
    # gunicorn worker runs this hook in tests/test_gunicorn.py, and the memory
    # it hands back is measured by the benchmark.
    conf = load(monkeypatch, TARGUM_RELEASE_MEMORY="1")
    calls: list[str] = []
    hook = conf["post_worker_init"]
    monkeypatch.setitem(hook.__globals__, "_trim", lambda pad: calls.append(f"trim {pad}"))
    engine = SimpleNamespace(load_all=lambda: calls.append("load"), loaded=["en->he"])
    settings = SimpleNamespace(engine=SimpleNamespace(eager_load=True), job_workers=0)
    worker = SimpleNamespace(
        pid=1,
        log=SimpleNamespace(info=lambda *args: None),
        wsgi=SimpleNamespace(extensions={"targum": SimpleNamespace(engine=engine, settings=settings)}),
    )
    hook(worker)
    assert calls == ["load", "trim 0"]


def test_a_worker_whose_job_queue_cannot_open_boots_without_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = load(monkeypatch, TARGUM_RELEASE_MEMORY="0")
    errors: list[tuple] = []
    jobs = SimpleNamespace(start_embedded=lambda workers: None, unavailable="the job queue cannot be opened: x")
    settings = SimpleNamespace(engine=SimpleNamespace(eager_load=False), job_workers=1)
    worker = SimpleNamespace(
        pid=1,
        log=SimpleNamespace(info=lambda *args: None, error=lambda *args: errors.append(args)),
        wsgi=SimpleNamespace(extensions={"targum": SimpleNamespace(settings=settings), "targum.jobs": jobs}),
    )
    conf["post_worker_init"](worker)  # must not raise: a raise here stops the whole service (exit code 3)
    assert worker.targum_consumer is None
    assert errors == [("worker %s serves without jobs: %s", 1, "the job queue cannot be opened: x")]
    conf["worker_exit"](None, worker)  # nothing to stop


def test_the_master_gives_the_workers_a_fresh_metrics_directory(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    conf = load(monkeypatch, TARGUM_INSTANCE_DIR=str(tmp_path))
    directory = tmp_path / "prometheus"
    directory.mkdir()
    (directory / "counter_99.db").write_bytes(b"left by the last run")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "restored after the test")  # on_starting sets it for real
    conf["on_starting"](None)
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(directory) and list(directory.iterdir()) == []
    # A worker that exits takes its live gauges out of the sums; its counters stay.
    (directory / "gauge_livesum_42.db").write_bytes(b"")
    (directory / "counter_42.db").write_bytes(b"")
    conf["child_exit"](None, SimpleNamespace(pid=42))
    assert sorted(p.name for p in directory.iterdir()) == ["counter_42.db"]
