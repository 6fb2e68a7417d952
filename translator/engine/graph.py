"""The translation graph: which installed packages carry a text from one language to another.

A direct package wins; otherwise the route pivots through one intermediate
language (English by default, as Argos's own packages are all to or from
English), so he→ru is he→en followed by en→ru.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from translator.engine.packages import PackageInfo
from translator.errors import UnsupportedLanguage


@dataclass(frozen=True)
class Route:
    """The packages to apply, in order, to translate ``source`` into ``target``."""

    source: str
    target: str
    hops: tuple[PackageInfo, ...]

    @property
    def pivot(self) -> str | None:
        """The intermediate language, or None for a direct route."""
        return self.hops[0].to_code if len(self.hops) > 1 else None


class TranslationGraph:
    """Routes between the languages of a set of packages."""

    def __init__(self, packages: tuple[PackageInfo, ...], pivot: str = "en") -> None:
        self._direct = {p.pair: p for p in packages}
        self._pivot = pivot
        self.languages = tuple(sorted({code for p in packages for code in p.pair}))

    def route(self, source: str, target: str) -> Route:
        """The route for a pair, or :class:`UnsupportedLanguage` when there is none."""
        if source == target:
            return Route(source, target, ())
        direct = self._direct.get((source, target))
        if direct is not None:
            return Route(source, target, (direct,))
        # Prefer the configured pivot; fall back to any other shared language.
        middles = [self._pivot] + [code for code in self.languages if code != self._pivot]
        for middle in middles:
            first = self._direct.get((source, middle))
            second = self._direct.get((middle, target))
            if first is not None and second is not None:
                return Route(source, target, (first, second))
        raise UnsupportedLanguage(
            f"no installed package translates {source!r} to {target!r}",
            source=source,
            target=target,
        )

    def check_targets(self, targets: Sequence[str]) -> None:
        """Raise ``unsupported_target_language`` for targets no installed package translates into.

        The one target check of every API: a target is known when some
        package (direct or as a pivot's second hop) translates into it.
        """
        unknown = [t for t in targets if t not in self.languages]
        if unknown:
            raise UnsupportedLanguage(f"no installed package translates into {', '.join(map(repr, unknown))}",
                                      code="unsupported_target_language", targets=unknown,
                                      supported=list(self.languages))

    def has_route(self, source: str, target: str) -> bool:
        """Whether :meth:`route` would find a route."""
        try:
            self.route(source, target)
        except UnsupportedLanguage:
            return False
        return True

    def sources(self) -> tuple[str, ...]:
        """Languages that at least one package translates from."""
        return tuple(sorted({source for source, _ in self._direct}))

    def targets_of(self, source: str) -> dict[str, str]:
        """Reachable targets of ``source``: code → "direct" or "via <pivot>"."""
        reachable: dict[str, str] = {}
        for target in self.languages:
            if target == source or not self.has_route(source, target):
                continue
            route = self.route(source, target)
            reachable[target] = "direct" if route.pivot is None else f"via {route.pivot}"
        return reachable
