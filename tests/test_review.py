"""`cchc review`: HTML pages of a document's text with every extracted row highlighted.

The renderer is tested on the Hải Phòng report with rows placed from the gold annotation (96
citations, 15 task statements, 88 figures, 24 headings written by hand), so it is exercised on
many real, overlapping spans whatever the extractors find today.
"""
from __future__ import annotations

import json
import unicodedata
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.review import Span, render_page, render_text
from tests.conftest import GOLD, HAIPHONG, MARKDOWN

runner = CliRunner()


class Marks(HTMLParser):
    """The highlights of a page: one entry per row (continuations joined), with its text."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple | None] = []
        self.marks: dict[tuple[str, str], dict] = {}
        self.heads = 0
        self.in_text = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.in_text = True
        if tag != "mark":
            return
        key = (a["data-kind"], a["data-row"])
        self.heads += "data-cont" not in a
        self.marks.setdefault(key, {"text": "", "classes": a["class"], "inside": [], "parts": 0})
        self.marks[key]["parts"] += 1
        self.marks[key]["inside"] = [k for k in self.stack if k]
        self.stack.append(key)

    def handle_endtag(self, tag):
        if tag == "mark":
            self.stack.pop()
        if tag == "article":
            self.in_text = False

    def handle_data(self, data):
        if self.in_text:
            self.text.append(data)
        for key in self.stack:
            self.marks[key]["text"] += data


def parse(page: str) -> Marks:
    marks = Marks()
    marks.feed(page)
    return marks


def place_gold_rows(haiphong) -> dict[str, list[dict]]:
    """Rows of the Hải Phòng report placed from the gold annotation (quote → first unused match)."""
    text = haiphong.document.text
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    rows = {"documents": haiphong.rows["documents"]}
    for table, id_col in (("citations", "mention_id"), ("tasks", "task_id"), ("metrics", "metric_id")):
        rows[table], after = [], {}
        for entry in gold[table]:
            quote = unicodedata.normalize("NFC", entry["quote"]).replace("*", "")
            start = text.find(quote, after.get(quote, 0))
            if start < 0:
                continue
            after[quote] = start + 1
            rows[table].append({id_col: len(rows[table]) + 1, "char_start": start,
                                "char_end": start + len(quote), "quote": quote})
    rows["sections"] = []
    for entry in gold["sections"]:
        start = text.find(entry["title"])
        line_start = text.rfind("\n", 0, start) + 1
        rows["sections"].append({"section_id": entry["path"], "label": entry["label"],
                                 "title": entry["title"], "char_start": line_start, "char_end": len(text)})
    return rows


@pytest.fixture(scope="module")
def gold_rows(haiphong):
    return place_gold_rows(haiphong)


def test_every_gold_row_is_one_highlight_with_its_quote(haiphong, gold_rows):
    marks = parse(render_page(haiphong.document.text, gold_rows))
    n_rows = sum(len(gold_rows[t]) for t in ("citations", "tasks", "metrics", "sections"))
    assert n_rows > 200  # 95 citations found verbatim, 15 tasks, 88 metrics, 24 headings
    assert marks.heads == n_rows == len(marks.marks)
    for table, kind in (("citations", "citation"), ("tasks", "task"), ("metrics", "metric")):
        id_col = {"citations": "mention_id", "tasks": "task_id", "metrics": "metric_id"}[table]
        for row in gold_rows[table]:
            assert marks.marks[(kind, str(row[id_col]))]["text"] == row["quote"]


def test_highlighting_keeps_the_text_intact(haiphong, gold_rows):
    marks = parse(render_page(haiphong.document.text, gold_rows))
    assert "".join(marks.text) == haiphong.document.text


def test_a_metric_inside_a_task_statement_is_nested_in_it(haiphong, gold_rows):
    # line 29: "… hoàn thành 08/57 nhiệm vụ …" is both task 1 and a figure
    marks = parse(render_page(haiphong.document.text, gold_rows))
    task = next(k for k, m in marks.marks.items() if k[0] == "task" and "08/57" in m["text"])
    inner = [k for k, m in marks.marks.items() if k[0] == "metric" and task in m["inside"]]
    assert inner, "no metric shown inside the task statement containing 08/57"


def test_heading_highlight_stops_at_the_end_of_the_heading_line(haiphong, gold_rows):
    marks = parse(render_page(haiphong.document.text, gold_rows))
    first = marks.marks[("section", "I")]
    assert first["text"] == "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"


def test_crossing_spans_are_split_and_the_second_part_marked(haiphong):
    text = haiphong.document.text
    start = text.index("Công văn số 581/BNV-CCHC")
    spans = [Span(start, start + 24, "citation", "1"), Span(start + 12, start + 40, "metric", "7")]
    marks = parse(render_text(text, spans).join(["<article>", "</article>"]))
    assert marks.heads == 2
    assert marks.marks[("metric", "7")]["parts"] == 2
    assert marks.marks[("metric", "7")]["text"] == text[start + 12:start + 40]


def test_failed_checks_mark_their_rows_and_are_listed(haiphong, gold_rows):
    rows = dict(gold_rows, checks=[
        {"check_id": 1, "relation": "37 + 41 + 0 = 79", "holds": False, "task_id": 2, "metric_ids": [3]},
        {"check_id": 2, "relation": "8 + 49 = 57", "holds": True, "task_id": 1, "metric_ids": []}])
    page = render_page(haiphong.document.text, rows)
    marks = parse(page)
    assert "failed" in marks.marks[("task", "2")]["classes"]
    assert "failed" in marks.marks[("metric", "3")]["classes"]
    assert "failed" not in marks.marks[("task", "1")]["classes"]
    assert "1 hold, <b>1 fail</b>" in page
    assert "37 + 41 + 0 = 79" in page


def test_page_is_self_contained(haiphong, gold_rows):
    class Refs(HTMLParser):
        def __init__(self):
            super().__init__()
            self.refs = []

        def handle_starttag(self, tag, attrs):
            self.refs += [(tag, k, v) for k, v in attrs if k in ("src", "href")]
            if tag == "link":
                self.refs.append(tag)

    parser = Refs()
    page = render_page(haiphong.document.text, gold_rows)
    parser.feed(page)
    assert parser.refs == []  # no script, style sheet, font or image fetched from anywhere
    assert "url(" not in page.split("<article")[0]


def test_cli_review_file_writes_one_highlight_per_extracted_row(tmp_path, haiphong):
    target = tmp_path / "review.html"
    res = runner.invoke(app, ["review", str(HAIPHONG), "-o", str(target)])
    assert res.exit_code == 0, res.output
    marks = parse(target.read_text(encoding="utf-8"))
    expected = sum(len(haiphong.rows[t]) for t in ("citations", "tasks", "metrics", "sections"))
    assert marks.heads == expected
    assert "".join(marks.text) == haiphong.document.text


def test_cli_review_of_an_output_folder_writes_an_index_and_one_page_per_document(tmp_path):
    from extract.batch import run_batch

    out = tmp_path / "outputs"
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really a PDF")
    run_batch([HAIPHONG, MARKDOWN / "0a97eb9c3c536047.md", broken], out, workers=1)
    res = runner.invoke(app, ["review", str(out), "-o", str(tmp_path / "review")])
    assert res.exit_code == 0, res.output
    index = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    pages = sorted(p.name for p in (tmp_path / "review").glob("*.html") if p.name != "index.html")
    assert len(pages) == 2
    for page in pages:
        assert f'href="{page}"' in index
    assert "haiphong_cchc_6thang_2024.txt" in index
    assert "0a97eb9c3c536047.md" in index
    assert "broken.pdf" in index  # a file that could not be read is listed with its error

    # the page shows the rows of the tables: one highlight per row of that document
    from extract.query import query
    _, [(doc_id,)] = query(out, "select doc_id from documents where source_path like '%haiphong%'")
    expected = sum(query(out, f"select count(*) from {t} where doc_id = ?", [doc_id])[1][0][0]
                   for t in ("citations", "tasks", "metrics", "sections"))
    marks = parse((tmp_path / "review" / f"{doc_id}.html").read_text(encoding="utf-8"))
    assert marks.heads == expected


def test_cli_review_of_a_missing_file_fails(tmp_path):
    res = runner.invoke(app, ["review", str(tmp_path / "nothing.txt"), "-o", str(tmp_path / "r.html")])
    assert res.exit_code == 2
