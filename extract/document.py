"""The one thing every reader returns and every extractor reads.

A `Document` is the normalized text of one file plus, for every character, where it came from:
the block (paragraph, heading, table cell, footnote, header), its page, and its offset in the
reader's raw text. Extractors never touch files; they read `Document.text` and ask the document
where an offset lies.
"""
from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field

BLOCK_KINDS = ("paragraph", "heading", "table_cell", "footnote", "header")


@dataclass(slots=True)
class Block:
    """A run of text of one kind, [start, end) in the normalized text."""

    start: int
    end: int
    kind: str = "paragraph"
    page: int | None = None
    style: str | None = None  # Word style name, markdown heading level ("h2"), …
    table: int | None = None  # table number in the document, for table cells
    row: int | None = None
    col: int | None = None
    mark: str | None = None  # footnote mark ("1", "¹") for footnotes


@dataclass(slots=True)
class Emphasis:
    """Bold or italic text as the source marked it (DOCX runs, markdown *…* / **…**)."""

    start: int
    end: int
    kind: str  # "bold" | "italic"


@dataclass
class Document:
    source_path: str
    doc_id: str
    format: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    emphasis: list[Emphasis] = field(default_factory=list)
    pages: int | None = None
    text_source: str = "native"
    warnings: list[str] = field(default_factory=list)
    raw_text: str | None = None
    # raw_offsets[i] is the offset in raw_text of normalized character i (len(text) + 1 entries)
    raw_offsets: array | None = None
    _starts: list[int] | None = field(default=None, repr=False)

    def block_at(self, offset: int) -> Block | None:
        if self._starts is None:
            self._starts = [b.start for b in self.blocks]
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.blocks[i].start <= offset < self.blocks[i].end:
            return self.blocks[i]
        return None

    def page_at(self, offset: int) -> int | None:
        block = self.block_at(offset)
        return block.page if block else None

    def in_footnote(self, offset: int) -> bool:
        block = self.block_at(offset)
        return bool(block and block.kind == "footnote")

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Where [start, end) of the normalized text lies in the raw text."""
        if self.raw_offsets is None:
            return start, end
        last = self.raw_offsets[end - 1] + 1 if end > start else self.raw_offsets[start]
        return self.raw_offsets[start], last

    def blocks_of(self, *kinds: str) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds]

    def body_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind != "footnote"]
