"""One file in, its rows for every table out: read, extract, locate.

`process_file` never raises for a bad input: what fails becomes an errors row, and whatever was
extracted before the failure is kept (an extractor that fails costs only its own rows).
"""
from __future__ import annotations

import bisect
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from extract import __version__
from extract.document import Document
from extract.errors import InputError
from extract.extractors.checks import extract_checks
from extract.extractors.citations import extract_citations
from extract.extractors.header import extract_header
from extract.extractors.metrics import extract_metrics
from extract.extractors.sections import extract_sections
from extract.extractors.tasks import extract_tasks
from extract.readers import read_document
from extract.schema import SCHEMA_VERSION, TABLES


@dataclass
class FileResult:
    source_path: str
    doc_id: str | None = None
    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in TABLES})
    document: Document | None = None

    @property
    def ok(self) -> bool:
        return not self.rows["errors"]

    def error(self, stage: str, exc: BaseException) -> None:
        self.rows["errors"].append({
            "source_path": self.source_path, "doc_id": self.doc_id, "stage": stage,
            "error_type": type(exc).__name__, "message": _one_line(exc),
        })


def process_file(path: str | Path, keep_document: bool = False) -> FileResult:
    result = FileResult(source_path=str(path))
    try:
        doc = read_document(path)
    except InputError as exc:
        result.doc_id = getattr(exc, "doc_id", None) or _doc_id_if_readable(path)
        result.error(exc.stage, exc)
        return result
    except Exception as exc:  # a reader library choking on hostile bytes
        result.doc_id = _doc_id_if_readable(path)
        result.error("read", exc)
        return result
    result.doc_id = doc.doc_id
    extract_rows(doc, result)
    if keep_document:
        result.document = doc
    return result


def extract_rows(doc: Document, result: FileResult) -> None:
    """Run every extractor on `doc`, each isolated, and fill result.rows."""
    def run(name, fn, *args, default):
        try:
            return fn(*args)
        except Exception as exc:
            exc.add_note(f"in {name}: {traceback.format_exc(limit=-1).strip().splitlines()[-2].strip()}")
            result.error("extract", exc)
            return default

    header = run("header", extract_header, doc, default={})
    sections = run("sections", extract_sections, doc, default=[])
    citations = run("citations", extract_citations, doc, header, default=[])
    tasks = run("tasks", extract_tasks, doc, citations, default=[])
    metrics = run("metrics", extract_metrics, doc, default=[])
    checks = run("checks", extract_checks, doc, tasks, metrics, default=[])

    locate = SectionLocator(sections)
    for table, rows in (("citations", citations), ("tasks", tasks), ("metrics", metrics)):
        for row in rows:
            start, end = row["char_start"], row["char_end"]
            row["quote"] = doc.text[start:end]
            row["page"] = doc.page_at(start)
            row["section_id"] = locate(start)
            if table == "citations":
                row["in_footnote"] = doc.in_footnote(start)
        result.rows[table] = rows
    for row in sections:
        row.setdefault("page", doc.page_at(row["char_start"]))
    for table, rows in (("sections", sections), ("checks", checks)):
        result.rows[table] = rows
    for table in ("citations", "tasks", "metrics", "sections", "checks"):
        for row in result.rows[table]:
            row["doc_id"] = doc.doc_id
    result.rows["documents"] = [document_row(doc, header)]


def document_row(doc: Document, header: dict) -> dict:
    row = dict(header)
    row.update(
        doc_id=doc.doc_id, source_path=doc.source_path, format=doc.format, pages=doc.pages,
        text_source=doc.text_source, n_chars=len(doc.text), schema_version=SCHEMA_VERSION,
        extractor_version=__version__,
    )
    row["warnings"] = list(doc.warnings) + list(header.get("warnings") or [])
    return row


class SectionLocator:
    """Innermost section containing an offset (sections nest; a deeper one starts later)."""

    def __init__(self, sections: list[dict]) -> None:
        self.sections = sorted(sections, key=lambda s: (s["char_start"], -s["char_end"]))
        self.starts = [s["char_start"] for s in self.sections]
        self.ends = [s["char_end"] for s in self.sections]
        # the section before each that ends later than it does: the ones in between end no later, so
        # a walk back past a section that ends too early may jump straight there
        self.ends_later: list[int] = []
        stack: list[int] = []
        for i, end in enumerate(self.ends):
            while stack and self.ends[stack[-1]] <= end:
                stack.pop()
            self.ends_later.append(stack[-1] if stack else -1)
            stack.append(i)

    def __call__(self, offset: int) -> str | None:
        i = bisect.bisect_right(self.starts, offset) - 1  # every section up to i starts at or before offset
        while i >= 0 and self.ends[i] <= offset:
            i = self.ends_later[i]
        return self.sections[i]["section_id"] if i >= 0 else None


def _doc_id_if_readable(path) -> str | None:
    from extract.readers import doc_id_of
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return doc_id_of(data) if data else None


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    notes = getattr(exc, "__notes__", None)
    if notes:
        text += " (" + "; ".join(notes) + ")"
    return " ".join(text.split())[:500]
