"""The review on the fixture packages' faithful transliterations: the sample articles raise no flag."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ARTICLES, fixture_engine_settings
from translator.document.segment import segment_text
from translator.engine.engine import Engine
from translator.language.detect import Detector
from translator.pipeline import Pipeline


@pytest.fixture
def pipeline(packages_dir: Path, detector: Detector) -> Pipeline:
    return Pipeline(Engine(fixture_engine_settings(packages_dir)), detector)


@pytest.mark.parametrize("name, source, targets", [
    ("en-allisrael-netanyahu-putin.txt", "en", ["ru", "he"]),
    ("he-ynet-netanyahu-putin.txt", "he", ["en", "ru"]),
])
def test_the_sample_articles_raise_no_flag(pipeline: Pipeline, name: str, source: str, targets: list[str]) -> None:
    article = segment_text((ARTICLES / name).read_text(encoding="utf-8"))
    result = pipeline.translate(article, source, targets)
    flagged = [(t, b.id, f.code, f.message) for t in targets for b in result.translations[t].blocks for f in b.flags]
    print(*flagged, sep="\n")
    assert flagged == []
