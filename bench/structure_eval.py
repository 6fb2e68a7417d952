"""How well Targum reads a page's structure: block kinds against an editor's labels.

``python -m bench.structure_eval`` segments every labelled page in
``tests/structure/`` (the format and the labelling rules are in that folder's
README) and prints agreement per kind, a confusion table, and the figure that
matters most: story content (paragraphs, quotes, captions) marked as
boilerplate, which would leave it untranslated; then how often the editor
agrees with each band of ``kind_confidence`` (the strength of the rule that
decided, :class:`translator.document.article.Evidence`). ``--page NAME``
lists one page line by line with the label, Targum's kind and its reasons.

Targum's kinds are scored in the editor's classes: a subheadline counts as a
headline (the editor's "headline" includes standfirsts and subheads) and a
list item as a paragraph.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from tests.support.structure import AS_EDITOR, BANDS, KINDS, PAGES, STORY, Page, by_band, load_pages, segmented
from translator.document.segment import segment_text


def predict(page: Page) -> list[str]:
    """Targum's kind of each labelled line, in the editor's classes."""
    return [AS_EDITOR.get(b.kind.value, b.kind.value) for b in segmented(page)]


@dataclass(frozen=True)
class Score:
    """Agreement over a set of pages."""

    pairs: Counter[tuple[str, str]]  # (label, predicted) → lines

    @property
    def lines(self) -> int:
        return sum(self.pairs.values())

    @property
    def agreement(self) -> float:
        return sum(n for (label, got), n in self.pairs.items() if label == got) / max(self.lines, 1)

    def per_kind(self, kind: str) -> tuple[int, int]:
        """(lines labelled ``kind``, of them predicted right)."""
        total = sum(n for (label, _), n in self.pairs.items() if label == kind)
        return total, self.pairs[(kind, kind)]

    @property
    def story_lost(self) -> int:
        """Story lines (paragraph, quote, caption) predicted boilerplate: left untranslated."""
        return sum(n for (label, got), n in self.pairs.items() if label in STORY and got == "boilerplate")

    @property
    def story_lines(self) -> int:
        return sum(n for (label, _), n in self.pairs.items() if label in STORY)


def score(pages: Sequence[Page]) -> Score:
    """Label against prediction, over every line of every page."""
    pairs: Counter[tuple[str, str]] = Counter()
    for page in pages:
        pairs.update(zip(page.labels, predict(page)))
    return Score(pairs)


def report(pages: Sequence[Page]) -> str:
    """The printed evaluation: per kind, confusion, content recall, and the segmentation time."""
    result = score(pages)
    out = [f"{len(pages)} pages, {result.lines} labelled lines: agreement {result.agreement:.3f}", "",
           "| kind | lines | right | agreement |", "|---|---|---|---|"]
    for kind in KINDS:
        total, right = result.per_kind(kind)
        out.append(f"| {kind} | {total} | {right} | {right / total:.2f} |" if total else f"| {kind} | 0 | 0 | - |")
    out += ["", "Confusion (rows: the editor's kind, columns: Targum's):", "",
            "| | " + " | ".join(KINDS) + " |", "|---" * (len(KINDS) + 1) + "|"]
    for label in KINDS:
        out.append(f"| {label} | " + " | ".join(str(result.pairs[(label, got)] or "") for got in KINDS) + " |")
    kept = result.story_lines - result.story_lost
    out += ["", f"Story content recall: {kept}/{result.story_lines} "
                f"({result.story_lost} story lines marked boilerplate)"]
    bands = by_band(pages)
    out += ["", "By kind_confidence (how often the editor agrees with each band):", "",
            "| kind_confidence | lines | agreement |", "|---|---|---|"]
    for _, name in BANDS:
        total = bands[(name, True)] + bands[(name, False)]
        out.append(f"| {name} | {total} | {bands[(name, True)] / total:.2f} |" if total else f"| {name} | 0 | - |")
    out.append("")
    started = time.perf_counter()
    for page in pages:
        segment_text(page.text)
    words = sum(len(p.text.split()) for p in pages)
    out.append(f"Segmentation: {(time.perf_counter() - started) * 1000:.1f} ms for {words} words "
               f"({len(pages)} pages)")
    return "\n".join(out)


def page_listing(page: Page) -> str:
    """One page, line by line: a mark where Targum disagrees, the label, Targum's kind, the line."""
    rows = []
    for label, line, block in zip(page.labels, page.lines, segmented(page)):
        got = AS_EDITOR.get(block.kind.value, block.kind.value)
        why = ",".join(block.evidence.reasons) if block.evidence else ""
        rows.append(f"{' ' if label == got else '✗'} {label:<11} {got:<11} {line[:70]:<70}  {why}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.structure_eval", description=__doc__.split("\n")[0])
    parser.add_argument("--page", help="list one page (its file name without .page) line by line")
    parser.add_argument("--folder", type=Path, default=PAGES, help="the folder of .page files")
    args = parser.parse_args(argv)
    pages = load_pages(args.folder)
    if not pages:
        print(f"no .page files in {args.folder}", file=sys.stderr)
        return 2
    if args.page:
        chosen = [p for p in pages if p.name == args.page]
        if not chosen:
            print(f"no page {args.page!r}; pages: {', '.join(p.name for p in pages)}", file=sys.stderr)
            return 2
        print(page_listing(chosen[0]))
        return 0
    print(report(pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
