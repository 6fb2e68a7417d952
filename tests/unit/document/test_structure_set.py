"""The structure development set (tests/structure): it reads, it lines up, and no story content is lost.

``python -m bench.structure_eval`` prints the full evaluation. The floor on
agreement below is a ratchet against regressions, raised as the classifier
improves; the issue's target is higher.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.support.structure import AS_EDITOR, KINDS, STORY, load_pages
from translator.document.segment import segment_text

PAGES = load_pages()
AGREEMENT_FLOOR = 0.964


def predicted(page):  # type: ignore[no-untyped-def]
    return [AS_EDITOR.get(b.kind.value, b.kind.value) for b in segment_text(page.text).blocks]


def test_the_set_covers_the_three_languages_and_every_kind() -> None:
    assert len(PAGES) >= 40
    assert {p.name.split("-")[0] for p in PAGES} >= {"en", "he", "ru", "mixed"}
    assert set(Counter(label for p in PAGES for label in p.labels)) == set(KINDS)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_one_block_per_labelled_line_and_no_story_line_marked_boilerplate(page) -> None:  # type: ignore[no-untyped-def]
    kinds = predicted(page)
    assert len(kinds) == len(page.labels)
    lost = [line for line, label, kind in zip(page.lines, page.labels, kinds)
            if label in STORY and kind == "boilerplate"]
    assert lost == []


def test_agreement_does_not_fall_below_the_floor() -> None:
    pairs = [(label, kind) for p in PAGES for label, kind in zip(p.labels, predicted(p))]
    agreement = sum(label == kind for label, kind in pairs) / len(pairs)
    assert agreement >= AGREEMENT_FLOOR
