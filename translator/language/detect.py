"""Language detection for whole articles and for each of their blocks.

The order of questions is cheap first: the Unicode script of the text (see
:mod:`translator.language.scripts`) settles Hebrew against Yiddish and Belarusian by its
letters, and narrows everything else to the languages written in that script;
only then is langdetect asked, and only among those languages.

langdetect is random unless seeded and keeps a lazily built module-global
factory; we build our own factory once per :class:`Detector` (its profiles held
compactly and loaded in a fixed order: see :mod:`translator.language.profiles`)
and seed it, so one text gets one answer in every call, thread and worker.
The factory is only read after ``__init__``; each call makes its own
short-lived langdetect detector, which is what keeps :class:`Detector` safe to
share between the web server's threads.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Mapping, Sequence

from langdetect.lang_detect_exception import LangDetectException

from translator.language.profiles import compact_factory
from translator.language.scripts import (
    CYRILLIC,
    HEBREW,
    LANGUAGE_SCRIPTS,
    belarusian_confidence,
    count_scripts,
    cyrillic_plausible,
    fits_alphabet,
    hebrew_or_yiddish,
    words_in_script,
)

UNDETERMINED = "und"
# Letters of ordinary (lower-case, non-name) words a text needs to be judged on
# its own. "All Israel" has none; a one-line paragraph has several dozen.
RELIABLE_LETTERS = 25
RELIABLE_CONFIDENCE = 0.70
# Blocks shorter than this take the article's language without being examined.
MIN_BLOCK_CHARS = 30
# Prior odds for the newsroom's languages when a text is too thin to judge.
# langdetect multiplies n-gram likelihoods that differ by 10^3 or more, so
# anything much smaller is forgotten after a word or two.
NEWSROOM_PRIOR = 1e8
BELARUSIAN_MIN = 0.5
# Runner-ups below this probability are noise, not alternatives.
ALTERNATIVE_MIN = 0.01
# Languages recognised by their letters, having no langdetect profile.
_SCRIPT_RULE_LANGUAGES = {HEBREW: ("yi",), CYRILLIC: ("be",)}
_RULE_ONLY = frozenset({"yi", "be"})


@dataclass(frozen=True)
class Detection:
    """What language a text is in, how sure we are, and what else it might be."""

    language: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = ()
    # False when the text is too short or too full of names to judge alone.
    reliable: bool = False
    # True when a block took its article's language instead of being judged.
    inherited: bool = False


UNDETERMINED_DETECTION = Detection(UNDETERMINED, 0.0)


@dataclass(frozen=True)
class _Judgement:
    detection: Detection
    # Letters of ordinary words the decision rests on: the block's weight in
    # the article's vote.
    evidence: int


# ISO 639 codes withdrawn in 1989 that clients still send (Java's Locale, Android): the old code → today's.
LEGACY_CODES = {"iw": "he", "ji": "yi", "in": "id"}


def normalize_language(code: str) -> str:
    """Normalise a client's language code: "HE", "he-IL", "iw" → "he"."""
    base = code.strip().lower().replace("_", "-").split("-", 1)[0]
    return LEGACY_CODES.get(base, base)


def check_declared(declared: str, text: str) -> str | None:
    """A warning when the declared source language contradicts the text's script, else None.

    Only the script is checked (Hebrew letters declared as Russian); whether
    Cyrillic text is Russian or Ukrainian is detection's business. Texts with
    too few letters and languages of unknown script are not judged.
    """
    language = normalize_language(declared)
    expected = LANGUAGE_SCRIPTS.get(language)
    count = count_scripts(text)
    found = count.dominant
    if expected is None or found is None or count.letters < 10 or found == expected:
        return None
    return (
        f"declared source language '{language}' is written in {expected.title()} script, "
        f"but {count.share:.0%} of the text's letters are {found.title()}"
    )


def declared_source(declared: str, texts: Sequence[str]) -> tuple[Detection, str | None]:
    """The article's detection when the client names its source language, and any warning.

    The client's word wins over detection; the warning tells them when their
    word and the article's script disagree.
    """
    language = normalize_language(declared)
    detection = Detection(language, 1.0, (), reliable=True)
    return detection, check_declared(language, "\n".join(texts))


