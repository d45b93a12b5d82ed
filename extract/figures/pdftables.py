"""Figures in PDF tables: pdfplumber's table finder gives the grid, the document's text the offsets.

Only pages whose text holds several table-like figures (x/y, percentages, decimals) are given to
pdfplumber (≈14 pages/s): a narrative page costs nothing. Each cell's text is found again in the
page's stretch of the normalized text, in reading order, so that a figure's quote is document text.
The grid then goes through the same reading as DOCX tables (extract/figures/tables.py).
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict

import regex

from extract.figures.tables import Cell, table_figures
from extract.figures.text import Figure

_NUMERIC_TOKEN = regex.compile(r"[\d.,/%]*\d[\d.,/%]*")
_MIN_TABULAR_LINES = 3


def pdf_table_figures(doc) -> tuple[list[Figure], list[tuple[int, int]]]:
    """Figures of the PDF's tables, and the text spans those tables cover."""
    if doc.format != "pdf" or doc.text_source != "native":
        return [], []
    spans = _page_spans(doc)
    pages = [p for p, (a, b) in spans.items() if _tabular_lines(doc.text[a:b]) >= _MIN_TABULAR_LINES]
    if not pages:
        return [], []
    try:
        import pdfplumber
        pdf = pdfplumber.open(doc.source_path)
    except Exception:  # an unreadable PDF for pdfplumber: the text figures remain
        return [], []
    figures, covered = [], []
    with pdf:
        for page_no in pages:
            if not 1 <= page_no <= len(pdf.pages):
                continue
            a, b = spans[page_no]
            try:
                grids = [t.extract() for t in pdf.pages[page_no - 1].find_tables()]
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
    return figures, covered


def _tabular_lines(page_text: str) -> int:
    """Lines made mostly of numerals ("9,49/ 9,5 99,9% 12/63"): how a table reads as text."""
    n = 0
    for line in page_text.splitlines():
        tokens = line.split()
        numeric = sum(bool(_NUMERIC_TOKEN.fullmatch(t)) for t in tokens)
        if numeric >= 2 and numeric * 2 >= len(tokens) and not regex.search(r"\d/\d+/\d", line):
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
            pat = r"\s*".join(regex.escape(w) for w in words)
            m = regex.compile(pat).search(text, cursor, end)
            if m:
                cells[(r, c)] = Cell(r, c, m.start(), m.end(), " ".join(words))
                cursor = m.end()
            else:
                cells[(r, c)] = Cell(r, c, -1, -1, " ".join(words))
    return cells, cursor
