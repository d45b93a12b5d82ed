"""Text normalization that remembers where every character came from.

One pass rewrites the raw text of a reader into the form every extractor sees:
Unicode NFC, look-alike characters (Ð U+00D0 → Đ, the dash family → "-"), spaces (non-breaking,
tabs, runs) → one space, line ends → "\\n", invisible characters (zero-width, soft hyphen, BOM)
dropped, and one tone-mark placement ("hoà" → "hòa", "thuỷ" → "thủy", as the classic
orthography and the evaluation both write it). Alongside the text it returns `offsets`, the raw
offset of every normalized character (plus one entry for the end), the way eyecite's SpanUpdater
keeps spans valid across edits.
"""
from __future__ import annotations

import unicodedata
from array import array

import regex

LOOKALIKES = {
    "\u00d0": "Đ",  # Icelandic eth, common in Word files typed with VNI/TCVN keyboards
    "\u0189": "Đ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u3000": " ", "\t": " ", "\u2002": " ",
    "\u2003": " ", "\u2009": " ", "\u200a": " ",
    "\u2028": "\n", "\u2029": "\n", "\x0b": "\n", "\x0c": "\n",
}
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\ufffe"

_SPACE_CLASS = "".join(k for k, v in LOOKALIKES.items() if v == " ")
_SPECIAL = regex.compile(
    r"\r\n?"                                   # line ends
    rf"|[ {_SPACE_CLASS}]+(?=\n|\r|$)"          # trailing spaces before a line end: dropped
    rf"|[ {_SPACE_CLASS}]{{2,}}"                # runs of spaces: one space
    rf"|[{regex.escape(''.join(k for k in LOOKALIKES if LOOKALIKES[k] != ' '))}]"
    rf"|[{_SPACE_CLASS[1:]}]"                   # a single non-ASCII space
    rf"|[{INVISIBLE}]"
    r"|\P{M}\p{M}+",                            # base + combining marks: compose (NFC)
    regex.V1,
)

# Tone mark on the second vowel of a final "oa/oe/uy" (hoà, khoẻ, thuỷ) moves to the first one
# (hòa, khỏe, thủy). Not after "q" ("quý" is right as it is) and not before another letter
# ("hoàn", "khuyến" are right as they are).
_TONE_MOVES = {}
for plain, marked in (("a", "àáảãạ"), ("e", "èéẻẽẹ"), ("y", "ỳýỷỹỵ")):
    first = "o" if plain in "ae" else "u"
    for i, ch in enumerate(marked):
        target = unicodedata.normalize("NFC", first + "\u0300\u0301\u0309\u0303\u0323"[i])
        _TONE_MOVES[first + ch] = target + plain
        _TONE_MOVES[(first + ch).upper()] = (target + plain).upper()
        _TONE_MOVES[first.upper() + ch] = target.upper() + plain
_TONE = regex.compile(r"(?<![qQ])(?:" + "|".join(_TONE_MOVES) + r")(?!\p{L})")


def _replacement(m: regex.Match) -> str:
    s = m.group()
    if s[0] in "\r":
        return "\n"
    if s[0] in " " + _SPACE_CLASS:
        if m.end() == len(m.string) or m.string[m.end()] in "\r\n":
            return ""
        return " "
    if s in LOOKALIKES:
        return LOOKALIKES[s]
    if s in INVISIBLE:
        return ""
    return unicodedata.normalize("NFC", s).translate(str.maketrans(LOOKALIKES))


def normalize(raw: str, edits: list[tuple[int, int, str]] | None = None) -> tuple[str, array]:
    """Return (text, offsets): the normalized text and, per character, its raw offset.

    `edits` are (start, end, replacement) rewrites a reader asks for (markdown markup dropped,
    a table pipe turned into a line end): applied here so that offsets still lead to the raw file.
    """
    pieces: list[str] = []
    offsets = array("l")
    pos = 0
    edits = list(edits or [])
    for m in _SPECIAL.finditer(raw):
        edits.append((m.start(), m.end(), _replacement(m)))
    edits.sort(key=lambda e: (e[0], e[1]))
    for start, end, new in edits:
        if start < pos:  # overlaps an earlier edit (a deletion inside a space run): skip it
            continue
        pieces.append(raw[pos:start])
        offsets.extend(range(pos, start))
        pieces.append(new)
        # each replacement character points at the first raw character it replaces
        offsets.extend([start] * len(new))
        pos = end
    pieces.append(raw[pos:])
    offsets.extend(range(pos, len(raw)))
    text = "".join(pieces)
    text = _TONE.sub(lambda m: _TONE_MOVES[m.group()], text)  # same length: offsets unchanged
    offsets.append(len(raw))
    return text, offsets


def to_normalized(offsets: array, raw_offset: int) -> int:
    """The first normalized offset whose raw offset is at or after `raw_offset`."""
    lo, hi = 0, len(offsets) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if offsets[mid] < raw_offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def fold(s: str) -> str:
    """Comparison form: normalized, lower case (for matching names and type words)."""
    text, _ = normalize(s)
    return text.lower()
