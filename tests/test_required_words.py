"""required_words: the words a phrase regex cannot match without, tested before the regex runs."""
from __future__ import annotations

import pytest
import regex

from extract import patterns
from extract.figures import taskfields, vocab
from extract.figures.required_words import WordGate, required_words
from tests.conftest import HAIPHONG, MARKDOWN


def test_words_outside_optional_parts_and_lookarounds():
    assert required_words(r"(?:kỳ|năm)\s+trước\s+chuyển") == [("kỳ", "năm"), ("trước",), ("chuyển",)]
    assert required_words(r"(?:đã\s+)?hoàn\s+thành(?=\s+\d)") == [("hoàn",), ("thành",)]
    assert required_words(r"(?<=tổng\s+số\s)\d+") == []


def test_alternatives_each_give_a_word_or_none_is_sure():
    assert required_words(r"quá|trễ") == [("quá", "trễ")]
    assert required_words(r"(?:hoàn\s+thành|xử\s+lý)\s+\d") == [("thành", "xử")]
    assert required_words(r"(?::|là)\s*\d") == []


def test_words_are_casefolded():
    assert required_words("Tổng") == [("tổng",)]


def test_digits_written_in_a_pattern_are_words():
    assert required_words(r"766|phục\s+vụ") == [("766", "phục")]


def test_gate_names_the_regexes_whose_words_the_text_holds():
    gate = WordGate([regex.compile(p, regex.I) for p in (r"tiếp\s+nhận", r"quá\s+hạn", r"\d+")])
    assert gate.possible("Tiếp nhận 192 hồ sơ") == (0, 2)
    assert gate.possible("không có hồ sơ quá hạn") == (1, 2)


def test_gate_rules_every_regex_out_when_the_text_holds_none_of_their_words():
    gate = WordGate([regex.compile(p, regex.I) for p in (r"tiếp\s+nhận", r"quá\s+hạn")])
    assert gate.possible("Hoàn thành 37 nhiệm vụ đúng hạn") == ()
    assert gate.possible("QUÁ HẠN 4") == (1,)


def _holds(text: str, groups: list[tuple[str, ...]]) -> bool:
    folded = text.casefold()
    return all(any(w in folded for w in group) for group in groups)


@pytest.mark.parametrize("entry", patterns.entries("task_phrases"), ids=lambda e: e["name"])
def test_phrase_examples_hold_the_words(entry):
    phrases = [pat for name, pat in taskfields._phrases() if name == entry["name"]]
    for example in entry["examples"]:
        for pat in phrases:
            if pat.search(example):
                assert _holds(example, required_words(pat.pattern)), example


def test_every_phrase_and_indicator_match_in_reports_holds_the_words():
    texts = [HAIPHONG.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(MARKDOWN.glob("*.md"))]
    regexes = [pat for _, pat in taskfields._phrases()] + [pat for _, pat in vocab.metric_entries()]
    matched = 0
    for text in texts:
        for pat in regexes:
            groups = required_words(pat.pattern)
            for m in pat.finditer(text):
                matched += 1
                assert _holds(m.group(), groups), (m.group(), groups)
    assert matched > 50
