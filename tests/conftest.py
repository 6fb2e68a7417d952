"""Shared fixtures: fixture Argos packages, settings, the app, its client and CLI runner."""

from __future__ import annotations

import functools
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

# argostranslate's settings module creates folders under $HOME when imported
# (the fidelity tests import it): keep that inside a throwaway directory.
_ARGOS_HOME = tempfile.mkdtemp(prefix="targum-argos-home-")
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = os.path.join(_ARGOS_HOME, _var.lower())

from sqlalchemy.engine import make_url  # noqa: E402

from app import create_app  # noqa: E402
from tests.support import servers  # noqa: E402
from tests.support.package_builder import BuiltPackage, build_fixture_package  # noqa: E402
from tests.support.postgres_server import postgres_server  # noqa: E402
from translator.language.detect import Detector  # noqa: E402
from translator.settings import EngineSettings, Settings  # noqa: E402

PAIRS = (("en", "he"), ("he", "en"), ("en", "ru"), ("ru", "en"))


def fixture_engine_settings(packages_dir: Path, **changes: object) -> EngineSettings:
    """Engine settings for tests: one CTranslate2 thread, so parallel tests do not fight over cores."""
    values: dict[str, object] = {"inter_threads": 1, "intra_threads": 1}
    values.update(changes)
    return EngineSettings(packages_dir=packages_dir, **values)  # type: ignore[arg-type]
# The composed test articles (text, with a .kinds file of expected block kinds) and HTML pages.
TESTS = Path(__file__).parent
ARTICLES = TESTS / "articles"
HTML = TESTS / "html"


@dataclass(frozen=True)
class FixturePackages:
    """The four fixture packages: installed in ``directory``, zipped in ``archives``."""

    directory: Path
    archives: dict[tuple[str, str], Path]
    built: dict[tuple[str, str], BuiltPackage]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e is end-to-end; other tiers mark their own few (a real Redis, a server)."""
    for item in items:
        if "e2e" in item.path.relative_to(TESTS).parts:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def fixture_packages(tmp_path_factory: pytest.TempPathFactory) -> FixturePackages:
    """Build en↔he and en↔ru fixture packages once per test session."""
    out = tmp_path_factory.mktemp("fixture-packages")
    built = {pair: build_fixture_package(out, *pair) for pair in PAIRS}
    return FixturePackages(out, {pair: b.archive for pair, b in built.items()}, built)


@pytest.fixture
def packages_dir(fixture_packages: FixturePackages, tmp_path: Path) -> Path:
    """A private packages directory holding a copy of the four fixture packages."""
    target = tmp_path / "packages"
    target.mkdir()
    for built in fixture_packages.built.values():
        shutil.copytree(built.directory, target / built.directory.name)
    return target


@functools.cache
def shared_detector() -> Detector:
    """One detector for the whole test session, as a worker builds it for the default languages."""
    return Detector(seed=0, newsroom=Settings().languages)


def make_app(settings: Settings) -> Flask:
    """The app for these settings, with the session's detector when the languages are the default ones."""
    detector = shared_detector() if settings.languages == Settings().languages else None
    return create_app(settings, detector)


@pytest.fixture
def detector() -> Detector:
    """The session's one detector."""
    return shared_detector()


def make_settings(packages_dir: Path, instance_dir: Path, **changes: object) -> Settings:
    """Settings for tests: fixture engine settings and a private instance directory (memory, jobs)."""
    return Settings(engine=fixture_engine_settings(packages_dir), instance_dir=instance_dir, **changes)  # type: ignore[arg-type]


@pytest.fixture
def settings(packages_dir: Path, tmp_path: Path) -> Settings:
    """Settings for one test: its own packages and instance directories."""
    return make_settings(packages_dir, tmp_path / "instance")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of the session's PostgreSQL server (its ``targum`` database): one per xdist worker, on first need."""
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
def app(settings: Settings) -> Flask:
    """The application, built by the factory with the test settings."""
    flask_app = make_app(settings)
    flask_app.config.update(TESTING=True)
    return flask_app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A runner for the app's CLI commands."""
    return app.test_cli_runner()


@pytest.fixture
def sample_article() -> str:
    """The real article from the newsroom's samples."""
    return (ARTICLES / "en-allisrael-netanyahu-putin.txt").read_text(encoding="utf-8")


@pytest.fixture
def free_port() -> Iterator[int]:
    """A free TCP port on loopback."""
    yield servers.free_port()
