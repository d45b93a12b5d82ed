"""HTML review pages: a document's text with every extracted row highlighted where it was found.

One self-contained page per document (inline CSS and JS, no network): citations, metrics, task
statements and section headings are `<mark data-kind=… data-row=…>` elements; a side panel shows
the fields of the row under the pointer, with its page and the checks that failed on it. Spans
may overlap (a metric inside a task statement): they nest, and a span that crosses the end of an
enclosing one is continued in a second element marked `data-cont`, so counting
`mark[data-row]:not([data-cont])` gives exactly one element per row.
"""
from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from pathlib import Path

from extract.review_style import REVIEW_CSS, REVIEW_JS
from extract.schema import SCHEMAS

# kind → (table, id column); the order is the nesting order for spans with the same extent.
KINDS = {
    "section": ("sections", "section_id"),
    "task": ("tasks", "task_id"),
    "citation": ("citations", "mention_id"),
    "metric": ("metrics", "metric_id"),
}
KIND_RANK = {kind: i for i, kind in enumerate(KINDS)}
# Columns the panel leaves out: the span is shown in the text, the doc_id in the page title.
HIDDEN_FIELDS = {"doc_id", "char_start", "char_end"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    row: str  # the row's id (mention_id, task_id, metric_id, section_id)
    failed: bool = False
    title: str = ""


def spans_of(text: str, rows: dict[str, list[dict]], failed: dict[tuple[str, str], list[str]]) -> list[Span]:
    """One span per row of the span tables; section spans cover the heading line only."""
    spans = []
    for kind, (table, id_col) in KINDS.items():
        for i, row in enumerate(rows.get(table) or []):
            start, end = _clamp(row.get("char_start"), row.get("char_end"), len(text))
            if kind == "section":
                end = _heading_end(text, start, end)
            row_id = _row_id(row, id_col, i)
            spans.append(Span(start, end, kind, row_id, (kind, row_id) in failed, _title(kind, row)))
    return spans


def _clamp(start, end, n: int) -> tuple[int, int]:
    start = min(max(int(start or 0), 0), n)
    end = min(max(int(end if end is not None else start), start), n)
    return start, end


def _heading_end(text: str, start: int, end: int) -> int:
    newline = text.find("\n", start, end)
    return newline if newline > start else end


def _row_id(row: dict, id_col: str, index: int) -> str:
    value = row.get(id_col)
    return str(value) if value is not None else f"#{index + 1}"


def _title(kind: str, row: dict) -> str:
    """The tooltip: the row's most telling fields, one per line."""
    keys = {"citation": ("doc_key", "ref", "issuer", "issue_date"),
            "metric": ("key", "label", "value", "unit"),
            "task": ("subject", "total", "completed", "unit"),
            "section": ("label", "title", "level")}[kind]
    lines = [f"{kind}"] + [f"{k}: {_plain(row.get(k))}" for k in keys if row.get(k) not in (None, "", [])]
    if row.get("page") is not None:
        lines.append(f"page: {row['page']}")
    return "\n".join(lines)


def failed_checks(checks: list[dict]) -> dict[tuple[str, str], list[str]]:
    """(kind, row id) → relations of the failing checks that involve that task or metric."""
    failed: dict[tuple[str, str], list[str]] = {}
    for check in checks or []:
        if check.get("holds") is not False:
            continue
        relation = check.get("relation") or f"check {check.get('check_id')}"
        if check.get("task_id") is not None:
            failed.setdefault(("task", str(check["task_id"])), []).append(relation)
        for metric_id in check.get("metric_ids") or []:
            failed.setdefault(("metric", str(metric_id)), []).append(relation)
    return failed


def render_text(text: str, spans: list[Span], markers: dict[int, str] | None = None) -> str:
    """`text` as HTML with spans as nested <mark> elements; `markers` are raw HTML inserted at
    offsets (page breaks). Overlaps that do not nest are split, the later part marked data-cont."""
    markers = markers or {}
    spans = sorted(spans, key=lambda s: (s.start, -s.end, KIND_RANK[s.kind]))
    bounds = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans} | set(markers))
    out: list[str] = []
    stack: list[Span] = []
    nxt = 0
    for pos, following in zip(bounds, bounds[1:] + [None], strict=True):
        _close_ending(out, stack, pos)
        if pos in markers:
            out.append(markers[pos])
        while nxt < len(spans) and spans[nxt].start == pos:
            span = spans[nxt]
            nxt += 1
            out.append(_open_tag(span))
            if span.end == pos:
                out.append("</mark>")
            else:
                stack.append(span)
        if following is not None:
            out.append(html.escape(text[pos:following], quote=False))
    return "".join(out)


def _close_ending(out: list[str], stack: list[Span], pos: int) -> None:
    ending = [i for i, s in enumerate(stack) if s.end <= pos]
    if not ending:
        return
    lowest = ending[0]
    above = stack[lowest:]
    out.append("</mark>" * len(above))
    del stack[lowest:]
    for span in above:
        if span.end > pos:  # crossed the end of an enclosing span: continue it
            out.append(_open_tag(span, continued=True))
            stack.append(span)


