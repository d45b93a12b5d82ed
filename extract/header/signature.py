"""The end of the document's own part: "Nơi nhận:", the signature block, and "Kính gửi:" recipients.

    TM. ỦY BAN NHÂN DÂN        authority lines (TM./KT./TL./TUQ./Q., patterns/header.yaml)
    KT. CHỦ TỊCH
    PHÓ CHỦ TỊCH               the signer's own title: the last title line before the name
    Hoàng Minh Cường           the name: 2-5 capitalized words, the first such line after a title

The block is looked for around the first "Nơi nhận:" after the header (DOCX tables put it before or
after the distribution list), else in the last lines of the body.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from extract.document import Document
from extract.header import names, vocab

# lines opening with these words; the line start is captured in a look-behind so that the scan can
# jump from word to word (a pattern opening with "^[ \t]*" is tried at every position)
_NOI_NHAN = regex.compile(r"(?<=^(?P<line>[ \t]*))(?:Nơi nhận|NƠI NHẬN|Noi nhan)", regex.M)
_AUTHORITY_LINE = regex.compile(r"(?<=^(?P<line>[ \t]*))(?:TM|KT|TL|TUQ)\.", regex.M)
_CAPITALIZED_WORDS = regex.compile(r"^\s*\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*)*\s*$")
_KINH_GUI = regex.compile(r"(?:Kính\s+gửi|KÍNH\s+GỬI)\s*:?[ \t]*")
BEFORE_NOI_NHAN = 600
AFTER_NOI_NHAN = 2500
TAIL = 1500


@dataclass
class Signature:
    name: str | None
    title: str | None  # spelled, not yet qualified by the body
    rest_of_head: str  # "GIÁM SÁT QUẢN LÝ VỀ HQ" from "KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ VỀ HQ"
    start: int


def find_signature(doc: Document, body_start: int) -> Signature | None:
    text = doc.text
    for start, end in _windows(text, body_start):
        found = _signature_in(text, start, end)
        if found:
            return found
    return None


def _windows(text: str, body_start: int):
    """Where the block is looked for, in order; each is found only when the ones before hold none."""
    noi = _first_line(_NOI_NHAN, text, body_start)
    if noi is not None:
        yield noi, min(len(text), noi + AFTER_NOI_NHAN)
        yield max(body_start, noi - BEFORE_NOI_NHAN), noi
    authority = _first_line(_AUTHORITY_LINE, text, body_start)
    if authority is not None:  # no "Nơi nhận" (left out of web copies): the first "TM."/"KT." line
        yield authority, min(len(text), authority + AFTER_NOI_NHAN)
    yield max(body_start, len(text) - TAIL), len(text)


def _first_line(pattern: regex.Pattern, text: str, pos: int) -> int | None:
    """Start of the first line from `pos` on that opens with `pattern` (after spaces and tabs)."""
    for m in pattern.finditer(text, pos):
        if m.start("line") >= pos:
            return m.start("line")
    return None


def _signature_in(text: str, start: int, end: int) -> Signature | None:
    lines = _lines(text, start, end)
    last_title, head_line = None, None
    for i, (off, line) in enumerate(lines):
        title = _title_line(line)
        if title is not None:
            if vocab.authority_pattern().match(line):
                head_line = title
            last_title = (off, title)
            continue
        name = _name_from(lines, i) if last_title else None
        if name:
            rest = names.head_title_rest(head_line) if head_line else ""
            if rest.startswith(","):
                rest = ""
            return Signature(name, names.spell_title(last_title[1]), rest, last_title[0])
    return None


def _name_from(lines: list[tuple[int, str]], i: int) -> str | None:
    """A signer's name, also when a narrow cell wrapped it ("Vũ" / "Chiến Thắng")."""
    words: list[str] = []
    for _, line in lines[i:i + 3]:
        if not _CAPITALIZED_WORDS.match(line) or _title_line(line):
            break
        words += line.split()
        if len(words) >= 2:
            break
    return " ".join(words) if 2 <= len(words) <= 5 else None


def _title_line(line: str) -> str | None:
    """The title of a signature line ("KT. CHỦ TỊCH" → "CHỦ TỊCH"), or None for other lines."""
    authority = vocab.authority_pattern().match(line)
    rest = line[authority.end():] if authority else line
    if names.LOWER_CASE.search(rest):  # not in capitals
        return None
    stripped = rest.strip()
    up = " ".join(stripped.split()).upper()
    if not up or up != " ".join(stripped.split()):
        return None
    if authority:
        return up
    for form, _ in vocab.titles():
        if up.startswith(form) and (up == form or up.startswith((form + " ", form + ","))):
            return up
    return None


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    out, pos = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def find_recipients(text: str, start: int, end: int) -> tuple[list[str], int | None]:
    """"Kính gửi: Bộ Nội vụ" → ["Bộ Nội vụ"]; a "- X;" list under it → one entry per line."""
    m = _KINH_GUI.search(text, start, end)
    if not m:
        return [], None
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end == -1 else line_end
    inline = text[m.end():line_end].strip()
    if inline and not inline.startswith("-"):
        parts = [p for p in regex.split(r";\s*", inline) if p.strip()]
        return [_clean(p) for p in parts], m.start()
    found = [_clean(inline)] if inline else []
    for _, line in _lines(text, line_end + 1, min(len(text), line_end + 1500)):
        if not regex.match(r"\s*[-+•]\s*\S", line):
            break
        found.append(_clean(line))
    return [f for f in found if f], m.start()


def _clean(item: str) -> str:
    return " ".join(item.split()).lstrip("-+• ").rstrip(" ;.,")
