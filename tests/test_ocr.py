"""OCR of scans and of pages whose text layer is garbled (Tesseract -l vie through pytesseract)."""
from __future__ import annotations

import difflib

import pytest
import regex
import yaml

from extract.normalize import normalize
from extract.readers import read_document
from extract.readers.ocr import (
    FIXES_FILE,
    _drop_unsure_number,
    fix_ocr_text,
    ocr_pages,
    page_needs_ocr,
    tesseract_available,
)
from extract.readers.pdf import open_pdf
from tests.conftest import LAMDONG

needs_tesseract = pytest.mark.skipif(not tesseract_available(), reason="tesseract-ocr-vie not installed")
MODELS_PDF = LAMDONG / "Báo cáo thực hiện các mô hình thí điểm CCHC theo QĐ787 04.10.pdf"
GARBLED_PDF = LAMDONG / "493 TB.pdf"
SIGNED_PDF = LAMDONG / "4377(30.09.2025_17h58p29)_signed.pdf"


@pytest.fixture(scope="module")
def qd932():
    return read_document(LAMDONG / "QD932.pdf")


@pytest.fixture(scope="module")
def tb493():
    return read_document(GARBLED_PDF)


def layer_text(path, index=0) -> str:
    pdf = open_pdf(path.read_bytes())
    try:
        return pdf[index].get_textpage().get_text_range()
    finally:
        pdf.close()


def squeeze(text: str) -> str:
    """Comparison form: normalized text without any whitespace (line breaks differ, letters must not)."""
    return regex.sub(r"\s+", "", normalize(text.replace("\ufffe", "-"))[0])


def test_garbled_english_layer_is_detected():
    assert page_needs_ocr("Ldm D6ng, ngdy l0 thdng 9 ndm 2025 Kinh gui: S0 NQi vu Uy ban nh6n ddn tinh") \
        == "garbled text layer"
    assert page_needs_ocr(layer_text(GARBLED_PDF)) == "garbled text layer"
    assert page_needs_ocr(layer_text(SIGNED_PDF)) == "garbled text layer"


def test_pages_without_text_need_ocr_and_good_pages_do_not():
    assert page_needs_ocr("") == "no text layer"
    assert page_needs_ocr("  12 \r\n") == "no text layer"
    assert page_needs_ocr(layer_text(MODELS_PDF)) is None
    english = "The provincial committee reported on the reform of administrative procedures this year. " * 3
    assert page_needs_ocr(english) is None


def test_ocr_fix_examples():
    for entry in yaml.safe_load(FIXES_FILE.read_text(encoding="utf-8"))["fixes"]:
        assert entry["note"]
        for ocr_text, repaired in entry["examples"]:
            assert fix_ocr_text(ocr_text) == repaired, entry["pattern"]


def test_symbol_confusions_are_repaired():
    assert fix_ocr_text("Số: 12/QĐÐ-UBND") == "Số: 12/QĐ-UBND"
    assert fix_ocr_text("Quyết định số 06/QÐ- -TTg ngày") == "Quyết định số 06/QÐ-TTg ngày"
    assert fix_ocr_text("số 929/QĐ-TTE ngày") == "số 929/QĐ-TTg ngày"
    assert fix_ocr_text("Hà Nội - ngày 15") == "Hà Nội - ngày 15"


@needs_tesseract
def test_ocr_matches_the_text_layer_of_a_rendered_page():
    """Page 1 of a digital PDF, rendered to an image, OCRed, compared with its own text layer."""
    pdf = open_pdf(MODELS_PDF.read_bytes())
    try:
        [(index, page)] = list(ocr_pages(pdf, [0]))
    finally:
        pdf.close()
    expected, got = squeeze(layer_text(MODELS_PDF)), squeeze(page.text)
    accuracy = difflib.SequenceMatcher(None, expected, got, autojunk=False).ratio()
    assert index == 0 and accuracy >= 0.98, accuracy


@needs_tesseract
def test_scan_without_text_layer_is_read_by_ocr():
    doc = read_document(LAMDONG / "17026.pdf")
    assert doc.text_source == "ocr" and doc.pages == 1
    assert any("OCR used on 1 of 1 page(s) (no text layer)" in w for w in doc.warnings)
    assert "TỜ TRÌNH" in doc.text
    assert "Quyết định số 06/QĐ-TTg ngày 06/01/2022" in doc.text
    assert "Kính gửi: Lãnh đạo UBND tỉnh Lâm Đồng" in doc.text
    assert {b.page for b in doc.blocks} == {1}


@needs_tesseract
def test_multi_page_scan_keeps_page_numbers_and_printed_citations(qd932):
    doc = qd932
    assert doc.text_source == "ocr" and doc.pages == 3
    assert {b.page for b in doc.blocks} == {1, 2, 3}
    assert "QUYẾT ĐỊNH" in doc.text
    at = doc.text.index("23/2023/QĐ-TTg")
    assert doc.page_at(at) == 1
    assert "57-NQ/TW" in doc.text


@needs_tesseract
def test_garbled_layer_is_replaced_by_ocr_text():
    doc = read_document(SIGNED_PDF)
    assert doc.text_source == "ocr"
    assert any("garbled text layer" in w for w in doc.warnings)
    assert "ngdy" not in doc.text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.text
    assert "Kính gửi: Sở Nội vụ" in doc.text
    assert "/UBND-NC Lâm Đồng" in doc.text and "‡" not in doc.text  # number 4377 is handwritten


@needs_tesseract
def test_handwritten_numbers_are_left_blank_and_warned(qd932, tb493):
    """QD932's number and 493 TB's number and day are written by hand over the printed form."""
    qd = qd932
    assert "Số: /QĐ-TTg Hà Nội, ngày 15 tháng 5 năm 2025" in qd.text
    assert any("OCR unsure of number(s) on page 1" in w for w in qd.warnings)
    tb = tb493
    assert tb.text_source == "ocr" and any("garbled text layer" in w for w in tb.warnings)
    assert "Số: /TB-UBND" in tb.text
    assert "493" not in tb.text.split("THÔNG BÁO")[0] and "492" not in tb.text.split("THÔNG BÁO")[0]


def test_scan_without_tesseract_gives_one_clear_error(monkeypatch):
    import extract.readers.pdf as pdf
    from extract.pipeline import process_file
    monkeypatch.setattr(pdf, "tesseract_available", lambda: False)
    [error] = process_file(LAMDONG / "17026.pdf").rows["errors"]
    assert error["stage"] == "ocr" and "Tesseract" in error["message"]


def test_unsure_or_stray_numbers_are_dropped_and_printed_ones_kept():
    assert _drop_unsure_number("34#/QĐ-TTg", 29) == "/QĐ-TTg"
    assert _drop_unsure_number("Số:}492", 31) == "Số:"
    assert _drop_unsure_number("J2", 37) == ""
    assert _drop_unsure_number("1#", 95) == ""  # a stray sign beside digits, even when "sure"
    assert _drop_unsure_number("98,33%", 93) == "98,33%"
    assert _drop_unsure_number("2.028", 93) == "2.028"
    assert _drop_unsure_number("Tháng", 20) == "Tháng"  # no digit: kept as read