def _open_tag(span: Span, continued: bool = False) -> str:
    classes = f"hl k-{span.kind}" + (" failed" if span.failed else "")
    attrs = f' class="{classes}" data-kind="{span.kind}" data-row="{html.escape(span.row)}"'
    if continued:
        attrs += ' data-cont="1"'
    else:
        attrs += f' id="{span.kind}-{html.escape(span.row)}"'
    return f"<mark{attrs} title=\"{html.escape(span.title)}\">"


def page_markers(doc) -> dict[int, str]:
    """A small 'page N' tag where each page's first block starts (PDF, OCR)."""
    markers, seen = {}, set()
    for block in getattr(doc, "blocks", None) or []:
        if block.page is not None and block.page not in seen:
            seen.add(block.page)
            markers[block.start] = f'<span class="page" data-page="{block.page}">page {block.page}</span>'
    return markers


def render_page(text: str, rows: dict[str, list[dict]], markers: dict[int, str] | None = None,
                notes: list[str] | None = None) -> str:
    """The whole review page of one document."""
    failed = failed_checks(rows.get("checks") or [])
    spans = spans_of(text, rows, failed)
    doc = (rows.get("documents") or [{}])[0]
    panel_rows = {kind: {_row_id(r, id_col, i): _fields(r, table, failed.get((kind, _row_id(r, id_col, i))))
                         for i, r in enumerate(rows.get(table) or [])}
                  for kind, (table, id_col) in KINDS.items()}
    counts = {kind: len(rows.get(table) or []) for kind, (table, _) in KINDS.items()}
    title = doc.get("title") or doc.get("source_path") or "document"
    return _TEMPLATE.format(
        title=html.escape(str(title)),
        css=REVIEW_CSS,
        js=REVIEW_JS,
        header=_header_html(doc, rows, counts, notes or []),
        body=render_text(text, spans, markers),
        data=json.dumps(panel_rows, ensure_ascii=False, default=_plain).replace("</", "<\\/"),
    )


def _fields(row: dict, table: str, failed: list[str] | None) -> dict:
    """The row's non-empty fields in contract column order (extra keys last), for the side panel."""
    order = {name: i for i, name in enumerate(SCHEMAS[table].names)}
    keys = sorted(row, key=lambda k: order.get(k, len(order)))
    fields = {k: _plain(row[k]) for k in keys if k not in HIDDEN_FIELDS and row[k] not in (None, [], "")}
    if failed:
        fields["failed checks"] = failed
    return fields


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _header_html(doc: dict, rows: dict[str, list[dict]], counts: dict[str, int], notes: list[str]) -> str:
    facts = [(k, doc.get(k)) for k in ("doc_type", "ref", "issuer", "province", "issue_date",
                                       "period_label", "format", "pages", "text_source", "source_path")]
    dl = "".join(f"<dt>{k}</dt><dd>{html.escape(str(_plain(v)))}</dd>"
                 for k, v in facts if v not in (None, ""))
    legend = "".join(
        f'<label class="legend k-{kind}"><input type="checkbox" checked data-toggle="{kind}"> '
        f"{kind} <b>{n}</b></label>" for kind, n in counts.items())
    problems = [html.escape(str(w)) for w in (doc.get("warnings") or [])] + [html.escape(n) for n in notes]
    problems += [html.escape(f"[{e.get('stage')}] {e.get('error_type')}: {e.get('message')}")
                 for e in rows.get("errors") or []]
    failing = [c for c in rows.get("checks") or [] if c.get("holds") is False]
    checks = "".join(f"<li>{html.escape(str(c.get('relation')))}"
                     + (f" <i>{html.escape(str(c['note']))}</i>" if c.get("note") else "") + "</li>"
                     for c in failing)
    n_checks = len(rows.get("checks") or [])
    return (f"<dl>{dl}</dl><div class='legends'>{legend}</div>"
            + _warnings_html(problems)
            + f"<details class='checks'><summary>checks: {n_checks - len(failing)} hold, "
              f"<b>{len(failing)} fail</b></summary><ul>{checks}</ul></details>")


