"""Translation units: a block cut into sentences for the model, and put back.

Argos models are trained on single sentences, so each block is cut into
units of about a sentence (``translator.text.splitter``), never over
``MAX_UNIT_CHARS``. Each unit remembers the whitespace that followed it, so
:func:`assemble` rebuilds the block with the source's spacing.

Quotations (the rule that keeps their marks paired):
- A quotation that is whole sentences ("“That is the deal.”", or a paragraph
  of a quotation running over several paragraphs) is cut into its sentences
  with its marks taken *out* of the units: the first unit carries the opening
  mark in ``opening``, the last the closing one in ``closing``. The model
  never sees them, so it cannot lose or move them; :func:`assemble` puts the
  target's marks back.
- A quotation interrupted by its attribution (“Israel,” Netanyahu continued,
  “cannot live…”) is three pieces: the first part and the second (cut into
  its sentences) with their marks taken out, and the attribution between
  them as a unit of its own (``attribution``). :func:`assemble` puts the
  target's marks and punctuation around them (``«Израиль», — продолжил
  Нетаньяху, — «не может…»``), so however the model treats marks, the target
  has two quotations with the attribution outside them. (Sent whole, with
  its marks, a model that does not reproduce marks gave back one pair with
  the attribution inside.)
- Any other quotation (a phrase inside a sentence) is never cut: every
  sentence boundary inside it is dropped, and its marks go to the model with
  the words, which need them (Russian puts “warm greetings” in the right case
  only if it sees the whole sentence). :func:`assemble` then converts the
  marks and repairs any the model dropped or added, so the unit is paired as
  its source was.
A media credit ("(Photo: Kobi Gideon/GPO)") is a unit that is not translated;
its label is localised. Units with no letters (numbers, dingbats) are copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from translator.text.credits import find_credit, localise_label
from translator.text.quotes import find_marks, quotation_spans
from translator.text.speech import JOINT, Speech, find_speech
from translator.text.splitter import MAX_UNIT_CHARS, bounded_cuts, sentence_ends
from translator.text.typography import interruption, quote_marks, typeset

__all__ = ["Unit", "split_units", "assemble", "MAX_UNIT_CHARS"]

_TRAILING_PUNCT = re.compile(r"[.,!?;:…]*")


@dataclass(frozen=True)
class Unit:
    """A piece of a block for the model; ``opening + text + closing + space_after`` is its source."""

    text: str
    translate: bool
    space_after: str = ""
    label: str = ""  # a credit label to localise ("Photo:"), for untranslated credits
    opening: str = ""  # a quotation's opening mark, taken out of ``text``
    closing: str = ""  # a quotation's closing mark and the punctuation after it
    attribution: bool = False  # the words that interrupt a quotation ("Netanyahu continued")


def split_units(text: str, language: str) -> list[Unit]:
    """Cut a block's ``text`` into translation units, in order.

    ``language`` is the block's source language. Joining each unit's
    ``opening + text + closing + space_after`` gives back ``text``.
    """
    credit = find_credit(text)
    if credit is None:
        return _body_units(text.rstrip(), text[len(text.rstrip()) :], language)
    body = text[: credit.start]
    units = _body_units(body.rstrip(), body[len(body.rstrip()) :], language)
    units.append(Unit(text[credit.start :], translate=False, label=credit.label))
    return units


def _body_units(body: str, space_after: str, language: str) -> list[Unit]:
    if not body:
        return []
    ends = set(sentence_ends(body, language))
    speech = find_speech(body, ends)
    if speech is not None:
        return _speech_units(body, space_after, language, speech)
    return _plain_units(body, space_after, language, ends)


def _speech_units(body: str, space_after: str, language: str, speech: Speech) -> list[Unit]:
    """Quoted speech as units (:mod:`translator.text.speech`), and what stands before and after it as usual.

    Each quotation's words are cut into sentences with the marks taken out. The first quotation's ``closing``
    holds its source punctuation up to the attribution (",” "); the attribution's ``closing`` its full stop
    when it ends the sentence, its ``space_after`` what follows it: :func:`assemble` puts the target's instead.
    """
    (s1, e1), (a, b) = speech.first, speech.attribution
    before = body[:s1]
    units = _body_units(before.rstrip(), before[len(before.rstrip()):], language)
    units += _quoted(body, s1, e1, body[e1 - 1 : a], "", language)
    if speech.second is None:
        units.append(Unit(body[a:b], True, "", closing=body[b:speech.end], attribution=True))
    else:
        s2, e2 = speech.second
        units.append(Unit(body[a:b], True, body[b:s2], attribution=True))
        closes = _closes(body, s2)
        stop = e2 + len(_TRAILING_PUNCT.match(body, e2).group()) if closes else e2  # type: ignore[union-attr]
        speech = Speech(speech.first, speech.attribution, speech.second, stop)
        units += _quoted(body, s2, e2, body[e2 - 1 : stop] if closes else "", "", language)
    rest = body[speech.end:]
    text = rest.lstrip()
    last = units[-1]
    units[-1] = Unit(last.text, last.translate, last.space_after + rest[: len(rest) - len(text)]
                     + ("" if text else space_after), last.label, last.opening, last.closing, last.attribution)
    return units + _body_units(text, space_after, language)


def _quoted(body: str, start: int, end: int, closing: str, space: str, language: str) -> list[Unit]:
    """A quotation's words as units, its opening mark on the first and ``closing`` on the last."""
    inner = body[start + 1 : end - 1 if closing else end].rstrip(JOINT)
    units = _body_units(inner, "", language) or [Unit(inner, translate=False)]
    first = units[0]
    units[0] = Unit(first.text, first.translate, first.space_after, first.label, body[start], first.closing)
    last = units[-1]
    # The source's punctuation inside the closing mark ("Israel," → ",”") goes with the mark.
    kept = body[start + 1 + len(inner) : end - 1] if closing else ""
    units[-1] = Unit(last.text, last.translate, last.space_after + space, last.label, last.opening, kept + closing)
    return units


