"""Unicode scripts: the cheap checks that run before langdetect is asked anything.

The script a text is written in settles some questions outright (Hebrew
letters are Hebrew or Yiddish, never Russian) and narrows the others to the
languages written in that script. Two languages that matter to the newsroom
have no langdetect profile, Yiddish and Belarusian, so their letters are
recognised here instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

HEBREW = "HEBREW"
CYRILLIC = "CYRILLIC"
LATIN = "LATIN"
ARABIC = "ARABIC"

# The script each language is normally written in, for checking a language the
# client declares. Only what we can vouch for; other codes are not checked.
LANGUAGE_SCRIPTS: dict[str, str] = {
    **dict.fromkeys(("he", "yi"), HEBREW),
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg", "mn"), CYRILLIC),
    **dict.fromkeys(("ar", "fa", "ur", "ps"), ARABIC),
    **dict.fromkeys(
        (
            "af", "ca", "cs", "cy", "da", "de", "en", "eo", "es", "et", "eu", "fi", "fr",
            "ga", "gl", "hr", "hu", "id", "it", "lt", "lv", "ms", "nb", "nl", "no", "pl",
            "pt", "ro", "sk", "sl", "so", "sq", "sv", "sw", "tl", "tr", "vi",
        ),
        LATIN,
    ),
    "el": "GREEK",
    "hi": "DEVANAGARI",
    "ko": "HANGUL",
    "th": "THAI",
    "zh": "CJK",
}

# Letters only Yiddish writes: the double-letter ligatures and the YIVO pointing
# of alef (pasekh, komets), pe (dagesh, rafe), veys and khof (rafe). Unpointed
# Hebrew news never has them.
_YIDDISH_LIGATURES = "\u05f0\u05f1\u05f2\ufb1f"
_YIDDISH_POINTED = re.compile(
    "\u05d0[\u05b7\u05b8]|\u05e4[\u05bc\u05bf]|[\u05d1\u05db]\u05bf|[\ufb2e\ufb2f\ufb44\ufb4e]"
)
_HEBREW_POINTS = re.compile("[\u0591-\u05c7]")
# Function words, for Yiddish typed without its special letters (many sites do).
_YIDDISH_WORDS = frozenset(
    "און איז פון דער דאס דעם ניט נישט אויף אויך מיט האט געווען וואס ווען זיי זיך זייער "
    "ער זי אן אבער נאך פאר ווערן געווארן וועט וועלן האבן זענען זיינען קיין אונדז מען "
    "ביז נאר יאר הייסט געזאגט אלע איצט".split()
)
_HEBREW_WORDS = frozenset(
    "של את על עם כי לא גם זה זו הוא היא הם הן אשר כל אל או יותר אחרי לפני בין כדי אך "
    "אבל היה הייתה היו מה אם רק עוד כבר יש אמר אמרה נגד ראש".split()
)
# Each Cyrillic language's alphabet (lower case). A language is not plausible for
# a text with many letters outside its alphabet: ы rules out Ukrainian, ї Russian.
CYRILLIC_ALPHABETS: dict[str, frozenset[str]] = {
    "ru": frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
    "uk": frozenset("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"),
    "be": frozenset("абвгдеёжзійклмнопрстуўфхцчшыьэюя"),
    "bg": frozenset("абвгдежзийклмнопрстуфхцчшщъьюя"),
    "mk": frozenset("абвгдѓежзѕијклљмнњопрстќуфхцчџш"),
}
# Stray letters from a quoted name are tolerated up to this share of the letters.
FOREIGN_LETTER_SHARE = 0.02
_BELARUSIAN_ONLY = "ў"
_UKRAINIAN_ONLY = "їєґ"
_NOT_UKRAINIAN = "ыэё"

_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_URL_OR_MAIL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+")


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str | None:
    """The script of one letter ("LATIN", "HEBREW" …), or None for anything else."""
    if not ch.isalpha():
        return None
    # Unicode character names start with the script: "CYRILLIC SMALL LETTER A".
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else None


@dataclass(frozen=True)
class ScriptCount:
    """How many letters of each script a text has, and which one dominates."""

    counts: tuple[tuple[str, int], ...]
    letters: int

    @property
    def dominant(self) -> str | None:
        """The script with most letters (None for a text without letters)."""
        return self.counts[0][0] if self.counts else None

    @property
    def share(self) -> float:
        """The dominant script's share of all letters."""
        return self.counts[0][1] / self.letters if self.counts else 0.0


