"""Every corpus file is read, by the right route: native, ocr, converted (legacy-encoding on demand)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from extract.readers import read_document, sniff
from tests.conftest import CORPUS, LAMDONG, corpus_files

MODELS_PDF = LAMDONG / "Báo cáo thực hiện các mô hình thí điểm CCHC theo QĐ787 04.10.pdf"
# Read off the files themselves: two scans without text layer, two scans whose text layer is an
# English OCR pass, one Word 97 file, one RTF.
EXPECTED_SOURCE = {
    "lamdong/17026.pdf": "ocr",
    "lamdong/QD932.pdf": "ocr",
    "lamdong/493 TB.pdf": "ocr",
    "lamdong/4377(30.09.2025_17h58p29)_signed.pdf": "ocr",
    "lamdong/BÁO CÁO ĐỀ ÁN 06 tính đến 20-10-2025 .doc": "converted",
    "lamdong/Phiếu trình MỚI.rtf": "converted",
}


def relative(path: str | Path) -> str:
    return str(Path(path).resolve().relative_to(CORPUS.resolve()))


@pytest.fixture(scope="module")
def documents(corpus_outputs):
    docs = pd.read_parquet(corpus_outputs / "documents.parquet")
    docs["relative"] = [relative(p) for p in docs.source_path]
    return docs


def test_every_corpus_file_yields_a_documents_row(documents):
    assert {relative(p) for p in corpus_files()} <= set(documents.relative)


@pytest.mark.parametrize("name", sorted(EXPECTED_SOURCE))
def test_text_source_of_the_hard_files(documents, name):
    row = documents[documents.relative == name].iloc[0]
    assert row.text_source == EXPECTED_SOURCE[name]
    assert row.n_chars > 500


def test_every_corpus_document_has_vietnamese_text(documents):
    assert (documents.n_chars > 200).all()
    for warnings in documents.warnings:
        assert not any("does not look Vietnamese" in w for w in warnings)
    native = documents[~documents.relative.isin(EXPECTED_SOURCE)]
    assert set(native.text_source) == {"native"}


def test_no_corpus_file_ends_in_errors(corpus_outputs):
    errors = pd.read_parquet(corpus_outputs / "errors.parquet")
    assert not set(errors.stage) & {"read", "ocr", "convert"}, errors.to_dict("records")


def test_format_is_told_by_content_not_by_name(tmp_path):
    misnamed = tmp_path / "thực ra là PDF.docx"
    misnamed.write_bytes(MODELS_PDF.read_bytes())
    doc = read_document(misnamed)
    assert doc.format == "pdf" and doc.pages == 8
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", tmp_path / "a.pdf")[0] == "doc"


def test_file_names_with_spaces_and_vietnamese_letters(tmp_path):
    path = tmp_path / "Báo cáo   tháng 10 (bản cuối) – Đề án 06.docx"
    path.write_bytes((LAMDONG / "BÁO CÁO ĐỀ ÁN 06 tháng 10.docx").read_bytes())
    doc = read_document(path)
    assert doc.source_path == str(path) and "Đề án 06" in doc.text
