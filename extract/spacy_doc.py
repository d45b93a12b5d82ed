"""The extractions of one document as a spaCy `Doc`, for NLP work on top of the tables.

    from extract import process_file
    from extract.spacy_doc import to_spacy
    doc = to_spacy(process_file("corpus/haiphong_cchc_6thang_2024.txt", keep_document=True))
    span = doc.spans["citations"][0]
    span.text, span.label_, span.id_              # "Công văn số 581/BNV-CCHC …", "Công văn", "citations:1"
    row_of(doc, span)["ref"]                       # "581/BNV-CCHC"
    spacy.displacy.render(doc, style="span", options={"spans_key": "citations"})

Tokens come from spaCy's blank Vietnamese pipeline with pyvi off (pyvi splits document numbers
such as "4791/QĐ-UBND"); each row becomes a span in the group of its table ("citations",
"metrics", "tasks", "sections"), labelled by its kind, with `span.id_` = "<table>:<row id>";
`row_of(doc, span)` gives the row back (the rows ride in `doc.user_data`).
"""
from __future__ import annotations

import functools

import spacy
from spacy.tokens import Doc, Span

from extract.pipeline import FileResult

SPAN_GROUPS = {"citations": "doc_type", "metrics": "key", "tasks": "unit", "sections": "label"}
ROW_IDS = {"citations": "mention_id", "metrics": "metric_id", "tasks": "task_id", "sections": "section_id"}


@functools.cache
def blank_vietnamese() -> spacy.language.Language:
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def to_spacy(result: FileResult) -> Doc:
    """A Doc over the document's normalized text with one span group per table."""
    if result.document is None:
        raise ValueError("process the file with keep_document=True to get its text")
    doc = blank_vietnamese()(result.document.text)
    doc.user_data["cchc_rows"] = {
        table: {str(row[ROW_IDS[table]]): row for row in result.rows[table]} for table in SPAN_GROUPS}
    for table, label_field in SPAN_GROUPS.items():
        spans = []
        for row in result.rows[table]:
            end = row["char_end"] if table != "sections" else _heading_end(result.document.text, row)
            span = doc.char_span(row["char_start"], end, label=_label(table, row, label_field),
                                 alignment_mode="expand")
            if span is not None:
                span.id_ = f"{table}:{row[ROW_IDS[table]]}"
                spans.append(span)
        doc.spans[table] = spans
    return doc


def row_of(doc: Doc, span: Span) -> dict:
    """The table row a span stands for."""
    table, row_id = span.id_.split(":", 1)
    return doc.user_data["cchc_rows"][table][row_id]


def _label(table: str, row: dict, field: str) -> str:
    return str(row.get(field) or table.rstrip("s"))


def _heading_end(text: str, row: dict) -> int:
    """A section spans its whole body; its span in the Doc is its heading line."""
    line_end = text.find("\n", row["char_start"], row["char_end"])
    return row["char_end"] if line_end == -1 else line_end
