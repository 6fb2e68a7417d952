"""Tests of the quirky fixture packages, run through the real engine, as the review checks will see them.

Each quirk's output must be what :func:`transliterate` predicts for it, at
every beam size, with the engine's ``truncated`` and ``score`` telling the
loop and the hesitant model from a plain one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sentencepiece as spm

from tests.conftest import fixture_engine_settings
from tests.support.package_builder import Quirk, build_fixture_package, source_pieces, transliterate
from tests.support.package_builder.__main__ import main
from tests.support.package_builder.fixture import LOOP_PERIOD
from translator.engine.attention import AlignedText
from translator.engine.engine import Engine
from translator.engine.model import DECODE_SLACK_TOKENS, DecodeOptions

NEWS = "Putin met 1,200 workers at 3 a.m. in Moscow, then left."
SENTENCES = [
    NEWS,
    "Hi",  # shorter than the loop's period: it reaches its end token
    "a ,b",
    ", as the first thing",
    "Wow, who knows? Queen Wax quit Oxford.",
    "Israel and Russia marked Victory Day on May 9, 2025.",
    "“Warm greetings” — both leaders. Straße ☃☃ talks",
]
# (quirk, pair) of every package the module builds; None is the plain package.
PACKAGES: list[tuple[Quirk | None, tuple[str, str]]] = [
    (None, ("en", "ru")),
    ("digits", ("en", "ru")),
    ("latin", ("en", "ru")),
    ("latin", ("en", "he")),
    ("latin", ("ru", "en")),
    ("early_stop", ("en", "ru")),
    ("loop", ("en", "ru")),
    ("hesitant", ("en", "ru")),
]
Engines = dict[tuple[Quirk | None, tuple[str, str]], Engine]


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Engines:
    """An engine over each quirky package (each alone in its packages directory), built once for this module."""
    built: Engines = {}
    for quirk, pair in PACKAGES:
        packages_dir = tmp_path_factory.mktemp(f"{quirk}-{pair[0]}-{pair[1]}")
        build_fixture_package(packages_dir, *pair, quirk=quirk)
        built[(quirk, pair)] = Engine(fixture_engine_settings(packages_dir))
    return built


def _translate(engine: Engine, sentences: list[str], beam: int = 4) -> list[AlignedText]:
    (package,) = engine.catalog.packages
    return engine.translate_package_scored(package, sentences, DecodeOptions(beam_size=beam))


def _limit(engine: Engine, sentences: list[str]) -> int:
    """The engine's max_decoding_length for a batch of these sentences."""
    longest = max(len(source_pieces(s)) for s in sentences)
    return int(longest * engine.settings.max_decode_ratio) + DECODE_SLACK_TOKENS


@pytest.mark.parametrize(("quirk", "pair"), PACKAGES)
def test_quirk_output_is_predicted(engines: Engines, quirk: Quirk | None, pair: tuple[str, str]) -> None:
    engine = engines[(quirk, pair)]
    limit = _limit(engine, SENTENCES)
    answers = _translate(engine, SENTENCES)
    assert [a.text for a in answers] == [transliterate(s, *pair, quirk=quirk, limit=limit) for s in SENTENCES]
    looped = [quirk == "loop" and len(source_pieces(s)) >= LOOP_PERIOD for s in SENTENCES]
    assert [a.truncated for a in answers] == looped


@pytest.mark.parametrize(
    ("quirk", "pair", "expected"),
    [
        (None, ("en", "ru"), "Путин мет 1,200 воркерс ат 3 а.м. ин Мосцов, тхен лефт."),
        ("digits", ("en", "ru"), "Путин мет 2,311 воркерс ат 4 а.м. ин Мосцов, тхен лефт."),
        ("latin", ("en", "ru"), "Путин мет 1,200 woркерс ат 3 а.м. ин Мoсцow, тхен лефт."),
        ("latin", ("en", "he"), "פותינ מעת 1,200 woרכערס את 3 א.מ. ינ מoסקow, תהענ לעפת."),
        ("early_stop", ("en", "ru"), "Путин мет 1"),
        ("hesitant", ("en", "ru"), "Путин мет 1,200 воркерс ат 3 а.м. ин Мосцов, тхен лефт."),
    ],
)
def test_what_each_quirk_makes_of_a_news_sentence(
    engines: Engines, quirk: Quirk | None, pair: tuple[str, str], expected: str
) -> None:
    assert transliterate(NEWS, *pair, quirk=quirk) == expected
    assert _translate(engines[(quirk, pair)], [NEWS])[0].text == expected


