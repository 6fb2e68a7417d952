"""The length a translation is expected to have: each route's own ratio on a reference text, with a spread.

A Hebrew sentence is shorter than its English translation and a Russian one
longer, by amounts that differ between models. So the band a block's
target/source length ratio must fall in is measured, not guessed: the first
time a process reviews a route, it translates the reference sentences below
(written for Targum, in the newsroom's three languages) with the route's
packages, once, and takes the ratio of the characters out to the characters
in. The band is that ratio divided and multiplied by
``TARGUM_REVIEW_LENGTH_SPREAD`` (2 by default); ``TARGUM_REVIEW_LENGTH_BANDS``
sets a pair's band by hand instead. A route the engine cannot translate the
reference with has no band, and its blocks are not judged by length.
"""

from __future__ import annotations

import logging
import threading
from typing import Callable, Sequence

from translator.engine.graph import Route
from translator.errors import TargumError
from translator.settings import ReviewSettings

log = logging.getLogger("targum.review")
REFERENCE: dict[str, tuple[str, ...]] = {
    "en": (
        "The city council approved the new budget on Monday after a long debate.",
        "Officials said the bridge would reopen to traffic by the end of the month.",
        "Thousands of people gathered in the square to hear the speech.",
        "The minister told reporters that talks with the unions would continue next week.",
        "Heavy rain is expected in the north of the country over the weekend.",
        "The museum will display the collection for the first time since it was restored.",
    ),
    "he": (
        "מועצת העיר אישרה ביום שני את התקציב החדש לאחר דיון ארוך.",
        "גורמים רשמיים אמרו כי הגשר ייפתח מחדש לתנועה עד סוף החודש.",
        "אלפי אנשים התאספו בכיכר כדי לשמוע את הנאום.",
        "השר אמר לכתבים כי השיחות עם האיגודים יימשכו בשבוע הבא.",
        "גשמים כבדים צפויים בצפון הארץ במהלך סוף השבוע.",
        "המוזיאון יציג את האוסף לראשונה מאז שחודש.",
    ),
    "ru": (
        "Городской совет утвердил новый бюджет в понедельник после долгих споров.",
        "Чиновники заявили, что мост вновь откроют для движения до конца месяца.",
        "Тысячи людей собрались на площади, чтобы услышать выступление.",
        "Министр сообщил журналистам, что переговоры с профсоюзами продолжатся на следующей неделе.",
        "На выходных на севере страны ожидаются сильные дожди.",
        "Музей впервые после реставрации покажет коллекцию.",
    ),
}
Translate = Callable[[Route, Sequence[str]], list[str]]


class LengthBands:
    """Each route's band, measured once a process on the reference text (or set by configuration)."""

    def __init__(self, settings: ReviewSettings, translate: Translate) -> None:
        self.settings = settings
        self._translate = translate
        self._bands: dict[tuple[str, ...], tuple[float, float] | None] = {}
        self._lock = threading.Lock()

    def band(self, route: Route) -> tuple[float, float] | None:
        """The expected target/source length ratio of ``route``, as (low, high)."""
        configured = self.settings.band_for(f"{route.source}-{route.target}")
        if configured is not None:
            return configured
        key = tuple(f"{p.name}\x1f{p.fingerprint}" for p in route.hops)
        with self._lock:
            if key not in self._bands:
                self._bands[key] = self._measure(route)
            return self._bands[key]

    def _measure(self, route: Route) -> tuple[float, float] | None:
        reference = REFERENCE.get(route.source)
        if not reference:
            return None
        try:
            outputs = self._translate(route, reference)
        except TargumError as exc:  # a model that fails here fails the request's own calls too
            log.warning("no length band for %s→%s: %s", route.source, route.target, exc.detail)
            return None
        ratio = sum(len(o.strip()) for o in outputs) / sum(len(s) for s in reference)
        spread = self.settings.length_spread
        log.info("length band for %s→%s: ratio %.2f on the reference text", route.source, route.target, ratio)
        return ratio / spread, ratio * spread
