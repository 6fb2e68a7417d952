"""The engine on real-format fixture packages: outputs, batching, pivot, fidelity."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Callable

import ctranslate2
import pytest

from tests.conftest import fixture_engine_settings
from tests.support.package_builder import transliterate
from tests.support.routes import package_for, translate
from translator.engine.engine import Engine
from translator.engine.model import DecodeOptions
from translator.errors import ModelLoadError, UnsupportedLanguage
from translator.settings import EngineSettings

SENTENCES = [
    "Israeli Prime Minister Benjamin Netanyahu and Russian President Vladimir Putin spoke by phone on Tuesday.",
    "That is the deal.",
    "",
    "Netanyahu thanked Putin for Russia’s role in obtaining the Feb. 15 release of Alex (Sasha) Trufanov.",
    "Hi!",
]


@pytest.fixture
def engine(packages_dir: Path) -> Engine:
    return Engine(fixture_engine_settings(packages_dir))


class CountingTranslator:
    """Wraps a real ctranslate2.Translator to count and record translate_batch calls."""

    def __init__(self, real: ctranslate2.Translator) -> None:
        self.real = real
        self.calls: list[int] = []

    def translate_batch(self, batch, **kwargs):  # type: ignore[no-untyped-def]
        self.calls.append(len(batch))
        self.kwargs = kwargs
        return self.real.translate_batch(batch, **kwargs)


def test_translates_every_sentence_in_order(engine: Engine) -> None:
    out = translate(engine, SENTENCES, "en", "ru")
    assert out == [transliterate(s, "en", "ru") for s in SENTENCES]
    assert out[2] == ""
    assert out[0].startswith("Исраели Приме Министер")


def test_one_batched_call_per_model(engine: Engine) -> None:
    package = package_for(engine.catalog, "en", "he")
    model = engine.model(package)
    counter = CountingTranslator(model.translator)
    model.translator = counter  # type: ignore[assignment]
    translate(engine, SENTENCES, "en", "he", DecodeOptions(beam_size=2))
    assert counter.calls == [4]  # the blank sentence never reaches the model
    assert counter.kwargs["max_batch_size"] == engine.settings.max_batch_size
    assert counter.kwargs["batch_type"] == "examples"
    assert counter.kwargs["beam_size"] == 2
    assert counter.kwargs["length_penalty"] == 0.2
    assert counter.kwargs["replace_unknowns"] is True


def test_pivot_goes_through_english(engine: Engine) -> None:
    route = engine.graph.route("he", "ru")
    assert route.pivot == "en"
    text = "נתניהו ופוטין שוחחו בטלפון."
    expected = transliterate(transliterate(text, "he", "en"), "en", "ru")
    assert translate(engine, [text], "he", "ru") == [expected]


def test_unknown_characters_are_copied(engine: Engine) -> None:
    assert translate(engine, ["Gaza 😀 ok"], "en", "ru") == ["Газа 😀 ок"]


def test_same_output_at_every_beam_size(engine: Engine) -> None:
    outputs = {beam: translate(engine, SENTENCES, "ru", "en", DecodeOptions(beam)) for beam in (1, 4, 8)}
    assert outputs[1] == outputs[4] == outputs[8]


def test_unsupported_pair_raises(engine: Engine) -> None:
    with pytest.raises(UnsupportedLanguage) as info:
        translate(engine, ["x"], "en", "uk")
    assert info.value.code == "unsupported_language"


def test_models_load_once_and_lazily(engine: Engine) -> None:
    assert engine.loaded == ()
    translate(engine, ["a"], "en", "he")
    assert engine.loaded == ("translate-en_he-1_0",)
    package = package_for(engine.catalog, "en", "he")
    assert engine.model(package) is engine.model(package)
    engine.load_all()
    assert len(engine.loaded) == 4


def test_shared_between_threads(engine: Engine) -> None:
    results: dict[int, list[str]] = {}
    barrier = threading.Barrier(6)

    def work(i: int) -> None:
        barrier.wait()
        results[i] = translate(engine, [f"Sentence number {i}."] * 3, "en", "ru")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(engine.loaded) == 1  # six threads, one load
    assert results == {i: [transliterate(f"Sentence number {i}.", "en", "ru")] * 3 for i in range(6)}


@pytest.mark.e2e
def test_runaway_decode_is_bounded(tmp_path: Path) -> None:
    from tests.support.package_builder import build_benchmark_package

    build_benchmark_package(tmp_path, "en", "ru", decode_tokens=60, vocab_size=1000)
    engine = Engine(EngineSettings(packages_dir=tmp_path, inter_threads=1, intra_threads=1, max_decode_ratio=2.0))
    model = engine.model(package_for(engine.catalog, "en", "ru"))
    counter = CountingTranslator(model.translator)
    model.translator = counter  # type: ignore[assignment]
    source = "Hi there"
    tokens = len(model.tokenizer.encode(source))
    translate(engine, [source], "en", "ru")
    assert counter.kwargs["max_decoding_length"] == 2 * tokens + 10
    assert counter.kwargs["max_input_length"] == 0  # never truncate the input
    result = counter.real.translate_batch([model.tokenizer.encode(source)], max_decoding_length=2 * tokens + 10)
    assert len(result[0].hypotheses[0]) == 2 * tokens + 10 < 60


def test_target_prefix_is_forced_and_removed(tmp_path: Path) -> None:
    from tests.support.package_builder import build_fixture_package

    build_fixture_package(tmp_path, "en", "ru", target_prefix="__ru__")
    engine = Engine(EngineSettings(packages_dir=tmp_path, inter_threads=1, intra_threads=1))
    model = engine.model(package_for(engine.catalog, "en", "ru"))
    counter = CountingTranslator(model.translator)
    model.translator = counter  # type: ignore[assignment]
    sentences = ["Putin met Netanyahu.", "Second one here"]
    # argostranslate would print " ru  Путин …": its decoder turns "_" into spaces before it strips the prefix.
    assert translate(engine, sentences, "en", "ru") == [transliterate(s, "en", "ru") for s in sentences]
    assert counter.kwargs["target_prefix"] == [["__ru__"]] * 2


def _zero_weights(model_dir: Path) -> None:
    (model_dir / "model.bin").write_bytes(bytes((model_dir / "model.bin").stat().st_size))


def _mismatch_vocabulary(model_dir: Path) -> None:
    # Fewer target words than the output layer has rows: it loads, then fails on the first id past the end.
    words = json.loads((model_dir / "shared_vocabulary.json").read_text(encoding="utf-8"))
    (model_dir / "shared_vocabulary.json").write_text(json.dumps(words[:10]), encoding="utf-8")


@pytest.mark.parametrize("damage", [_zero_weights, _mismatch_vocabulary], ids=["zeroed", "mismatched"])
def test_a_damaged_model_fails_as_model_load_failed_for_its_package_only(
    engine: Engine, packages_dir: Path, damage: Callable[[Path], None],
) -> None:
    damage(packages_dir / "translate-en_he-1_0" / "model")  # after the scan, before the first load
    for source, call in (("en", engine.translate_package), ("en", engine.translate_package_aligned)):
        with pytest.raises(ModelLoadError) as info:
            call(package_for(engine.catalog, source, "he"), ["Hello world."])
        assert (info.value.code, info.value.status) == ("model_load_failed", 503)
        assert info.value.extra == {"package": "translate-en_he-1_0"}
        assert "translate-en_he-1_0" in info.value.detail
    assert translate(engine, ["Hello world."], "en", "ru") == [transliterate("Hello world.", "en", "ru")]
