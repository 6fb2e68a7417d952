"""End-to-end fixtures: the fixture packages copied once per module, for the services a module starts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FixturePackages


@pytest.fixture(scope="module")
def packages(fixture_packages: FixturePackages, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A packages directory holding a copy of the four fixture packages, for this module's services."""
    target = tmp_path_factory.mktemp("e2e-packages")
    for built in fixture_packages.built.values():
        shutil.copytree(built.directory, target / built.directory.name)
    return target
