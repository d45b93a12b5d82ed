"""Citations of the seed report against its gold annotation, and the rules one by one."""
from __future__ import annotations

import collections
import datetime
import json

import pytest

from extract.dates import date_at, find_dates, parse_date
from extract.citations.refs import find_refs
from extract.document import Block, Document
from extract.extractors.citations import extract_citations, report_province
from tests.conftest import GOLD

D = datetime.date


def doc_of(text: str, blocks=None) -> Document:
    return Document(source_path="t.txt", doc_id="t", format="txt", text=text, blocks=blocks or [])


def cites(text: str, header=None, blocks=None) -> list[dict]:
    return extract_citations(doc_of(text, blocks), header or {})


# ------------------------------------------------------------------ the gold report

@pytest.fixture(scope="module")
def gold():
    return json.loads(GOLD.read_text(encoding="utf-8"))["citations"]


@pytest.fixture(scope="module")
def rows(haiphong):
    return haiphong.rows["citations"]


def _pairs(gold, rows):
    by_ref = collections.defaultdict(list)
    for r in rows:
        by_ref[r["ref"].upper()].append(r)
    return [(g, by_ref[g["ref"].upper()].pop(0)) for g in gold if by_ref[g["ref"].upper()]]


def test_gold_mentions_f1(gold, rows):
    matched = len(_pairs(gold, rows))
    precision, recall = matched / len(rows), matched / len(gold)
    assert 2 * precision * recall / (precision + recall) >= 0.99


def test_gold_fields(gold, rows):
    pairs = _pairs(gold, rows)
    date_ok = sum((g["date"] or None) == (p["issue_date"].isoformat() if p["issue_date"] else None)
                  for g, p in pairs)
    type_ok = sum(g["doc_type"] == p["doc_type"] for g, p in pairs)
    with_issuer = [(g, p) for g, p in pairs if g["issuer"]]
    issuer_ok = sum(g["issuer"] == p["issuer"] for g, p in with_issuer)
    assert date_ok / len(pairs) >= 0.98
    assert type_ok / len(pairs) >= 0.98
    assert issuer_ok / len(with_issuer) >= 0.95


def test_gold_doc_keys_and_repeats(gold, rows):
    """doc_key (without the province qualifier) and first mentions agree with the gold's."""
    pairs = _pairs(gold, rows)
    by_n = {g["n"]: p for g, p in pairs}
    for g, p in pairs:
        assert p["doc_key"].split("@")[0] == g["doc_key"], g["ref"]
        assert p["first_mention_id"] == by_n[g["first_mention_n"]]["mention_id"], g["ref"]


def test_quote_is_the_text(haiphong, rows):
    text = haiphong.document.text
    for r in rows:
        assert text[r["char_start"]:r["char_end"]] == r["quote"]


def test_kế_hoạch_split_by_footnote(rows):
    """ "; Kế" … footnote ¹ … "hoạch số 339-KH/TU": the type survives, the quote starts after it."""
    row = next(r for r in rows if r["ref"] == "339-KH/TU")
    assert row["doc_type"] == "Kế hoạch"
    assert row["quote"].startswith("hoạch số 339-KH/TU ngày 23/02/2024")
    assert row["issuer"] == "Ban Thường vụ Thành ủy Hải Phòng"
    assert row["in_footnote"] is False


def test_typo_corrected_from_other_mention(rows):
    typo = next(r for r in rows if r["ref"] == "107/2021/CP")
    right = next(r for r in rows if r["ref"] == "107/2021/NĐ-CP")
    assert typo["doc_key"] == right["doc_key"] == "107/2021/NĐ-CP"
    assert right["first_mention_id"] == typo["mention_id"]
    assert any("typo" in a for a in typo["anomalies"])


def test_type_symbol_disagreement_is_an_anomaly(rows):
    row = next(r for r in rows if r["ref"] == "117/NĐ-CP")
    assert row["doc_type"] == "Nghị quyết"
    assert any("disagrees" in a for a in row["anomalies"])


def test_sentence_initial_date_and_subject(rows):
    row = next(r for r in rows if r["ref"] == "451/QĐ-UBND")
    assert row["issue_date"] == D(2024, 2, 7)
    assert row["issuer"] == "Ủy ban nhân dân thành phố Hải Phòng"
    assert row["issuer_source"] == "subject"


def test_chairman_as_subject(rows):
    row = next(r for r in rows if r["ref"] == "1259/QĐ-UBND")
    assert row["issuer"] == "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"


def test_unnumbered_names_are_not_citations(rows):
    assert not any("Đề án 06" in r["quote"] and r["ref"] == "06" for r in rows)
    assert all("/" in r["ref"] or "-" in r["ref"] for r in rows)


# ------------------------------------------------------------------ rules on small texts

HP = {"province": "Hải Phòng"}


