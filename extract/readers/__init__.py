"""Readers: one file in, one normalized `Document` out. The format is told by content.

The file is read once, into bytes; every reader works on those bytes (a file that vanishes or
changes mid-run cannot split a document in two). Safety limits run before any parser sees the
bytes (extract/readers/safety.py). Each way of getting text sets `text_source`: native, ocr
(PDF pages without a usable text layer), converted (.doc/.rtf through LibreOffice),
legacy-encoding (TCVN3/VNI turned into Unicode).
"""
from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

from extract.document import Document
from extract.errors import EmptyInput, InputError, UnsupportedInput
from extract.normalize import code_points
from extract.readers.builder import TextBuilder
from extract.readers.legacy import fonts_hint, legacy_edits
from extract.readers.ocr import share_of_counts
from extract.readers.safety import check_docx, check_size

TEXT_SUFFIXES = {".md": "md", ".markdown": "md"}
PDF_MAGIC_WINDOW = 1024
LEGACY_TEXT_ENCODING = "cp1252"  # how TCVN3/VNI bytes of a plain-text file are read before mapping
UNREADABLE_SHARE = 0.05
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters but \t \n \v \f \r
DOCX_FONT_PARTS = ("word/fontTable.xml", "word/styles.xml", "word/document.xml")
COUNTED_BY_BIN = 0x2000  # Latin with Vietnamese letters, punctuation: nearly all of a report's text


def doc_id_of(data: bytes) -> str:
    """First 16 hex digits of the SHA-256 of the file bytes."""
    return hashlib.sha256(data).hexdigest()[:16]


def sniff(data: bytes, path: Path) -> tuple[str, list[str]]:
    """(format, warnings) from the bytes; the extension only tells Markdown from plain text."""
    warnings: list[str] = []
    head = data[:PDF_MAGIC_WINDOW]
    if head.startswith(b"%PDF"):
        return "pdf", warnings
    if b"%PDF-" in head:
        warnings.append(f"{head.index(b'%PDF-')} bytes before %PDF skipped")
        return "pdf", warnings
    if head.startswith(b"PK\x03\x04"):
        return "docx", warnings
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc", warnings
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf", warnings
    return TEXT_SUFFIXES.get(path.suffix.lower(), "txt"), warnings


def read_document(path: str | Path) -> Document:
    """Read one file into a Document; raises InputError with a clear message when it cannot."""
    path = Path(path)
    data = _read_bytes(path)
    doc_id = doc_id_of(data)
    try:
        return _read(data, path, doc_id)
    except InputError as exc:
        exc.doc_id = doc_id
        raise


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("cannot read file: it does not exist (moved or deleted?)") from exc
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
    if not data:
        raise EmptyInput("empty file (0 bytes)")
    return data


def _read(data: bytes, path: Path, doc_id: str) -> Document:
    check_size(data)
    fmt, warnings = sniff(data, path)
    fields = dict(source_path=str(path), doc_id=doc_id, format=fmt)
    if fmt == "pdf":
        doc = _read_pdf(data, fields, warnings)
    elif fmt == "docx":
        doc = _read_docx(data, fields, "native")
    elif fmt in ("doc", "rtf"):
        from extract.readers.convert import convert_to_docx
        doc = _read_docx(convert_to_docx(data, fmt), fields, "converted", fonts_hint(data))
    else:
        doc = _read_text(data, fields)
    if not doc.text.strip():
        raise EmptyInput("no text in the document")
    counts = _char_counts(doc.text[:100_000])  # each distinct character is judged once, below
    _check_readable(counts)
    doc.warnings[:0] = warnings
    if len(doc.text) > 100_000:
        counts = _char_counts(doc.text[:200_000])
    _warn_if_not_vietnamese(doc, counts)
    return doc


def _read_pdf(data: bytes, fields: dict, warnings: list[str]) -> Document:
    from extract.readers.pdf import read_pdf_bytes
    try:
        result = read_pdf_bytes(data)
    except InputError:
        raise
    except Exception as exc:  # PDFium choking on a damaged page
        raise InputError(f"broken PDF: {type(exc).__name__}: {exc}") from exc
    doc = result.tb.build(pages=result.pages, text_source="ocr" if result.ocr_pages else "native",
                          **fields)
    warnings.extend(result.warnings)
    if not doc.text.strip():
        why = "; ".join(result.warnings) or "OCR found no text"
        raise UnsupportedInput(f"PDF of {result.pages} page(s) has no text layer ({why})", stage="ocr")
    return doc


