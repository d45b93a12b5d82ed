"""Reported figures: index scores and ranks, counts, money, percentages, x/y.

Figures in running text come from extract/figures/text.py, figures in table cells (DOCX, Markdown)
from extract/figures/tables.py. An ambiguous numeral ("698,445/871,321 triệu đồng") is read with the
Vietnamese decimal comma and named in the document's warnings.
"""
from __future__ import annotations

from extract.document import Document
from extract.figures.pdftables import pdf_table_figures
from extract.figures.tables import figures_in_tables
from extract.figures.text import Figure, figures_in_text


def extract_metrics(doc: Document) -> list[dict]:
    figures = figures_of(doc)
    rows = []
    for i, fig in enumerate(figures, start=1):
        rows.append(_row(fig, i))
        for w in fig.warnings:
            note = f"{w} at {fig.start}"
            if note not in doc.warnings:
                doc.warnings.append(note)
    return rows


def _row(fig: Figure, metric_id: int) -> dict:
    return {"key": fig.key, "label": fig.label, "value": fig.value, "unit": fig.unit, "of": fig.of,
            "rank": fig.rank, "rank_of": fig.rank_of, "change": fig.change, "change_unit": fig.change_unit,
            "reference_year": fig.reference_year, "source": fig.source, "metric_id": metric_id,
            "char_start": fig.start, "char_end": fig.end}


def figures_of(doc: Document) -> list[Figure]:
    """Every figure of the document, text and tables, in order of appearance."""
    pdf_figures, pdf_spans = pdf_table_figures(doc)
    skip = [(b.start, b.end) for b in doc.blocks if b.kind in ("table_cell", "header")] + pdf_spans
    figures = figures_in_text(doc.text, skip) + figures_in_tables(doc) + pdf_figures
    return sorted(figures, key=lambda f: (f.start, f.end))
