"""Each reader on real corpus documents, with expectations read off the documents."""
from __future__ import annotations

import regex

from extract.readers import doc_id_of, read_document, sniff
from tests.conftest import HAIPHONG, LAMDONG, MARKDOWN

INDEX_REPORT_PDF = LAMDONG / "Bao cao cac chi so cua tinh 06.11s.pdf"
INDEX_REPORT_DOCX = LAMDONG / "Bao cao cac chi so cua tinh 06.11s.docx"
QUARTER_DOCX = LAMDONG / "Báo cáo CCHC Qúy I 2026 tỉnh Lâm Đồng.docx"
MODELS_PDF = LAMDONG / "Báo cáo thực hiện các mô hình thí điểm CCHC theo QĐ787 04.10.pdf"


def footnotes(doc):
    return [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "footnote"]


def test_seed_report_footnotes_are_footnotes_not_body():
    doc = read_document(HAIPHONG)
    notes = footnotes(doc)
    marks = [n[0] for n in notes if n[0] in "¹²³⁴⁵"]
    assert marks == list("¹²³⁴⁵")
    # footnote ² continues after a page break ("Sở Lao động -" / "Thương binh và Xã hội; (7) …")
    assert any(n.startswith("Thương binh và Xã hội; (7)") for n in notes)
    assert not doc.in_footnote(doc.text.index("Thực hiện Công văn số 581/BNV-CCHC"))
    assert doc.in_footnote(doc.text.index("Phòng công chứng số 5 trực thuộc"))


def test_seed_report_markdown_emphasis_removed_but_kept_as_spans():
    doc = read_document(HAIPHONG)
    assert "*" not in doc.text
    start = doc.text.index("Kiểm tra công tác cải cách hành chính:")
    assert any(e.kind == "italic" and e.start == start for e in doc.emphasis)


def test_docx_and_pdf_of_the_same_report_keep_the_header_number_line():
    for path in (INDEX_REPORT_PDF, INDEX_REPORT_DOCX):
        doc = read_document(path)
        assert regex.search(r"Số:\s*/BC-SNV", doc.text), path.name
        assert "Lâm Đồng, ngày" in doc.text


def test_docx_header_table_tables_and_footnotes():
    doc = read_document(INDEX_REPORT_DOCX)
    header = " ".join(doc.text[b.start:b.end] for b in doc.blocks if b.kind == "header")
    assert "SỞ NỘI VỤ" in header and "/BC-SNV" in header
    cells = [b for b in doc.blocks if b.kind == "table_cell"]
    assert any(doc.text[b.start:b.end] == "Công tác chỉ đạo, điều hành" for b in cells)
    # merged cells ("Lâm Đồng" spans three columns) appear once per row
    first_row = [doc.text[b.start:b.end] for b in cells if b.table == 2 and b.row == 0]
    assert first_row.count("Lâm Đồng") == 1
    notes = footnotes(doc)
    assert len(notes) == 3 and notes[0].startswith("¹ Mô hình “Công khai Thủ tục hành chính")
    assert "¹" in doc.text[: doc.text.index(notes[0])]  # the reference mark stays in the body


def test_docx_quarterly_report_footnote_cites_a_party_plan():
    notes = footnotes(read_document(QUARTER_DOCX))
    assert notes[0].startswith("¹ Kế hoạch số 28-KH/TU ngày 16/01/2026")


def test_pdf_pages_and_footnotes_apart_from_body():
    doc = read_document(MODELS_PDF)
    assert doc.pages == 8
    notes = footnotes(doc)
    assert notes and notes[0].startswith("1 Mô hình “Công khai Thủ tục hành chính")
    assert doc.page_at(doc.text.index("Tổng kết thực hiện Quyết định số 787/QĐ-UBND")) == 1
    assert doc.page_at(len(doc.text) - 1) == 8


def test_pdf_line_end_hyphen_is_joined():
    from extract.readers.builder import TextBuilder
    from extract.readers.pdf import _HYPHEN_BREAK
    tb = TextBuilder()
    tb.add(_HYPHEN_BREAK.sub("-", "Quyết định số 4791/QĐ\ufffe\r\nUBND ngày 29/12/2023"))
    assert "4791/QĐ-UBND ngày" in tb.build(source_path="x", doc_id="x", format="pdf").text


def test_markdown_pipes_and_emphasis_removed():
    doc = read_document(MARKDOWN / "001c610b2efdcf0c.md")
    assert "|" not in doc.text and "**" not in doc.text
    assert regex.search(r"Số:\s*2820/QĐ-UBND", doc.text)
    assert any(b.kind == "header" for b in doc.blocks)
    nd = read_document(MARKDOWN / "750314c2c5666d56.md")
    assert "Quy định quy định chi tiết và hướng dẫn thi hành một số điều" in nd.text  # "**" inside words


def test_sniff_by_content_not_extension(tmp_path):
    assert sniff(b"%PDF-1.7 ...", tmp_path / "a.docx")[0] == "pdf"
    fmt, warnings = sniff(b"\x00junk%PDF-1.4", tmp_path / "a.pdf")
    assert fmt == "pdf" and "before %PDF" in warnings[0]
    assert sniff(b"PK\x03\x04...", tmp_path / "a.pdf")[0] == "docx"
    assert sniff(b"{\\rtf1\\ansi", tmp_path / "a.txt")[0] == "rtf"
    assert sniff("Báo cáo".encode(), tmp_path / "a.md")[0] == "md"


def test_doc_id_is_sha256_prefix():
    assert doc_id_of(b"abc") == "ba7816bf8f01cfea"


def test_char_counts_equal_counter_in_code_point_order():
    from collections import Counter

    from extract.readers import COUNTED_BY_BIN, _char_counts
    texts = ["", "a", "Hòa bình\n\tĐồng", "—“”…€ \u1fff\u2000\ufffd\ue000 𝐀𝐀😀 ",
             "x" * 5 + chr(COUNTED_BY_BIN - 1) * 3 + chr(COUNTED_BY_BIN) * 2 + "\U0010ffff"]
    for text in texts:
        counts = _char_counts(text)
        assert counts == Counter(text)
        assert list(counts) == sorted(Counter(text))
