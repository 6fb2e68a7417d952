"""The structure development set: labelled pages in ``tests/structure/`` (format and rules in its README)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