_TEMPLATE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style></head>
<body>
<header><h1>{title}</h1>{header}</header>
<main>
<article class="text">{body}</article>
<aside id="panel"><p class="hint">Point at a highlight to see its row.</p></aside>
</main>
<script type="application/json" id="rows">{data}</script>
<script>{js}</script>
</body></html>
"""


def _warnings_html(problems: list[str]) -> str:
    """Warnings and errors, folded away when there are many."""
    if not problems:
        return ""
    items = f"<ul class='warnings'>{''.join(f'<li>{p}</li>' for p in problems)}</ul>"
    is_open = " open" if len(problems) <= 4 else ""
    summary = f"<summary>{len(problems)} warning(s)</summary>"
    return f"<details class='warnings'{is_open}>{summary}{items}</details>"


# ---- files and output folders -------------------------------------------------------------------

def review_file(path: str | Path, target: str | Path) -> Path | None:
    """Extract one file and write its review page to `target`; None if it could not be read."""
    from extract.pipeline import process_file

    result = process_file(path, keep_document=True)
    if result.document is None:
        return None
    page = render_page(result.document.text, result.rows, page_markers(result.document))
    return _write(Path(target), page)


def review_outputs(out: str | Path, target_dir: str | Path) -> tuple[Path, int]:
    """One review page per document of the output folder `out`, plus index.html.

    Rows come from the tables (what the analyst queries); the text, which the tables do not store,
    from reading each document's source_path again. Returns the index path and pages written."""
    from extract.query import read_rows
    from extract.schema import DOCUMENT_TABLES

    out, target_dir = Path(out), Path(target_dir)
    tables = {name: _by_doc(read_rows(out, name)) for name in DOCUMENT_TABLES}
    errors = read_rows(out, "errors")
    entries, written = [], 0
    for doc in sorted(_all(tables["documents"]), key=lambda d: str(d.get("source_path"))):
        rows = {name: tables[name].get(doc["doc_id"], []) for name in DOCUMENT_TABLES}
        rows["errors"] = [e for e in errors if e.get("doc_id") == doc["doc_id"]]
        page_name, note = _review_one(doc, rows, out, target_dir)
        written += page_name is not None
        entries.append((doc, rows, page_name, note))
    orphans = [e for e in errors if e.get("doc_id") not in {d["doc_id"] for d, *_ in entries}]
    index = _write(target_dir / "index.html", _index_html(entries, orphans))
    return index, written


def _by_doc(rows: list[dict]) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(row.get("doc_id"), []).append(row)
    return grouped


def _all(grouped: dict) -> list[dict]:
    return [row for rows in grouped.values() for row in rows]


def _review_one(doc: dict, rows: dict, out: Path, target_dir: Path) -> tuple[str | None, str | None]:
    from extract.pipeline import process_file

    source = _find_source(doc.get("source_path"), out)
    if source is None:
        return None, "source file not found: no text to show"
    result = process_file(source, keep_document=True)
    if result.document is None:
        return None, "source file could not be read again"
    notes = []
    if result.doc_id != doc["doc_id"]:
        notes.append("the file changed since extraction: rows shown are from a fresh extraction")
        rows = result.rows
    name = f"{doc['doc_id']}.html"
    _write(target_dir / name, render_page(result.document.text, rows, page_markers(result.document), notes))
    return name, notes[0] if notes else None


def _find_source(source_path: str | None, out: Path) -> Path | None:
    if not source_path:
        return None
    for candidate in (Path(source_path), out.parent / source_path):
        if candidate.is_file():
            return candidate
    return None


def _index_html(entries: list, orphans: list[dict]) -> str:
    head = ("document", "type", "ref", "province", "period", "citations", "tasks", "metrics",
            "sections", "failed checks", "warnings")
    lines = []
    for doc, rows, page_name, note in entries:
        label = html.escape(str(doc.get("title") or doc.get("source_path")))
        link = f'<a href="{html.escape(page_name)}">{label}</a>' if page_name else label
        failing = sum(1 for c in rows["checks"] if c.get("holds") is False)
        warnings = [*(doc.get("warnings") or []), *([note] if note else []),
                    *(f"[{e.get('stage')}] {e.get('message')}" for e in rows["errors"])]
        cells = [f"{link}<div class='path'>{html.escape(str(doc.get('source_path')))}</div>",
                 *(html.escape(str(doc.get(k) or ""))
                   for k in ("doc_type", "ref", "province", "period_label")),
                 *(str(len(rows[t])) for t in ("citations", "tasks", "metrics", "sections")),
                 f"<span class='{'bad' if failing else ''}'>{failing}</span>",
                 "<br>".join(html.escape(str(w)) for w in warnings)]
        lines.append(f'<tr data-doc="{html.escape(str(doc["doc_id"]))}">'
                     + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    orphan_items = "".join(
        f"<li>{html.escape(str(e.get('source_path')))}: [{html.escape(str(e.get('stage')))}] "
        f"{html.escape(str(e.get('message')))}</li>" for e in orphans)
    return _INDEX.format(
        css=REVIEW_CSS, n=len(entries),
        head="".join(f"<th>{h}</th>" for h in head), rows="".join(lines),
        errors=f"<h2>Files without a document row</h2><ul class='warnings'>{orphan_items}</ul>"
        if orphans else "")


_INDEX = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>cchc review: {n} documents</title>
<style>{css}</style></head>
<body class="index"><h1>{n} documents</h1>
<table class="docs"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>
{errors}
</body></html>
"""


def _write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path
