"""Normalization: the forms extractors rely on, and offsets that always lead back to the raw text."""
from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from extract.normalize import fold, normalize, to_normalized


def test_lookalikes_dashes_spaces():
    text, _ = normalize("Quyết định số 4791/QÐ\u2013UBND\u00a0\u00a0ngày\t29/12/2023\u200b")
    assert text == "Quyết định số 4791/QĐ-UBND ngày 29/12/2023"


def test_decomposed_input_is_composed():
    decomposed = unicodedata.normalize("NFD", "Nghị định của Chính phủ")
    text, offsets = normalize(decomposed)
    assert text == "Nghị định của Chính phủ"
    assert len(offsets) == len(text) + 1


def test_one_tone_placement():
    assert fold("Hoà Bình") == fold("Hòa Bình") == "hòa bình"
    assert fold("Uỷ ban nhân dân") == fold("Ủy ban nhân dân")
    assert fold("khoá XII") == fold("khóa XII")
    # right as they are: "qu" is a consonant, and the mark of "hoàn" is on the last vowel
    assert fold("quý I") == "quý i"
    assert fold("hoàn thành") == "hoàn thành"


def test_tone_placement_at_the_edges_of_the_text_and_next_to_other_letters():
    assert fold("hoà") == "hòa" and fold("Uỷ") == "ủy"
    assert fold("Thuỷ2, khoẻ.") == "thủy2, khỏe."  # a digit or punctuation ends the word
    assert fold("hoàđ") == "hoàđ"  # a letter beyond ASCII continues it
    assert fold("Quý, QUÝ") == "quý, quý"


def test_line_ends_and_trailing_spaces():
    text, _ = normalize("dòng một  \r\ndòng hai\rba")
    assert text == "dòng một\ndòng hai\nba"


def test_reader_edits_keep_offsets():
    raw = "**Số:** 12/KH-UBND"
    text, offsets = normalize(raw, [(0, 2, ""), (5, 7, "")])
    assert text == "Số: 12/KH-UBND"
    start = text.index("12/KH")
    assert raw[offsets[start]:offsets[start] + 8] == "12/KH-UB"


RAW_CHARS = list("aàáạăâđĐÐ\u0300\u0301 \t\u00a0\r\n-\u2013\u200bQuỷoà1/")


@given(st.text(alphabet=st.sampled_from(RAW_CHARS), max_size=60))
def test_offsets_are_monotonic_and_point_into_raw(raw):
    text, offsets = normalize(raw)
    assert len(offsets) == len(text) + 1
    assert list(offsets) == sorted(offsets)
    assert all(0 <= o <= len(raw) for o in offsets)
    moved = to_normalized(offsets, list(offsets))
    assert all(m <= i for i, m in enumerate(moved))


def test_a_single_no_break_space_or_tab_becomes_a_space():
    text, offsets = normalize("Số:\u00a0184/BC-SNV\tngày")
    assert text == "Số: 184/BC-SNV ngày"
    assert len(offsets) == len(text) + 1
