"""tasks rows: the seed report's statements (read off the text), the quarterly report's, the phrases."""
from __future__ import annotations

import datetime

import pytest

from extract import patterns
from extract.document import Document
from extract.extractors.tasks import extract_tasks
from extract.figures import taskfields  # noqa: F401  (registers the task_phrases matcher)
from extract.figures.statements import sentences
from tests.conftest import LAMDONG


@pytest.fixture(scope="module")
def tasks(haiphong):
    return haiphong.rows["tasks"]


def _with(tasks, **want):
    rows = [t for t in tasks if all(t.get(k) == v for k, v in want.items())]
    rows = [{k: r.get(k) for k in (*r, "total", "completed_pct", "overdue")} for r in rows]
    assert rows, f"no task with {want}"
    return rows[0]


def test_plan_progress_with_as_of_and_plan(tasks):
    t = _with(tasks, completed=8, total=57)
    assert t["unit"] == "nhiệm vụ"
    assert t["as_of"] == datetime.date(2024, 6, 15)
    assert t["source_citation_ref"] == "4791/QĐ-UBND"


def test_list_form_with_bullets(tasks):
    t = _with(tasks, total=78)
    assert (t["completed"], t["completed_on_time"], t["in_progress"], t["in_progress_on_time"],
            t["overdue"]) == (37, 37, 41, 41, 0)
    assert t["subject"] == "nhiệm vụ được Chính phủ, Thủ tướng Chính phủ giao"
    assert "Không có nhiệm vụ quá hạn" in t["quote"]


def test_intake_counts(tasks):
    t = _with(tasks, received_new=192)
    assert (t["carried_over"], t["completed"], t["in_progress"], t["in_progress_on_time"], t["overdue"]) == \
        (12, 138, 66, 62, 4)
    assert t["unit"] == "phản ánh, kiến nghị" and t["total"] is None


def test_stated_rate(tasks):
    t = _with(tasks, completed=11, total=43)
    assert t["completed_pct"] == 25.6 and t["unit"] == "TTHC"


def test_quarterly_report_counts_assigned_tasks():
    from extract.pipeline import process_file
    rows = process_file(LAMDONG / "Báo cáo CCHC Qúy I 2026 tỉnh Lâm Đồng.docx").rows["tasks"]
    t = _with(rows, total=21)
    assert (t["completed_on_time"], t["in_progress_on_time"]) == (15, 6)
    assert _with(rows, completed=11, total=49)["completed_pct"] == 22.45


def test_single_counts_and_rank_fractions_are_not_tasks():
    text = "Tỉnh xếp hạng thứ 12/63. Đã ban hành 17 văn bản quy phạm pháp luật."
    assert extract_tasks(Document("x.txt", "0", "txt", text), []) == []


@pytest.mark.parametrize("entry", patterns.entries("task_phrases"), ids=lambda e: e["name"])
def test_phrase_examples(entry):
    assert entry["note"]
    for example in entry["examples"]:
        assert patterns.MATCHERS["task_phrases"](entry, example), example


def test_sentences_end_at_a_period_before_a_space_and_at_line_breaks():
    text = "  Tỉnh đã giải quyết 1.317 hồ sơ. Đạt 98,5%.\nKết quả:  \n- Hoàn thành 37 nhiệm vụ;\n \n"
    assert [text[a:b] for a, b in sentences(text)] == [
        "Tỉnh đã giải quyết 1.317 hồ sơ.", "Đạt 98,5%.", "Kết quả:", "- Hoàn thành 37 nhiệm vụ;"]


def test_pdf_sentences_run_across_wrapped_lines():
    text = "Tỉnh đã giải quyết 138 hồ sơ\nđúng hạn, 4 hồ sơ quá hạn;\nKết quả\n- Đang xử lý 66 hồ sơ\n"
    assert [text[a:b] for a, b in sentences(text, pdf=True)] == [
        "Tỉnh đã giải quyết 138 hồ sơ\nđúng hạn, 4 hồ sơ quá hạn;", "Kết quả", "- Đang xử lý 66 hồ sơ"]
