"""Pre-Unicode Vietnamese encodings: TCVN3 (ABC) and VNI-Windows, detected and turned into Unicode.

Documents typed with .VnTime / VNI-Times fonts store Vietnamese letters as Latin-1 look-alikes:
TCVN3 gives one byte per letter ("B¸o c¸o" = "Báo cáo"), VNI a base letter plus a mark byte
("Baùo caùo" = "Báo cáo"). Fonts named in the file are only a hint (many Unicode files still name
.VnTime in their font table): the characters decide. Conversion is a list of (start, end, new)
rewrites on the reader's raw text, so offsets still lead back to the bytes as written.

The upper-case-only fonts of TCVN3 (.VnTimeH …) store capitals with the lower-case codes; those
come out in lower case (the letters are right, the case is not).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable

import numpy as np
import regex

from extract.normalize import code_points

# TCVN3 (ABC) code → Unicode letter, lower case and the seven capitals the normal fonts carry.
_TCVN3_PAIRS = (
    "àµ á¸ ả¶ ã· ạ¹ ă¨ ằ» ắ¾ ẳ¼ ẵ½ ặÆ â© ầÇ ấÊ ẩÈ ẫÉ ậË đ® èÌ éÐ ẻÎ ẽÏ ẹÑ êª ềÒ ếÕ ểÓ ễÔ ệÖ "
    "ì× íÝ ỉØ ĩÜ ịÞ òß óã ỏá õâ ọä ô« ồå ốè ổæ ỗç ộé ơ¬ ờê ớí ởë ỡì ợî ùï úó ủñ ũò ụô "
    "ư\u00ad ừõ ứø ửö ữ÷ ựù ỳú ýý ỷû ỹü ỵþ Ă¡ Â¢ Đ§ Ê£ Ô¤ Ơ¥ Ư¦"
)
TCVN3_TO_UNICODE = {pair[1]: pair[0] for pair in _TCVN3_PAIRS.split(" ")}
UNICODE_TO_TCVN3 = {u: t for t, u in TCVN3_TO_UNICODE.items()}

# VNI-Windows: a base letter, then a mark byte for the vowel shape and tone.
_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_CIRCUMFLEX = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}
_VNI_SINGLE = {"đ": "ñ", "ơ": "ô", "ư": "ö", "ỵ": "î"}
VIETNAMESE_LOWER = (
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
)


def _vni_of(letter: str) -> str:
    """VNI bytes (as Latin-1 characters) of one lower-case Vietnamese letter."""
    if letter in _VNI_SINGLE:
        return _VNI_SINGLE[letter]
    base, *marks = unicodedata.normalize("NFD", letter)
    shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
    tone = next((m for m in marks if m in _VNI_TONE), "")
    if base == "i":
        return _VNI_I[tone]
    if shape == "\u031b":  # horn: ơ / ư are single bytes, the tone follows as on a plain vowel
        return _VNI_SINGLE["ơ" if base == "o" else "ư"] + _VNI_TONE.get(tone, "")
    if shape == "\u0302":
        return base + _VNI_CIRCUMFLEX[tone]
    if shape == "\u0306":
        return base + _VNI_BREVE[tone]
    return base + _VNI_TONE[tone]


UNICODE_TO_VNI: dict[str, str] = {}
for _letter in VIETNAMESE_LOWER:
    UNICODE_TO_VNI[_letter] = _vni_of(_letter)
    UNICODE_TO_VNI[_letter.upper()] = _vni_of(_letter).upper()
VNI_TO_UNICODE = {v: u for u, v in UNICODE_TO_VNI.items()}

_VIETNAMESE = set(VIETNAMESE_LOWER) | set(VIETNAMESE_LOWER.upper())
# Letters only Unicode Vietnamese has (no legacy code is one of them): their presence means Unicode.
_UNICODE_ONLY_LETTERS = "".join(map(chr, range(0x1EA0, 0x1EFA))) + "ăĂđĐơƠưƯĩĨũŨ"
_UNICODE_ONLY = regex.compile(f"[{_UNICODE_ONLY_LETTERS}]")
# The signs of each encoding: a TCVN3 code no Unicode Vietnamese letter shares; a VNI mark byte
# after a vowel, or a VNI code that stands alone.
_TCVN3_SIGNS = "".join(c for c in TCVN3_TO_UNICODE if c not in _VIETNAMESE)
_VNI_VOWELS, _VNI_MARKS, _VNI_LONE = "aeouyAEOUYôÔöÖ", "ùøûïåäëüÙØÛÏÅÄËÜ", "ñÑöÖæÆîÎ"
# stdlib re: it scans for a plain character class ≈4× faster than regex does
_TCVN3_SIGNAL = re.compile("[" + re.escape(_TCVN3_SIGNS) + "]")
_VNI_SIGNAL = regex.compile(f"[{_VNI_VOWELS}][{_VNI_MARKS}]|[{_VNI_LONE}]")
_TCVN3_CODE = regex.compile("[" + regex.escape("".join(TCVN3_TO_UNICODE)) + "]")
_VNI_CODE = regex.compile("|".join(regex.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))
_FONT_NAME = regex.compile(rb"(?i)(\.Vn[A-Za-z]+|VNI[- ][A-Za-z]+|VNI-?Times)")

DECODERS = {"tcvn3": (_TCVN3_CODE, TCVN3_TO_UNICODE), "vni": (_VNI_CODE, VNI_TO_UNICODE)}


def fonts_hint(data: bytes) -> str | None:
    """"tcvn3" / "vni" when the file's bytes name fonts of that encoding (DOCX XML, RTF font table)."""
    names = {m.decode("latin-1").lower() for m in _FONT_NAME.findall(data[:20_000_000])}
    if any(n.startswith("vni") for n in names):
        return "vni"
    if any(n.startswith(".vn") for n in names):
        return "tcvn3"
    return None


