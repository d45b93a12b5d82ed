"""Mutated real corpus files: `process_file` never raises, and each file gives a document or an error."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.pipeline import process_file
from tests.conftest import HAIPHONG, LAMDONG, MARKDOWN

SEEDS = [
    LAMDONG / "Báo cáo thực hiện các mô hình thí điểm CCHC theo QĐ787 04.10.pdf",
    LAMDONG / "Kế hoạch CCHC 2026 của tỉnh Lâm Đồng.docx",
    MARKDOWN / "6fbca663c567ca45.md",
    HAIPHONG,
]
SEED_BYTES = {p: p.read_bytes() for p in SEEDS}


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    seed = draw(st.sampled_from(SEEDS))
    data = bytearray(SEED_BYTES[seed])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "prepend", "zero_run"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif kind == "prepend":
            data[0:0] = draw(st.binary(min_size=1, max_size=300))
        else:
            data[at:at + draw(st.integers(1, 4096))] = b"\0" * 16
    return seed.suffix, bytes(data)


@pytest.fixture(autouse=True)
def no_ocr(monkeypatch):
    """OCR is exercised elsewhere; here a mutated page that lost its text is not sent to Tesseract."""
    import extract.readers.pdf as pdf
    monkeypatch.setattr(pdf, "tesseract_available", lambda: False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated())
def test_process_file_never_raises_on_mutated_corpus_files(sample):
    suffix, data = sample
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"mutated tệp{suffix}"
        path.write_bytes(data)
        result = process_file(path)
    documents, errors = result.rows["documents"], result.rows["errors"]
    assert documents or errors
    if not documents:
        assert len(errors) == 1 and errors[0]["message"]
