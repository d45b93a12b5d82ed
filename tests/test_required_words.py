"""required_words: the words a phrase regex cannot match without, tested before the regex runs."""
from __future__ import annotations

import pytest

from extract import patterns
from extract.figures import taskfields
from extract.figures.required_words import required_words
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


def _holds(text: str, groups: list[tuple[str, ...]]) -> bool:
    folded = text.casefold()
    return all(any(w in folded for w in group) for group in groups)


@pytest.mark.parametrize("entry", patterns.entries("task_phrases"), ids=lambda e: e["name"])
def test_phrase_examples_hold_the_words(entry):
    phrases = [(pat, groups) for name, pat, groups in taskfields._phrases() if name == entry["name"]]
    for example in entry["examples"]:
        for pat, groups in phrases:
            if pat.search(example):
                assert _holds(example, groups), (example, groups)


def test_every_phrase_match_in_reports_holds_the_words():
    texts = [HAIPHONG.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(MARKDOWN.glob("*.md"))]
    matched = 0
    for text in texts:
        for _, pat, groups in taskfields._phrases():
            for m in pat.finditer(text):
                matched += 1
                assert _holds(m.group(), groups), (m.group(), groups)
    assert matched > 10
