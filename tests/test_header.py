"""Header fields: the gold seed report, and the layouts the corpus shows, written out small."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from extract.extractors.header import extract_header
from extract.header import names, vocab
from extract.readers.text import read_text
from tests.conftest import GOLD, HAIPHONG


def doc_of(raw: str, fmt: str = "txt"):
    return read_text(raw, markdown=True).build(source_path="x." + fmt, doc_id="x", format=fmt)


@pytest.fixture(scope="module")
def seed():
    from extract.readers import read_document
    return extract_header(read_document(HAIPHONG))


def test_seed_report_matches_gold(seed):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["document"]
    assert seed["doc_type"] == gold["doc_type"] == "Báo cáo"
    assert seed["number"] is None and seed["ref"] is None
    assert seed["symbol"] == gold["symbol"]
    assert seed["issuer"] == gold["issuer"]
    assert seed["province"] == gold["province"] and seed["place"] == gold["place"]
    assert seed["issue_date"] is None and seed["year"] == gold["year"]
    assert seed["title"] == gold["title"]
    assert seed["recipients"] == gold["recipients"]
    assert seed["signer_name"] == gold["signer"]["name"]
    assert seed["signer_title"] == gold["signer"]["title"]
    assert (seed["period_label"], str(seed["period_start"]), str(seed["period_end"])) == (
        gold["period"]["label"], gold["period"]["start"], gold["period"]["end"])


def test_seed_warns_about_blank_number_and_date(seed):
    assert any("number blank" in w for w in seed["warnings"])
    assert any("date blank" in w for w in seed["warnings"])


PDF_COLUMNS = """UBND TỈNH LÂM ĐỒNG
SỞ NỘI VỤ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 181/BC-SNV Lâm Đồng, ngày 05 tháng 11 năm 2025
BÁO CÁO
Tổng kết thực hiện Quyết định số 787/QĐ-UBND ngày 21/8/2025 của Chủ
tịch Ủy ban nhân dân tỉnh về việc thí điểm các mô hình
Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh
Căn cứ Quyết định số 787/QĐ-UBND ngày 21/8/2025 của Chủ tịch UBND tỉnh.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Trần Hữu Tuấn
"""


def test_pdf_text_with_columns_one_after_the_other():
    h = extract_header(doc_of(PDF_COLUMNS, "pdf"))
    assert (h["doc_type"], h["ref"], h["issuer"]) == ("Báo cáo", "181/BC-SNV", "Sở Nội vụ tỉnh Lâm Đồng")
    assert h["issue_date"] == dt.date(2025, 11, 5) and h["place"] == "Lâm Đồng"
    assert h["title"].startswith("Tổng kết thực hiện") and h["title"].endswith("các mô hình")
    assert h["recipients"] == ["Chủ tịch Ủy ban nhân dân tỉnh"]
    assert (h["signer_name"], h["signer_title"]) == ("Trần Hữu Tuấn", "Phó Giám đốc Sở Nội vụ tỉnh Lâm Đồng")
    assert h["warnings"] == []


ROWS_INTERLEAVED = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LÂM ĐỒNG Độc lập - Tự do - Hạnh phúc

Số: 4377/UBND-NC Lâm Đồng, ngày 30 tháng 9 năm 2025
V/v xem xét đề nghị của Ủy ban
MTTQ Việt Nam tỉnh Lâm Đồng

Kính gửi: Sở Nội vụ

Ủy ban nhân dân tỉnh nhận được Công văn số 227/MTTQ-BTT.
"""


def test_rows_interleaved_and_cong_van():
    h = extract_header(doc_of(ROWS_INTERLEAVED, "pdf"))
    assert (h["doc_type"], h["ref"]) == ("Công văn", "4377/UBND-NC")
    assert h["issuer"] == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert h["issue_date"] == dt.date(2025, 9, 30)
    assert h["title"] == "xem xét đề nghị của Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng"
    assert h["recipients"] == ["Sở Nội vụ"]


MARKDOWN_CELLS = """|
**BỘ TÀI
CHÍNH**
**CỤC HẢI QUAN**
--------
|
**CỘNG
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số:
39992/CHQ-GSQL
*V/v hàng hóa gửi
kho ngoại quan*
|
*Hà Nội, ngày 03 tháng 12 năm 2025*
|

**Kính gửi:**
- Bộ trưởng Bộ Xây dựng;
- Chủ tịch Ủy ban nhân dân tỉnh Đồng Nai.

Trả lời công văn số 128 ngày 24/11/2025.
"""


def test_markdown_header_split_over_cells_and_lines():
    h = extract_header(doc_of(MARKDOWN_CELLS, "md"))
    assert (h["doc_type"], h["ref"], h["issuer"], h["province"]) == (
        "Công văn", "39992/CHQ-GSQL", "Cục Hải quan", None)
    assert h["issue_date"] == dt.date(2025, 12, 3)
    assert h["title"] == "hàng hóa gửi kho ngoại quan"
    assert h["recipients"] == ["Bộ trưởng Bộ Xây dựng", "Chủ tịch Ủy ban nhân dân tỉnh Đồng Nai"]


