"""Readers: one file in, one normalized `Document` out. The format is told by content."""
from __future__ import annotations

import hashlib
from pathlib import Path

from extract.document import Document
from extract.errors import EmptyInput, InputError, UnsupportedInput

TEXT_SUFFIXES = {".md": "md", ".markdown": "md"}
PDF_MAGIC_WINDOW = 1024


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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
    if not data:
        raise EmptyInput("empty file (0 bytes)")
    fmt, warnings = sniff(data, path)
    doc_id = doc_id_of(data)
    fields = dict(source_path=str(path), doc_id=doc_id, format=fmt)
    if fmt == "pdf":
        from extract.readers.pdf import read_pdf
        tb, pages = read_pdf(path)
        doc = tb.build(pages=pages, **fields)
        if not doc.text.strip():
            raise UnsupportedInput(f"PDF of {pages} page(s) has no text layer: needs OCR", stage="ocr")
    elif fmt == "docx":
        from extract.readers.docx import read_docx
        doc = read_docx(path).build(**fields)
    elif fmt in ("doc", "rtf"):
        raise UnsupportedInput(f".{fmt} needs conversion through LibreOffice", stage="convert")
    else:
        from extract.readers.text import read_text
        raw = _decode(data)
        doc = read_text(raw, markdown=True).build(**fields)
    if not doc.text.strip():
        raise EmptyInput("no text in the document")
    doc.warnings[:0] = warnings
    return doc


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnsupportedInput("not UTF-8 text and not a known document format")