class Detector:
    """Detects languages; built once per process and shared by its threads."""

    def __init__(
        self, seed: int = 0, *, newsroom: Sequence[str] = ("en", "he", "ru"), cache_size: int = 4096
    ) -> None:
        self._factory, by_script = compact_factory()
        self._factory.set_seed(seed)
        for script, extra in _SCRIPT_RULE_LANGUAGES.items():
            by_script.setdefault(script, []).extend(extra)
        self._by_script = {script: tuple(sorted(langs)) for script, langs in by_script.items()}
        self._newsroom = frozenset(normalize_language(code) for code in newsroom)
        # Detection is deterministic, so remembering answers is safe; the
        # pipeline asks about the same blocks for the article and for each block.
        self._judge = lru_cache(maxsize=cache_size)(self._judge_uncached)

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language this detector can name."""
        return tuple(sorted({lang for langs in self._by_script.values() for lang in langs}))

    def plausible(self, script: str) -> tuple[str, ...]:
        """The languages written in a script ("CYRILLIC" → be, bg, mk, ru, uk)."""
        return self._by_script.get(script, ())

    def cache_clear(self) -> None:
        """Forget remembered detections (benchmarks time a cold detector this way)."""
        self._judge.cache_clear()

    def detect(self, text: str) -> Detection:
        """Detect the language of one text, on its own."""
        return self._judge(text).detection

    def detect_article(self, texts: Sequence[str]) -> Detection:
        """One decision for a whole article, each block weighted by its ordinary words.

        Blocks too short or too full of names to judge (a site's name, a
        headline of proper names) have no vote; if no block can be judged,
        the article's text is judged as one.
        """
        judgements = [self._judge(text) for text in texts]
        voters = [j for j in judgements if j.detection.reliable]
        if not voters:
            return self._judge("\n".join(texts)).detection if texts else UNDETERMINED_DETECTION
        scores: dict[str, float] = {}
        for judgement in voters:
            found = judgement.detection
            for language, probability in ((found.language, found.confidence), *found.alternatives):
                scores[language] = scores.get(language, 0.0) + judgement.evidence * probability
        total = sum(j.evidence for j in voters)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        alternatives = tuple(
            (lang, round(score / total, 4)) for lang, score in ranked[1:] if score / total >= ALTERNATIVE_MIN
        )
        best, score = ranked[0]
        return Detection(best, round(score / total, 4), alternatives, reliable=True)

    def detect_blocks(
        self, texts: Sequence[str], article: Detection | None = None, min_chars: int = MIN_BLOCK_CHARS
    ) -> list[Detection]:
        """The language of each block; blocks too short to judge inherit the article's.

        A block inherits only a language its script allows: a short English
        credit line in a Hebrew article is judged on its own (and marked
        unreliable) rather than called Hebrew.
        """
        if article is None:
            article = self.detect_article(texts)
        inherited = replace(article, reliable=False, inherited=True)
        blocks = []
        for text in texts:
            can_inherit = self._fits(article.language, text)
            if can_inherit and len(text.strip()) < min_chars:
                blocks.append(inherited)
                continue
            own = self._judge(text).detection
            blocks.append(own if own.reliable or not can_inherit else inherited)
        return blocks

    def _fits(self, language: str, text: str) -> bool:
        # Whether a block could be in ``language`` by its letters: Hebrew
        # letters are never English, ї is never Russian; a block without
        # letters (a date, a score) fits anything.
        script = count_scripts(text).dominant
        if script is None:
            return True
        if language not in self.plausible(script):
            return False
        return script != CYRILLIC or fits_alphabet(text, language)

    def _judge_uncached(self, text: str) -> _Judgement:
        script = count_scripts(text).dominant
        if script is None:
            return _Judgement(UNDETERMINED_DETECTION, 0)
        ordinary, names = words_in_script(text, script)
        evidence = sum(map(len, ordinary))
        if script == HEBREW:
            language, confidence = hebrew_or_yiddish(text)
            other = "yi" if language == "he" else "he"
            found = Detection(language, confidence, ((other, round(1 - confidence, 4)),))
        elif script == CYRILLIC and (belarusian := belarusian_confidence(text)) >= BELARUSIAN_MIN:
            found = Detection("be", belarusian)
        else:
            candidates = [lang for lang in self.plausible(script) if lang not in _RULE_ONLY]
            if script == CYRILLIC:
                candidates = cyrillic_plausible(text, candidates)
            if len(candidates) <= 1:
                found = Detection(candidates[0], 1.0) if candidates else UNDETERMINED_DETECTION
            else:
                found = self._choose(candidates, ordinary, names, evidence)
            if evidence < RELIABLE_LETTERS:
                # The prior or the alphabet, not the words, made this choice: say so.
                scale = (evidence + 1) / (RELIABLE_LETTERS + 1)
                found = replace(found, confidence=round(found.confidence * scale, 4))
        if found.language == UNDETERMINED:
            return _Judgement(UNDETERMINED_DETECTION, 0)
        reliable = evidence >= RELIABLE_LETTERS and found.confidence >= RELIABLE_CONFIDENCE
        return _Judgement(replace(found, reliable=reliable), evidence)

    def _choose(
        self, candidates: Sequence[str], ordinary: list[str], names: list[str], evidence: int
    ) -> Detection:
        # langdetect among the script's languages. A thin text (a site's name,
        # a headline of names) is read names and all, and leans hard towards
        # the newsroom's languages; a text long enough to judge gets a level
        # field, so a Ukrainian paragraph is reported as Ukrainian.
        thin = evidence < RELIABLE_LETTERS
        words = ordinary + names if thin else ordinary
        prior = {lang: NEWSROOM_PRIOR if thin and lang in self._newsroom else 1.0 for lang in candidates}
        ranked = self._langdetect(" ".join(words).lower(), prior)
        if not ranked:
            return UNDETERMINED_DETECTION
        (language, confidence), alternatives = ranked[0], tuple(ranked[1:])
        return Detection(language, confidence, alternatives)

    def _langdetect(self, text: str, prior: Mapping[str, float]) -> list[tuple[str, float]]:
        # A fresh langdetect detector per call: it holds the text and its own
        # random generator, seeded from the factory's seed at every detection.
        detector = self._factory.create()
        detector.set_prior_map(dict(prior))
        detector.append(text)
        try:
            found = detector.get_probabilities()
        except LangDetectException:  # no usable n-grams (letters no profile knows)
            return []
        return [(item.lang, round(item.prob, 4)) for item in found if item.prob >= ALTERNATIVE_MIN]
