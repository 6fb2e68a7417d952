"""The translation memory: keys, the SQLite store, its bound, and the pipeline using it."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest

from tests.conftest import fixture_engine_settings, shared_detector
from tests.support.package_builder import transliterate
from translator.document.segment import segment_text
from translator.engine.engine import Engine
from translator.engine.memory import NoMemory, RedisMemory, SqliteMemory, memory_key
from translator.engine.packages import read_package
from translator.pipeline import Options, Pipeline


def test_key_depends_on_package_options_and_sentence(packages_dir: Path) -> None:
    package = read_package(packages_dir / "translate-en_ru-1_0")
    other = read_package(packages_dir / "translate-en_he-1_0")
    base = memory_key(package, 4, "int8", "Hello.")
    assert base == memory_key(package, 4, "int8", "Hello.")
    assert len({base, memory_key(other, 4, "int8", "Hello."), memory_key(package, 2, "int8", "Hello."),
                memory_key(package, 4, "float32", "Hello."), memory_key(package, 4, "int8", "Hello!")}) == 5


def test_sqlite_store_round_trip_and_lru_bound(tmp_path: Path) -> None:
    memory = SqliteMemory(tmp_path / "memory.db", max_entries=10)
    memory.put_many({f"k{i}": f"v{i}" for i in range(8)})
    assert memory.get_many(["k1", "k7", "missing"]) == {"k1": "v1", "k7": "v7"}  # k1 and k7 now recently used
    memory.put_many({f"n{i}": f"w{i}" for i in range(5)})  # 13 entries: evict down to 9
    assert len(memory) == 9
    kept = memory.get_many([f"k{i}" for i in range(8)])
    assert {"k1", "k7"} <= set(kept)  # used last, so kept
    assert "k0" not in kept and "k2" not in kept  # least recently used went first


def _write(path: str, start: int) -> None:
    SqliteMemory(Path(path), max_entries=10_000).put_many({f"p{start + i}": "x" for i in range(200)})


@pytest.mark.e2e
def test_several_processes_share_one_file(tmp_path: Path) -> None:
    path = tmp_path / "memory.db"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write, args=(str(path), n * 1000)) for n in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    assert len(SqliteMemory(path, 10_000)) == 600


def test_a_broken_store_degrades_to_translating(packages_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the database folder should be", encoding="utf-8")
    memory = SqliteMemory(blocker / "memory.db", 10)
    assert memory.get_many(["k"]) == {}
    memory.put_many({"k": "v"})  # logged, not raised
    pipeline = Pipeline(Engine(fixture_engine_settings(packages_dir)), shared_detector(), memory)
    result = pipeline.translate(segment_text("The leaders spoke on Tuesday."), "en", ["ru"])
    assert result.translations["ru"].blocks[0].text == transliterate("The leaders spoke on Tuesday.", "en", "ru")


@pytest.fixture
def pipeline(packages_dir: Path, tmp_path: Path) -> Pipeline:
    memory = SqliteMemory(tmp_path / "memory.db", 100_000)
    return Pipeline(Engine(fixture_engine_settings(packages_dir)), shared_detector(), memory)


def test_edited_resend_translates_only_the_edited_paragraph(pipeline: Pipeline, sample_article: str) -> None:
    first = pipeline.translate(segment_text(sample_article), "en", ["ru"])
    assert first.stats.cached_sentences == 0 and first.stats.model_sentences == first.stats.sentences
    again = pipeline.translate(segment_text(sample_article), "en", ["ru"])
    assert again.stats.model_calls == 0 and again.stats.cached_sentences == first.stats.sentences
    assert again.translations["ru"].blocks == first.translations["ru"].blocks

    old = "Putin and Netanyahu also discussed bilateral relations and recent developments in the Middle East."
    new = "Putin and Netanyahu also discussed trade. They spoke about Syria."
    edited = pipeline.translate(segment_text(sample_article.replace(old, new)), "en", ["ru"])
    assert edited.stats.model_calls == 1 and edited.stats.model_sentences == 2
    block = next(b for b in edited.translations["ru"].blocks if b.text.startswith("Путин анд"))
    assert block.text == transliterate(new, "en", "ru")


def test_pivot_hops_are_remembered_too(pipeline: Pipeline) -> None:
    article = segment_text("נתניהו ופוטין שוחחו בטלפון ביום שלישי, לראשונה מאז דצמבר 2023.")
    first = pipeline.translate(article, "he", ["ru"])
    assert first.stats.model_calls == 2
    again = pipeline.translate(article, "he", ["ru"])
    assert again.stats.model_calls == 0 and again.stats.cached_sentences == 2  # both hops


def test_replacing_a_package_invalidates_its_entries(packages_dir: Path, tmp_path: Path) -> None:
    memory = SqliteMemory(tmp_path / "memory.db", 100_000)
    article = segment_text("The two leaders spoke by phone on Tuesday, the first time since 2023.")
    before = Pipeline(Engine(fixture_engine_settings(packages_dir)), shared_detector(), memory)
    assert before.translate(article, "en", ["he"]).stats.model_calls == 1
    # A new package for the pair: the same files copied in anew (new times), version bumped.
    package = packages_dir / "translate-en_he-1_0"
    fresh = tmp_path / "fresh"
    shutil.copytree(package, fresh)
    meta = fresh / "metadata.json"
    meta.write_text(meta.read_text(encoding="utf-8").replace('"1.0"', '"1.1"'), encoding="utf-8")
    shutil.rmtree(package)
    shutil.move(fresh, package)
    after = Pipeline(Engine(fixture_engine_settings(packages_dir)), shared_detector(), memory)
    result = after.translate(article, "en", ["he"])
    assert result.stats.model_calls == 1 and result.stats.cached_sentences == 0


def test_memory_can_be_switched_off(packages_dir: Path, sample_article: str) -> None:
    pipeline = Pipeline(Engine(fixture_engine_settings(packages_dir)), shared_detector(), NoMemory())
    for _ in range(2):
        result = pipeline.translate(segment_text(sample_article), "en", ["ru"], Options(beam_size=1))
        assert result.stats.cached_sentences == 0 and result.stats.model_calls == 1


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from tests.support.redis_server import redis_server

    with redis_server(tmp_path_factory.mktemp("redis-memory")) as url:
        yield url


@pytest.mark.e2e
def test_redis_store_round_trip_and_lru_bound(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushall()
    memory = RedisMemory(redis_url, max_entries=10)
    memory.put_many({f"k{i}": f"перевод {i}" for i in range(8)})
    assert memory.get_many(["k1", "k7", "missing"]) == {"k1": "перевод 1", "k7": "перевод 7"}
    memory.put_many({f"n{i}": "w" for i in range(5)})
    assert len(memory) == 9
    kept = memory.get_many([f"k{i}" for i in range(8)])
    assert {"k1", "k7"} <= set(kept) and "k0" not in kept


@pytest.mark.e2e
def test_redis_memory_is_shared_between_services(redis_url: str, packages_dir: Path, tmp_path: Path,
                                                 sample_article: str) -> None:
    import redis

    from tests.conftest import make_settings
    from translator.service import Targum

    redis.Redis.from_url(redis_url).flushall()
    one = Targum(make_settings(packages_dir, tmp_path / "one", redis_url=redis_url))
    two = Targum(make_settings(packages_dir, tmp_path / "two", redis_url=redis_url))
    assert isinstance(one.memory, RedisMemory)
    first = one.pipeline.translate(segment_text(sample_article), "en", ["ru"])
    again = two.pipeline.translate(segment_text(sample_article), "en", ["ru"])  # another "host"
    assert first.stats.model_calls == 1 and again.stats.model_calls == 0
    assert again.stats.cached_sentences == first.stats.sentences


def test_an_unreachable_redis_degrades_to_translating(packages_dir: Path, free_port: int) -> None:
    memory = RedisMemory(f"redis://127.0.0.1:{free_port}/0", 10)
    assert memory.get_many(["k"]) == {}
    memory.put_many({"k": "v"})
    pipeline = Pipeline(Engine(fixture_engine_settings(packages_dir)), shared_detector(), memory)
    result = pipeline.translate(segment_text("The leaders spoke on Tuesday."), "en", ["ru"])
    assert result.stats.model_calls == 1