def test_three_symbol_families():
    rows = cites("Căn cứ Nghị định số 107/2021/NĐ-CP, Quyết định số 4791/QĐ-UBND và "
                 "Kết luận số 50-KL/TW.", HP)
    assert [(r["ref"], r["year_in_symbol"], r["symbol"]) for r in rows] == [
        ("107/2021/NĐ-CP", 2021, "NĐ-CP"), ("4791/QĐ-UBND", None, "QĐ-UBND"), ("50-KL/TW", None, "KL/TW")]
    assert [r["doc_type"] for r in rows] == ["Nghị định", "Quyết định", "Kết luận"]


def test_refs_among_dates_and_decimal_numbers():
    text = ("107/2021/NĐ-CP quy định; ngày 20/10/2025, Nghị quyết số 66.2/2025/NQ-CP, Luật số "
            "12/2024/QH15 và Kết luận số 50-KL/TW; mục 1.2/3 và 08/57.")
    assert [r.ref for r in find_refs(text)] == [
        "107/2021/NĐ-CP", "66.2/2025/NQ-CP", "12/2024/QH15", "50-KL/TW"]


def test_title_stops_at_a_clause_break():
    rows = cites("Căn cứ Quyết định số 5/QĐ-UBND ngày 02/01/2024 về việc ban hành Kế hoạch cải cách hành "
                 "chính năm 2024; Kế hoạch số 7/KH-UBND về việc kiểm tra công tác cải cách hành chính "
                 "(đợt 1). Kế hoạch số 12/KH-UBND về việc triển khai công tác cải cách hành chính năm "
                 "2024, Ủy ban nhân dân tỉnh đã giao nhiệm vụ.")
    assert [r["title"] for r in rows] == [
        "về việc ban hành Kế hoạch cải cách hành chính năm 2024",
        "về việc kiểm tra công tác cải cách hành chính",
        "về việc triển khai công tác cải cách hành chính năm 2024"]


def test_title_longer_than_300_characters_is_not_read():
    rows = cites("Theo Công văn số 9/UBND-NC về việc "
                 + "tăng cường kỷ luật kỷ cương hành chính trong thực thi công vụ " * 6 + "năm 2025.")
    assert rows[0]["title"] is None


def test_date_forms():
    rows = cites("Theo Kế hoạch số 12/KH-UBND ngày 19 tháng 01 năm 2024 và Công văn số 5/SNV-CCHC, "
                 "ngày 05/5/2014 của Sở Nội vụ.", HP)
    assert rows[0]["issue_date"] == D(2024, 1, 19)
    assert rows[1]["issue_date"] == D(2014, 5, 5)
    assert rows[1]["issuer"] == "Sở Nội vụ thành phố Hải Phòng"


def test_list_shares_date_and_type():
    rows = cites("Thực hiện Nghị quyết số 01/NQ-CP và 02/NQ-CP ngày 08/01/2025 của Chính phủ.")
    assert [r["doc_type"] for r in rows] == ["Nghị quyết", "Nghị quyết"]
    assert [r["issue_date"] for r in rows] == [D(2025, 1, 8), D(2025, 1, 8)]


def test_party_symbol_issuer_unknown_unless_stated():
    rows = cites("Thực hiện Nghị quyết số 27-NQ/TW về nhà nước pháp quyền.")
    assert rows[0]["issuer"] is None
    stated = cites("Thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành "
                   "Trung ương Đảng khoá XII.")
    assert stated[0]["issuer"] == "Ban Chấp hành Trung ương Đảng khóa XII"


def test_same_local_symbol_in_two_provinces_differs():
    a = cites("Quyết định số 4791/QĐ-UBND ngày 29/12/2023 của UBND thành phố Hải Phòng.")
    b = cites("Quyết định số 4791/QĐ-UBND ngày 29/12/2023 của Ủy ban nhân dân tỉnh Lâm Đồng.")
    assert a[0]["doc_key"] == "4791/QĐ-UBND@Hải Phòng"
    assert b[0]["doc_key"] == "4791/QĐ-UBND@Lâm Đồng"
    assert b[0]["issuer"] == "Ủy ban nhân dân tỉnh Lâm Đồng"


def test_capitals_and_wrapped_number():
    rows = cites("THỰC HIỆN QUYẾT ĐỊNH SỐ 06/QĐ-TTG; Nghị định số\n\n37/2014/NĐ-\nCP ngày 05/05/2014.")
    assert rows[0]["doc_type"] == "Quyết định" and rows[0]["doc_key"] == "06/QĐ-TTg"
    assert rows[0]["issuer"] == "Thủ tướng Chính phủ"
    assert rows[1]["ref"] == "37/2014/NĐ-CP" and rows[1]["issue_date"] == D(2014, 5, 5)


