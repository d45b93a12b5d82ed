"""Word 97 .doc and .rtf through LibreOffice headless (to DOCX, then the DOCX reader)."""
from __future__ import annotations

import io
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import regex

from extract.readers import read_document
from extract.readers.convert import ConversionError, convert_to_docx, soffice
from tests.conftest import LAMDONG

pytestmark = pytest.mark.skipif(not soffice(), reason="LibreOffice not installed")
DOC = LAMDONG / "BÁO CÁO ĐỀ ÁN 06 tính đến 20-10-2025 .doc"
DOCX_TWIN = LAMDONG / "BÁO CÁO ĐỀ ÁN 06 tháng 10.docx"
RTF = LAMDONG / "Phiếu trình MỚI.rtf"
CITATION = regex.compile(r"\d+(?:/\d{4})?/[\p{Lu}Đ]+(?:-[\p{L}\d]+)+|\d+-[\p{Lu}]+/[\p{Lu}]+")
FIGURE = regex.compile(r"\d[\d.,]*\d|\d")


@pytest.fixture(scope="module")
def doc():
    return read_document(DOC)


def overlap(a: list[str], b: list[str]) -> float:
    ca, cb = Counter(a), Counter(b)
    return sum((ca & cb).values()) / max(sum(ca.values()), sum(cb.values()))


def test_doc_is_converted(doc):
    assert doc.format == "doc" and doc.text_source == "converted"
    assert "Kết quả triển khai Đề án 06" in doc.text
    assert "Kế hoạch số 9574/KH-BCĐ06 ngày 01/11/2023" in doc.text


def test_doc_and_docx_twins_give_the_same_citations_and_figures(doc):
    twin = read_document(DOCX_TWIN)
    assert overlap(CITATION.findall(doc.text), CITATION.findall(twin.text)) >= 0.95
    assert overlap(FIGURE.findall(doc.text), FIGURE.findall(twin.text)) >= 0.95
    assert overlap(doc.text.split(), twin.text.split()) >= 0.85  # two drafts: wording differs a little


def test_footnotes_survive_conversion_with_their_printed_marks(doc):
    notes = doc.blocks_of("footnote")
    assert [n.mark for n in notes[:3]] == ["1", "2", "3"]
    assert doc.text[notes[0].start:notes[0].end].startswith("¹ Kế hoạch số 3920/KH-UBND ngày 23/9/2025")


def test_tables_survive_conversion(doc):
    assert doc.blocks_of("header", "table_cell")


def test_rtf_is_converted_and_stays_unicode():
    rtf = read_document(RTF)
    assert rtf.format == "rtf" and rtf.text_source == "converted"
    assert "PHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC" in rtf.text
    assert "Lãnh đạo UBND tỉnh" in rtf.text


def test_conversions_run_in_parallel_with_private_profiles():
    data = RTF.read_bytes()
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: convert_to_docx(data, "rtf"), range(3)))
    for docx in results:
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            assert "PHI" in z.read("word/document.xml").decode("utf-8")


def test_conversion_that_hangs_is_stopped():
    with pytest.raises(ConversionError, match="took more than"):
        convert_to_docx(RTF.read_bytes(), "rtf", timeout=0.05)
