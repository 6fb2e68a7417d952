"""The structure development set: labelled pages in ``tests/structure/`` (format and rules in its README)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from translator.document.article import Block
from translator.document.segment import segment_text

PAGES = Path(__file__).resolve().parent.parent / "structure"
KINDS = ("headline", "paragraph", "quote", "caption", "credit", "byline", "boilerplate")
STORY = frozenset({"paragraph", "quote", "caption"})
# Targum's kinds in the editor's classes: subheads are headlines to an editor, list items paragraphs.
AS_EDITOR = {"subheadline": "headline", "list_item": "paragraph"}


@dataclass(frozen=True)
class Page:
    """A labelled page: the text Targum sees, and the editor's kind of each of its non-blank lines."""

    name: str
    text: str
    labels: tuple[str, ...]
    lines: tuple[str, ...]


def read_page(path: Path) -> Page:
    """A ``.page`` file: ``kind<TAB>text`` lines, blank lines kept."""
    text_lines, labels, lines = [], [], []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            text_lines.append(raw)
            continue
        kind, sep, line = raw.partition("\t")
        if not sep or kind not in KINDS or not line.strip():
            raise ValueError(f"{path.name}:{number}: expected `kind<TAB>text` with a kind of {', '.join(KINDS)}")
        text_lines.append(line)
        labels.append(kind)
        lines.append(line.strip())
    return Page(path.stem, "\n".join(text_lines) + "\n", tuple(labels), tuple(lines))


def load_pages(folder: Path = PAGES) -> list[Page]:
    """Every labelled page of the development set."""
    return [read_page(path) for path in sorted(folder.glob("*.page"))]


# Bands of kind_confidence, strongest first: (lowest confidence in the band, its name).
BANDS = ((0.95, ">= 0.95"), (0.85, "0.85-0.94"), (0.75, "0.75-0.84"), (0.0, "< 0.75"))


def segmented(page: Page) -> tuple[Block, ...]:
    """Targum's blocks of a page, one per labelled line."""
    blocks = segment_text(page.text).blocks
    if len(blocks) != len(page.labels):
        raise ValueError(f"{page.name}: {len(blocks)} blocks for {len(page.labels)} labelled lines")
    return blocks


def _band(block: Block) -> str:
    confidence = block.evidence.confidence if block.evidence else 1.0
    return next(name for low, name in BANDS if confidence >= low)


def by_band(pages: list[Page]) -> Counter[tuple[str, bool]]:
    """(band of kind_confidence, whether the editor agrees) → lines."""
    counts: Counter[tuple[str, bool]] = Counter()
    for page in pages:
        for label, block in zip(page.labels, segmented(page)):
            counts[(_band(block), AS_EDITOR.get(block.kind.value, block.kind.value) == label)] += 1
    return counts


def page_of_words(words: int, language: str = "en", folder: Path = PAGES) -> str:
    """A long scraped page: the development set's pages in one language, one after another, cut after ``words``."""
    lines: list[str] = []
    count = 0
    for page in load_pages(folder):
        if not page.name.startswith(language + "-"):
            continue
        for line in page.text.splitlines():
            lines.append(line)
            count += len(line.split())
            if count >= words:
                return "\n".join(lines) + "\n"
    raise ValueError(f"the {language} pages have only {count} words")
