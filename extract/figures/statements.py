"""Statements: sentences, and lead sentences ending in ":" joined with their bullets.

Sentence ends are ". " and line breaks; in PDF text a line break ends a sentence only after ".", ":"
or ";" or before a bullet, since PDF lines wrap mid-sentence.
"""
from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

import regex

_BULLET = regex.compile(r"[-+•*–]\s")
_MAX_BULLETS = 8
_SPACE = r"\s\x1c-\x1f"  # what str.strip() removes: regex's \s lacks \x1c-\x1f


def _sentence_pattern(pdf: bool) -> regex.Pattern:
    """One sentence without the spaces around it: from a character that is not a space up to ". "
    (the "." kept) or a line break, the spaces before it left out. A PDF line break that does not
    end a sentence is part of it."""
    joins = r"\.(?!\s)" + (rf"|(?<![.:;])\n(?!{_BULLET.pattern})" if pdf else "")
    return regex.compile(rf"(?=[^{_SPACE}])[^\n.]*(?:(?:{joins})[^\n.]*)*(?:\.(?=\s)|(?<=[^{_SPACE}]))")


_SENTENCE = {pdf: _sentence_pattern(pdf) for pdf in (False, True)}

# a document number: 4791/QĐ-UBND, 107/2021/NĐ-CP, 50-KL/TW
_REF = regex.compile(r"(?<![\w/])\d+(?:/(?:19|20)\d\d)?(?:/[\p{Lu}Đ][\p{Lu}Đ\d]*(?:-[\p{Lu}Đ\d&]+)+"
                     r"|-[\p{Lu}Đ]+/[\p{Lu}Đ]+)(?![\w])")
_AS_OF = regex.compile(r"(?:tính\s+)?(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?=\d)", regex.I)


@dataclass(slots=True)
class Statement:
    start: int
    end: int
    lead_end: int | None = None  # end of the lead sentence when bullets follow
    prev_start: int | None = None  # the sentence before, in the same paragraph


def sentences(text: str, pdf: bool = False) -> list[tuple[int, int]]:
    return list(_sentences(text, pdf))


@functools.lru_cache(maxsize=2)  # the tasks and the checks of one document split the same text
def _sentences(text: str, pdf: bool) -> tuple[tuple[int, int], ...]:
    # one regex scan of the text rather than a Python step per sentence end
    return tuple(m.span() for m in _SENTENCE[pdf].finditer(text))


def statements_of(text: str, pdf: bool = False) -> list[Statement]:
    sents = _sentences(text, pdf)
    out, i = [], 0
    while i < len(sents):
        start, end = sents[i]
        prev = sents[i - 1][0] if i and _same_paragraph(text, sents[i - 1][1], start) else None
        if text[end - 1] == ":":  # a sentence is trimmed: its last character is not a space
            j = i + 1
            while j < len(sents) and j - i <= _MAX_BULLETS and _BULLET.match(text, sents[j][0]):
                j += 1
            if j > i + 1:
                out.append(Statement(start, sents[j - 1][1], lead_end=end, prev_start=prev))
                i = j
                continue
        out.append(Statement(start, end, prev_start=prev))
        i += 1
    return out


def _same_paragraph(text: str, prev_end: int, start: int) -> bool:
    return text.find("\n", prev_end, start) < 0


def first_ref(text: str, start: int, end: int) -> str | None:
    m = _REF.search(text, start, end)
    return m.group() if m else None


def as_of(text: str, st: Statement) -> datetime.date | None:
    """"Tính đến 15/6/2024" in the statement, or in the sentence before it in its paragraph."""
    from extract.dates import date_at
    for a, b in ((st.start, st.end), (st.prev_start, st.start)):
        if a is None:
            continue
        for m in _AS_OF.finditer(text, a, b):
            d = date_at(text, m.end())
            if d is not None and d.complete:
                return d.date
    return None