def detect(text: str, hint: str | Callable[[], str | None] | None = None) -> str | None:
    """"tcvn3", "vni" or None (Unicode, or not Vietnamese) from the characters themselves.
    `hint` may be a function: it is called only when the text shows legacy signs at all."""
    counts = _CodeCounts(text)
    tcvn3, unicode_only = counts.of(_TCVN3_SIGNS), counts.of(_UNICODE_ONLY_LETTERS)
    # Every VNI sign holds a mark or lone code, so their count bounds the VNI score from above:
    # most documents stop here, without the VNI scan.
    if not _signs_enough(max(tcvn3, counts.of(_VNI_MARKS + _VNI_LONE)), unicode_only):
        return None
    scores = {"tcvn3": tcvn3, "vni": len(_VNI_SIGNAL.findall(text))}
    best = max(scores, key=scores.get)
    if not _signs_enough(scores[best], unicode_only):
        return None
    letters = sum(n for c, n in Counter(text).items() if c.isalpha())
    if letters < 10:
        return None
    if callable(hint):
        hint = hint()
    share = 0.005 if hint else 0.03  # of letters; French ç or German ö stay far below 3 %
    if scores[best] < share * letters:
        return None
    # German or French text has a few of the same characters; once converted it is still not
    # Vietnamese, whose letters with marks are a fifth of all letters or more.
    sample = to_unicode(text[:50_000], best)
    converted_letters = [c for c in sample if c.isalpha()]
    marked = sum(c in _VIETNAMESE for c in converted_letters)
    return best if marked >= 0.1 * len(converted_letters) else None


def _signs_enough(signs: int, unicode_only: int) -> bool:
    """At least three signs, and more than three per Unicode-only letter (a Unicode text may
    hold a few of the same characters)."""
    return signs >= 3 and signs > 3 * unicode_only


class _CodeCounts:
    """How often each character up to U+1EF9 (the last Unicode-only letter) occurs in a text: one
    numpy count gives every character class of `detect` at a fraction of a regex scan's cost."""

    _SIZE = 0x1EFA  # later characters are all counted in this last slot, which no class asks about

    def __init__(self, text: str) -> None:
        codes = code_points(text)
        self._counts = np.bincount(np.minimum(codes, self._SIZE), minlength=self._SIZE + 1)

    def of(self, chars: str) -> int:
        """How many characters of the text are one of `chars` (each listed once)."""
        return int(self._counts[[ord(c) for c in chars]].sum())


def to_unicode(text: str, encoding: str) -> str:
    pattern, table = DECODERS[encoding]
    return pattern.sub(lambda m: table[m.group()], text)


def from_unicode(text: str, encoding: str) -> str:
    """The inverse conversion (how test samples are made)."""
    text = unicodedata.normalize("NFC", text)
    table = UNICODE_TO_TCVN3 if encoding == "tcvn3" else UNICODE_TO_VNI
    if encoding == "tcvn3":
        text = _capitals_for_tcvn3(text)
    return "".join(table.get(c, c) for c in text)


def _capitals_for_tcvn3(text: str) -> str:
    # The normal TCVN3 fonts have no toned capitals: a typist used the lower-case letter there.
    return "".join(c.lower() if c in _VIETNAMESE and c not in UNICODE_TO_TCVN3 and c.isupper()
                   else c for c in text)


def legacy_edits(raw: str, hint: str | Callable[[], str | None] | None = None
                 ) -> tuple[str | None, list[tuple[int, int, str]]]:
    """(encoding, rewrites) turning the legacy-encoded lines of `raw` into Unicode.

    A line that holds Unicode-only letters was typed in a Unicode font and is left alone; in a
    document that has such lines, only lines showing the encoding's own signs are converted.
    """
    encoding = detect(raw, hint)
    if encoding is None:
        return None, []
    pattern, table = DECODERS[encoding]
    signal = _TCVN3_SIGNAL if encoding == "tcvn3" else _VNI_SIGNAL
    mixed = bool(_UNICODE_ONLY.search(raw))
    edits: list[tuple[int, int, str]] = []
    for line in regex.finditer(r"[^\n]+", raw):
        text = line.group()
        if _UNICODE_ONLY.search(text) or (mixed and not signal.search(text)):
            continue
        for m in pattern.finditer(text):
            new = table[m.group()]
            if new != m.group():
                edits.append((line.start() + m.start(), line.start() + m.end(), new))
    return encoding, edits
