"""Subtitles: cues and timings as they were, a sentence over several cues translated once and spread back."""

from __future__ import annotations

from pathlib import Path

import pytest
import srt
import webvtt

from tests.conftest import fixture_engine_settings
from tests.support.package_builder import transliterate
from translator.documents.formats import DocumentFormat
from translator.documents.subtitles import MAX_LINE_CHARS, MAX_LINES, fit, layout, read_subtitles
from translator.documents.translate import DocumentLimits, translate_document
from translator.engine.engine import Engine
from translator.language.detect import Detector
from translator.pipeline import Pipeline

LIMITS = DocumentLimits(max_bytes=1024 * 1024, max_chars=100_000)
THREE_CUES = """1
00:00:01,000 --> 00:00:02,400
The minister told reporters

2
00:00:02,500 --> 00:00:04,000
<i>that the talks in Jerusalem</i>

3
00:00:04,100 --> 00:00:06,000
would go on next week.

4
00:00:08,000 --> 00:00:09,500
Nobody answered.
"""
VTT = """WEBVTT

NOTE written by the test

intro
00:00:01.000 --> 00:00:02.500 align:start
<v Anchor>Good evening and welcome

00:00:02.600 --> 00:00:04.000
to the late news.
"""


@pytest.fixture
def pipeline(packages_dir: Path, detector: Detector) -> Pipeline:
    return Pipeline(Engine(fixture_engine_settings(packages_dir)), detector)


def test_cues_are_grouped_into_the_sentences_they_make() -> None:
    source = read_subtitles(THREE_CUES, DocumentFormat.SRT)
    assert source.groups == ((0, 1, 2), (3,))
    assert source.cues[1].wrap == "i" and source.cues[1].text == "that the talks in Jerusalem"


def test_a_sentence_over_three_cues_is_translated_once_and_spread_back(pipeline: Pipeline) -> None:
    calls: list[list[str]] = []
    real = pipeline.engine.translate_package_aligned

    def counting(package, sentences, options=None):  # type: ignore[no-untyped-def]
        calls.append(list(sentences))
        return real(package, sentences, options)

    pipeline.engine.translate_package_aligned = counting  # type: ignore[method-assign]
    result = translate_document(pipeline, "clip.srt", THREE_CUES.encode(), "en", ["ru"], LIMITS)
    before, after = list(srt.parse(THREE_CUES)), list(srt.parse(result.files["ru"].decode()))
    assert [(s.index, s.start, s.end) for s in after] == [(s.index, s.start, s.end) for s in before]
    sentence = "The minister told reporters that the talks in Jerusalem would go on next week."
    assert [sentence] in calls or any(sentence in batch for batch in calls)  # one sentence, once
    assert not any("The minister told reporters" in s and s != sentence for batch in calls for s in batch)
    spread = " ".join(srt.make_legal_content(s.content).replace("<i>", "").replace("</i>", "") for s in after[:3])
    assert spread == transliterate(sentence, "en", "ru")
    assert after[1].content.startswith("<i>") and after[1].content.endswith("</i>")
    assert all(len(line) <= MAX_LINE_CHARS for s in after for line in s.content.split("\n"))


def test_webvtt_keeps_its_header_notes_identifiers_settings_and_voices(pipeline: Pipeline) -> None:
    out = translate_document(pipeline, "news.vtt", VTT.encode(), "en", ["he"], LIMITS).files["he"].decode()
    assert out.startswith("WEBVTT") and "NOTE written by the test" in out
    captions = webvtt.WebVTT.from_string(out).captions
    assert [(c.identifier, c.start, c.end) for c in captions] == [("intro", "00:00:01.000", "00:00:02.500"),
                                                                  (None, "00:00:02.600", "00:00:04.000")]
    assert "align:start" in out and captions[0].raw_text.startswith("<v Anchor>")


def test_lines_are_laid_out_within_the_limits() -> None:
    text = "The committee said on Tuesday that the count would take another two days at least"
    lines = layout(text)
    assert len(lines) == MAX_LINES and all(len(line) <= MAX_LINE_CHARS for line in lines)
    assert " ".join(lines) == text
    assert layout("Short line.") == ["Short line."]
    crowded = [("word " * 30).split(), ["short"]]
    moved = fit([list(c) for c in crowded])
    assert len(" ".join(moved[0])) <= MAX_LINE_CHARS * MAX_LINES and sum(map(len, moved)) == 31


def test_a_cue_the_alignment_left_empty_takes_a_word_from_its_neighbour() -> None:
    assert fit([["The", "minister", "said"], [], ["today."]]) == [["The", "minister"], ["said"], ["today."]]
    assert fit([[], ["two", "words"]]) == [["two"], ["words"]]