def _read_docx(data: bytes, fields: dict, text_source: str, hint: str | None = None) -> Document:
    from extract.readers.docx import read_docx
    archive = check_docx(data)
    try:
        tb = read_docx(archive)
    except Exception as exc:  # zipfile / lxml on a damaged package
        raise InputError(f"DOCX cannot be read: {type(exc).__name__}: {exc}") from exc
    warnings = _convert_legacy(tb, hint or (lambda: _docx_fonts_hint(data)))
    if warnings:
        text_source = "legacy-encoding"
    doc = tb.build(text_source=text_source, **fields)
    doc.warnings.extend(warnings)
    return doc


def _read_text(data: bytes, fields: dict) -> Document:
    from extract.readers.text import read_text
    raw = _decode(data)
    tb = read_text(raw, markdown=True)
    warnings = _convert_legacy(tb)
    doc = tb.build(text_source="legacy-encoding" if warnings else "native", **fields)
    doc.warnings.extend(warnings)
    return doc


def _convert_legacy(tb: TextBuilder, hint: str | Callable[[], str | None] | None = None) -> list[str]:
    """Queue TCVN3/VNI → Unicode rewrites on the builder; the warnings that say so.
    `hint` may be a function, called only when the text shows legacy signs at all."""
    raw = "".join(tb._parts)  # the raw text `build` will normalize
    encoding, edits = legacy_edits(raw, hint)
    if not edits:
        return []
    tb.edits.extend(edits)
    return [f"legacy encoding {encoding.upper()} converted to Unicode ({len(edits)} characters)"]


def _docx_fonts_hint(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            parts = [archive.read(n)[:2_000_000] for n in DOCX_FONT_PARTS if n in names]
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return fonts_hint(b"\n".join(parts))


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    if "\x00" in text or _control_share(text) > 0.01:
        raise UnsupportedInput("binary data: not text and not a known document format")
    return text


def _decode_legacy(data: bytes) -> str:
    """Bytes that are not UTF-8: accepted only when they read as TCVN3/VNI Vietnamese."""
    from extract.readers.legacy import detect
    text = data.decode(LEGACY_TEXT_ENCODING, errors="replace")
    if _control_share(text) <= 0.01 and detect(text):
        return text
    raise UnsupportedInput("not UTF-8 text and not a known document format")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = len(_CONTROL.findall(text, 0, 100_000))
    return controls / min(len(text), 100_000)


def _char_counts(text: str) -> Counter:
    """How often each character occurs in `text`, in code point order. numpy counts the code
    points below COUNTED_BY_BIN in one bin each (≈4× faster than sorting them all, ≈20× faster
    than Counter's dict update per character), and sorts only the rare ones above."""
    codes = code_points(text)
    bins = np.bincount(np.minimum(codes, COUNTED_BY_BIN), minlength=COUNTED_BY_BIN + 1)
    low = np.flatnonzero(bins[:COUNTED_BY_BIN])
    counts = Counter(dict(zip(map(chr, low.tolist()), bins[low].tolist(), strict=True)))
    if bins[COUNTED_BY_BIN]:  # the last bin holds all the higher code points
        high, n = np.unique(codes[codes >= COUNTED_BY_BIN], return_counts=True)
        counts.update(dict(zip(map(chr, high.tolist()), n.tolist(), strict=True)))
    return counts


def _check_readable(counts: Counter) -> None:
    """Damaged bytes that a converter still turned into "text" come out as private-use,
    unassigned and replacement characters; real documents have next to none.
    `counts`: how often each character occurs in the first 100,000 of the text."""
    sample = sum(n for c, n in counts.items() if not c.isspace())
    junk = sum(n for c, n in counts.items()
               if c == "\ufffd" or unicodedata.category(c) in ("Co", "Cn", "Cs"))
    if sample and junk / sample > UNREADABLE_SHARE:
        raise UnsupportedInput(f"no readable text: {junk / sample:.0%} of the characters are "
                               "private-use or invalid (damaged file?)")


def _warn_if_not_vietnamese(doc: Document, counts: Counter) -> None:
    """`counts`: how often each character occurs in the first 200,000 of the text."""
    letters, share = share_of_counts(counts)
    if letters >= 200 and share < 0.02:
        doc.warnings.append(f"text does not look Vietnamese ({share:.1%} Vietnamese letters): "
                            "the extractors may find little")
