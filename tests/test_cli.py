"""Every `cchc` command through typer's CLI runner, and documented in the README."""
from __future__ import annotations

import json
import re

import pandas as pd
from typer.testing import CliRunner

from extract.cli import app
from tests.conftest import HAIPHONG, LAMDONG, ROOT

runner = CliRunner()


def command_names() -> list[str]:
    return [c.name or c.callback.__name__ for c in app.registered_commands]


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in command_names():
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Usage" in result.output
        assert re.search(rf"cchc {name}\b", readme), f"README does not show `cchc {name}`"


def test_extract_files_folders_and_globs(tmp_path):
    out = tmp_path / "out"
    pdf = str(LAMDONG / "Báo cáo thực hiện các mô hình thí điểm CCHC theo QĐ787 04.10.pdf")
    args = ["extract", str(HAIPHONG), pdf, str(LAMDONG / "*.docx"), "-o", str(out), "-w", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    docs = pd.read_parquet(out / "documents.parquet") if (out / "documents.parquet").exists() \
        else pd.read_parquet(out / "documents")
    assert len(docs) == 6  # the txt, the pdf, the four docx
    assert "6 documents" in result.output and "errors" in result.output


def test_extract_reports_a_bad_file_and_goes_on(tmp_path):
    bad = tmp_path / "trống.pdf"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(bad), str(HAIPHONG), "-o", str(out), "-w", "1"])
    assert result.exit_code == 0
    assert "1 documents" in result.output and "1 errors" in result.output
    errors = pd.read_parquet(out / "errors.parquet") if (out / "errors.parquet").exists() \
        else pd.read_parquet(out / "errors")
    assert errors.iloc[0]["source_path"].endswith("trống.pdf")
    assert "empty" in errors.iloc[0]["message"]


def test_extract_with_no_inputs_fails_clearly(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nothing*"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "no input files" in result.output


def test_show_json_gives_text_and_rows():
    result = runner.invoke(app, ["show", str(HAIPHONG), "--json"])
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["documents"][0]["format"] == "txt"
    assert "Kính gửi: Bộ Nội vụ" in payload["text"]


def test_show_in_the_terminal():
    result = runner.invoke(app, ["show", str(HAIPHONG)])
    assert result.exit_code == 0
    assert "doc_id" in result.output and "d2f67ff180c7ff36" in result.output


def test_eval_prints_one_line_per_gold(corpus_outputs):
    result = runner.invoke(app, ["eval", "-o", str(corpus_outputs)])
    assert result.output.startswith("haiphong_cchc_6thang_2024: citations P")


def test_eval_without_the_document_fails(tmp_path):
    result = runner.invoke(app, ["eval", "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "no documents row" in result.output
