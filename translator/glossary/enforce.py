"""Enforcement: the house form put in place of what the model wrote for a term, in one translated sentence.

For each term found in the source sentence (:class:`~translator.glossary.termbase.Match`):

1. Where the translation already has the house form, in any inflection, it
   is left alone (``kept``).
2. Otherwise the words that translate the term are found from the model's
   attention (:mod:`translator.engine.attention`: target characters linked to
   the term's letters), widened to whole words, less the little words at the
   edges that belong to the sentence ("in", "the", "в"), and replaced
   (``replaced``):
   - Hebrew: the prefix letters the replaced word carries are kept
     ("ל" + "נתניהו"), and the article ה is dropped after ב, כ, ל.
   - Russian: the house form is declined to the case and number of the word
     it replaces (pymorphy3); when that word is not one the dictionary
     knows, the case comes from the preposition before it, and then from the
     source (a Hebrew prefix, an English preposition or 's).
   - English: an 's on the replaced word stays; a form put first in the
     sentence gets a capital.
3. With no alignment, an aligned span wider than the term by more than
   :data:`MAX_EXTRA_WORDS` words (attention smeared over a clause), or words
   that other terms claim, nothing is guessed: the text stays and the term
   is reported ``not_enforced``.

The links are carried through every replacement, so inline markup placed with
them (a link around a name in HTML) still sits around the new words.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from translator.engine.attention import AlignedText, Link
from translator.glossary import morphology
from translator.glossary.morphology import GrammarCase, Number
from translator.glossary.termbase import Match, TermBase
from translator.glossary.terms import Entry, TermUse
from translator.glossary.words import HEBREW_PREFIX_LETTERS, MAX_PREFIX, Word, fold, words

# An aligned span wider than the form by more words than this is not trusted (attention smeared over a clause).
MAX_EXTRA_WORDS = 2
# Little words at the edges of an aligned span that belong to the sentence, not to the term.
EDGE_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the a an in to of and from at by for with on as into about".split()),
    "ru": frozenset("в во на к ко с со у от из и о об по за для до при а но".split()),
    "he": frozenset("של את על עם אל גם כי לא".split()),
}
# The case a Russian preposition governs most often, for a replaced word the dictionary does not know.
PREPOSITION_CASES: dict[str, GrammarCase] = {
    **dict.fromkeys("в во на о об обо при".split(), "loct"),
    **dict.fromkeys("к ко по".split(), "datv"),
    **dict.fromkeys("у от из до без для около после против среди".split(), "gent"),
    **dict.fromkeys("с со над под перед между за".split(), "ablt"),
}
# What the source says of the term's case when the translation does not: a Hebrew prefix's last letter, an English word.
HEBREW_PREFIX_CASES: dict[str, GrammarCase] = {"ב": "loct", "ל": "datv", "מ": "gent"}
ENGLISH_CASES: dict[str, GrammarCase] = {
    **dict.fromkeys("in at on about inside".split(), "loct"),
    **dict.fromkeys("to towards toward".split(), "datv"),
    **dict.fromkeys("from of without near".split(), "gent"),
    **dict.fromkeys("with".split(), "ablt"),
}


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


def enforce(
    source: str, matches: Sequence[Match], output: AlignedText, target: str, terms: TermBase,
) -> tuple[AlignedText, tuple[TermUse, ...]]:
    """The sentence with every term's house form in place, and what was done for each term, in source order."""
    uses: dict[int, TermUse] = {}
    edits: list[_Edit] = []
    by_entry: dict[Entry, list[tuple[int, Match]]] = defaultdict(list)
    for n, match in enumerate(matches):
        by_entry[match.entry].append((n, match))
    for entry, found in by_entry.items():
        form = entry.form(target)
        if form is None:
            continue  # the entry has no form in this target: nothing to enforce
        present = terms.occurrences(entry, target, output.text)
        if len(present) >= len(found):
            for (n, match), there in zip(found, present):
                uses[n] = TermUse(entry.id, source[match.word_start:match.word_end],
                                  output.text[there.word_start:there.word_end], "kept")
            continue
        for n, match in found:
            uses[n] = _place(source, match, output, target, form, present, edits)
    return _apply(output, edits), tuple(uses[n] for n in sorted(uses))


def _place(
    source: str, match: Match, output: AlignedText, target: str, form: str, present: list[Match],
    edits: list[_Edit],
) -> TermUse:
    """One term: kept where the form already stands in its words, else an edit, else not enforced."""
    said = source[match.word_start:match.word_end]
    span = _region(match, output, target, form)
    if span is None:
        return TermUse(match.entry.id, said, "", "not_enforced")
    start, end = _with_marks(output.text, *span, form)
    for there in present:
        if there.word_start < end and start < there.word_end:
            return TermUse(match.entry.id, said, output.text[there.word_start:there.word_end], "kept")
    if any(e.start < end and start < e.end for e in edits):
        return TermUse(match.entry.id, said, "", "not_enforced")
    text = _replacement(output.text, start, end, form, target, match)
    edits.append(_Edit(start, end, text))
    return TermUse(match.entry.id, said, text, "replaced")


