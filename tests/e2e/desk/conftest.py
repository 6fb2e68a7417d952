"""The desk in a real browser: one gunicorn-served Targum per module, and a headless Chromium per test.

The en→ru fixture package is the ``digits`` quirk (each digit comes back as
the next one), so every Russian block with a number is flagged
``number_mismatch``: the flagged blocks the desk must show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.conftest import FixturePackages
from tests.e2e.test_jobs import GUNICORN, service_env
from tests.support.browser import DESKTOP, chromium
from tests.support.desk_site import quirky_packages
from tests.support.servers import free_port, running, wait_for


@pytest.fixture(scope="module")
def desk_packages(fixture_packages: FixturePackages, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four fixture packages, en→ru with the ``digits`` quirk."""
    return quirky_packages(fixture_packages.built.values(), tmp_path_factory.mktemp("desk-packages"))


@pytest.fixture(scope="module")
def desk_url(desk_packages: Path) -> Iterator[str]:
    """A gunicorn-served Targum (jobs on, callbacks to loopback allowed); its base URL."""
    with running(GUNICORN, service_env(desk_packages), free_port()) as (url, process):
        wait_for(f"{url}/readyz", process)
        yield url


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    """A fresh headless Chromium at desktop width (a new profile: empty sessionStorage)."""
    with chromium(DESKTOP) as session:
        yield session
