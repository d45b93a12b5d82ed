"""What a figure measures: its indicator key, a label in the report's words, the year it describes.

The label is cut from a small window around the figure (the words before it in its clause, the
noun phrase after its unit); underthesea's word segmentation keeps compound words whole when the
window is trimmed. Nothing here looks further than the figure's clause.
"""
from __future__ import annotations

import functools

import regex

from extract.figures import vocab

_LEFT_WORDS = 7
_RIGHT_WORDS = 9
_PHRASE_END = regex.compile(r"[,;:.()\n]|\s(?:và|với|trong đó|bằng|đạt|tăng|giảm)\s", regex.I)
_YEAR_IN = regex.compile(r"\bnăm\s+((?:19|20)\d\d)(?!\s*[-–]\s*\d)", regex.I)
_PLAIN_WORDS = regex.compile(r"\p{L}+(?: \p{L}+)*")
_LEFT_CUT = regex.compile(r"[,:](?!\d)|[;()\n]|\.\s")
# compiled REVERSE, .match() tries it where the window ends (a .sub() tried every position); the
# longer "đối với" comes first so the match starts where the leftmost one would
_TRAILING_LINK = regex.compile(
    r"\b(?:đối với|tổng số|khoảng|được|bằng|đạt|với|gồm|cho|tại|và|là|có)\s*$", regex.I | regex.REVERSE)


def describe(text: str, fig) -> None:
    clause_start = fig.clause[0]
    left = text[clause_start:fig.start]
    right_end = _phrase_end(text, fig.end)
    right = text[fig.end:right_end]
    fig.key = fig.key or _key(left, right, fig, text)
    if fig.reference_year is None:
        # most clauses name no year: a substring test spares them the regex (as in text.py)
        years = _YEAR_IN.findall(left) if "năm" in left.lower() else []
        fig.reference_year = int(years[-1]) if years else None
    name = _entry_name(fig.key)
    fig.label = fig.label or (name if name else _words_label(left, right))


def _phrase_end(text: str, pos: int) -> int:
    m = _PHRASE_END.search(text, pos, min(len(text), pos + 120))
    return m.start() if m else min(len(text), pos + 120)


def _key(left: str, right: str, fig, text: str) -> str | None:
    """The indicator named right after the figure, else the nearest one named before it in the
    clause with no other figure of the same unit in between."""
    entries, gate = vocab.unit_metrics(fig.unit)
    if not entries:
        return None
    best, best_pos = None, -1
    # one word test for both sides: the other entries can match neither
    for i in gate.possible(left + right):
        entry, pat = entries[i]
        if pat.search(right):
            return entry["key"]
        for m in pat.finditer(left):
            if m.end() > best_pos and not _figure_between(left[m.end():], fig.unit):
                best, best_pos = entry["key"], m.end()
    return best


def _figure_between(gap: str, unit: str | None) -> bool:
    from extract.numerals import find_numerals
    for num in find_numerals(gap):
        found = "%" if num.percent else (vocab.unit_after(gap, num.end) or (None,))[0]
        if found == unit:
            return True
    return False


@functools.cache
def _names() -> dict[str, str]:
    return {e["key"]: e["name"] for e, _ in vocab.metric_entries()}


def _entry_name(key: str | None) -> str | None:
    return _names().get(key) if key else None


def _words_label(left: str, right: str) -> str:
    left = _left_window(left)
    right = " ".join(_words(right, _RIGHT_WORDS)[:_RIGHT_WORDS])
    label = f"{left} {right}".strip(" ,;:*-")
    return " ".join(label.split())


def _left_window(left: str) -> str:
    """The last words before the figure, back to the previous comma or clause mark."""
    cut = 0
    for m in _LEFT_CUT.finditer(left):
        cut = m.end()
    piece = left[cut:].strip()
    link = _TRAILING_LINK.match(piece)
    if link:
        piece = piece[:link.start()]
    words = _words(piece, _LEFT_WORDS)
    return " ".join(words[-_LEFT_WORDS:])


def _words(s: str, keep: int) -> list[str]:
    """Words of s; `keep` is how many the caller keeps. Segmentation only matters when the window
    is trimmed or holds punctuation: a short window of plain syllables is its own segmentation,
    and skipping the segmenter there spares its load and its cost."""
    syllables = s.split()
    s = " ".join(syllables)
    if not s:
        return []
    if len(syllables) <= keep and _PLAIN_WORDS.fullmatch(s):
        return syllables
    tokenize = _tokenizer()
    return tokenize(s) if tokenize else s.split()


@functools.cache
def _tokenizer():
    try:
        from underthesea import word_tokenize
    except Exception:  # underthesea missing or broken: whitespace words are good enough
        return None
    # reports repeat their phrasing ("Ủy ban nhân dân thành phố đã ban hành"): segment each once
    return functools.lru_cache(maxsize=4096)(word_tokenize)
