"""The store's database: a SQLAlchemy engine over SQLite (the default) or PostgreSQL, migrated on first use.

Opening a database touches nothing: the SQLite file, its folder and the
schema are made by the first read or write, which runs the Alembic
migrations (``migrations/``) once per process. Processes starting together
take turns: PostgreSQL holds an advisory lock, SQLite an ``flock`` on a file
beside the database (``targum.db.lock``). SQLite runs in WAL mode with a busy
timeout and foreign keys on, and every write transaction starts with
``BEGIN IMMEDIATE``, so two writers queue instead of failing halfway. A
database that cannot be reached or used raises :class:`StoreUnavailable`,
whose message names the database without its password.
"""

from __future__ import annotations

import fcntl
import logging
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Literal

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, InterfaceError, OperationalError

from translator.errors import ConfigurationError, StoreUnavailable

log = logging.getLogger("targum.store")
from translator.settings import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_FILE = "targum.db"
BUSY_TIMEOUT_S = 10.0
CONNECT_TIMEOUT_S = 5
# pg_advisory_lock's key for migrations: "targum" in ASCII, any fixed 64-bit number would do.
_MIGRATION_LOCK = 0x74617267756D
_POSTGRES_DRIVERS = ("postgresql", "postgres", "postgresql+psycopg")
_SQLITE_DRIVERS = ("sqlite", "sqlite+pysqlite")


def database_url(settings: Settings) -> URL:
    """The URL the store uses: ``DATABASE_URL`` (``postgresql://`` meaning psycopg 3), else SQLite in the instance dir."""
    raw = settings.database_url or f"sqlite:///{settings.instance_dir / SQLITE_FILE}"
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigurationError("DATABASE_URL is not a database URL: postgresql://user:password@host:port/name "
                                 "or sqlite:////absolute/path/targum.db") from None
    if url.drivername in _POSTGRES_DRIVERS:
        return url.set(drivername="postgresql+psycopg")
    if url.drivername not in _SQLITE_DRIVERS:
        raise ConfigurationError(f"DATABASE_URL: {url.drivername!r} is not supported; use postgresql:// or sqlite:///")
    if not url.database or url.database == ":memory:":
        raise ConfigurationError("DATABASE_URL: SQLite needs a file (sqlite:////absolute/path/targum.db)")
    return url


def open_database(settings: Settings) -> "Database":
    """The store's database for these settings; nothing is opened or created until it is first used."""
    return Database(database_url(settings))


def _sqlite_connected(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun by _sqlite_begin, not by the sqlite3 module's own guesswork.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # A writer takes the write lock up front: a deferred transaction that reads, then writes,
    # would fail with "database is locked" instead of waiting its turn.
    immediate = connection.get_execution_options().get("targum_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """One database of the store: its engine, the migrations run once, reads and write transactions."""

    def __init__(self, url: URL) -> None:
        self.url = url
        self.dialect: Literal["sqlite", "postgresql"] = "sqlite" if url.get_backend_name() == "sqlite" else "postgresql"
        self._migrated = False
        self._lock = threading.Lock()
        self.engine = self._create_engine()

    def _create_engine(self) -> Engine:
        if self.dialect == "postgresql":
            return create_engine(self.url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
        engine = create_engine(self.url, connect_args={"timeout": BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlite_connected)
        event.listen(engine, "begin", _sqlite_begin)
        return engine

    @property
    def url_for_log(self) -> str:
        """The URL with its password hidden (``***``), for logs and error messages."""
        return self.url.render_as_string(hide_password=True)

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file, or None on PostgreSQL."""
        return Path(self.url.database or "") if self.dialect == "sqlite" else None

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn a database out of reach (or a file that cannot be made) into :class:`StoreUnavailable`."""
        try:
            yield
        except (OperationalError, InterfaceError, OSError) as exc:
            raise self._unavailable(exc) from None
        except DatabaseError as exc:
            if type(exc) is not DatabaseError:  # an IntegrityError and the like are the caller's to handle
                raise
            raise self._unavailable(exc) from None  # "file is not a database"

    def _unavailable(self, exc: Exception) -> StoreUnavailable:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        first = reason[0] if reason else type(exc).__name__
        if self.url.password:
            first = first.replace(str(self.url.password), "***")
        # The client learns that the store is down; where it is and why is for the operator's log.
        log.warning("the store %s cannot be used: %s", self.url_for_log, first)
        return StoreUnavailable("the store of glossaries and corrections cannot be used right now; the service's log says why")

    def migrate(self) -> None:
        """Bring the schema to the newest migration; once per process, one process at a time; idempotent."""
        with self._lock:
            if self._migrated:
                return
            with self._guard(), self._migration_lock(), self.engine.connect() as connection:
                self._upgrade(connection)
            self._migrated = True

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """SQLite: an exclusive ``flock`` on ``<file>.lock`` (its folder made first). PostgreSQL: nothing here."""
        path = self.sqlite_path
        if path is None:
            yield
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_name(path.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _upgrade(self, connection: Connection) -> None:
        postgres = self.dialect == "postgresql"
        if postgres:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK})
            connection.commit()
        try:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            with connection.execution_options(targum_write=True).begin():
                command.upgrade(config, "head")
        finally:
            if postgres:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK})
                connection.commit()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection in a read transaction that sees one snapshot throughout (rolled back at the end)."""
        self.migrate()
        with self._guard(), self.engine.connect() as connection:
            if self.dialect == "postgresql":
                connection.execution_options(isolation_level="REPEATABLE READ")
            yield connection

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A connection in a write transaction: committed when the block ends, rolled back if it raises."""
        self.migrate()
        with self._guard(), self.engine.connect() as connection:
            connection.execution_options(targum_write=True)
            with connection.begin():
                yield connection

    def close(self) -> None:
        """Close the pooled connections (a later use opens new ones)."""
        self.engine.dispose()
