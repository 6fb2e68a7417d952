"""The store's fixtures: every test runs on SQLite and on a real PostgreSQL, each time on an empty database.

``database_url`` (both databases) and the session's PostgreSQL server are in tests/conftest.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from translator.settings import Settings
from translator.store import Database, GlossaryStore, open_database


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, instance_dir=tmp_path / "instance")


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    """The store's database on SQLite or PostgreSQL (not yet migrated: the first use does it)."""
    db = open_database(settings)
    yield db
    db.close()


@pytest.fixture
def store(database: Database) -> GlossaryStore:
    return GlossaryStore(database)
