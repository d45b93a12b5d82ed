"""metrics rows of the seed report (figures read off corpus/haiphong_cchc_6thang_2024.txt), and the
units / indicator vocabularies of patterns/ with their examples."""
from __future__ import annotations

import sys

import pytest
import regex

from extract import patterns
from extract.document import Document
from extract.extractors.metrics import extract_metrics
from extract.figures import vocab


@pytest.fixture(scope="module")
def metrics(haiphong):
    return haiphong.rows["metrics"]


def _find(metrics, value, unit=None):
    rows = [m for m in metrics if m["value"] is not None and abs(m["value"] - value) < 1e-9
            and (unit is None or m["unit"] == unit)]
    assert rows, f"no figure {value} {unit}"
    return rows[0]


def test_par_index_and_sipas_carry_rank_change_and_year(metrics):
    par = _find(metrics, 91.87, "điểm")
    assert (par["key"], par["rank"], par["rank_of"], par["change"], par["change_unit"]) == \
        ("par_index", 2, 63, 1.78, "điểm")
    assert par["reference_year"] == 2023  # "tăng … so với năm 2022"
    sipas = _find(metrics, 88.90, "%")
    assert (sipas["key"], sipas["rank"], sipas["rank_of"], sipas["change"]) == ("sipas", 5, 63, 5.02)


@pytest.mark.parametrize("value, unit, of", [
    (8, "nhiệm vụ", 57), (1150, "tin, bài, phóng sự", None), (78, "nhiệm vụ", None),
    (0, "nhiệm vụ", None), (55, "Quyết định", None), (11, "TTHC", 43), (25.6, "%", None),
    (192, "phản ánh, kiến nghị", None), (4, "phản ánh, kiến nghị", None), (4, "đơn vị", None),
    (2846, "người", None), (32584, "người", None), (4048.546, "tỷ đồng", None),
    (17019.198, "tỷ đồng", None), (133.37, "tỷ đồng", None), (1317, "dịch vụ", None),
    (217, "xã, phường, thị trấn", 217), (53244, "tỷ đồng", None), (27389.3, "tỷ đồng", None),
])
def test_seed_figures(metrics, value, unit, of):
    row = _find(metrics, value, unit)
    assert row["of"] == of


def test_changes_are_not_figures_of_their_own(metrics):
    revenue = _find(metrics, 53244, "tỷ đồng")
    assert (revenue["change"], revenue["key"]) == (39.66, "budget_revenue")
    assert _find(metrics, 27389.3)["change"] == 118.5
    values = [m["value"] for m in metrics]
    assert 39.66 not in values and 1.78 not in values and 118.5 not in values


def test_online_services_keys(metrics):
    assert _find(metrics, 1317)["key"] == "online_services_full"
    assert _find(metrics, 386)["key"] == "online_services_partial"


def test_no_years_dates_document_numbers_or_list_items(metrics, haiphong):
    text = haiphong.document.text
    values = {m["value"] for m in metrics}
    assert not values & {2022.0, 2023.0, 2024.0, 4791.0, 97.0, 1259.0, 18091.0}
    for m in metrics:
        quote = text[m["char_start"]:m["char_end"]]
        assert quote == m["quote"]
        assert not quote.startswith("(") and "Kỳ họp" not in quote
    assert not [m for m in metrics if m["value"] == 7.0]  # "Kỳ họp thứ 7"


def test_range_keeps_value_empty(metrics):
    row = next(m for m in metrics if m["unit"] == "lượt/tuần")
    assert row["value"] is None and "01- 02" in row["quote"]


def test_ambiguous_numeral_goes_to_document_warnings():
    text = "Số tiền đã nộp ngân sách nhà nước đạt 654,935/871,321 triệu đồng."
    doc = Document("x.txt", "0", "txt", text)
    rows = extract_metrics(doc)
    assert rows[0]["value"] == pytest.approx(654.935) and rows[0]["of"] == pytest.approx(871.321)
    assert any("ambiguous" in w for w in doc.warnings)


def test_label_comes_from_the_report_words(metrics):
    row = _find(metrics, 2846, "người")
    assert "tổ chức hành chính" in row["label"]


@pytest.mark.parametrize("entry", patterns.entries("units"), ids=lambda e: e["name"])
def test_unit_examples(entry):
    assert entry["examples"] and entry["note"]
    for example in entry["examples"]:
        assert patterns.MATCHERS["units"](entry, example), example


@pytest.mark.parametrize("entry", patterns.entries("metrics"), ids=lambda e: e["key"])
def test_metric_examples(entry):
    assert entry["examples"] and entry["note"]
    for example in entry["examples"]:
        assert patterns.MATCHERS["metrics"](entry, example), example


def test_unit_after_skips_footnote_marks():
    assert vocab.unit_after("04¹ đơn vị trực thuộc", 2) == ("đơn vị", 10)


def test_unit_forms_by_first_character_leave_no_match_out():
    """vocab.unit_after tries only the unit forms whose first character casefolds like the text's
    there: sound when whatever regex.I matches to a form's first character casefolds alike."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    for letter in {form[0] for form, _ in vocab._unit_forms()}:
        for m in regex.finditer(regex.escape(letter), every, regex.I):
            assert m.group().casefold() == letter.casefold(), (letter, m.group())


@pytest.mark.parametrize("word", ["thứ", "hạng", "tăng", "ảm", "năm", "tt"])
def test_lowered_text_holds_the_words_case_blind_patterns_match(word):
    """figures/text.py, labels.py and tables.py test `word in text.lower()` before a regex.I pattern
    holding the word: sound when what regex.I matches to each of its letters lowers to that letter."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    for m in regex.finditer(f"[{word}]", every, regex.I):
        assert len(m.group().lower()) == 1 and m.group().lower() in word, m.group()