def test_type_word_disagreeing_with_symbol_is_warned():
    raw = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "Số: 12/QĐ-UBND\n\nBÁO CÁO\n\nVề việc X\n")
    h = extract_header(doc_of(raw))
    assert h["doc_type"] == "Báo cáo"
    assert any("disagrees" in w for w in h["warnings"])


def test_normative_number_keeps_the_year_in_ref():
    raw = ("CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 302/2025/NĐ-CP\n"
           "Hà Nội, ngày 19 tháng 11 năm 2025\n\nNGHỊ ĐỊNH\n")
    h = extract_header(doc_of(raw))
    assert (h["number"], h["symbol"], h["ref"]) == ("302", "NĐ-CP", "302/2025/NĐ-CP")
    assert h["issuer"] == "Chính phủ"


@pytest.mark.parametrize("lines,name,province", [
    (["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ"], "Sở Nội vụ tỉnh Lâm Đồng", "Lâm Đồng"),
    (["ỦY BAN NHÂN", "DÂN", "THÀNH PHỐ HỒ CHÍ MINH"], "Ủy ban nhân dân thành phố Hồ Chí Minh", "Hồ Chí Minh"),
    (["ỦY", "BAN NHÂN DÂN", "TỈNH QUẢNG NINH"], "Ủy ban nhân dân tỉnh Quảng Ninh", "Quảng Ninh"),
    (["BỘ TÀI", "CHÍNH", "CỤC HẢI QUAN"], "Cục Hải quan", None),
    (["UBND TỈNH LÂM ĐỒNG", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"],
     "Sở Khoa học và Công nghệ tỉnh Lâm Đồng", "Lâm Đồng"),
    (["VĂN PHÒNG CHÍNH", "PHỦ"], "Văn phòng Chính phủ", None),
    (["BỘ CÔNG AN", "CÔNG AN TÍNH LÂM ĐÒNG"], "Công an tỉnh Lâm Đồng", "Lâm Đồng"),  # OCR slips
    (["CHỦ TỊCH ỦY BAN NHÂN DÂN", "THÀNH PHỐ HUẾ"], "Chủ tịch Ủy ban nhân dân thành phố Huế", "Huế"),
])
def test_issuer_names(lines, name, province):
    body = names.issuer_of(lines)
    assert (body.name, body.province) == (name, province)


def test_vocabulary_examples_are_recognized():
    """Every example of patterns/header.yaml is read the way its entry says."""
    for entry in vocab.by_kind("body"):
        for ex in entry["examples"]:
            assert names.body_of(ex.rstrip(",")) is not None, ex
    for entry in vocab.by_kind("authority"):
        for ex in entry["examples"]:
            assert vocab.authority_pattern().match(ex), ex
    for entry in vocab.by_kind("title"):
        for ex in entry["examples"]:
            assert names.spell_title(ex) == entry["name"], ex
    for entry in vocab.by_kind("opener"):
        for ex in entry["examples"]:
            assert vocab.opener_pattern().match(ex), ex


def test_numeric_date_line_and_cut_off_in_the_opening_sentence():
    raw = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/BC-UBND\n"
           "Lâm Đồng, ngày 05/11/2025\n\nBÁO CÁO\n\nKết quả thực hiện năm 2025\n\n"
           "Ủy ban nhân dân tỉnh báo cáo số liệu tính đến ngày 31/10/2025 như sau:\n")
    h = extract_header(doc_of(raw))
    assert h["issue_date"] == dt.date(2025, 11, 5)
    assert (h["period_label"], h["period_start"], h["period_end"]) == (
        "năm 2025", dt.date(2025, 1, 1), dt.date(2025, 10, 31))


def test_ocr_of_handwritten_number_and_day_gives_warnings_not_wrong_values():
    raw = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LÂM ĐÒNG Độc lập - Tự do - Hạnh phúc\n\n"
           "Số:}492 /TB-UBND Lâm Đồng, ngày J2 tháng 11 năm 2025\nTHÔNG BÁO\n\nKết luận của đồng chí X\n")
    h = extract_header(doc_of(raw, "pdf"))
    assert (h["number"], h["ref"], h["symbol"]) == (None, None, "TB-UBND")
    assert (h["issue_date"], h["year"]) == (None, 2025)
    assert (h["doc_type"], h["issuer"]) == ("Thông báo", "Ủy ban nhân dân tỉnh Lâm Đồng")
    assert any("number unreadable" in w for w in h["warnings"])
    assert any("date unreadable" in w for w in h["warnings"])


def test_party_document_header():
    raw = ("ĐẢNG BỘ TỈNH LÂM ĐỒNG ĐẢNG CỘNG SẢN VIỆT NAM\nTỈNH ỦY\n*\n"
           "Số 125-BC/TU Lâm Đồng, ngày 10 tháng 12 năm 2025\n\n"
           "BÁO CÁO\nkết quả thực hiện Nghị quyết năm 2025\n")
    h = extract_header(doc_of(raw, "pdf"))
    assert (h["doc_type"], h["number"], h["symbol"], h["ref"]) == ("Báo cáo", "125", "BC/TU", "125-BC/TU")
    assert (h["issuer"], h["province"]) == ("Tỉnh ủy Lâm Đồng", "Lâm Đồng")
    assert h["issue_date"] == dt.date(2025, 12, 10)