def _region(match: Match, output: AlignedText, target: str, form: str) -> tuple[int, int] | None:
    """The whole words of the translation that the term's letters are linked to, less the sentence's little words."""
    linked = [(ts, te) for ss, se, ts, te in output.links if ss < match.end and match.start < se and te > ts]
    if not linked:
        return None
    low, high = min(ts for ts, _ in linked), max(te for _, te in linked)
    ws = words(output.text)
    inside = [w for w in ws if w.start < high and low < w.end]
    form_words = [fold(w.text) for w in words(form)]
    edge = EDGE_WORDS.get(target, frozenset())
    while inside and fold(inside[0].text) in edge and fold(inside[0].text) != form_words[0]:
        inside.pop(0)
    while inside and fold(inside[-1].text) in edge and fold(inside[-1].text) != form_words[-1]:
        inside.pop()
    if not inside or len(inside) > len(form_words) + MAX_EXTRA_WORDS:
        return None  # attention spread over more words than the term can be: not a confident place
    # The form's own first little words ("the" of "the Knesset") standing just before: part of the region.
    first = ws.index(inside[0])
    for word in reversed(form_words[: len(form_words) - 1]):
        if first == 0 or word not in edge or fold(ws[first - 1].text) != word or fold(inside[0].text) == word:
            break
        first -= 1
        inside.insert(0, ws[first])
    return inside[0].start, inside[-1].end


def _with_marks(text: str, start: int, end: int, form: str) -> tuple[int, int]:
    """The span widened over the form's own marks around its words (the @ of a handle, the # of a tag)."""
    body = words(form)
    lead, trail = form[: body[0].start], form[body[-1].end :]
    if lead and text[max(start - len(lead), 0) : start] == lead:
        start -= len(lead)
    if trail and text[end : end + len(trail)] == trail:
        end += len(trail)
    return start, end


def _replacement(text: str, start: int, end: int, form: str, target: str, match: Match) -> str:
    """The house form as it must read in place of ``text[start:end]``."""
    replaced = words(text[start:end])
    at_start = not any(ch.isalnum() for ch in text[:start])
    if target == "he":
        return _hebrew(replaced[0].text, form)
    if target == "ru":
        new = form if match.entry.keep else morphology.inflect(form, *_russian_case(text, start, replaced, match))
    else:
        new = form + _possessive(replaced[-1].text)
    return new[:1].upper() + new[1:] if at_start and new[:1].islower() and not match.entry.keep else new


def _hebrew(word: str, form: str) -> str:
    """``form`` with the prefix letters that ``word`` carries (the split that leaves the most of the form)."""
    best, best_ratio = "", difflib.SequenceMatcher(None, word, form).ratio()
    for cut in range(1, MAX_PREFIX + 1):
        if cut >= len(word) or any(ch not in HEBREW_PREFIX_LETTERS for ch in word[:cut]):
            break
        ratio = difflib.SequenceMatcher(None, word[cut:], form).ratio()
        if ratio > best_ratio:
            best, best_ratio = word[:cut], ratio
    if best and best[-1] in "בכל" and form.startswith("ה") and len(form) > 2:
        form = form[1:]  # ב + הכנסת is בכנסת
    return best + form


def _possessive(word: str) -> str:
    for ending in ("'s", "’s"):
        if word.endswith(ending):
            return ending
    return "'" if word.endswith(("s'", "s’")) else ""


def _russian_case(text: str, start: int, replaced: list[Word], match: Match) -> tuple[GrammarCase, Number]:
    """The case the form takes: the replaced word's own, else its preposition's, else the source's, else nominative."""
    for word in replaced:
        found = morphology.case_of(word.text)
        if found is not None:
            return found
    before = words(text[:start])
    if before and (case := PREPOSITION_CASES.get(fold(before[-1].text))) is not None:
        return case, "sing"
    if match.prefix:
        return HEBREW_PREFIX_CASES.get(match.prefix[-1], "nomn"), "sing"
    if match.suffix in ("'s", "’s", "'", "’"):
        return "gent", "sing"
    return ENGLISH_CASES.get(match.before, "nomn"), "sing"


def _apply(output: AlignedText, edits: list[_Edit]) -> AlignedText:
    """The edits made (right to left), and the links carried onto the new text."""
    text, links = output.text, list(output.links)
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
        links = [_moved(link, edit) for link in links]
    return AlignedText(text, tuple(link for link in links if link[3] > link[2]))


def _moved(link: Link, edit: _Edit) -> Link:
    ss, se, ts, te = link
    old, new = edit.end - edit.start, len(edit.text)

    def at(pos: int) -> int:
        if pos <= edit.start:
            return pos
        if pos >= edit.end:
            return pos + new - old
        return edit.start + (pos - edit.start) * new // max(old, 1)

    return ss, se, at(ts), max(at(te), at(ts) + 1) if te > ts else at(te)
