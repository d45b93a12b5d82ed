"""checks rows: the seed report's arithmetic (relations verified by hand against the text and the
gold's consistency_checks), and a made-up report whose figures do not add up."""
from __future__ import annotations

import pytest

from extract.document import Document
from extract.pipeline import FileResult, extract_rows


@pytest.fixture(scope="module")
def checks(haiphong):
    return {c["relation"].split(" (")[0]: c for c in haiphong.rows["checks"]}


@pytest.mark.parametrize("relation, holds", [
    ("37 + 41 + 0 = 78", True),              # nhiệm vụ Chính phủ giao
    ("192 + 12 = 138 + 66", True),           # phản ánh, kiến nghị: intake balance
    ("62 + 4 = 66", True),                   # đang xử lý: trong hạn + quá hạn
    ("38 + 6 = 44", True),                   # tinh giản biên chế
    ("15 + 21 = 36", True),                  # vị trí việc làm
    ("66 + 1 + 20 = 87", True),              # văn bản hết hiệu lực
    ("6 + 11 = 17", True),                   # VBQPPL ban hành
    ("11 / 43 = 25,6%", True),
    ("4.048,546 / 17.019,198 = 23,79%", True),
    ("4.048,546 / 19.972,741 = 20,27%", True),
    ("133,37 + 3.915,176 = 4.048,546", True),
    ("27.389,3 + 24.910,9 = 53.244", False),  # a finding: the listed revenues do not reach the total
])
def test_seed_relations(checks, relation, holds):
    assert relation in checks, sorted(checks)
    assert checks[relation]["holds"] is holds


def test_check_rows_name_their_figures(haiphong):
    metric_ids = {m["metric_id"] for m in haiphong.rows["metrics"]}
    for c in haiphong.rows["checks"]:
        assert c["task_id"] is not None or c["metric_ids"]
        assert set(c["metric_ids"] or []) <= metric_ids


def _checks_of(text: str) -> list[dict]:
    doc = Document("made-up.txt", "0", "txt", text)
    result = FileResult("made-up.txt")
    extract_rows(doc, result)
    return result.rows["checks"]


def test_figures_that_do_not_add_up_are_findings():
    text = ("Ủy ban nhân dân tỉnh được Chính phủ giao 50 nhiệm vụ, kết quả thực hiện:\n"
            "- Hoàn thành 30 nhiệm vụ đúng hạn;\n- Đang thực hiện 15 nhiệm vụ trong hạn;\n"
            "- Không có nhiệm vụ quá hạn.\n"
            "Đã đề xuất phương án đơn giản hóa đối với 10/40 thủ tục hành chính, đạt tỷ lệ 30%.\n"
            "Đã phê duyệt tinh giản biên chế 20 trường hợp (12 đối tượng nghỉ hưu trước tuổi, "
            "07 đối tượng thôi việc).\n")
    rows = {c["relation"].split(" (")[0]: c["holds"] for c in _checks_of(text)}
    assert rows["30 + 15 + 0 = 50"] is False
    assert rows["10 / 40 = 30%"] is False
    assert rows["12 + 7 = 20"] is False


def test_same_indicator_twice():
    text = ("Chỉ số PAR Index năm 2023 của tỉnh đạt 85,5 điểm.\n"
            "Kết quả Chỉ số cải cách hành chính năm 2023 đạt 86,5 điểm.\n")
    rows = [c for c in _checks_of(text) if c["relation"].startswith("par_index")]
    assert rows and rows[0]["holds"] is False


@pytest.mark.parametrize("relation", [
    "4 đơn vị = footnote 1 lists 2 items, 4 counted",        # "Phòng công chứng số 5 …; 03 đơn vị …"
    "14 trường hợp = footnote 2 lists 12 items, 14 counted",  # item 9: "Giám đốc và 02 Phó Giám đốc"
    "16 trường hợp = footnote 3 lists 13 items, 16 counted",  # items 3, 6, 10: "02 …"
    "2 trường hợp = footnote 4 lists 2 items",
    "6 trường hợp = footnote 5 lists 6 items",
])
def test_footnote_lists_match_their_counts(haiphong, relation):
    rows = {c["relation"]: c["holds"] for c in haiphong.rows["checks"]}
    assert rows.get(relation) is True, sorted(rows)
