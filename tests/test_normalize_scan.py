"""normalize() tries its rewrite pattern only next to candidate characters (fast); the matches must
be exactly those of a full scan of the text, which is the definition."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from extract.normalize import _SPECIAL, _special_matches, normalize

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def full_scan(raw: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _SPECIAL.finditer(raw)]


def fast_scan(raw: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _special_matches(raw)]


TRICKY = [
    "", " ", "a  b", "a \nb", "a \r\nb", "end ", "a\u00a0b", "a \u00adb \u00a0",  # soft hyphen between spaces
    "\u0323oa", "hoa\u0300 ", "x \u0301y", "\r\n\u0301", "  \u0301", "Đ\u00d0–—‐", "a\u200bb\ufeff",
    "a\t\tb\u2003 \n", "\u3000\u3000x", "q\u0300\u0301\u0323 z",
    # astral characters, all of them candidates: marks (U+1D167, U+E0100) and not (U+1F600)
    "a\U0001d167b", "o\U000e0100 \u0301", "\U0001f600  \U0001f600\u0301 ", "\uffff\u0301",
]


@pytest.mark.parametrize("raw", TRICKY, ids=repr)
def test_tricky_strings(raw):
    assert fast_scan(raw) == full_scan(raw)


def test_random_strings_of_special_characters():
    pieces = list("ab oàỷ\r\n\t.-–") + ["\u00a0", "\u2009", "\u0301", "\u0323", "\u200b", "\u00ad",
                                        "\u2028", "\u00d0", "\ufeff", "  ", "\r\n", " \n", "\u3000"]
    rng = random.Random(11)
    for _ in range(20_000):
        raw = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        assert fast_scan(raw) == full_scan(raw), repr(raw)


def test_seed_report_and_markdown_corpus():
    markdown = sorted((CORPUS / "thuvienphapluat_md").glob("*.md"))[:10]
    paths = [CORPUS / "haiphong_cchc_6thang_2024.txt", *markdown]
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        assert fast_scan(raw) == full_scan(raw), path.name


def test_offsets_lead_back_to_the_raw_text():
    text, offsets = normalize("Ủy ban  nhân\u00a0\u00a0dân tỉnh Khánh Hoà \r\n")
    assert text == "Ủy ban nhân dân tỉnh Khánh Hòa\n"
    assert len(offsets) == len(text) + 1 and offsets[7] == 8  # "n" of "nhân" after the double space
