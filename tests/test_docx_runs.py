"""What the DOCX reader takes from a paragraph's runs, on a hand-made document.xml read the way
Word and python-docx read it: a run's own text, tabs and footnote marks; bold/italic from the run's
properties (w:val="0" turns them off; the paragraph mark's properties are not the text's)."""
from __future__ import annotations

import io
import zipfile

from extract.readers import read_document
from tests.conftest import LAMDONG

PLAN_DOCX = LAMDONG / "Kế hoạch CCHC 2026 của tỉnh Lâm Đồng.docx"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with_body(body: str) -> bytes:
    xml = f"<w:document {W}><w:body>{body}</w:body></w:document>".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(PLAN_DOCX) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, xml if item.filename == "word/document.xml" else zin.read(item))
    return out.getvalue()


def test_runs_text_marks_and_emphasis(tmp_path):
    body = (
        # a content control around the paragraph; the paragraph mark is bold, its text is not
        '<w:sdt><w:sdtContent><w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr>'
        '<w:r><w:rPr><w:b w:val="0"/><w:i/></w:rPr><w:t>Kế hoạch</w:t></w:r>'
        '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> năm</w:t><w:tab/><w:t>2026</w:t></w:r>'
        '</w:p></w:sdtContent></w:sdt>'
        # an escaped ampersand, a comment inside w:t (python-docx keeps the text before it) and a
        # footnote reference
        '<w:p><w:r><w:t>Cải cách &amp; đổi mới<!-- ghi chú -->xx</w:t>'
        '<w:footnoteReference w:id="2"/></w:r></w:p>'
    )
    path = tmp_path / "runs.docx"
    path.write_bytes(docx_with_body(body))
    doc = read_document(path)
    paragraphs = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs == ["Kế hoạch năm 2026", "Cải cách & đổi mới²"]
    emphasis = {(doc.text[e.start:e.end], e.kind) for e in doc.emphasis}
    assert emphasis == {("Kế hoạch", "italic"), ("năm 2026", "bold")}
