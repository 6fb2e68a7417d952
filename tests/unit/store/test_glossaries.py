"""The glossary store, on SQLite and on a real PostgreSQL: every method, versions, atomicity, migrations."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Sequence

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, MetaData, Text, func, inspect, select, text

from tests.support.servers import free_port
from translator.errors import (
    ConfigurationError,
    GlossaryConflict,
    GlossaryInvalid,
    GlossaryNotFound,
    GlossaryTooLarge,
    StoreUnavailable,
)
from translator.glossary.terms import LANGUAGES, Entry, Glossary, make_entries
from translator.settings import Settings
from translator.store import Database, GlossaryStore, GlossarySummary, open_database
from translator.store.schema import glossary_entries, metadata

ISRAEL: list[dict[str, object]] = [
    {"he": "נתניהו", "ru": "Нетаньяху", "en": "Netanyahu"},
    {"he": "הכנסת", "ru": "Кнессет", "en": "Knesset", "note": "the parliament"},
    {"en": "Haaretz", "keep": True},
    {"ru": "ЦАХАЛ", "en": "IDF", "case_sensitive": True},
]


def entries(raw: Sequence[dict[str, object]]) -> tuple[Entry, ...]:
    return make_entries(list(raw))


def bare(glossary: Glossary) -> list[tuple[object, ...]]:
    """The entries without their ids: what a round trip must keep."""
    return [(e.forms, e.keep, e.case_sensitive, e.note) for e in glossary.entries]


def test_create_then_get_by_id_and_by_name(store: GlossaryStore) -> None:
    created = store.create("Politics", entries(ISRAEL))
    assert created.id.startswith("gl_") and len(created.id) == 15 and int(created.id[3:], 16) >= 0
    assert created.name == "Politics" and created.version == 1
    assert created.updated_at.endswith("Z") and created.updated_at[:2] == "20"
    assert bare(created) == bare(Glossary("", "", 0, entries(ISRAEL)))
    ids = [entry.id for entry in created.entries]
    assert all(entry_id.startswith(created.id + ":") for entry_id in ids) and len(set(ids)) == 4
    assert store.get(created.id) == created == store.get("Politics")
    keep = created.entries[2]
    assert keep.keep and keep.forms == (("en", "Haaretz"),) and keep.form("he") == "Haaretz"
    assert created.entries[3].case_sensitive and created.entries[1].note == "the parliament"


def test_an_empty_glossary_and_unknown_refs(store: GlossaryStore) -> None:
    empty = store.create("  Empty  ", ())
    assert (empty.name, empty.entries, empty.version) == ("Empty", (), 1)
    for ref in ("gl_000000000000", "Nothing", "empty"):
        with pytest.raises(GlossaryNotFound) as caught:
            store.get(ref)
        assert ref in caught.value.detail and caught.value.status == 404


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, "gl_politics", "GL_x", "a,b", "line\nbreak"])
def test_names_that_are_refused(store: GlossaryStore, name: str) -> None:
    with pytest.raises(GlossaryInvalid) as caught:
        store.create(name, ())
    assert caught.value.extra["field"] == "name"
    assert store.list() == []


def test_a_taken_name_is_a_conflict(store: GlossaryStore) -> None:
    first = store.create("Sport", entries(ISRAEL[:1]))
    with pytest.raises(GlossaryConflict) as caught:
        store.create("Sport", entries(ISRAEL[1:2]))
    assert caught.value.code == "glossary_name_taken" and caught.value.status == 409
    assert store.get("Sport") == first and len(store.list()) == 1


def test_list_summarises_every_glossary_by_name(store: GlossaryStore) -> None:
    politics = store.create("Politics", entries(ISRAEL))
    arts = store.create("Arts", ())
    assert store.list() == [GlossarySummary(arts.id, "Arts", 1, 0, arts.updated_at),
                            GlossarySummary(politics.id, "Politics", 1, 4, politics.updated_at)]


def test_adding_entries_appends_them_as_a_new_version(store: GlossaryStore) -> None:
    created = store.create("Politics", entries(ISRAEL[:2]))
    added = store.add_entries(created.id, entries(ISRAEL[2:]))
    assert added.version == 2 and added.updated_at >= created.updated_at
    assert bare(added) == bare(Glossary("", "", 0, entries(ISRAEL)))
    assert added.entries[:2] == created.entries  # the stored ones keep their ids
    assert store.get("Politics") == added
    assert store.add_entries("Politics", ()) == added  # nothing to add: no new version


def test_a_failed_add_leaves_the_glossary_as_it_was(store: GlossaryStore) -> None:
    created = store.create("Politics", entries(ISRAEL))
    clash = entries([{"he": "בנימין", "en": "Benjamin"}, {"ru": "нетаньяху", "en": "Bibi"}])
    with pytest.raises(GlossaryInvalid) as caught:
        store.add_entries(created.id, clash)
    assert "entries[1]" in caught.value.detail and "stored entry" in caught.value.detail
    assert store.get(created.id) == created
    assert store.versions([created.id]) == {created.id: (created.id, 1)}


def test_the_entry_limit(store: GlossaryStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("translator.store.glossaries.MAX_ENTRIES", 3)
    with pytest.raises(GlossaryTooLarge):
        store.create("Politics", entries(ISRAEL))
    created = store.create("Politics", entries(ISRAEL[:2]))
    with pytest.raises(GlossaryTooLarge) as caught:
        store.add_entries("Politics", entries(ISRAEL[2:]))
    assert caught.value.status == 413
    with pytest.raises(GlossaryTooLarge):
        store.replace("Politics", entries(ISRAEL))
    assert store.get("Politics") == created


def test_replace_swaps_the_entries_and_may_rename(store: GlossaryStore) -> None:
    created = store.create("Politics", entries(ISRAEL))
    replaced = store.replace("Politics", entries(ISRAEL[2:]))
    assert replaced.version == 2 and replaced.id == created.id and bare(replaced) == bare(
        Glossary("", "", 0, entries(ISRAEL[2:])))
    renamed = store.replace(created.id, entries(ISRAEL[:1]), name="Government")
    assert (renamed.name, renamed.version, len(renamed.entries)) == ("Government", 3, 1)
    assert store.get("Government") == renamed
    with pytest.raises(GlossaryNotFound):
        store.get("Politics")
    assert store.replace("Government", (), name="Government").version == 4


def test_a_rename_to_a_taken_name_changes_nothing(store: GlossaryStore) -> None:
    store.create("Sport", ())
    politics = store.create("Politics", entries(ISRAEL))
    with pytest.raises(GlossaryConflict):
        store.replace("Politics", (), name="Sport")
    assert store.get("Politics") == politics


def test_delete_forgets_the_glossary_and_its_entries(store: GlossaryStore, database: Database) -> None:
    politics = store.create("Politics", entries(ISRAEL))
    kept = store.create("Sport", entries(ISRAEL[:1]))
    store.delete("Politics")
    with pytest.raises(GlossaryNotFound):
        store.get(politics.id)
    with pytest.raises(GlossaryNotFound):
        store.delete(politics.id)
    with database.read() as db:  # the foreign key's cascade (SQLite: foreign keys are on)
        assert db.execute(select(func.count()).select_from(glossary_entries)).scalar_one() == 1
    assert store.get("Sport") == kept


def test_versions_answers_for_ids_and_names_at_once(store: GlossaryStore) -> None:
    politics = store.create("Politics", entries(ISRAEL))
    sport = store.create("Sport", ())
    assert store.versions([]) == {}
    assert store.versions(["Politics", sport.id, politics.id]) == {
        "Politics": (politics.id, 1), sport.id: (sport.id, 1), politics.id: (politics.id, 1)}
    store.add_entries(sport.id, entries(ISRAEL[:1]))
    store.replace("Politics", ())
    assert store.versions(["Sport", "Politics"]) == {"Sport": (sport.id, 2), "Politics": (politics.id, 2)}
    with pytest.raises(GlossaryNotFound) as caught:
        store.versions(["Sport", "Culture"])
    assert caught.value.extra["glossary"] == "Culture" and "'Culture'" in caught.value.detail


def test_two_databases_on_one_url_see_each_other(settings: Settings) -> None:
    one, two = open_database(settings), open_database(settings)
    try:
        writer, reader = GlossaryStore(one), GlossaryStore(two)
        created = writer.create("Politics", entries(ISRAEL[:1]))
        assert reader.get("Politics") == created
        changed = reader.add_entries("Politics", entries(ISRAEL[1:]))
        assert writer.versions(["Politics"]) == {"Politics": (created.id, 2)} and writer.get(created.id) == changed
        writer.delete(created.id)
        assert reader.list() == []
    finally:
        one.close()
        two.close()


def test_concurrent_adds_queue_and_every_one_makes_a_version(settings: Settings) -> None:
    databases = [open_database(settings) for _ in range(4)]
    created = GlossaryStore(databases[0]).create("Politics", ())
    errors: list[BaseException] = []

    def add(n: int) -> None:
        try:
            store = GlossaryStore(databases[n % 4])
            for k in range(5):
                store.add_entries(created.id, entries([{"he": f"מונח {n}-{k}", "en": f"term {n}-{k}"}]))
        except BaseException as exc:  # noqa: B036 - handed to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert errors == []
        final = GlossaryStore(databases[1]).get(created.id)
        assert final.version == 21 and len(final.entries) == 20
        assert sorted(entry.form("en") or "" for entry in final.entries) == sorted(
            f"term {n}-{k}" for n in range(4) for k in range(5))
    finally:
        for database in databases:
            database.close()


def test_five_thousand_entries_round_trip(store: GlossaryStore, database: Database) -> None:
    many = entries([{"he": f"מונח {n}", "ru": f"термин {n}", "en": f"term {n}", "note": f"n{n}"} for n in range(5000)])
    database.migrate()
    created = store.create("Big", many)  # its time is the benchmark's (bench/glossary.py), not a test's
    assert bare(store.get("Big")) == bare(created) == bare(Glossary("", "", 0, many))
    assert [entry.form("en") for entry in created.entries[:3]] == ["term 0", "term 1", "term 2"]
    assert store.list()[0].entries == 5000


def test_migrating_is_idempotent_and_builds_the_schema_drawn(settings: Settings, database: Database) -> None:
    database.migrate()
    database.migrate()
    again = open_database(settings)
    try:
        again.migrate()
        GlossaryStore(again).create("Politics", ())
    finally:
        again.close()
    with database.read() as db:
        assert db.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == ["0002"]
        assert compare_metadata(MigrationContext.configure(db), metadata) == []
        columns = {column["name"] for column in inspect(db).get_columns("glossary_entries")}
    assert set(LANGUAGES) <= columns  # a language column for every language of the term base


def test_the_schema_comparison_sees_a_drift(database: Database) -> None:
    """The check above is not vacuous: a column in schema.py that no migration made is reported."""
    drifted = MetaData()
    for table in metadata.tables.values():
        table.to_metadata(drifted)
    drifted.tables["glossaries"].append_column(Column("owner", Text, nullable=True))
    database.migrate()
    with database.read() as db:
        diff = compare_metadata(MigrationContext.configure(db), drifted)
    assert [(d[0], d[3].name) for d in diff] == [("add_column", "owner")]


def test_the_sqlite_file_is_made_on_first_use_only(tmp_path: Path) -> None:
    settings = Settings(instance_dir=tmp_path / "instance")
    database = open_database(settings)
    try:
        assert database.url_for_log == f"sqlite:///{tmp_path / 'instance' / 'targum.db'}"
        assert not (tmp_path / "instance").exists()  # building the app touches no file
        assert GlossaryStore(database).list() == []
        assert (tmp_path / "instance" / "targum.db").is_file()
        assert (tmp_path / "instance" / "targum.db.lock").is_file()
        with database.read() as db:
            assert db.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
            assert db.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
            assert db.exec_driver_sql("PRAGMA busy_timeout").scalar_one() >= 1000
    finally:
        database.close()


@pytest.fixture
def store_log(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> pytest.LogCaptureFixture:
    """caplog, seeing the store's warnings (an app built earlier in this process stops "targum" propagating)."""
    monkeypatch.setattr(logging.getLogger("targum"), "propagate", True)
    caplog.set_level(logging.WARNING, logger="targum.store")
    return caplog


