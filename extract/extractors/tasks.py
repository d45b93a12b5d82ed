"""Statements that count work done against work planned.

Two shapes are read:
* x/y after a verb of doing ("hoàn thành 08/57 nhiệm vụ", "đề xuất … đối với 11/43 thủ tục hành
  chính …, đạt tỷ lệ 25,6%"): completed x of total y, with the stated rate;
* statements counting by status, the phrases of patterns/task_phrases.yaml: a sentence ("tiếp nhận
  mới: 192, … đã hoàn thành: 138, đang xử lý: 66 (trong hạn: 62, quá hạn 4)") or a lead sentence
  ending in ":" with its bullets ("giao 78 nhiệm vụ, kết quả thực hiện: - Hoàn thành 37 nhiệm vụ
  đúng hạn; - Đang thực hiện 41 nhiệm vụ trong hạn; - Không có nhiệm vụ quá hạn").
"as_of" comes from "Tính đến 15/6/2024" in the statement or the sentence before it in its paragraph;
"source_citation_ref" from a document number cited in the statement.
"""
from __future__ import annotations

import regex

from extract.document import Document
from extract.figures.statements import Statement, statements_of
from extract.figures.taskfields import fraction_tasks, status_task
from extract.figures.text import Spans

_DIGIT = regex.compile(r"\d")
_LETTER = regex.compile(r"\p{L}")


def extract_tasks(doc: Document, citations: list[dict]) -> list[dict]:
    rows: list[dict] = []
    skip = Spans([(b.start, b.end) for b in doc.blocks if b.kind == "header"])
    for st in statements_of(doc.text, pdf=doc.format == "pdf"):
        # a task count is a numeral read with words (a status phrase, a verb of doing before x/y):
        # a statement without a digit or without a letter (most table cells: "12", "3/5") has none
        if (not _DIGIT.search(doc.text, st.start, st.end) or not _LETTER.search(doc.text, st.start, st.end)
                or st.start in skip):
            continue
        rows.extend(_rows_of(doc.text, st, citations))
    rows.sort(key=lambda r: r["char_start"])
    for i, row in enumerate(rows, start=1):
        row["task_id"] = i
    return rows


def _rows_of(text: str, st: Statement, citations: list[dict]) -> list[dict]:
    used: set[int] = set()
    status = status_task(text, st, used)
    rows = fraction_tasks(text, st, used)
    if status:
        rows.append(status)
    for row in rows:
        row.setdefault("source_citation_ref", _cited_ref(text, st, citations))
    return rows


def _cited_ref(text: str, st: Statement, citations: list[dict]) -> str | None:
    for c in citations:
        if st.start <= (c.get("char_start") or -1) < st.end and c.get("ref"):
            return c["ref"]
    from extract.figures.statements import first_ref
    return first_ref(text, st.start, st.end)
