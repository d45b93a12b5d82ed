"""`cchc query`: SQL over the tables of an output folder, as a terminal table, CSV or JSON."""
from __future__ import annotations

import csv
import io
import json
import shutil

from typer.testing import CliRunner

from extract.cli import app
from extract.query import query, read_rows, table_files

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["query", *args])


def test_json_counts_the_markdown_documents_of_the_corpus(corpus_outputs):
    # corpus/thuvienphapluat_md/ holds 39 Markdown pages, each one document
    res = run("select format, count(*) as n from documents group by format order by format",
              "-o", str(corpus_outputs), "--format", "json")
    assert res.exit_code == 0, res.output
    by_format = {r["format"]: r["n"] for r in json.loads(res.stdout)}
    assert by_format["md"] == 39
    assert by_format["txt"] == 1


def test_csv_has_a_header_and_one_line_per_row(corpus_outputs):
    res = run("select source_path, format from documents where format = 'txt'",
              "-o", str(corpus_outputs), "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert rows == [["source_path", "format"], [rows[1][0], "txt"]]
    assert rows[1][0].endswith("haiphong_cchc_6thang_2024.txt")


def test_dates_and_lists_come_out_as_plain_json(corpus_outputs):
    res = run("select date '2024-06-30' as d, ['a', 'b'] as l, doc_id from documents limit 1",
              "-o", str(corpus_outputs), "-f", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)[0]["d"] == "2024-06-30"
    assert json.loads(res.stdout)[0]["l"] == ["a", "b"]


def test_rich_table_shows_the_columns_and_the_row_count(corpus_outputs):
    res = run("select count(*) as documents_in_corpus from documents", "-o", str(corpus_outputs))
    assert res.exit_code == 0, res.output
    assert "documents_in_corpus" in res.stdout
    assert "1 row(s)" in res.stdout


def test_every_contract_table_is_a_view_even_when_not_written(tmp_path):
    (tmp_path / "out").mkdir()
    for name in ("documents", "citations", "tasks", "metrics", "sections", "checks", "errors"):
        columns, rows = query(tmp_path / "out", f"select * from {name}")
        assert rows == []
        assert "doc_id" in columns
    columns, _ = query(tmp_path / "out", "select doc_key, issuer from citations")
    assert columns == ["doc_key", "issuer"]


def test_a_table_stored_as_a_folder_of_part_files_is_read_whole(corpus_outputs, tmp_path):
    out = tmp_path / "parts"
    (out / "documents").mkdir(parents=True)
    single = corpus_outputs / "documents.parquet"
    parts = [single] if single.is_file() else sorted((corpus_outputs / "documents").glob("*.parquet"))
    for copy in (0, 1):
        for i, part in enumerate(parts):
            shutil.copy(part, out / "documents" / f"part-{copy}-{i}.parquet")
    assert table_files(out, "documents").endswith("*.parquet")
    assert len(read_rows(out, "documents")) == 2 * len(read_rows(corpus_outputs, "documents"))


def test_bad_sql_fails_with_a_message(corpus_outputs):
    res = run("select no_such_column from documents", "-o", str(corpus_outputs))
    assert res.exit_code == 1
    assert "no_such_column" in res.output


def test_missing_output_folder_is_reported(tmp_path):
    res = run("select 1", "-o", str(tmp_path / "nowhere"))
    assert res.exit_code == 2
