"""Reported figures: index scores and ranks, counts, money, percentages, x/y.

Figures in running text come from extract/figures/text.py, figures in table cells (DOCX, Markdown)
from extract/figures/tables.py. An ambiguous numeral ("698,445/871,321 triệu đồng") is read with the
Vietnamese decimal comma and named in the document's warnings.
"""
from __future__ import annotations

import operator

from extract.document import Document
from extract.figures.pdftables import pdf_table_figures
from extract.figures.tables import figures_in_tables
from extract.figures.text import Figure, figures_in_text

_FIELDS = ("key", "label", "value", "unit", "of", "rank", "rank_of", "change", "change_unit",
           "reference_year", "source")
_fields_of = operator.attrgetter(*_FIELDS)


def extract_metrics(doc: Document) -> list[dict]:
    figures = figures_of(doc)
    rows = []
    for i, fig in enumerate(figures, start=1):
        row = dict(zip(_FIELDS, _fields_of(fig), strict=True))
        row.update(metric_id=i, char_start=fig.start, char_end=fig.end)
        rows.append(row)
        for w in fig.warnings:
            note = f"{w} at {fig.start}"
            if note not in doc.warnings:
                doc.warnings.append(note)
    return rows


def figures_of(doc: Document) -> list[Figure]:
    """Every figure of the document, text and tables, in order of appearance."""
    pdf_figures, pdf_spans = pdf_table_figures(doc)
    skip = [(b.start, b.end) for b in doc.blocks if b.kind in ("table_cell", "header")] + pdf_spans
    figures = figures_in_text(doc.text, skip) + figures_in_tables(doc) + pdf_figures
    return sorted(figures, key=lambda f: (f.start, f.end))
