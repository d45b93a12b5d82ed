"""Figures in PDF tables: pdfplumber's table finder gives the grid, the document's text the offsets.

Only pages whose text holds several table-like figures (x/y, percentages, decimals) are looked at,
and a page without ruling lines costs nothing more. The grid comes from pypdfium2's objects run
through pdfplumber's table finder, redone over tuples (extract/figures/pdfgrid.py: ≈15 ms a ruled
page, its loading included, where pdfplumber's own parse took ≈400 ms); a rotated page goes to
pdfplumber itself. Each cell's text is found again in the page's stretch of the normalized text,
in reading order, so that a figure's quote is document text. The grid then goes through the same
reading as DOCX tables (extract/figures/tables.py).
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict

import regex

from extract.figures.pdfgrid import page_grids
from extract.figures.tables import Cell, table_figures
from extract.figures.text import Figure

_NUMERIC_TOKEN = regex.compile(r"[\d.,/%]*\d[\d.,/%]*")
_MIN_TABULAR_LINES = 3
_DATE = regex.compile(r"\d/\d+/\d")
_SPACES = regex.compile(r"\s*")


def pdf_table_figures(doc) -> tuple[list[Figure], list[tuple[int, int]]]:
    """Figures of the PDF's tables, and the text spans those tables cover."""
    if doc.format != "pdf" or doc.text_source != "native":
        return [], []
    spans = _page_spans(doc)
    pages = [p for p, (a, b) in spans.items() if _tabular_lines(doc.text[a:b]) >= _MIN_TABULAR_LINES]
    if not pages:
        return [], []
    try:
        import pypdfium2
        pdf = pypdfium2.PdfDocument(doc.source_path)
    except Exception:  # an unreadable PDF: the text figures remain
        return [], []
    figures, covered = [], []
    plumber = _Plumber(doc.source_path)
    try:
        for page_no in pages:
            if not 1 <= page_no <= len(pdf):
                continue
            a, b = spans[page_no]
            try:
                grids = page_grids(pdf[page_no - 1])
                if grids is None:
                    grids = plumber.grids(page_no)
            except Exception:
                continue
            cursor = a
            for grid in grids:
                cells, cursor = _locate(doc.text, grid, cursor, b)
                found = [c for c in cells.values() if c.start >= 0]
                if not found:
                    continue
                figures.extend(table_figures(doc.text, cells))
                covered.append((min(c.start for c in found), max(c.end for c in found)))
    finally:
        pdf.close()
        plumber.close()
    return figures, covered


class _Plumber:
    """pdfplumber on the same file, opened once and only for a page pypdfium2 leaves to it."""

    def __init__(self, path) -> None:
        self.path, self.pdf = path, None

    def grids(self, page_no: int) -> list[list[list[str | None]]]:
        if self.pdf is None:
            import pdfplumber
            self.pdf = pdfplumber.open(self.path)
        return [t.extract() for t in self.pdf.pages[page_no - 1].find_tables()]

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _tabular_lines(page_text: str) -> int:
    """Lines made mostly of numerals ("9,49/ 9,5 99,9% 12/63"): how a table reads as text."""
    n = 0
    for line in page_text.splitlines():
        tokens = line.split()
        numeric = sum(bool(_NUMERIC_TOKEN.fullmatch(t)) for t in tokens)
        if numeric >= 2 and numeric * 2 >= len(tokens) and not _DATE.search(line):
            n += 1
    return n


def _page_spans(doc) -> dict[int, tuple[int, int]]:
    spans: dict[int, list[int]] = defaultdict(lambda: [len(doc.text), 0])
    for b in doc.blocks:
        if b.page is not None:
            s = spans[b.page]
            s[0], s[1] = min(s[0], b.start), max(s[1], b.end)
    return {p: (s[0], s[1]) for p, s in spans.items()}


def _locate(text: str, grid: list[list[str | None]], cursor: int, end: int) -> tuple[dict, int]:
    cells: dict[tuple[int, int], Cell] = {}
    for r, row in enumerate(grid):
        for c, raw in enumerate(row):
            if raw is None:
                continue
            words = unicodedata.normalize("NFC", raw).split()
            if not words:
                continue
            found = _find_words(text, words, cursor, end)
            if found:
                cells[(r, c)] = Cell(r, c, found[0], found[1], " ".join(words))
                cursor = found[1]
            else:
                cells[(r, c)] = Cell(r, c, -1, -1, " ".join(words))
    return cells, cursor


def _find_words(text: str, words: list[str], start: int, end: int) -> tuple[int, int] | None:
    """The first span of text[start:end] reading `words` with only whitespace between them: what
    the regex words[0]\\s*words[1]… finds, without compiling one pattern per cell."""
    first = words[0]
    at = text.find(first, start, end)
    while at >= 0:
        pos = at + len(first)
        for word in words[1:]:
            pos = _SPACES.match(text, pos, end).end()
            if not text.startswith(word, pos, end):
                break
            pos += len(word)
        else:
            return at, pos
        at = text.find(first, at + 1, end)
    return None
