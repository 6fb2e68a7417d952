"""The README's run command, for real: `make run` installs packages on first run and serves under gunicorn."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FixturePackages
from tests.support.indexserver import serve_index
from tests.support.servers import VENV, get_json, running, wait_for


def _make_run(packages: Path, index: str) -> list[str]:
    return ["make", "--no-print-directory", "run", f"VENV={VENV}"], {
        "ARGOS_PACKAGES_DIR": str(packages), "ARGOS_PACKAGE_INDEX": index,
        "TARGUM_WEB_WORKERS": "1", "TARGUM_WEB_THREADS": "2",
    }


def test_make_run_installs_from_the_index_then_serves(
    fixture_packages: FixturePackages, tmp_path: Path, free_port: int
) -> None:
    packages = tmp_path / "models"
    with serve_index(tmp_path / "index", fixture_packages.archives) as index:
        command, env = _make_run(packages, index.base_url)
        with running(command, env, free_port) as (url, process):
            health = wait_for(f"{url}/healthz", process)
            assert health["pairs"] == ["en-he", "en-ru", "he-en", "ru-en"]
            assert get_json(f"{url}/readyz")[0] == 200
            assert health["pid"] != process.pid  # a gunicorn worker answers, not make


def test_make_run_offline_still_starts_and_says_how_to_install(tmp_path: Path, free_port: int) -> None:
    command, env = _make_run(tmp_path / "models", f"http://127.0.0.1:{free_port + 1 if free_port < 65535 else 1}/")
    with running(command, env, free_port) as (url, process):
        health = wait_for(f"{url}/healthz", process)
        assert health["pairs"] == []
        assert "models install en he ru" in health["hint"]
        status, ready = get_json(f"{url}/readyz")
        assert status == 503 and ready["ready"] is False


def test_gunicorn_eager_loading_happens_in_the_worker(packages_dir: Path, tmp_path: Path, free_port: int) -> None:
    command = [str(VENV / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "app:app"]
    env = {"ARGOS_PACKAGES_DIR": str(packages_dir), "TARGUM_EAGER_LOAD": "1", "TARGUM_WEB_WORKERS": "1"}
    with running(command, env, free_port) as (url, master):
        health = wait_for(f"{url}/readyz", master)
        assert health["ready"] is True
        status, body = get_json(f"{url}/healthz")
        assert len(body["loaded"]) == 4
        assert body["pid"] != master.pid  # loaded after the fork, in the worker
