"""PDF with a text layer, through pypdfium2 (≈75× faster than pdfplumber on these files).

Each page's text comes in reading order from PDFium. Line-end hyphens that PDFium marks with
U+FFFE are joined ("4791/QĐ-" + "UBND" → "4791/QĐ-UBND"). Footnotes are told from the body by
font size: a run of lines at the foot of a page, set smaller than the page's body text and
opening with a number, is a footnote block.
"""
from __future__ import annotations

import ctypes
import statistics
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from extract.readers.builder import TextBuilder

_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_FOOTNOTE_START = regex.compile(r"^\s*(\d{1,2})\s*\S")
_HYPHEN_BREAK = regex.compile(r"\ufffe\s*(?:\r\n|\r|\n)")


def read_pdf(path: str | Path, password: str | None = None) -> tuple[TextBuilder, int]:
    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        tb = TextBuilder()
        n_pages = len(pdf)
        for index in range(n_pages):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                _add_page(tb, textpage, index + 1)
            finally:
                textpage.close()
                page.close()
        return tb, n_pages
    finally:
        pdf.close()


def page_texts(path: str | Path) -> list[str]:
    """Raw PDFium text of every page (the baseline the benchmark compares with)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _add_page(tb: TextBuilder, textpage, page_no: int) -> None:
    raw = textpage.get_text_range()
    if not raw.strip():
        return
    lines = []  # (start, end, font size) in the page's raw text
    for m in _LINE.finditer(raw):
        if m.start() == m.end():
            break
        lines.append((m.start(), m.end(), _font_size(textpage, m.start(), m.group())))
    footnote_from = _footnote_start(raw, lines)
    # Hyphen at a line end: keep the hyphen ("QĐ-"), drop the break so the symbol is whole.
    tb.add(_HYPHEN_BREAK.sub("-", raw[:footnote_from]), "paragraph", page=page_no)
    for note in _split_footnotes(_HYPHEN_BREAK.sub("-", raw[footnote_from:])):
        mark = _FOOTNOTE_START.match(note)
        tb.add(note, "footnote", page=page_no, mark=mark.group(1) if mark else None)


def _font_size(textpage, index: int, line: str) -> float:
    """Font size of the first visible character of a line (PDFium char index = text index)."""
    for offset, ch in enumerate(line):
        if not ch.isspace() and ch != "\ufffe":
            return float(pdfium_c.FPDFText_GetFontSize(textpage, ctypes.c_int(index + offset)))
    return 0.0


def _footnote_start(raw: str, lines: list[tuple[int, int, float]]) -> int:
    """Offset where the page's footnotes begin (len(raw) when there are none)."""
    sizes = [size for a, b, size in lines if size > 0 and b - a > 20]
    if len(sizes) < 4:
        return len(raw)
    body_size = statistics.median(sizes)
    start = len(raw)
    for a, b, size in reversed(lines):
        if size == 0 or not raw[a:b].strip():
            continue
        if size < body_size - 0.9:
            start = a
        else:
            break
    if start < len(raw) and _FOOTNOTE_START.match(raw[start:]):
        return start
    return len(raw)


def _split_footnotes(text: str) -> list[str]:
    notes: list[str] = []
    for line in text.splitlines():
        if _FOOTNOTE_START.match(line) or not notes:
            notes.append(line)
        else:
            notes[-1] += "\n" + line
    return notes
