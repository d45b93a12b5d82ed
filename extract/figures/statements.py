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
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        pos = m.start()
        newline = text[pos] == "\n"
        if newline and pdf and text[pos - 1:pos] not in (".", ":", ";") and not _BULLET.match(text, pos + 1):
            continue
        span = _trim(text, start, pos if newline else pos + 1)
        if span:
            out.append(span)
        start = pos + 1
    span = _trim(text, start, len(text))
    if span:
        out.append(span)
    return tuple(out)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """text[start:end] without the spaces around it, None when nothing else is left."""
    piece = text[start:end]
    body = piece.lstrip()
    if not body:
        return None
    start += len(piece) - len(body)
    return start, start + len(body.rstrip())


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
