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

import re
import unicodedata
from array import array
from collections.abc import Sequence

import numpy as np
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
    rf"|[{_SPACE_CLASS}]"                       # a single non-ASCII space or tab
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


def _tone_candidate() -> re.Pattern:
    """A pattern that matches wherever _TONE does (an ASCII letter is a letter), and rarely
    elsewhere: stdlib re scans for it ≈3× faster than _TONE.sub runs, and _TONE is then tried
    only where it matches."""
    firsts = "".join(sorted({pair[0] for pair in _TONE_MOVES}))
    seconds = "".join(sorted({pair[1] for pair in _TONE_MOVES}))
    return re.compile(f"[{firsts}](?<![qQ].)[{seconds}](?![a-zA-Z])")


_TONE_CANDIDATE = _tone_candidate()


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


_iota_cache = array("l")


def _iota(n: int) -> array:
    """0, 1, … n-1 (at least): slices of it fill the offsets of unchanged text at memcpy speed."""
    global _iota_cache
    if len(_iota_cache) < n:
        _iota_cache = array("l", range(max(n, 2 * len(_iota_cache))))
    return _iota_cache


# Where a match of _SPECIAL can be: a character no plain text has (one of _CANDIDATE, or a
# combining mark), or a plain space doubled, before a line end, or at the very end.
_CANDIDATE = re.compile(
    rf"[\r{_SPACE_CLASS}{re.escape(''.join(k for k in LOOKALIKES if LOOKALIKES[k] != ' '))}"
    rf"{INVISIBLE}]")
_RUN_CHARS = frozenset(" " + _SPACE_CLASS)
_MARK = regex.compile(r"\p{M}", regex.V1)
_ASTRAL = 0x10000


def _candidate_code_table() -> np.ndarray:
    """Per BMP code point, whether it is a candidate character; the last entry, for every astral
    character, says yes (they are rare, and the pattern itself then decides)."""
    bmp = "".join(map(chr, range(_ASTRAL)))
    table = np.zeros(_ASTRAL + 1, dtype=bool)
    table[[m.start() for m in _CANDIDATE.finditer(bmp)]] = True
    table[[m.start() for m in _MARK.finditer(bmp)]] = True
    table[_ASTRAL] = True
    return table


_CANDIDATE_CODES = _candidate_code_table()
# what may follow a plain space in a candidate: " ", "\n", "\r"; its last entry ("!") stands for every
# higher code point (np.take clips to it) and says no
_ENDS_SPACE_RUN = np.zeros(ord(" ") + 2, dtype=bool)
_ENDS_SPACE_RUN[[ord(" "), ord("\n"), ord("\r")]] = True


def code_points(text: str) -> np.ndarray:
    """The code points of `text` as a numpy array (lone surrogates kept), for counts and look-ups
    over every character at once."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _candidates(raw: str) -> list[int]:
    """The positions of candidate characters, in order: one numpy look-up per character (the
    scans of re for the class and of regex for the marks took ≈3× as long)."""
    codes = code_points(raw)
    candidate = np.take(_CANDIDATE_CODES, codes, mode="clip")
    space = codes == ord(" ")
    space[:-1] &= np.take(_ENDS_SPACE_RUN, codes[1:], mode="clip")  # the last one ends the text
    return np.flatnonzero(candidate | space).tolist()


def _special_matches(raw: str) -> list:
    """The matches `_SPECIAL.finditer(raw)` gives, found by trying the pattern only next to
    candidate characters (the full scan stops at every plain space: ≈10× slower)."""
    matches = []
    done = 0  # the scan has covered raw[:done]
    for c in _candidates(raw):
        if c < done:
            continue
        pos = max(_window_start(raw, c), done)
        while pos <= c:
            m = _SPECIAL.match(raw, pos)
            if m:
                matches.append(m)
                pos = m.end()
            else:
                pos += 1
        done = pos
    return matches


def _window_start(raw: str, c: int) -> int:
    """A position before `c` that no match of _SPECIAL can straddle: before the run of spaces,
    combining marks and their base character that `c` stands in, and before a "\r" ahead of it."""
    w = c
    while True:
        start = w
        while w > 0 and raw[w - 1] in _RUN_CHARS:
            w -= 1
        if _MARK.match(raw, w):
            while w > 0 and _MARK.match(raw, w - 1):
                w -= 1
            if w > 0:
                w -= 1  # the base character
        if w == start:
            break
    if w > 0 and raw[w - 1] == "\r":
        w -= 1
    return w


def normalize(raw: str, edits: list[tuple[int, int, str]] | None = None) -> tuple[str, array]:
    """Return (text, offsets): the normalized text and, per character, its raw offset.

    `edits` are (start, end, replacement) rewrites a reader asks for (markdown markup dropped,
    a table pipe turned into a line end): applied here so that offsets still lead to the raw file.
    """
    pieces: list[str] = []
    offsets = array("l")
    iota = _iota(len(raw))
    pos = 0
    edits = list(edits or [])
    for m in _special_matches(raw):
        edits.append((m.start(), m.end(), _replacement(m)))
    edits.sort(key=lambda e: (e[0], e[1]))
    for start, end, new in edits:
        if start < pos:  # overlaps an earlier edit (a deletion inside a space run): skip it
            continue
        pieces.append(raw[pos:start])
        offsets.extend(iota[pos:start])
        pieces.append(new)
        # each replacement character points at the first raw character it replaces
        offsets.extend([start] * len(new))
        pos = end
    pieces.append(raw[pos:])
    offsets.extend(iota[pos:len(raw)])
    text = "".join(pieces)
    text = _move_tones(text)  # same length: offsets unchanged
    offsets.append(len(raw))
    return text, offsets


def _move_tones(text: str) -> str:
    """`text` with every match of _TONE replaced by its move (the same length)."""
    pieces = []
    pos = 0
    for candidate in _TONE_CANDIDATE.finditer(text):
        if _TONE.match(text, candidate.start()):
            pieces += (text[pos:candidate.start()], _TONE_MOVES[candidate.group()])
            pos = candidate.end()
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)


def to_normalized(offsets: array, raw_offsets: Sequence[int]) -> list[int]:
    """For each raw offset, the first normalized offset whose raw offset is at or after it
    (one numpy search for them all: a bisect per offset from Python costs ≈5× more)."""
    positions = np.frombuffer(offsets, dtype=f"i{offsets.itemsize}")[:-1]
    return np.searchsorted(positions, raw_offsets, side="left").tolist()


def fold(s: str) -> str:
    """Comparison form: normalized, lower case (for matching names and type words)."""
    text, _ = normalize(s)
    return text.lower()
