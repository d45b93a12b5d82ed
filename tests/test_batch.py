"""The batch layer: inputs given many ways, tables readable by every tool, the same rows each time."""
from __future__ import annotations

import gc
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from extract.batch import expand_inputs, run_batch
from extract.schema import SCHEMAS, TABLES
from extract.tables import read_table
from tests.conftest import HAIPHONG, LAMDONG, MARKDOWN

# Small Markdown documents of the corpus (a few kB each), so batches stay fast.
SMALL = ["6fbca663c567ca45.md", "d00d6f676b064e11.md", "1476f29807502624.md", "52887e76100331dc.md"]
KEYS = {"documents": ["doc_id"], "citations": ["doc_id", "mention_id"], "tasks": ["doc_id", "task_id"],
        "metrics": ["doc_id", "metric_id"], "sections": ["doc_id", "section_id"],
        "checks": ["doc_id", "check_id"], "errors": ["source_path", "stage", "message"]}


def make_batch(folder: Path, copies: int = 2) -> list[Path]:
    """`copies` variants of each small document: a different number of trailing newlines, so
    every file has its own bytes (its own doc_id) and the same text."""
    files = []
    for i in range(copies):
        sub = folder / f"set{i}"
        sub.mkdir(parents=True, exist_ok=True)
        for name in SMALL:
            target = sub / name
            target.write_bytes((MARKDOWN / name).read_bytes() + b"\n" * (i + 1))
            files.append(target)
    return files


def frames(out: Path) -> dict[str, pd.DataFrame]:
    """Every table, rows in a canonical order (parts arrive in completion order)."""
    result = {}
    for name in TABLES:
        df = read_table(out, name).to_pandas()
        result[name] = df.sort_values(KEYS[name], kind="stable").reset_index(drop=True)
    return result


def assert_same_tables(a: Path, b: Path) -> None:
    fa, fb = frames(a), frames(b)
    for name in TABLES:
        pd.testing.assert_frame_equal(fa[name], fb[name], obj=name)


def assert_no_duplicates(out: Path) -> None:
    for name, df in frames(out).items():
        if name != "errors" and len(df):
            assert not df.duplicated(KEYS[name]).any(), name


@pytest.fixture
def batch(tmp_path) -> Path:
    folder = tmp_path / "in"
    make_batch(folder)
    return folder


def test_overlapping_inputs_give_each_document_once(batch, tmp_path, monkeypatch):
    monkeypatch.chdir(batch)
    out = tmp_path / "out"
    # the folder, a sub-folder of it, a glob into it, one file twice by two spellings
    one = batch / "set0" / SMALL[0]
    inputs = [batch, batch / "set1", str(batch / "set0" / "*.md"), one, Path("set0") / SMALL[0]]
    run_batch(inputs, out, workers=1)
    docs = read_table(out, "documents").to_pandas()
    assert len(docs) == 2 * len(SMALL)
    assert docs["doc_id"].is_unique
    assert_no_duplicates(out)
    # the same overlapping inputs again, forced: still each document once
    run_batch(inputs + [batch], out, workers=1, force=True)
    assert len(read_table(out, "documents")) == 2 * len(SMALL)
    assert_no_duplicates(out)


def test_identical_bytes_under_two_names_are_one_document(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(MARKDOWN / SMALL[0], folder / "a.md")
    shutil.copy(MARKDOWN / SMALL[0], folder / "b.md")
    run_batch([folder], tmp_path / "out", workers=1)
    assert len(read_table(tmp_path / "out", "documents")) == 1


def test_a_run_in_this_process_leaves_the_callers_gc_settings(batch, tmp_path):
    # the batch raises the young-generation threshold while it works (extract/engines.py); a
    # notebook or a host program that calls run_batch gets its own settings back
    before = gc.get_threshold()
    gc.set_threshold(500, 7, 9)
    try:
        run_batch([batch], tmp_path / "out", workers=1)
        assert gc.get_threshold() == (500, 7, 9)
    finally:
        gc.set_threshold(*before)


def test_tables_read_with_pandas_duckdb_and_the_contract_schema(batch, tmp_path):
    out = tmp_path / "out"
    run_batch([batch], out, workers=2)
    for name in TABLES:
        assert read_table(out, name).schema.equals(SCHEMAS[name])
        assert list(pd.read_parquet(out / f"{name}.parquet").columns) == SCHEMAS[name].names
    n = duckdb.sql(f"select count(*) from read_parquet('{out}/documents*')").fetchall()[0][0]
    assert n == 2 * len(SMALL)


def test_parallel_run_equals_serial_run(batch, tmp_path):
    run_batch([batch], tmp_path / "serial", workers=1)
    run_batch([batch], tmp_path / "parallel", workers=2)
    assert_same_tables(tmp_path / "serial", tmp_path / "parallel")


def test_no_input_still_writes_readable_empty_tables(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    summary = run_batch([empty], tmp_path / "out", workers=1)
    assert summary.documents == 0
    for name in TABLES:
        assert pd.read_parquet(tmp_path / "out" / f"{name}.parquet").empty


def test_output_folder_inside_the_input_is_not_read(batch):
    out = batch / "outputs"
    run_batch([batch], out, workers=1)
    run_batch([batch], out, workers=1, force=True)
    assert len(read_table(out, "documents")) == 2 * len(SMALL)
    assert not [p for p in expand_inputs([batch]) if "outputs" in p.parts]


def test_a_second_writer_of_the_same_folder_is_refused(batch, tmp_path):
    from extract.tables import OutputLocked, TableStore
    with TableStore.open(tmp_path / "out"), pytest.raises(OutputLocked):
        run_batch([batch], tmp_path / "out", workers=1)


@pytest.mark.parametrize("source", [
    MARKDOWN / SMALL[0], HAIPHONG, LAMDONG / "Kế hoạch CCHC 2026 của tỉnh Lâm Đồng.docx",
    LAMDONG / "Báo cáo thực hiện các mô hình thí điểm CCHC theo QĐ787 04.10.pdf"])
def test_bench_copies_have_their_own_doc_id_and_the_text_plus_a_copy_line(source, tmp_path):
    """A PDF copy keeps the text as it is; the others end their body with "Bench copy k."."""
    from extract.bench import variant
    from extract.readers import read_document
    original = read_document(source)
    for k in (0, 7):
        path = tmp_path / f"{k}{source.suffix}"
        path.write_bytes(variant(source.read_bytes(), k))
        copy = read_document(path)
        assert copy.doc_id != original.doc_id
        if source.suffix == ".pdf":
            assert copy.text == original.text
        else:
            assert copy.text.count(f"Bench copy {k}.") == 1
            assert copy.text.replace(f"Bench copy {k}.", "", 1).rstrip() == original.text.rstrip()


def test_the_bench_prints_every_figure_the_readme_keeps(tmp_path, capsys):
    """A small `make bench`: per-format rates, the PDF ratio to raw pypdfium2, the re-run, memory
    at scale (a second batch built the same way)."""
    from extract.bench import main
    main(["--docs", "30", "--scale-docs", "40", "--repeats", "1", "--keep", str(tmp_path)])
    printed = capsys.readouterr().out
    for fmt in ("docx", "md", "pdf", "txt"):
        assert f"\n  {fmt} " in printed
    assert "% of raw pypdfium2" in printed
    assert "no-change re-run: 30 skipped, 0 redone" in printed
    assert "at scale: 40 documents, " in printed and ", 0 errors; peak memory " in printed
