"""TCVN3 (ABC) and VNI-Windows text: detected from fonts and characters, converted to Unicode.

Samples are made from Unicode text with the inverse tables, the way a .VnTime/VNI-Times typist's
file stores them.
"""
from __future__ import annotations

import io

import docx
import pytest

from extract.readers import read_document
from extract.readers.legacy import detect, fonts_hint, from_unicode, legacy_edits, to_unicode
from tests.conftest import LAMDONG

SENTENCE = ("Ủy ban nhân dân tỉnh Lâm Đồng báo cáo kết quả thực hiện công tác cải cách hành chính "
            "quý I năm 2026 theo Quyết định số 787/QĐ-UBND ngày 21/8/2025; người dân, doanh nghiệp "
            "hài lòng với dịch vụ công trực tuyến đạt 91,87%.")
ALL_LETTERS = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"


def test_known_samples_decode():
    assert to_unicode("B¸o c¸o kÕt qu¶", "tcvn3") == "Báo cáo kết quả"
    assert to_unicode("B¶o Th¾ng", "tcvn3") == "Bảo Thắng"
    assert to_unicode("Xin chaøo caùc baïn", "vni") == "Xin chào các bạn"
    assert to_unicode("Ñoàng", "vni") == "Đồng"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_every_letter_round_trips(encoding):
    letters = ALL_LETTERS + ("ĂÂĐÊÔƠƯ" if encoding == "tcvn3" else ALL_LETTERS.upper())
    assert to_unicode(from_unicode(letters, encoding), encoding) == letters


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_encoding_is_detected_from_characters(encoding):
    assert detect(from_unicode(SENTENCE, encoding)) == encoding
    assert detect(SENTENCE) is None


def test_french_and_german_are_not_mistaken_for_legacy_vietnamese():
    french = ("La réforme de l'administration vise à simplifier les procédures et à améliorer la qualité "
              "des services publics; le garçon a reçu une leçon très précise. ") * 3
    german = ("Die Verwaltungsreform soll die Verfahren vereinfachen und die Qualität der öffentlichen "
              "Dienste verbessern; Grüße aus München, schöne Größe. ") * 3
    assert detect(french) is None and detect(german) is None
    assert detect(french, "tcvn3") is None and detect(german, "vni") is None


def test_vni_mark_codes_that_follow_no_vowel_are_not_signs():
    # "ù" is a VNI mark code after a vowel, and a Unicode Vietnamese letter after a consonant
    assert detect("cùng tùy bùn, cùng tùy bùn, cùng tùy bùn") is None


def test_unicode_lines_of_a_mixed_document_are_left_alone():
    raw = from_unicode("Báo cáo kết quả thực hiện nhiệm vụ", "tcvn3") + "\n" + "Số liệu: cộng 12 hồ sơ\n" \
        + from_unicode(SENTENCE, "tcvn3")
    encoding, edits = legacy_edits(raw)
    assert encoding == "tcvn3"
    out = list(raw)
    for start, end, new in sorted(edits, reverse=True):
        out[start:end] = new
    assert "".join(out).splitlines() == ["Báo cáo kết quả thực hiện nhiệm vụ", "Số liệu: cộng 12 hồ sơ",
                                         SENTENCE.replace("Ủy", "ủy")]


def test_font_names_hint_the_encoding():
    assert fonts_hint(b'<w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/>') == "tcvn3"
    assert fonts_hint(rb"{\fonttbl{\f1\fswiss VNI-Times;}}") == "vni"
    assert fonts_hint(b'<w:rFonts w:ascii="Times New Roman"/>') is None


def legacy_docx(encoding: str, font: str) -> bytes:
    document = docx.Document()
    for text in ("Báo cáo công tác cải cách hành chính", SENTENCE):
        run = document.add_paragraph().add_run(from_unicode(text, encoding))
        run.font.name = font
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("encoding,font", [("tcvn3", ".VnTime"), ("vni", "VNI-Times")])
def test_legacy_docx_is_converted(tmp_path, encoding, font):
    path = tmp_path / f"{encoding}.docx"
    path.write_bytes(legacy_docx(encoding, font))
    doc = read_document(path)
    assert doc.text_source == "legacy-encoding"
    assert any(encoding.upper() in w for w in doc.warnings)
    expected = SENTENCE if encoding == "vni" else SENTENCE.replace("Ủy", "ủy")
    assert doc.text.splitlines() == ["Báo cáo công tác cải cách hành chính", expected]
    start = doc.text.index("787/QĐ-UBND")  # offsets still lead back to the legacy raw text
    a, b = doc.raw_span(start, start + len("787/QĐ-UBND"))
    assert doc.raw_text[a:b] == from_unicode("787/QĐ-UBND", encoding)


def test_legacy_plain_text_file_is_converted(tmp_path):
    path = tmp_path / "vni.txt"
    path.write_bytes(from_unicode(SENTENCE, "vni").encode("cp1252"))
    doc = read_document(path)
    assert doc.text_source == "legacy-encoding" and doc.text == SENTENCE


def test_unicode_rtf_that_names_vntime_fonts_is_not_converted():
    """The corpus RTF's font table names .VnTime and VNI-Times, but its text is Unicode."""
    assert fonts_hint(LAMDONG.joinpath("Phiếu trình MỚI.rtf").read_bytes()) is not None
    doc = read_document(LAMDONG / "Phiếu trình MỚI.rtf")
    assert doc.text_source == "converted"
    assert "PHIẾU TRÌNH" in doc.text
