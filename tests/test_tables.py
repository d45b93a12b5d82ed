"""The tables of one corpus run: contract columns and types, and the offset invariant everywhere."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from extract.readers import read_document
from extract.schema import SCHEMAS, TABLES
from extract.tables import read_table
from tests.conftest import corpus_files

SPAN_TABLES = ("citations", "tasks", "metrics")


def test_all_seven_tables_with_contract_schema(corpus_outputs):
    for name in TABLES:
        table = read_table(corpus_outputs, name)
        assert table.schema.equals(SCHEMAS[name]), name
        # readable by pandas straight from the folder, as analysts do
        assert list(pd.read_parquet(_path(corpus_outputs, name)).columns) == SCHEMAS[name].names


def _path(out, name):
    single = out / f"{name}.parquet"
    return single if single.exists() else out / name


def test_every_corpus_file_has_a_documents_row_or_an_errors_row(corpus_outputs):
    docs = read_table(corpus_outputs, "documents").to_pandas()
    errors = read_table(corpus_outputs, "errors").to_pandas()
    names = set(docs["source_path"].map(os.path.basename))
    failed = set(errors["source_path"].map(os.path.basename))
    for path in corpus_files():
        assert path.name in names or path.name in failed, path
    # text formats, DOCX and text-layer PDFs always read
    readable = docs[docs["format"].isin(["txt", "md", "docx"])]
    assert len(readable) >= 44 and (readable["n_chars"] > 0).all()
    assert errors["message"].str.len().gt(0).all()


def test_doc_id_is_the_sha256_prefix_of_the_bytes(corpus_outputs):
    import hashlib
    docs = read_table(corpus_outputs, "documents").to_pandas()
    for row in docs.head(5).itertuples():
        data = Path(row.source_path).read_bytes()
        assert row.doc_id == hashlib.sha256(data).hexdigest()[:16]


@pytest.fixture(scope="module")
def texts(corpus_outputs):
    docs = read_table(corpus_outputs, "documents").to_pandas()
    return {row.doc_id: read_document(row.source_path).text for row in docs.itertuples()}


@pytest.mark.parametrize("name", SPAN_TABLES)
def test_quote_is_the_text_at_its_offsets(corpus_outputs, texts, name):
    rows = read_table(corpus_outputs, name).to_pandas()
    for row in rows.itertuples():
        assert texts[row.doc_id][row.char_start:row.char_end] == row.quote, (name, row.doc_id, row.quote)


def test_section_offsets_lie_in_the_text(corpus_outputs, texts):
    rows = read_table(corpus_outputs, "sections").to_pandas()
    for row in rows.itertuples():
        assert 0 <= row.char_start < row.char_end <= len(texts[row.doc_id])


def test_text_columns_are_nfc(corpus_outputs):
    import unicodedata
    for name in ("documents", "citations", "metrics"):
        df = read_table(corpus_outputs, name).to_pandas()
        for col in df.columns:
            if df[col].dtype == object:
                for v in df[col].dropna():
                    if isinstance(v, str):
                        assert unicodedata.is_normalized("NFC", v), (name, col, v)


def test_parquet_files_carry_the_explicit_schema(corpus_outputs):
    for name in TABLES:
        path = _path(corpus_outputs, name)
        files = [path] if path.is_file() else sorted(path.glob("*.parquet"))
        for f in files[:1]:
            assert pq.read_schema(f).remove_metadata().equals(SCHEMAS[name])
