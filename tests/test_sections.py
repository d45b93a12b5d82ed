"""The section tree on real corpus documents (expected headings read off the documents)."""
from __future__ import annotations

import json

import pytest

from extract.extractors.sections import extract_sections
from extract.readers import read_document
from tests.conftest import GOLD, HAIPHONG, LAMDONG, MARKDOWN


@pytest.fixture(scope="module")
def seed():
    doc = read_document(HAIPHONG)
    return doc, extract_sections(doc)


def test_every_gold_heading_with_its_level_label_title_and_path(seed):
    _, rows = seed
    by_id = {r["section_id"]: r for r in rows}
    for g in json.loads(GOLD.read_text(encoding="utf-8"))["sections"]:
        row = by_id[g["path"]]
        assert (row["level"], row["label"].rstrip(".)"), row["title"]) == (
            g["level"], g["label"].rstrip(".)"), g["title"])


def test_run_in_headings_sit_under_their_section(seed):
    doc, rows = seed
    runins = [r for r in rows if r["level"] == 4]
    for g in json.loads(GOLD.read_text(encoding="utf-8"))["run_in_subheadings"]:
        title = g["quote"].strip("*- :").rstrip(":*")
        found = [r for r in runins if title.startswith(r["title"])]
        assert found and found[0]["parent_id"] == g["parent_path"], g["quote"]


def test_spans_nest_and_stop_before_the_signature(seed):
    doc, rows = seed
    by_id = {r["section_id"]: r for r in rows}
    for r in rows:
        assert doc.text[r["char_start"]:].startswith((r["label"] or "-").rstrip("."))
        if r["parent_id"]:
            parent = by_id[r["parent_id"]]
            assert parent["char_start"] < r["char_start"] and r["char_end"] <= parent["char_end"]
    last = max(r["char_end"] for r in rows)
    assert doc.text[last:].lstrip().startswith("Nơi nhận")
    siblings = [r for r in rows if r["level"] == 1]
    assert all(a["char_end"] == b["char_start"] for a, b in zip(siblings, siblings[1:], strict=False))


def test_no_heading_in_a_footnote(seed):
    doc, rows = seed
    assert not any(doc.in_footnote(r["char_start"]) for r in rows)


def test_docx_headings_numbered_by_word_are_found_by_their_bold():
    """The plan numbers "1. Cải cách thể chế" with Word's list numbering: the number is not in the text."""
    doc = read_document(LAMDONG / "Kế hoạch CCHC 2026 của tỉnh Lâm Đồng.docx")
    rows = extract_sections(doc)
    the = {r["title"]: r for r in rows}
    assert the["MỤC TIÊU, NHIỆM VỤ"]["level"] == 1
    reform = the["Cải cách thể chế"]
    assert reform["level"] == 2 and reform["parent_id"] == the["MỤC TIÊU, NHIỆM VỤ"]["section_id"]
    goals = [r for r in rows if r["parent_id"] == reform["section_id"]]
    assert [(r["label"], r["title"]) for r in goals] == [("a)", "Mục tiêu"), ("b)", "Nhiệm vụ")]


def test_pdf_headings_from_line_starts_and_nothing_from_the_distribution_list():
    doc = read_document(LAMDONG / "Báo cáo thực hiện các mô hình thí điểm CCHC theo QĐ787 04.10.pdf")
    rows = extract_sections(doc)
    assert [r["title"] for r in rows if r["level"] == 1] == [
        "CÔNG TÁC TRIỂN KHAI", "KẾT QUẢ THỰC HIỆN", "NHẬN XÉT", "ĐỀ XUẤT, KIẾN NGHỊ"]
    assert [r["title"] for r in rows if r["parent_id"] == "III"] == ["Kết quả đạt được", "Hạn chế, khó khăn"]
    assert not any(r["title"].startswith("Lưu") for r in rows)


def test_articles_of_a_web_page_laid_out_as_one_table():
    """thuvienphapluat pages: the whole document in one cell, "Điều" and its number on two lines."""
    doc = read_document(MARKDOWN / "43ce594e2a648040.md")
    rows = extract_sections(doc)
    assert [r["label"] for r in rows if r["level"] == 1] == ["Điều 1.", "Điều 2.", "Điều 3.", "Điều 4."]
    assert [r["label"] for r in rows if r["parent_id"] == "Điều2"] == ["1.", "2."]


def test_plan_with_roman_parts():
    doc = read_document(MARKDOWN / "0a97eb9c3c536047.md")
    rows = extract_sections(doc)
    assert [r["title"] for r in rows if r["level"] == 1] == [
        "MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG TRỌNG TÂM", "PHÂN CÔNG NHIỆM VỤ", "TỔ CHỨC THỰC HIỆN"]
    tasks = [r["title"] for r in rows if r["parent_id"] == "III"]
    assert tasks[:2] == ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]


def test_each_offset_is_located_in_its_innermost_section(seed):
    from extract.pipeline import SectionLocator
    doc, rows = seed
    locate = SectionLocator(rows)
    for offset in range(0, len(doc.text), 37):
        holding = [r for r in rows if r["char_start"] <= offset < r["char_end"]]
        innermost = max(holding, key=lambda r: (r["char_start"], -r["char_end"]), default=None)
        assert locate(offset) == (innermost["section_id"] if innermost else None), offset
