"""End-to-end fixtures: the fixture packages copied once per module, for the services a module starts."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import FixturePackages


@pytest.fixture(scope="module")
def packages(fixture_packages: FixturePackages, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A packages directory holding a copy of the four fixture packages, for this module's services."""
    target = tmp_path_factory.mktemp("e2e-packages")
    for built in fixture_packages.built.values():
        shutil.copytree(built.directory, target / built.directory.name)
    return target


@pytest.fixture(scope="module")
def two_services(packages: Path, postgres_url: str) -> Iterator[tuple[str, str]]:
    """Two gunicorn services, each with its own instance directory (memory, jobs), on one PostgreSQL database."""
    from tests.e2e.test_jobs import GUNICORN, service_env
    from tests.support.servers import free_port, running, wait_for

    env = service_env(packages, DATABASE_URL=postgres_url)
    with running(GUNICORN, env, free_port()) as (a, process_a), running(GUNICORN, env, free_port()) as (b, process_b):
        wait_for(f"{a}/readyz", process_a)
        wait_for(f"{b}/readyz", process_b)
        yield a, b
