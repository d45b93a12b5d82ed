"""Every patterns/*.yaml file: well formed, and every entry's `examples` recognized by its matcher.

Generic on purpose: a new yaml file is covered as soon as it exists (see the convention in
extract/patterns.py: `entries` with `examples` and `note`; a matcher registered per file stem).
"""
from __future__ import annotations

import pytest

from extract import patterns

FILES = patterns.names()
CASES = [
    pytest.param(stem, i, entry, example, id=f"{stem}[{i}]:{str(example)[:40]}")
    for stem in FILES
    for i, entry in enumerate(patterns.entries(stem))
    if isinstance(entry, dict)
    for example in entry.get("examples") or []
]


@pytest.mark.parametrize("stem", FILES)
def test_file_has_entries_with_examples_and_notes(stem):
    rows = patterns.entries(stem)
    assert rows, f"{stem}.yaml needs a non-empty list of entries"
    for i, entry in enumerate(rows):
        assert isinstance(entry, dict), f"{stem}[{i}] is not a mapping"
        assert entry.get("examples"), f"{stem}[{i}] has no examples"
        assert "note" in entry, f"{stem}[{i}] has no note"


@pytest.mark.parametrize("stem, i, entry, example", CASES)
def test_example_is_recognized(stem, i, entry, example):
    assert patterns.matches(stem, entry, example), f"{stem}[{i}] does not recognize {example!r}"


def test_doc_type_codes_and_words():
    assert patterns.doc_type_by_code("QĐ") == "Quyết định"
    assert patterns.doc_type_by_code("kh") == "Kế hoạch"
    assert patterns.doc_type_by_code("KL") == "Kết luận"
    assert patterns.doc_type_by_code("UBND") is None
    assert patterns.canonical_doc_type("NGHỊ  ĐỊNH") == "Nghị định"


def test_issuer_codes_scopes():
    codes = patterns.issuer_codes()
    assert codes["TTG"]["name"] == "Thủ tướng Chính phủ"  # symbols written in capitals
    assert codes["SKH-CN"]["name"] == "Sở Khoa học và Công nghệ"
    assert codes["UBND"]["scope"] == "local"
    assert codes["TW"]["scope"] == "party" and codes["TW"]["infer"] is False


def test_provinces_34_after_2025_and_63_before():
    rows = patterns.provinces()
    current = [p for p in rows if p["status"] == "current"]
    former = [p for p in rows if p["status"] == "former"]
    assert len(current) == 34 and len(current) + len(former) == 63
    assert patterns.province_by_name("tỉnh Bình Thuận")["merged_into"] == "Lâm Đồng"
    assert patterns.province_full_name("Hải Phòng") == "thành phố Hải Phòng"
    assert patterns.province_full_name("Lâm Đồng") == "tỉnh Lâm Đồng"
