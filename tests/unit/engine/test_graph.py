"""Routes between languages: direct packages first, pivot through English otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from translator.engine.graph import TranslationGraph
from translator.engine.packages import scan_packages
from translator.errors import UnsupportedLanguage


@pytest.fixture
def graph(packages_dir: Path) -> TranslationGraph:
    return TranslationGraph(scan_packages(packages_dir).packages, pivot="en")


def test_direct_route(graph: TranslationGraph) -> None:
    route = graph.route("en", "he")
    assert [p.pair for p in route.hops] == [("en", "he")] and route.pivot is None


@pytest.mark.parametrize("source,target", [("he", "ru"), ("ru", "he")])
def test_pivot_route(graph: TranslationGraph, source: str, target: str) -> None:
    route = graph.route(source, target)
    assert [p.pair for p in route.hops] == [(source, "en"), ("en", target)]
    assert route.pivot == "en"


def test_identity_route_is_empty(graph: TranslationGraph) -> None:
    assert graph.route("he", "he").hops == ()


def test_reachable_targets(graph: TranslationGraph) -> None:
    assert graph.targets_of("he") == {"en": "direct", "ru": "via en"}
    assert graph.sources() == ("en", "he", "ru")


def test_no_route(graph: TranslationGraph) -> None:
    with pytest.raises(UnsupportedLanguage, match="'uk'"):
        graph.route("uk", "en")
    assert not graph.has_route("uk", "en")
