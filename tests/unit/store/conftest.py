"""The store's fixtures: every test runs on SQLite and on a real PostgreSQL, each time on an empty database.

One PostgreSQL server per test session (per xdist worker), started on first
need; each test gets a database of its own in it, dropped afterwards.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.support.postgres_server import postgres_server
from translator.settings import Settings
from translator.store import Database, GlossaryStore, open_database


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of the session's PostgreSQL server (its ``targum`` database)."""
    directory = Path(tempfile.mkdtemp(prefix="targum-postgres-"))
    try:
        with postgres_server(directory) as url:
            yield url
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _admin(url: str) -> psycopg.Connection:
    parsed = make_url(url)
    return psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username, dbname="postgres",
                           autocommit=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database's URL: a SQLite file in ``tmp_path``, or a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'targum.db'}"
        return
    server: str = request.getfixturevalue("postgres_url")
    name = f"test_{secrets.token_hex(6)}"
    with _admin(server) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with _admin(server) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


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
