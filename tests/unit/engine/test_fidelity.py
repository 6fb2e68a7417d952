"""The engine's output equals argostranslate's own for the same package and sentence.

argostranslate's default sentence splitter (MiniSBD) downloads a model on
first use, which cannot work offline; the comparison drives argostranslate's
packaged-translation path (``apply_packaged_translation``) with a splitter
this test controls, and argostranslate's own ``Package`` and settings.
"""

from __future__ import annotations

from pathlib import Path

import ctranslate2
import pytest

from tests.conftest import fixture_engine_settings
from tests.support.routes import package_for, translate
from translator.engine.engine import Engine
from translator.settings import EngineSettings

SENTENCES = [
    "Israeli Prime Minister Benjamin Netanyahu and Russian President Vladimir Putin spoke by phone on Tuesday, marking their first conversation since December 2023.",
    "“That is the deal.”",
    "The Kremlin offered to assist in reducing civilian suffering in Gaza.",
    "Victory Day is celebrated on May 9 with a military parade 🎖.",
]


class GivenSentences:
    """A sentence splitter that returns the sentences it was given."""

    def __init__(self, sentences: list[str]) -> None:
        self.sentences = sentences

    def split_sentences(self, text: str) -> list[str]:
        return self.sentences


@pytest.mark.parametrize("pair", [("en", "ru"), ("en", "he"), ("he", "en"), ("ru", "en")])
def test_engine_matches_argostranslate(packages_dir: Path, pair: tuple[str, str]) -> None:
    from argostranslate import settings as argos_settings
    from argostranslate.package import Package
    from argostranslate.translate import apply_packaged_translation

    engine = Engine(fixture_engine_settings(packages_dir))
    info = package_for(engine.catalog, *pair)
    sentences = SENTENCES if pair[0] == "en" else translate(engine, SENTENCES, "en", pair[0])
    ours = translate(engine, sentences, *pair)

    package = Package(info.path)
    translator = ctranslate2.Translator(
        str(info.path / "model"), compute_type=engine.settings.compute_type, inter_threads=1, intra_threads=1
    )
    # One sentence at a time, as argostranslate decodes real sentences with its 32-token batches.
    theirs = [
        apply_packaged_translation(package, s, translator, GivenSentences([s]), num_hypotheses=1)[0].value
        for s in sentences
    ]
    assert argos_settings.beam_size == engine.settings.beam_size == 4
    assert ours == theirs
    # A whole paragraph through argostranslate joins its sentences with a space.
    paragraph = apply_packaged_translation(package, " ".join(sentences), translator, GivenSentences(sentences), 1)
    assert paragraph[0].value == " ".join(ours)


def test_engine_matches_argostranslate_with_a_target_prefix(tmp_path: Path) -> None:
    from argostranslate.package import Package
    from argostranslate.translate import apply_packaged_translation

    from tests.support.package_builder import build_fixture_package

    built = build_fixture_package(tmp_path, "en", "ru", target_prefix="<2ru>")
    engine = Engine(EngineSettings(packages_dir=tmp_path, inter_threads=1, intra_threads=1))
    assert package_for(engine.catalog, "en", "ru").target_prefix == "<2ru>"
    ours = translate(engine, SENTENCES, "en", "ru")
    translator = ctranslate2.Translator(str(built.directory / "model"), compute_type="int8", inter_threads=1,
                                        intra_threads=1)
    package = Package(built.directory)
    theirs = [apply_packaged_translation(package, s, translator, GivenSentences([s]), num_hypotheses=1)[0].value
              for s in SENTENCES]
    assert ours == theirs
    assert not any(text.startswith("<2ru>") for text in ours)