def test_a_postgresql_url_means_psycopg_and_its_password_is_never_shown(store_log: pytest.LogCaptureFixture) -> None:
    port = free_port()  # nothing listens there
    database = open_database(Settings(database_url=f"postgresql://editor:s3cr3t-pw@127.0.0.1:{port}/targum"))
    assert database.url.drivername == "postgresql+psycopg" and database.dialect == "postgresql"
    assert database.url_for_log == f"postgresql+psycopg://editor:***@127.0.0.1:{port}/targum"
    with pytest.raises(StoreUnavailable) as caught:
        GlossaryStore(database).list()
    assert caught.value.status == 503 and caught.value.code == "store_unavailable"
    assert "s3cr3t" not in str(caught.value.problem()) and "127.0.0.1" not in caught.value.detail
    logged = " ".join(r.getMessage() for r in store_log.records if r.name == "targum.store")
    assert f"editor:***@127.0.0.1:{port}" in logged and "s3cr3t" not in logged
    with pytest.raises(StoreUnavailable):  # still out of reach, still a clean error
        GlossaryStore(database).versions(["Politics"])
    database.close()


def test_an_unusable_sqlite_file_is_unavailable(tmp_path: Path, store_log: pytest.LogCaptureFixture) -> None:
    (tmp_path / "targum.db").write_bytes(b"not a database at all" * 100)
    database = open_database(Settings(database_url=f"sqlite:///{tmp_path / 'targum.db'}"))
    with pytest.raises(StoreUnavailable) as caught:
        GlossaryStore(database).get("Politics")
    assert caught.value.code == "store_unavailable"
    assert any("targum.db" in r.getMessage() for r in store_log.records if r.name == "targum.store")
    database.close()


@pytest.mark.parametrize("url", ["mysql://u:p@host/db", "sqlite://", "sqlite:///:memory:", "not a url"])
def test_database_urls_that_are_refused(url: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        open_database(Settings(database_url=url))
    assert "DATABASE_URL" in caught.value.detail and ":p@" not in caught.value.detail