def _plain_units(body: str, space_after: str, language: str, ends: set[int]) -> list[Unit]:
    opened: dict[int, str] = {}  # sentence start -> opening mark to strip
    closed: dict[int, int] = {}  # sentence end -> where its closing mark starts
    for start, end in quotation_spans(body):
        whole = _whole_sentences(body, start, end, ends)
        if whole is None:
            ends -= {e for e in ends if start < e < end}  # never cut a phrase quotation
        else:
            # sentencex keeps a quotation whole; its sentences are cut here, marks outside.
            inner = body[start + 1 : end - 1 if _closes(body, start) else end]
            ends |= {start + 1 + e for e in sentence_ends(inner, language)}
            opened[start] = body[start]
            if _closes(body, start):  # a quotation running on to the next paragraph stays open
                closed[whole] = end - 1
    units: list[Unit] = []
    cuts = sorted(ends) + [len(body)]
    prev = 0
    for cut in cuts:
        piece = body[prev:cut]
        words = piece.rstrip()
        units += _sentence_units(words, piece[len(words) :], prev, opened, closed, body)
        prev = cut
    last = units[-1]
    units[-1] = Unit(last.text, last.translate, last.space_after + space_after, last.label, last.opening, last.closing)
    return units


def _closes(body: str, start: int) -> bool:
    return any(m.index == start and m.partner is not None for m in find_marks(body))


def _whole_sentences(body: str, start: int, end: int, ends: set[int]) -> int | None:
    """If the quotation at ``start:end`` is whole sentences, the offset where the last one ends."""
    if start != 0 and start not in ends:
        return None
    trailing = _TRAILING_PUNCT.match(body, end)  # `*`: it always matches, maybe empty
    after = trailing.end() if trailing else end
    stop = after + (len(body[after:]) - len(body[after:].lstrip()))
    if stop == len(body) or stop in ends:
        return stop
    return None


