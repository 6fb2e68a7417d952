"""Translating sentences along a route outside the pipeline, for tests and benchmarks of the engine alone.

The service never does this: its pipeline plans every hop of every target
together. Tests of the engine want the plain walk.
"""

from __future__ import annotations

from typing import Sequence

from translator.engine.engine import Engine
from translator.engine.model import DecodeOptions
from translator.engine.packages import Catalog, PackageInfo


def package_for(catalog: Catalog, from_code: str, to_code: str) -> PackageInfo:
    """The installed package that translates this pair directly (``LookupError`` if none)."""
    for package in catalog.packages:
        if package.pair == (from_code, to_code):
            return package
    raise LookupError(f"no installed package translates {from_code} to {to_code} directly")


def translate(engine: Engine, sentences: Sequence[str], source: str, target: str,
              options: DecodeOptions | None = None) -> list[str]:
    """``sentences`` from ``source`` to ``target``, one batched call per hop, pivoting where needed."""
    texts = list(sentences)
    for package in engine.graph.route(source, target).hops:
        texts = engine.translate_package(package, texts, options)
    return texts
