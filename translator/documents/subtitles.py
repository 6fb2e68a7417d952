"""Subtitles (``.srt``, ``.vtt``): cues translated as the sentences they make, timings never touched.

A sentence often runs over several cues ("The minister said" / "that the talks" /
"would go on."). Consecutive cues up to the one that ends a sentence (or
:data:`MAX_CUES_PER_SENTENCE` of them, or a pause of :data:`MAX_PAUSE_S`)
are one paragraph, each cue a span of it: the sentence is translated once,
as one sentence, and the alignment says which words of the translation go
back into which cue (:mod:`translator.documents.markup`). Each cue's text is
then laid out in at most :data:`MAX_LINES` lines of at most
:data:`MAX_LINE_CHARS` characters (the usual broadcast limits), words moved
to a neighbouring cue of the same sentence when one is too full; a cue that
still cannot fit keeps two longer lines rather than lose words.

Cue numbers, identifiers, timings and settings are written as they came.
Formatting tags inside a cue (``<i>``, ``<b>``, a ``<v Speaker>``) are not
translated: a cue wholly in italics stays in italics, a voice tag stays at
its cue's start, tags inside a cue's text are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import srt
import webvtt

from translator.documents.formats import DocumentFormat
from translator.documents.markup import Paragraph, Span
from translator.errors import DocumentInvalid

MAX_LINE_CHARS = 42  # characters per line (EBU, Netflix and BBC guidelines)
MAX_LINES = 2  # lines per cue
MAX_CUES_PER_SENTENCE = 6
MAX_PAUSE_S = 2.0  # a longer pause between two cues ends a sentence
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_WRAPPED = re.compile(r"^<(i|b|u)>(.*)</\1>$", re.DOTALL)
_VOICE = re.compile(r"^(<v(?:\.[\w.-]+)?\s[^>]*>)")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass(frozen=True)
class Cue:
    """One cue: its text on one line, and what is written around it again (timings, tags, identifier)."""

    text: str
    start: float
    end: float
    wrap: str = ""  # "i", "b" or "u": the whole cue was in that tag
    voice: str = ""  # a WebVTT voice tag at the cue's start


@dataclass(frozen=True)
class SubtitleSource:
    """A read subtitle file: its cues, the sentences they make, and the parsed file to write back."""

    format: DocumentFormat
    cues: tuple[Cue, ...]
    groups: tuple[tuple[int, ...], ...]  # each paragraph's cue indexes
    parsed: object

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Each sentence as a paragraph whose spans are its cues (a cue's index is its span's style)."""
        out = []
        for group in self.groups:
            spans = [Span(self.cues[i].text + (" " if k < len(group) - 1 else ""), style=i)
                     for k, i in enumerate(group)]
            out.append(Paragraph(tuple(spans)))
        return tuple(out)


def _cue(raw: str, start: float, end: float) -> Cue:
    text = " ".join(line.strip() for line in raw.splitlines() if line.strip())
    voice = _VOICE.match(text)
    prefix = voice.group(1) if voice else ""
    text = text[len(prefix):].strip()
    wrapped = _WRAPPED.match(text)
    tag = wrapped.group(1) if wrapped else ""
    text = wrapped.group(2) if wrapped else text
    return Cue(re.sub(r"\s+", " ", _TAG.sub("", text)).strip(), start, end, tag, prefix)


def read_subtitles(text: str, fmt: DocumentFormat) -> SubtitleSource:
    """Parse an .srt or .vtt file (422 ``invalid_document`` when it is not one) and group its cues."""
    try:
        if fmt == DocumentFormat.SRT:
            parsed: object = list(srt.parse(text))
            cues = [_cue(s.content, s.start.total_seconds(), s.end.total_seconds()) for s in parsed]  # type: ignore[attr-defined]
        else:
            parsed = webvtt.WebVTT.from_string(text)
            cues = [_cue(c.raw_text, c.start_in_seconds, c.end_in_seconds) for c in parsed.captions]
    except (srt.SRTParseError, webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError,
            ValueError) as exc:
        raise DocumentInvalid(f"the file is not valid {fmt.value.upper()}: {exc}") from None
    if not cues:
        raise DocumentInvalid(f"the {fmt.value.upper()} file has no cues", code="empty_article")
    return SubtitleSource(fmt, tuple(cues), group_cues(cues), parsed)


