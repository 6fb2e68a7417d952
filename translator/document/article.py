"""An article as the newsroom sees it: an ordered run of blocks.

Segmentation (``translator.document.segment``) builds an :class:`Article` from text;
the pipeline translates block by block; renderings read the blocks back.
Nothing here knows about models, HTTP or markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class BlockKind(str, Enum):
    """What a block is on the page; decides whether and how it is translated."""

    HEADLINE = "headline"
    SUBHEADLINE = "subheadline"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    CAPTION = "caption"
    CREDIT = "credit"
    BYLINE = "byline"
    BOILERPLATE = "boilerplate"
    LIST_ITEM = "list_item"

    def __str__(self) -> str:
        return self.value


# Kinds that belong to the story itself, as opposed to the page around it.
STORY_KINDS = frozenset(
    {
        BlockKind.HEADLINE,
        BlockKind.SUBHEADLINE,
        BlockKind.PARAGRAPH,
        BlockKind.QUOTE,
        BlockKind.CAPTION,
        BlockKind.LIST_ITEM,
    }
)


@dataclass(frozen=True)
class Evidence:
    """Why a block got its kind: the rules that decided it, in the order they ran, and how sure they are.

    ``confidence`` is the strength of the deciding rule (a hint or a label 0.95-1.0, a line's shape 0.85,
    a title-shaped line's place on the page 0.6-0.75), not a calibrated probability;
    ``bench.structure_eval`` prints how often each band agrees with the editor.
    """

    confidence: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """One block of an article.

    ``text`` never starts or ends with whitespace; ``separator`` is the exact
    whitespace that followed the block in the input (newlines, and the
    indentation of the next line), so that nothing is lost.
    """

    id: str
    kind: BlockKind
    text: str
    separator: str = ""
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Article:
    """The blocks of an article in reading order.

    ``leading`` holds whitespace that came before the first block, so that
    :meth:`source` gives back the input character for character.
    """

    blocks: tuple[Block, ...]
    leading: str = ""

    def source(self) -> str:
        """Rebuild the text the article was segmented from."""
        return self.leading + "".join(b.text + b.separator for b in self.blocks)

    def kinds(self) -> list[str]:
        """The kind of each block, in order (handy for tests and logs)."""
        return [str(b.kind) for b in self.blocks]
