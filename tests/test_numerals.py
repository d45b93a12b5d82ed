"""Vietnamese numerals: thousands dots, decimal commas, x/y, ranges, and what is not a figure."""
from __future__ import annotations

import pytest

from extract.numerals import _scan, decimals, find_numerals, format_number, parse_number


@pytest.mark.parametrize("raw, value", [
    ("1.317", 1317), ("91,87", 91.87), ("4.048,546", 4048.546), ("27.389,3", 27389.3),
    ("08", 8), ("04", 4), ("2.846", 2846), ("32.584", 32584), ("9.463.076", 9463076),
    ("0,5", 0.5), ("100", 100),
])
def test_parse_number(raw, value):
    got, warning = parse_number(raw)
    assert got == pytest.approx(value)
    assert warning is None


def test_comma_with_three_digits_is_read_as_decimal_but_warned():
    value, warning = parse_number("698,445")
    assert value == pytest.approx(698.445)
    assert warning and "ambiguous" in warning


def test_english_decimal_point_is_warned_and_codes_are_refused():
    assert parse_number("9.5")[0] == pytest.approx(9.5)
    assert parse_number("9.5")[1]
    with pytest.raises(ValueError):
        parse_number("1.013947")  # a procedure code, not a number


def _one(text):
    nums = find_numerals(text)
    assert len(nums) == 1, nums
    return nums[0]


def test_fraction_percent_range_and_stray_space():
    f = _one("hoàn thành 08/57 nhiệm vụ")
    assert (f.kind, f.value, f.of) == ("fraction", 8, 57)
    f = _one("104.462/108.117 hồ sơ")
    assert (f.value, f.of) == (104462, 108117)
    f = _one("tăng 118,5 %, bằng")
    assert f.percent and f.value == pytest.approx(118.5)
    f = _one("tần suất trung bình 01- 02 lượt/tuần")
    assert (f.kind, f.value, f.high) == ("range", 1, 2)
    f = _one("9,49/\n9,5 điểm")
    assert (f.value, f.of) == (pytest.approx(9.49), pytest.approx(9.5))


@pytest.mark.parametrize("text", [
    "Tính đến 15/6/2024,", "ngày 29/12/2023", "Kế hoạch số 97/KH-UBND", "Nghị định 107/2021/NĐ-CP",
    "Kết luận số 50-KL/TW", "TCVN ISO 9001:2015", "trong tháng 02/2024", "giai đoạn 2021 - 2030",
    "lúc 17h58", "từ ngày 15/6 đến",
])
def test_dates_document_numbers_and_codes_are_not_figures(text):
    assert find_numerals(text) == []


def test_ambiguous_fraction_carries_warnings():
    f = _one("đạt 698,445/871,321 triệu đồng")
    assert (f.value, f.of) == (pytest.approx(698.445), pytest.approx(871.321))
    assert len(f.warnings) == 2


def test_format_and_decimals():
    assert format_number(4048.546) == "4.048,546"
    assert format_number(78.0) == "78"
    assert format_number(25.6) == "25,6"
    assert decimals("25,6") == 1 and decimals("30") == 0


@pytest.mark.parametrize("text", [
    "đạt 9,49/\n9,5 điểm; 12 /3 hồ sơ", "tăng 12- Ban 5 %; 1.234.567đ (2)", "từ 20 - 30 %\n04 - Sở",
    "TCVN ISO 9001:2015, 17h58, ngày 15/6 đến 08/57 nhiệm vụ.",
])
def test_a_part_of_a_text_is_read_off_the_whole_texts_numerals_as_a_scan_of_it_reads(text):
    # statements and table cells are parts of the document's text: whatever the characters at
    # their ends ("9,49/" then a line break, "12- Ban"), the part finds what scanning it finds
    for i in range(len(text)):
        for j in range(i + 1, len(text) + 1):
            assert find_numerals(text, i, j) == _scan(text, i, j), (i, j, text[i:j])