def group_cues(cues: Sequence[Cue]) -> tuple[tuple[int, ...], ...]:
    """Consecutive cues that make one sentence, as index tuples."""
    groups: list[tuple[int, ...]] = []
    current: list[int] = []
    for index, cue in enumerate(cues):
        if current and cue.start - cues[current[-1]].end > MAX_PAUSE_S:
            groups.append(tuple(current))
            current = []
        current.append(index)
        if _SENTENCE_END.search(cue.text) or len(current) == MAX_CUES_PER_SENTENCE or not cue.text:
            groups.append(tuple(current))
            current = []
    if current:
        groups.append(tuple(current))
    return tuple(groups)


def cue_texts(source: SubtitleSource, translated: Sequence[tuple[Span, ...] | None]) -> list[str]:
    """Each cue's translated text, words moved between cues of a sentence so that each fits where it can."""
    texts = [cue.text for cue in source.cues]
    for group, spans in zip(source.groups, translated):
        if spans is None:
            continue
        words: dict[int, list[str]] = {i: [] for i in group}
        for span in spans:
            if span.point is None and span.style in words:
                words[span.style].extend(span.text.split())
        fitted = fit([words[i] for i in group])
        for i, cue_words in zip(group, fitted):
            texts[i] = " ".join(cue_words)
    return texts


def fit(cues: list[list[str]], capacity: int = MAX_LINE_CHARS * MAX_LINES) -> list[list[str]]:
    """Move words to a neighbouring cue where a cue is over ``capacity`` and the neighbour has room.

    A cue the alignment left empty first takes a word from a neighbour that has two or more: no cue of a
    sentence is shown blank while the sentence is on screen.
    """
    def length(words: list[str]) -> int:
        return len(" ".join(words))
    for k in range(len(cues)):
        if not cues[k]:
            if k > 0 and len(cues[k - 1]) > 1:
                cues[k].append(cues[k - 1].pop())
            elif k + 1 < len(cues) and len(cues[k + 1]) > 1:
                cues[k].insert(0, cues[k + 1].pop(0))
    for k in range(len(cues)):
        while length(cues[k]) > capacity and len(cues[k]) > 1:
            if k + 1 < len(cues) and length([cues[k][-1], *cues[k + 1]]) <= capacity:
                cues[k + 1].insert(0, cues[k].pop())
            elif k > 0 and length([*cues[k - 1], cues[k][0]]) <= capacity:
                cues[k - 1].append(cues[k].pop(0))
            else:
                break
    return cues


def layout(text: str, width: int = MAX_LINE_CHARS) -> list[str]:
    """A cue's text in one line, or two balanced lines split at the space nearest the middle."""
    if len(text) <= width or " " not in text:
        return [text]
    middle = len(text) // 2
    spaces = [m.start() for m in re.finditer(" ", text)]
    fitting = [s for s in spaces if s <= width and len(text) - s - 1 <= width]
    split = min(fitting or spaces, key=lambda s: abs(s - middle))
    return [text[:split], text[split + 1:]]


def _body(cue: Cue, text: str) -> str:
    lines = layout(text)
    if cue.wrap:
        lines = [f"<{cue.wrap}>{line}</{cue.wrap}>" for line in lines]
    if cue.voice:
        lines[0] = cue.voice + lines[0]
    return "\n".join(lines)


def write_subtitles(source: SubtitleSource, translated: Sequence[tuple[Span, ...] | None]) -> str:
    """The file again, each cue's text translated and laid out; everything else as it was."""
    texts = cue_texts(source, translated)
    bodies = [_body(cue, text) if text != cue.text or len(cue.text) > MAX_LINE_CHARS else None
              for cue, text in zip(source.cues, texts)]
    if source.format == DocumentFormat.SRT:
        subs = [replace_content(s, body) for s, body in zip(source.parsed, bodies)]  # type: ignore[call-overload]
        return str(srt.compose(subs, reindex=False))
    vtt = source.parsed
    for caption, body in zip(vtt.captions, bodies):  # type: ignore[attr-defined]
        if body is not None:
            caption.text = body
    return str(vtt.content)  # type: ignore[attr-defined]


def replace_content(subtitle: srt.Subtitle, body: str | None) -> srt.Subtitle:
    """An SRT subtitle with new text (or as it was), its number and timings kept."""
    if body is None:
        return subtitle
    return srt.Subtitle(subtitle.index, subtitle.start, subtitle.end, body, subtitle.proprietary)

