"""The DOCX reader walks tables in the XML itself (fast); python-docx is the oracle for where
each cell is: table number, row, and grid column (a cell spanning columns takes that many
numbers; a vertically merged cell is read once, in the row where the merge starts)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from extract.readers import read_document
from extract.readers.docx import read_docx

LAMDONG = Path(__file__).resolve().parents[1] / "corpus" / "lamdong"
NATIVE_DOCX = sorted(LAMDONG.glob("*.docx"))


def python_docx_cells(path: Path) -> list[tuple[int, int, int]]:
    """(table, row, col) of every non-empty cell paragraph, numbered the way python-docx sees them."""
    document = docx.Document(str(path))
    found: list[tuple[int, int, int]] = []
    counter = [0]

    def walk(tbl) -> None:
        counter[0] += 1
        number = counter[0]
        seen = set()
        table = docx.table.Table(tbl, document)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                for child in cell._tc.iterchildren():
                    if child.tag == qn("w:p") and _text(child).strip():
                        found.append((number, r, c))
                    elif child.tag == qn("w:tbl"):
                        walk(child)

    def body(parent) -> None:
        for child in parent.iterchildren():
            if child.tag == qn("w:tbl"):
                walk(child)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    body(content)

    body(document.element.body)
    return found


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


@pytest.mark.parametrize("path", NATIVE_DOCX, ids=lambda p: p.name)
def test_cells_are_numbered_as_python_docx_numbers_them(path):
    tb = read_docx(path.read_bytes())
    ours = [(b.table, b.row, b.col) for b in tb.blocks if b.kind in ("table_cell", "header")]
    assert ours == python_docx_cells(path)


def _with_document_xml(source: Path, xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, xml if item.filename == "word/document.xml" else zin.read(item))
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_spans_and_vertical_merges(tmp_path):
    def cell(text: str, props: str = "") -> str:
        return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    rows = [
        cell("Chỉ tiêu", '<w:vMerge w:val="restart"/>') + cell("Kết quả năm 2025", '<w:gridSpan w:val="2"/>'),
        cell("", "<w:vMerge/>") + cell("Kế hoạch") + cell("Thực hiện"),
        cell("Hồ sơ trực tuyến") + cell("90%") + cell("95%"),
    ]
    xml = (f"<w:document {W}><w:body><w:p><w:r><w:t>Báo cáo kết quả</w:t></w:r></w:p><w:tbl>"
           + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl></w:body></w:document>").encode()
    path = tmp_path / "merged.docx"
    path.write_bytes(_with_document_xml(LAMDONG / "Kế hoạch CCHC 2026 của tỉnh Lâm Đồng.docx", xml))
    doc = read_document(path)
    cells = {doc.text[b.start:b.end]: (b.row, b.col) for b in doc.blocks if b.kind == "table_cell"}
    assert cells == {"Chỉ tiêu": (0, 0), "Kết quả năm 2025": (0, 1), "Kế hoạch": (1, 1),
                     "Thực hiện": (1, 2), "Hồ sơ trực tuyến": (2, 0), "90%": (2, 1), "95%": (2, 2)}
    assert python_docx_cells(path) == [(1, 0, 0), (1, 0, 1), (1, 1, 1), (1, 1, 2), (1, 2, 0),
                                       (1, 2, 1), (1, 2, 2)]


def test_a_merge_with_nothing_above_is_read_as_a_cell(tmp_path):
    # python-docx raises on this (and the whole document was lost); the cell's own text is kept
    xml = (f"<w:document {W}><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r>"
           "<w:t>Nội dung ô</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
           "<w:p><w:r><w:t>Đoạn văn bản của báo cáo.</w:t></w:r></w:p></w:body></w:document>").encode()
    path = tmp_path / "broken merge.docx"
    path.write_bytes(_with_document_xml(LAMDONG / "Kế hoạch CCHC 2026 của tỉnh Lâm Đồng.docx", xml))
    doc = read_document(path)
    assert "Nội dung ô" in doc.text


def test_header_table_inside_a_content_control_is_the_header(tmp_path):
    # the issuer/motto table comes before any body text, wrapped in a content control and after a
    # bookmark and an empty paragraph: it is still the document's header
    header = ("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t></w:r></w:p></w:tc>"
              "<w:tc><w:p><w:r><w:t>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</w:t></w:r></w:p></w:tc>"
              "</w:tr></w:tbl>")
    xml = (f"<w:document {W}><w:body><w:bookmarkStart w:id=\"0\" w:name=\"top\"/><w:p/>"
           f"<w:sdt><w:sdtPr/><w:sdtContent>{header}</w:sdtContent></w:sdt>"
           "<w:p><w:r><w:t>Báo cáo kết quả cải cách hành chính.</w:t></w:r></w:p>"
           f"{header}</w:body></w:document>").encode()
    path = tmp_path / "header in sdt.docx"
    path.write_bytes(_with_document_xml(LAMDONG / "Kế hoạch CCHC 2026 của tỉnh Lâm Đồng.docx", xml))
    doc = read_document(path)
    kinds = [(b.table, b.kind) for b in doc.blocks if b.table]
    assert kinds == [(1, "header"), (1, "header"), (2, "table_cell"), (2, "table_cell")]