def _sentence_units(words: str, space: str, offset: int, opened: dict[int, str],
                    closed: dict[int, int], body: str) -> list[Unit]:
    """One sentence (``words`` at ``offset`` in ``body``) as units, its quotation marks taken out."""
    opening = closing = ""
    if offset in opened:
        opening, words = words[0], words[1:]
    end = offset + len(opening) + len(words) + len(space)
    if end in closed:
        mark = closed[end] - offset - len(opening)
        closing, words = words[mark:], words[:mark]
    if not re.search(r"[^\W\d_]", words):
        return [Unit(words, translate=False, space_after=space, opening=opening, closing=closing)]
    avoid = [(a - offset - len(opening), b - offset - len(opening)) for a, b in quotation_spans(words)]
    cuts = [0] + bounded_cuts(words, avoid) + [len(words)]
    units = []
    for k, (a, b) in enumerate(zip(cuts, cuts[1:])):
        chunk = words[a:b]
        # Space before a closing mark stays in the text, so the mark goes back after it.
        stripped = chunk if (closing and k == len(cuts) - 2) else chunk.rstrip()
        units.append(Unit(stripped, translate=True, space_after=chunk[len(stripped) :],
                          opening=opening if k == 0 else "", closing=""))
    last = units[-1]
    units[-1] = Unit(last.text, True, last.space_after + space, "", last.opening, closing)
    return units


def assemble(source: str, units: list[Unit], outputs: list[str], target: str,
             quote_style: str = "default") -> str:
    """Put a translated block together: outputs in place, source spacing, target typography.

    ``source`` is the block's text, ``units`` its :func:`split_units`. ``outputs`` holds one translation per unit with ``translate=True``, in
    order. Untranslated units are copied, with a credit label localised. The
    result's quotation marks follow the target's convention and are paired
    as the source's were (a paragraph that opens a quotation running on into
    the next keeps it open, as in the source).
    """
    wanted = sum(1 for u in units if u.translate)
    if wanted != len(outputs):
        raise ValueError(f"{wanted} units to translate but {len(outputs)} outputs")
    expected = [m.role for m in find_marks(source) if m.role == "open" and m.partner is None]
    result = _join(units, outputs, target, quote_style, bare=False)
    if sorted(m.role for m in find_marks(result) if m.partner is None) != expected:
        # The model's own marks clash with the ones put back around them:
        # keep its words, and only the marks the source's shape needs.
        result = _join(units, outputs, target, quote_style, bare=True)
    return result


def _join(units: list[Unit], outputs: list[str], target: str, quote_style: str, bare: bool) -> str:
    marks = quote_marks(target, quote_style)
    translations = iter(outputs)
    depth = 0  # 1 while inside a quotation whose marks were taken out
    parts: list[str] = []
    after = ""  # what goes between an attribution and the quotation it interrupts
    for k, unit in enumerate(units):
        interrupted = k + 1 < len(units) and units[k + 1].attribution
        if unit.opening:
            parts.append(marks[0])
            depth = 1
        if unit.translate:
            output = next(translations).strip() or unit.text  # an empty output would lose the sentence
            if bare or ((depth or unit.attribution) and not find_marks(unit.text)):
                output = _without_marks(output)  # marks the model added where the source has none
            open_left = sum(1 for m in find_marks(unit.text) if m.role == "open" and m.partner is None)
            parts.append(_interruption_part(unit, interrupted, typeset(output, target, quote_style, depth, open_left)))
        elif unit.label:
            parts.append(unit.text.replace(unit.label, localise_label(unit.label, target), 1))
        else:
            parts.append(unit.text)
        if interrupted:
            before, after = interruption(target, marks[1], parts[-1].endswith(("?", "!")))
            parts.append(before)
            depth = 0
        elif unit.attribution:
            # It interrupts a quotation (the next unit opens its second part), or ends the sentence.
            parts.append(unit.closing + unit.space_after if unit.closing else after)
            continue
        elif unit.closing:
            parts.append(marks[1] + unit.closing[1:])
            depth = 0
        parts.append("" if interrupted else unit.space_after)
    return "".join(parts)


def _interruption_part(unit: Unit, interrupted: bool, output: str) -> str:
    """A piece of an interrupted quotation as it goes between the target's marks and punctuation.

    The first part loses the comma or dash the model may have kept (the target's is put back); the attribution
    loses its edges too, and starts in lower case when the source's did ("said the minister").
    """
    if unit.attribution:
        output = output.strip(JOINT + ".")
        if unit.text[:1].islower() and output[:1].isupper() and output[1:2].islower():
            output = output[:1].lower() + output[1:]
        return output
    if interrupted:
        return output.rstrip(JOINT + ".")
    return output


def _without_marks(text: str) -> str:
    positions = {m.index for m in find_marks(text)}
    return "".join(c for i, c in enumerate(text) if i not in positions)