def count_scripts(text: str) -> ScriptCount:
    """Count a text's letters by script, most frequent first (ties by name, for determinism)."""
    counter = Counter(s for s in map(script_of, text) if s is not None)
    ordered = tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
    return ScriptCount(counts=ordered, letters=sum(counter.values()))


def words_in_script(text: str, script: str) -> tuple[list[str], list[str]]:
    """Split a text's words in ``script`` into (lower-case words, capitalised words).

    In a cased script a capitalised word is most often a name, and names say
    little about the language around them ("Netanyahu met Zakharova").
    URLs and e-mail addresses are dropped first.
    """
    lower: list[str] = []
    capital: list[str] = []
    for word in _WORD.findall(_URL_OR_MAIL.sub(" ", text)):
        if script_of(word[0]) != script:
            continue
        (capital if word[0].isupper() else lower).append(word)
    return lower, capital


def hebrew_or_yiddish(text: str) -> tuple[str, float]:
    """Decide between Hebrew and Yiddish for a Hebrew-script text: (code, confidence).

    Yiddish-only letters decide at once; otherwise function words weigh in, and
    with no evidence either way the text is Hebrew, by far the likelier.
    """
    ligatures = sum(text.count(ch) for ch in _YIDDISH_LIGATURES)
    pointed = _YIDDISH_POINTED.findall(text)
    other_points = len(_HEBREW_POINTS.findall(text)) - sum(len(p) > 1 for p in pointed)
    # Vocalised Hebrew (poetry, prayer) points nearly every letter; Yiddish
    # points only its few letters, in otherwise bare text.
    yiddish_points = len(pointed) if other_points <= len(pointed) else 0
    words = _WORD.findall(_HEBREW_POINTS.sub("", text))
    yiddish = 3 * ligatures + 2 * yiddish_points + sum(w in _YIDDISH_WORDS for w in words)
    hebrew = sum(w in _HEBREW_WORDS for w in words)
    # Pseudo-counts lean towards Hebrew, by far the likelier: with no evidence
    # a line is Hebrew (0.9); one Yiddish word and no Hebrew one tips it.
    p_yiddish = (yiddish + 0.1) / (yiddish + hebrew + 1.0)
    if p_yiddish > 0.5:
        return "yi", round(p_yiddish, 4)
    return "he", round(1.0 - p_yiddish, 4)


def fits_alphabet(text: str, language: str) -> bool:
    """Whether (nearly) all of a text's Cyrillic letters are in the language's alphabet.

    True for languages whose alphabet we do not list: no evidence against them.
    """
    alphabet = CYRILLIC_ALPHABETS.get(language)
    if alphabet is None:
        return True
    letters = [ch for ch in text.lower() if script_of(ch) == CYRILLIC]
    foreign = sum(ch not in alphabet for ch in letters)
    return foreign <= FOREIGN_LETTER_SHARE * len(letters)


def cyrillic_plausible(text: str, languages: Iterable[str]) -> list[str]:
    """The Cyrillic ``languages`` whose alphabet fits the text; all of them if none does."""
    languages = list(languages)
    return [lang for lang in languages if fits_alphabet(text, lang)] or languages


def belarusian_confidence(text: str) -> float:
    """How surely a Cyrillic text is Belarusian by its letters alone (0 when not at all).

    langdetect has no Belarusian profile, so its letters must tell: ў is
    Belarusian's own; і beside ы or э is Belarusian (Ukrainian has no ы, э;
    Russian no і); and Belarusian alone writes і but never и.
    """
    lower = text.lower()
    letters = sum(script_of(ch) == CYRILLIC for ch in lower)
    belarusian = sum(lower.count(ch) for ch in _BELARUSIAN_ONLY)
    ukrainian = sum(lower.count(ch) for ch in _UKRAINIAN_ONLY)
    not_ukrainian = sum(lower.count(ch) for ch in _NOT_UKRAINIAN)
    dotted, russian_i = lower.count("і"), lower.count("и")
    evidence = (
        2 * belarusian
        + (2 if dotted and not_ukrainian else 0)
        # A dozen-odd letters of Ukrainian without a single и would be unusual.
        + (1 if dotted and not russian_i and letters >= 15 else 0)
        - russian_i
        - 2 * ukrainian
    )
    return round(evidence / (evidence + 1.0), 4) if evidence > 0 else 0.0