def test_loop_repeats_its_first_tokens_to_the_decode_limit(engines: Engines) -> None:
    engine = engines[("loop", ("en", "ru"))]
    limit = _limit(engine, [NEWS])
    assert limit == 56 * 3 + 10
    (answer,) = _translate(engine, [NEWS])
    assert answer.truncated
    # "▁Путин" 29 times, then "▁Пут": limit tokens, the first word marker dropped.
    assert answer.text == " ".join(["Путин"] * 29 + ["Пут"])
    assert len(answer.text) == limit - 1
    assert not _translate(engine, ["Hi"])[0].truncated


@pytest.mark.parametrize("beam", range(1, 9))
def test_hesitant_model_scores_low_and_outputs_what_the_plain_one_does(engines: Engines, beam: int) -> None:
    plain = _translate(engines[(None, ("en", "ru"))], SENTENCES, beam)
    hesitant = _translate(engines[("hesitant", ("en", "ru"))], SENTENCES, beam)
    assert [a.text for a in hesitant] == [a.text for a in plain] == [transliterate(s, "en", "ru") for s in SENTENCES]
    assert all(a.score is not None and a.score > -0.01 for a in plain)
    # About -3.3 per token but the end token's (about 0): -2.5 for "Hi" (3 tokens), -3.26 for NEWS (56).
    assert all(a.score is not None and -3.5 < a.score < -2.0 for a in hesitant)
    assert not any(a.truncated for a in plain + hesitant)


@pytest.mark.parametrize("quirk", ["digits", "early_stop", "loop"])
def test_quirks_keep_every_beam_size(engines: Engines, quirk: Quirk) -> None:
    engine = engines[(quirk, ("en", "ru"))]
    sentences = SENTENCES[:5]
    limit = _limit(engine, sentences)
    expected = [transliterate(s, "en", "ru", quirk=quirk, limit=limit) for s in sentences]
    for beam in (1, 8):
        assert [a.text for a in _translate(engine, sentences, beam)] == expected


def test_source_pieces_are_the_tokenizer_s(engines: Engines) -> None:
    (package,) = engines[(None, ("en", "ru"))].catalog.packages
    processor = spm.SentencePieceProcessor(model_file=str(package.path / "sentencepiece.model"))
    for sentence in SENTENCES + ["  spaced   out  ", "", "ß☃ x"]:
        assert source_pieces(sentence) == processor.encode(sentence, out_type=str)


def test_loop_needs_the_limit() -> None:
    assert transliterate("Hi", "en", "ru", quirk="loop") == "Хи"
    with pytest.raises(ValueError, match="limit"):
        transliterate(NEWS, "en", "ru", quirk="loop")


def test_cli_builds_a_quirky_pair_under_the_plain_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fixtures", str(tmp_path), "--quirk", "early_stop", "--pair", "en-ru"]) == 0
    assert [p.name for p in tmp_path.glob("*.argosmodel")] == ["translate-en_ru-1_0.argosmodel"]
    assert capsys.readouterr().out.strip().endswith("translate-en_ru-1_0.argosmodel")
    engine = Engine(fixture_engine_settings(tmp_path))
    assert _translate(engine, [NEWS])[0].text == "Путин мет 1"


def test_cli_refuses_a_quirk_for_benchmark_packages(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["benchmark", str(tmp_path), "--quirk", "loop"])
