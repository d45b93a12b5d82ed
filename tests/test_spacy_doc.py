"""The spaCy view of a document: one span per row, over the same characters as the row's quote."""
from __future__ import annotations

from spacy import displacy

from extract.spacy_doc import row_of, to_spacy


def test_every_citation_and_figure_is_a_span_over_its_quote(haiphong):
    doc = to_spacy(haiphong)
    for table in ("citations", "metrics", "tasks"):
        rows = haiphong.rows[table]
        spans = doc.spans[table]
        assert len(spans) == len(rows), table
        for span, row in zip(spans, rows, strict=True):
            assert row["quote"] in span.text  # token alignment may widen, never cut
            assert row_of(doc, span) is row


def test_document_numbers_stay_one_token(haiphong):
    doc = to_spacy(haiphong)
    assert any(t.text == "4791/QĐ-UBND" for t in doc)
    first = doc.spans["citations"][0]
    assert first.label_ == "Công văn" and "581/BNV-CCHC" in first.text


def test_displacy_renders_the_citations(haiphong):
    html = displacy.render(to_spacy(haiphong), style="span", options={"spans_key": "citations"})
    assert "581/BNV-CCHC" in html and "Công văn" in html
