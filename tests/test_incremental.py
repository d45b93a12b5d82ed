"""Incremental runs: unchanged documents skipped, --force redoes, a changed file replaces its rows."""
from __future__ import annotations

import shutil

import pyarrow.compute as pc

import extract.batch as batch_module
from extract.batch import run_batch
from extract.schema import DOCUMENT_TABLES
from extract.tables import read_table
from tests.test_batch import SMALL, assert_no_duplicates, assert_same_tables, make_batch


def test_unchanged_documents_are_skipped(tmp_path):
    make_batch(tmp_path / "in")
    out = tmp_path / "out"
    first = run_batch([tmp_path / "in"], out, workers=1)
    assert first.documents == 2 * len(SMALL) and first.skipped == 0
    before = {p: p.stat().st_mtime_ns for p in out.glob("*.parquet")}
    again = run_batch([tmp_path / "in"], out, workers=1)
    assert again.documents == 0 and again.skipped == 2 * len(SMALL)
    # nothing rewritten: the published tables are the same files
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.parquet")} == before


def test_force_redoes_everything_without_duplicates(tmp_path):
    make_batch(tmp_path / "in")
    run_batch([tmp_path / "in"], tmp_path / "once", workers=1)
    run_batch([tmp_path / "in"], tmp_path / "twice", workers=1)
    forced = run_batch([tmp_path / "in"], tmp_path / "twice", workers=1, force=True)
    assert forced.documents == 2 * len(SMALL) and forced.skipped == 0
    assert_no_duplicates(tmp_path / "twice")
    assert_same_tables(tmp_path / "once", tmp_path / "twice")


def test_new_extractor_code_redoes_documents(tmp_path, monkeypatch):
    make_batch(tmp_path / "in", copies=1)
    run_batch([tmp_path / "in"], tmp_path / "out", workers=1)
    monkeypatch.setattr(batch_module, "extractor_fingerprint", lambda: "0.0.0+changed")
    assert run_batch([tmp_path / "in"], tmp_path / "out", workers=1).documents == len(SMALL)
    assert len(read_table(tmp_path / "out", "documents")) == len(SMALL)


def test_a_changed_file_replaces_its_old_rows(tmp_path):
    files = make_batch(tmp_path / "in", copies=1)
    out = tmp_path / "out"
    run_batch([tmp_path / "in"], out, workers=1)
    old_id = _doc_id_of(out, files[0])
    # the file gets another document's content: its rows must be those of the new content only
    shutil.copy(files[0].parent.parent / "set0" / SMALL[1], files[0])
    files[0].write_bytes(files[0].read_bytes() + b"\n\n\n")
    summary = run_batch([tmp_path / "in"], out, workers=1)
    assert summary.documents == 1 and summary.skipped == len(SMALL) - 1
    new_id = _doc_id_of(out, files[0])
    assert new_id != old_id
    for name in DOCUMENT_TABLES:
        assert old_id not in read_table(out, name)["doc_id"].to_pylist(), name
    assert len(read_table(out, "documents")) == len(SMALL)
    # the same as a first run over the changed folder
    run_batch([tmp_path / "in"], tmp_path / "fresh", workers=1)
    assert_same_tables(out, tmp_path / "fresh")


def test_a_subset_run_keeps_the_other_documents(tmp_path):
    make_batch(tmp_path / "in")
    out = tmp_path / "out"
    run_batch([tmp_path / "in" / "set0"], out, workers=1)
    run_batch([tmp_path / "in" / "set1"], out, workers=1)
    run_batch([tmp_path / "in"], tmp_path / "all", workers=1)
    assert_same_tables(out, tmp_path / "all")


def _doc_id_of(out, path) -> str:
    docs = read_table(out, "documents")
    hit = docs.filter(pc.equal(docs["source_path"], str(path)))
    assert hit.num_rows == 1
    return hit["doc_id"][0].as_py()


def test_tables_of_the_one_file_layout_are_adopted_without_duplicates(tmp_path):
    """An output folder written before parts existed: its rows are kept, its documents redone."""
    make_batch(tmp_path / "in")
    out = tmp_path / "out"
    run_batch([tmp_path / "in" / "set0"], out, workers=1)
    shutil.rmtree(out / "_parts")
    (out / "_manifest.json").unlink()
    summary = run_batch([tmp_path / "in"], out, workers=1)
    assert summary.documents == 2 * len(SMALL)  # set0 redone: its fingerprint was unknown
    run_batch([tmp_path / "in"], tmp_path / "fresh", workers=1)
    assert_same_tables(out, tmp_path / "fresh")


def test_many_small_runs_do_not_pile_up_parts(tmp_path):
    files = make_batch(tmp_path / "in", copies=3)
    out = tmp_path / "out"
    for path in files:  # one new document per run, as a nightly job that sees a few new reports
        run_batch([path], out, workers=1)
    parts = list((out / "_parts" / "documents").glob("*.parquet"))
    assert len(parts) <= 9 < len(files)
    run_batch([tmp_path / "in"], tmp_path / "fresh", workers=1)
    assert_same_tables(out, tmp_path / "fresh")
