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
_SENTENCE_END = regex.compile(r"\.(?=\s)|\n")
# a document number: 4791/QĐ-UBND, 107/2021/NĐ-CP, 50-KL/TW
_REF = regex.compile(r"(?<![\w/])\d+(?:/(?:19|20)\d\d)?(?:/[\p{Lu}Đ][\p{Lu}Đ\d]*(?:-[\p{Lu}Đ\d&]+)+"
                     r"|-[\p{Lu}Đ]+/[\p{Lu}Đ]+)(?![\w])")
_AS_OF = regex.compile(r"(?:tính\s+)?(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?=\d)", regex.I)


@dataclass
class Statement:
    start: int
    end: int
    lead_end: int | None = None  # end of the lead sentence when bullets follow
    prev_start: int | None = None  # the sentence before, in the same paragraph


def sentences(text: str, pdf: bool = False) -> list[tuple[int, int]]:
    return list(_sentences(text, pdf))


@functools.lru_cache(maxsize=2)  # the tasks and the checks of one document split the same text
def _sentences(text: str, pdf: bool) -> tuple[tuple[int, int], ...]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.group() == "\n" and pdf:
            before, after = text[max(0, m.start() - 1):m.start()], text[m.end():m.end() + 2]
            if before not in (".", ":", ";") and not _BULLET.match(after):
                continue
        end = m.end() if m.group() == "." else m.start()
        if text[start:end].strip():
            out.append(_trim(text, start, end))
        start = m.end()
    if text[start:].strip():
        out.append(_trim(text, start, len(text)))
    return tuple(out)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def statements_of(text: str, pdf: bool = False) -> list[Statement]:
    sents = sentences(text, pdf)
    out, i = [], 0
    while i < len(sents):
        start, end = sents[i]
        prev = sents[i - 1][0] if i and _same_paragraph(text, sents[i - 1][1], start) else None
        if text[start:end].rstrip().endswith(":"):
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
    return "\n" not in text[prev_end:start]


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
