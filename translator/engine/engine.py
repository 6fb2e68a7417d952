"""The engine: every installed package of one packages directory, and the models loaded from them.

It finds the packages (:mod:`translator.engine.packages`), knows the routes
between languages (:mod:`translator.engine.graph`) and loads each package's
model once per process, lazily or eagerly, never at import time, so a gunicorn
master that forks workers holds none (CTranslate2 translators are not
fork-safe). It translates lists of sentences with one package at a time; the
pipeline above it walks the routes.
"""

from __future__ import annotations

import threading
from typing import Sequence

from translator.engine.attention import AlignedText
from translator.engine.graph import TranslationGraph
from translator.engine.model import DecodeOptions, LoadedModel
from translator.engine.packages import Catalog, PackageInfo, scan_packages
from translator.settings import EngineSettings


class Engine:
    """All installed packages of one packages directory, and their loaded models."""

    def __init__(self, settings: EngineSettings, pivot: str = "en", catalog: Catalog | None = None) -> None:
        self.settings = settings
        self.catalog = catalog if catalog is not None else scan_packages(settings.packages_dir)
        self.graph = TranslationGraph(self.catalog.packages, pivot)
        self._models: dict[str, LoadedModel] = {}
        self._load_lock = threading.Lock()

    def model(self, package: PackageInfo) -> LoadedModel:
        """The loaded model of a package, loading it on first use (once per process)."""
        model = self._models.get(package.name)
        if model is not None:
            return model
        with self._load_lock:
            model = self._models.get(package.name)
            if model is None:
                model = LoadedModel(package, self.settings)
                self._models[package.name] = model
        return model

    def load_all(self) -> None:
        """Load every installed package now (eager loading, e.g. in a fresh worker)."""
        for package in self.catalog.packages:
            self.model(package)

    @property
    def loaded(self) -> tuple[str, ...]:
        """Names of the packages whose models are in memory."""
        return tuple(sorted(self._models))

    def default_options(self) -> DecodeOptions:
        """Decoding options from the settings."""
        return DecodeOptions(beam_size=self.settings.beam_size)

    def translate_package(
        self, package: PackageInfo, sentences: Sequence[str], options: DecodeOptions | None = None
    ) -> list[str]:
        """Translate sentences with one package: one batched model call."""
        return self.model(package).translate(sentences, options or self.default_options())

    def translate_package_scored(
        self, package: PackageInfo, sentences: Sequence[str], options: DecodeOptions | None = None
    ) -> list[AlignedText]:
        """Translate sentences with one package, each with its score and truncation (no links): one batched call."""
        return self.model(package).translate_scored(sentences, options or self.default_options())

    def translate_package_aligned(
        self, package: PackageInfo, sentences: Sequence[str], options: DecodeOptions | None = None
    ) -> list[AlignedText]:
        """Translate sentences with one package, with alignments: one batched model call."""
        return self.model(package).translate_aligned(sentences, options or self.default_options())

    def translate_package_nbest(
        self, package: PackageInfo, sentences: Sequence[str], count: int, options: DecodeOptions | None = None
    ) -> list[list[str]]:
        """The ``count`` best translations of each sentence with one package, best first: one batched model call."""
        return self.model(package).translate_nbest(sentences, options or self.default_options(), count)
