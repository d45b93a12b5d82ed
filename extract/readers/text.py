"""Plain text and Markdown (the seed report, the thuvienphapluat.vn conversions).

Paragraphs are runs of non-blank lines. Markdown markup is removed from the text, never from the
offsets: emphasis markers ("**", "*") become emphasis spans, "#" heading marks give heading
blocks, and pipe tables become table cells ("|" → a line end). A paragraph that opens with a
superscript mark ("¹ Phòng công chứng …") is a footnote.
"""
from __future__ import annotations

import regex

from extract.readers.builder import TextBuilder, looks_like_header

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_PARAGRAPH = regex.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")
_HEADING = regex.compile(r"^(#{1,6})[ \t]+", regex.M)
_FOOTNOTE = regex.compile(rf"^([{SUPERSCRIPT_DIGITS}]+)\s")
_RULE = regex.compile(r"^[ \t]*[-_=]{4,}[ \t]*$|[-_]{4,}", regex.M)  # "--------" rules under header lines
_TABLE_ALIGN = regex.compile(r"^[ \t|:-]*-{3,}[ \t|:-]*$", regex.M)
_BOLD = regex.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = regex.compile(r"(?<!\*)\*(?![\s*])([^*\n]+?)(?<![\s*])\*(?!\*)")
_STARS = regex.compile(r"\*+")
_PIPE = regex.compile(r"[ \t]*\|[ \t]*")
WRAPPED = "wrapped"  # block style: lines are hard-wrapped, not paragraphs
MAX_CELL_LINES = 8  # a "cell" of more lines than this is a document body wrapped in a page layout
_SENTENCE_END = (".", ";", ":", "!", "?", ")", "”", '"')


def read_text(raw: str, markdown: bool = True) -> TextBuilder:
    """Blocks, emphasis and markup rewrites for a whole text file (offsets into `raw`)."""
    tb = TextBuilder()
    tb.add_raw(raw)
    table_no = 0
    paragraphs = list(_PARAGRAPH.finditer(raw))
    open_note = None  # mark of a footnote whose text stopped mid-sentence (continued after a page break)
    for i, para in enumerate(paragraphs):
        start, end = para.span()
        body = para.group()
        if markdown and _is_table(body):
            table_no += 1
            kind = "header" if table_no == 1 and start < 3000 and looks_like_header(body) else "table_cell"
            _mark_table(tb, raw, start, end, table_no, kind)
            continue
        foot = _FOOTNOTE.match(body)
        heading = _HEADING.match(body) if markdown else None
        next_is_note = i + 1 < len(paragraphs) and _FOOTNOTE.match(paragraphs[i + 1].group())
        if foot:
            tb.mark(start, end, "footnote", mark=foot.group(1))
            open_note = None if body.rstrip().endswith(_SENTENCE_END) else foot.group(1)
        elif open_note and next_is_note:
            # text dumped from a PDF: the rest of a footnote split by a page break sits just above
            # the next page's footnotes
            tb.mark(start, end, "footnote", mark=open_note)
            open_note = None
        elif heading:
            tb.rewrite(start, start + heading.end())
            tb.mark(start, end, "heading", style=f"h{len(heading.group(1))}")
        else:
            tb.mark(start, end, "paragraph")
    if markdown:
        _strip_markup(tb, raw)
    return tb


def _is_table(body: str) -> bool:
    lines = body.split("\n")
    return sum(line.strip().startswith("|") or line.rstrip().endswith("|") for line in lines) >= 1 and \
        body.count("|") >= 2


def _mark_table(tb: TextBuilder, raw: str, start: int, end: int, table_no: int, kind: str) -> None:
    """Cells between pipes. A long stretch between two pipes is prose, not a cell: web pages
    converted to Markdown (thuvienphapluat) wrap the whole document body in one pipe layout, with no
    blank line anywhere; the header kind stops at the first stretch of prose."""
    row, col, seen_header = 0, 0, False
    pipes = list(_PIPE.finditer(raw, start, end))
    edges = [start] + [x for p in pipes for x in (p.start(), p.end())] + [end]
    bounds = list(zip(edges[::2], edges[1::2], strict=True))
    for a, b in bounds:
        segment = raw[a:b]
        if not segment.strip():
            if "\n" in segment:
                row, col = row + 1, 0
            continue
        if segment.strip().count("\n") >= MAX_CELL_LINES:
            # hard-wrapped prose: a heading may start on any of its lines
            tb.mark(a, b, "paragraph", style=WRAPPED)
            if seen_header:
                kind = "table_cell"
            continue
        seen_header = seen_header or looks_like_header(segment)
        tb.mark(a, b, kind, table=table_no, row=row, col=col)
        col += 1
    for p in pipes:
        tb.rewrite(p.start(), p.end(), "\n")
    for m in _TABLE_ALIGN.finditer(raw, start, end):
        tb.rewrite(m.start(), m.end())


def _strip_markup(tb: TextBuilder, raw: str) -> None:
    for m in _BOLD.finditer(raw):
        tb.emphasize(m.start(1), m.end(1), "bold")
    for m in _ITALIC.finditer(raw):
        tb.emphasize(m.start(1), m.end(1), "italic")
    for m in _STARS.finditer(raw):
        tb.rewrite(m.start(), m.end())
    for m in _RULE.finditer(raw):
        tb.rewrite(m.start(), m.end())
