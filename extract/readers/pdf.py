"""PDF with a text layer, through pypdfium2 (≈75× faster than pdfplumber on these files).

Each page's text comes in reading order from PDFium. Line-end hyphens that PDFium marks with
U+FFFE are joined ("4791/QĐ-" + "UBND" → "4791/QĐ-UBND"). Footnotes are told from the body by
font size: a run of lines at the foot of a page, set smaller than the page's body text and
opening with a number, is a footnote block.

A page with no text layer, or a garbled one (an English OCR pass over a Vietnamese scan), is read
by OCR instead (extract/readers/ocr.py). PDFs are opened from bytes, from the %PDF marker on, so
that a signature envelope before it does not stop PDFium.
"""
from __future__ import annotations

import statistics
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from extract.errors import EncryptedInput, InputError
from extract.readers.builder import TextBuilder
from extract.readers.ocr import ocr_pages, page_needs_ocr, tesseract_available

PDF_MAGIC_WINDOW = 1024
_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_FOOTNOTE_START = regex.compile(r"^\s*(\d{1,2})\s*\S")
_HYPHEN_BREAK = regex.compile(r"\ufffe\s*(?:\r\n|\r|\n)")


class PdfRead:
    """What `read_pdf_bytes` made of one PDF: the text, the page count, how each page was read."""

    def __init__(self, tb: TextBuilder, pages: int) -> None:
        self.tb = tb
        self.pages = pages
        self.ocr_pages: list[int] = []  # 1-based page numbers read by OCR
        self.warnings: list[str] = []


def open_pdf(data: bytes, password: str | None = None) -> pdfium.PdfDocument:
    """Open PDF bytes (from the %PDF marker on); a clear InputError when PDFium refuses them."""
    start = data.find(b"%PDF-", 0, PDF_MAGIC_WINDOW)
    if start > 0:
        data = data[start:]
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedInput("encrypted: needs a password") from exc
        raise InputError(f"broken PDF: PDFium cannot open it ({exc})") from exc


def read_pdf_bytes(data: bytes, password: str | None = None, ocr: bool = True) -> PdfRead:
    """Text of every page; pages with no usable text layer are OCRed when `ocr`."""
    pdf = open_pdf(data, password)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise InputError("broken PDF: it has no pages")
        # One text page per page: the layer decides OCR and, when usable, is read at once.
        reasons: dict[int, str] = {}
        layers: dict[int, list[tuple[str, str, dict]]] = {}
        for index in range(n_pages):
            why = _read_or_judge(pdf, index, layers)
            if why:
                reasons[index] = why
        result = PdfRead(TextBuilder(), n_pages)
        ocr_texts = _ocr(pdf, reasons, result) if ocr and reasons else {}
        for index in range(n_pages):
            if index in ocr_texts:
                result.tb.add(ocr_texts[index], "paragraph", page=index + 1)
                result.ocr_pages.append(index + 1)
            elif index in layers:
                for text, kind, meta in layers.pop(index):
                    result.tb.add(text, kind, **meta)
            else:  # OCR wanted but not done: the layer it has
                _read_layer(pdf, index, result.tb)
        return result
    finally:
        pdf.close()


def page_texts(path: str | Path) -> list[str]:
    """Raw PDFium text of every page (the baseline the benchmark compares with)."""
    pdf = open_pdf(Path(path).read_bytes())
    try:
        return [_page_text(pdf, i) for i in range(len(pdf))]
    finally:
        pdf.close()


def _page_text(pdf, index: int) -> str:
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        return textpage.get_text_range()
    finally:
        textpage.close()
        page.close()


def _read_or_judge(pdf, index: int, layers: dict) -> str | None:
    """Why the page needs OCR, or None after putting its layer's blocks in `layers`."""
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        raw = textpage.get_text_range()
        why = page_needs_ocr(raw)
        if not why:
            layers[index] = _page_blocks(textpage, raw, index + 1)
        return why
    finally:
        textpage.close()
        page.close()


def _read_layer(pdf, index: int, tb: TextBuilder) -> None:
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        _add_page(tb, textpage, index + 1)
    finally:
        textpage.close()
        page.close()


def _ocr(pdf, reasons: dict[int, str], result: PdfRead) -> dict[int, str]:
    """OCR text of the pages that need it; a page OCR cannot read keeps its layer, with a warning."""
    if not tesseract_available():
        result.warnings.append(f"{len(reasons)} page(s) need OCR but Tesseract with the Vietnamese "
                               "model is not installed")
        return {}
    texts: dict[int, str] = {}
    failed: list[str] = []
    unsure: list[str] = []
    for index, page in ocr_pages(pdf, sorted(reasons)):
        if isinstance(page, Exception):
            failed.append(f"{index + 1} ({type(page).__name__})")
            continue
        texts[index] = page.text
        if page.unsure_numbers:
            words = ", ".join(f"'{w}'" for w in page.unsure_numbers)
            unsure.append(f"OCR unsure of number(s) on page {index + 1}, left blank "
                          f"(handwritten?): {words}")
    if texts:
        kinds = sorted({reasons[i] for i in texts})
        result.warnings.append(f"OCR used on {len(texts)} of {result.pages} page(s) "
                               f"({', '.join(kinds)}): {_page_list(sorted(texts))}")
    result.warnings.extend(unsure)
    if failed:
        result.warnings.append(f"OCR failed on page(s) {', '.join(failed)}")
    return texts


def _page_list(indexes: list[int]) -> str:
    pages = [str(i + 1) for i in indexes]
    return "page " + pages[0] if len(pages) == 1 else "pages " + ", ".join(pages)


def _add_page(tb: TextBuilder, textpage, page_no: int) -> None:
    for text, kind, meta in _page_blocks(textpage, textpage.get_text_range(), page_no):
        tb.add(text, kind, **meta)


def _page_blocks(textpage, raw: str, page_no: int) -> list[tuple[str, str, dict]]:
    """(text, kind, block fields) of the page's body and footnotes, for TextBuilder.add."""
    if not raw.strip():
        return []
    lines = []  # (start, end, font size) in the page's raw text
    for m in _LINE.finditer(raw):
        if m.start() == m.end():
            break
        lines.append((m.start(), m.end(), _font_size(textpage, m.start(), m.group())))
    footnote_from = _footnote_start(raw, lines)
    # Hyphen at a line end: keep the hyphen ("QĐ-"), drop the break so the symbol is whole.
    blocks = [(_HYPHEN_BREAK.sub("-", raw[:footnote_from]), "paragraph", {"page": page_no})]
    for note in _split_footnotes(_HYPHEN_BREAK.sub("-", raw[footnote_from:])):
        mark = _FOOTNOTE_START.match(note)
        blocks.append((note, "footnote", {"page": page_no, "mark": mark.group(1) if mark else None}))
    return blocks


def _font_size(textpage, index: int, line: str) -> float:
    """Font size of the first visible character of a line (PDFium char index = text index)."""
    for offset, ch in enumerate(line):
        if not ch.isspace() and ch != "\ufffe":
            return pdfium_c.FPDFText_GetFontSize(textpage, index + offset)
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
