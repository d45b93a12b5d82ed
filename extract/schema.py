"""The seven tables of ../shared/CONTRACT.md as explicit Arrow schemas: the public interface.

Change a table only by adding columns, and bump SCHEMA_VERSION when you do.
"""
from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1.0"

_STR, _I16, _I32, _I64, _F64 = pa.string(), pa.int16(), pa.int32(), pa.int64(), pa.float64()
_DATE, _BOOL, _STRS = pa.date32(), pa.bool_(), pa.list_(pa.string())

_SPAN = [("quote", _STR), ("char_start", _I64), ("char_end", _I64), ("page", _I32), ("section_id", _STR)]

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", _STR), ("source_path", _STR), ("format", _STR), ("pages", _I32),
        ("text_source", _STR), ("n_chars", _I64), ("doc_type", _STR), ("number", _STR),
        ("symbol", _STR), ("ref", _STR), ("issuer", _STR), ("province", _STR), ("place", _STR),
        ("issue_date", _DATE), ("year", _I16), ("period_label", _STR), ("period_start", _DATE),
        ("period_end", _DATE), ("title", _STR), ("recipients", _STRS), ("signer_name", _STR),
        ("signer_title", _STR), ("warnings", _STRS), ("schema_version", _STR),
        ("extractor_version", _STR),
    ]),
    "citations": pa.schema([
        ("doc_id", _STR), ("mention_id", _I32), ("doc_type", _STR), ("number", _STR),
        ("year_in_symbol", _I16), ("symbol", _STR), ("ref", _STR), ("doc_key", _STR),
        ("issue_date", _DATE), ("issuer", _STR), ("issuer_source", _STR), ("title", _STR),
        ("quote", _STR), ("char_start", _I64), ("char_end", _I64), ("page", _I32),
        ("section_id", _STR), ("in_footnote", _BOOL), ("first_mention_id", _I32),
        ("anomalies", _STRS),
    ]),
    "tasks": pa.schema([
        ("doc_id", _STR), ("task_id", _I32), ("subject", _STR), ("unit", _STR),
        ("total", _I64), ("completed", _I64), ("completed_on_time", _I64), ("completed_late", _I64),
        ("in_progress", _I64), ("in_progress_on_time", _I64), ("overdue", _I64), ("not_started", _I64),
        ("received_new", _I64), ("carried_over", _I64), ("completed_pct", _F64), ("as_of", _DATE),
        ("source_citation_ref", _STR), *_SPAN,
    ]),
    "metrics": pa.schema([
        ("doc_id", _STR), ("metric_id", _I32), ("key", _STR), ("label", _STR), ("value", _F64),
        ("unit", _STR), ("of", _F64), ("rank", _I32), ("rank_of", _I32), ("change", _F64),
        ("change_unit", _STR), ("reference_year", _I16), ("source", _STR), *_SPAN,
    ]),
    "sections": pa.schema([
        ("doc_id", _STR), ("section_id", _STR), ("parent_id", _STR), ("level", _I32), ("label", _STR),
        ("title", _STR), ("char_start", _I64), ("char_end", _I64), ("page", _I32),
    ]),
    "checks": pa.schema([
        ("doc_id", _STR), ("check_id", _I32), ("relation", _STR), ("holds", _BOOL),
        ("task_id", _I32), ("metric_ids", pa.list_(_I32)), ("note", _STR),
    ]),
    "errors": pa.schema([
        ("source_path", _STR), ("doc_id", _STR), ("stage", _STR), ("error_type", _STR), ("message", _STR),
    ]),
}

TABLES = tuple(SCHEMAS)
# Tables whose rows belong to one document and carry its doc_id (errors are keyed by path).
DOCUMENT_TABLES = ("documents", "citations", "tasks", "metrics", "sections", "checks")


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts keyed by column name; missing keys are null) as an Arrow table of the schema."""
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])  # keys outside the schema are ignored