def test_citation_in_footnote_block():
    text = "Ban hành 04¹ đơn vị.\n¹ Theo Quyết định số 12/QĐ-UBND ngày 02/01/2024.\n"
    start = text.index("¹ Theo")
    rows = cites(text, HP, [Block(0, start, "paragraph"), Block(start, len(text), "footnote", mark="¹")])
    assert rows[0]["ref"] == "12/QĐ-UBND" and rows[0]["issue_date"] == D(2024, 1, 2)


def test_not_citations():
    assert cites("Đề án 06, Bộ chỉ số 766, hoàn thành 08/57 nhiệm vụ, tháng 11/2024, ISO 9001:2015.") == []


def test_report_province_from_text():
    doc = doc_of("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nLâm Đồng, ngày 10 tháng 9 năm 2025\n"
                 "Ủy ban nhân dân tỉnh Lâm Đồng báo cáo")
    assert report_province(doc, {})["name"] == "Lâm Đồng"
    assert report_province(doc, {"province": "Hải Phòng"})["name"] == "Hải Phòng"


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize("text, expected", [
    ("ngày 29/12/2023", D(2023, 12, 29)),
    ("05/5/2014", D(2014, 5, 5)),
    ("ngày 19 tháng 01 năm 2024", D(2024, 1, 19)),
    ("NGÀY 20 THÁNG 10 NĂM 2023", D(2023, 10, 20)),
    ("ngày\n25/9/2025", D(2025, 9, 25)),
    ("ngày 31/02/2024", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_blank_day_month_keeps_the_year():
    (d,) = find_dates("Hải Phòng, ngày tháng năm 2024")
    assert (d.day, d.month, d.year, d.date) == (None, None, 2024, None)
    assert date_at("ngày    /    /2025", 0).year == 2025


def test_stated_issuer_against_symbol():
    rows = cites("Nghị quyết số 02/NQ-CP ngày 08/01/2026 của Thủ tướng Chính phủ; "
                 "Quyết định số 1187/QĐ-BNV ngày 15/10/2025 của Bộ trưởng Bộ Nội vụ.")
    assert rows[0]["issuer"] == "Thủ tướng Chính phủ"  # as the text states it …
    assert any("issuer disagrees" in a for a in rows[0]["anomalies"])  # … flagged
    assert rows[1]["anomalies"] == []


def test_district_body_keys_apart_from_the_province():
    rows = cites("Quyết định số 123/QĐ-UBND ngày 5/3/2024 của UBND huyện Lạc Dương.",
                 {"province": "Lâm Đồng"})
    assert rows[0]["issuer"] == "Ủy ban nhân dân huyện Lạc Dương"
    assert rows[0]["doc_key"] == "123/QĐ-UBND@huyện Lạc Dương, Lâm Đồng"


def test_steering_committee_as_subject():
    rows = cites("Ban Chỉ đạo chuyển đổi số tỉnh đã ban hành Kế hoạch số 02/KH-BCĐ ngày 03/01/2024.",
                 {"province": "Lâm Đồng"})
    assert rows[0]["issuer"] == "Ban Chỉ đạo chuyển đổi số tỉnh Lâm Đồng"
    assert cites("Kế hoạch số 02/KH-BCĐ ngày 03/01/2024.", {"province": "Lâm Đồng"})[0]["issuer"] is None


def test_subject_issues_only_through_an_issuing_verb():
    issued = cites("Sở Nội vụ tỉnh tiếp tục có Công văn số 12/SNV-CCHC ngày 03/01/2024 đôn đốc.",
                   {"province": "Lâm Đồng"})[0]
    assert (issued["issuer"], issued["issuer_source"]) == ("Sở Nội vụ tỉnh Lâm Đồng", "subject")
    named = cites("Thực hiện chỉ đạo của Sở Nội vụ, Công văn số 12/SNV-CCHC ngày 03/01/2024 đôn đốc.",
                  {"province": "Lâm Đồng"})[0]
    assert named["issuer_source"] == "symbol"  # no verb: the body is not the sentence's subject


def test_former_province_named_in_the_text():
    rows = cites("Kế hoạch số 45/KH-UBND ngày 01 tháng 3 năm 2024 của Ủy ban nhân dân tỉnh Bình Thuận.",
                 {"province": "Lâm Đồng"})
    assert rows[0]["issuer"] == "Ủy ban nhân dân tỉnh Bình Thuận"
    assert rows[0]["doc_key"] == "45/KH-UBND@Bình Thuận"


def test_issuer_written_between_type_and_number():
    rows = cites("Thực hiện Quyết định của Thủ tướng Chính phủ số 06/QĐ-TTg ngày 06/01/2022; "
                 "báo cáo thẩm định của Sở Tư pháp số 316/BC-STP ngày 25 tháng 9 năm 2025.",
                 {"province": "Quảng Ninh"})
    assert [(r["doc_type"], r["issuer"]) for r in rows] == [
        ("Quyết định", "Thủ tướng Chính phủ"), ("Báo cáo", "Sở Tư pháp tỉnh Quảng Ninh")]
