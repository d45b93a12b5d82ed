"""What surrounds a ref in the text: the type word before it, and after it the date, the issuer
("của X") and the subject ("về việc …"); the sentence it sits in (its subject, its opening date).

The look-back skips footnote blocks that interrupt the body ("Kế" ¹… footnote … "hoạch số 339-KH/TU"),
so a type word split by a footnote is still found.
"""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

import regex

from extract import patterns
from extract.dates import VnDate, date_at

LOOKBACK = 160


@functools.cache
def _type_pattern() -> regex.Pattern:
    words = []
    for e in patterns.doc_types():
        words += [e["name"], *(e.get("aliases") or [])]
    alt = "|".join(
        r"\s+".join(regex.escape(p) for p in w.split())
        for w in sorted(set(words), key=len, reverse=True)
    )
    # anchored at the end, so searched backwards from there (REVERSE): the same match as a forward
    # search, without trying the whole alternation at every position of the look-back
    return regex.compile(
        rf"(?<!\p{{L}})(?P<type>{alt})(?:\s+(?:số|SỐ|Số)\.?){{0,2}}\s*:?\s*$",
        regex.IGNORECASE | regex.V1 | regex.REVERSE,
    )


# "Luật Tổ chức chính quyền địa phương số 72/2025/QH15": a law's name sits between type and number
_NAMED_TYPE = regex.compile(
    r"(?<!\p{L})(?P<type>Bộ\s+luật|Luật|Pháp\s+lệnh)\s+\p{L}(?:[^;.\n()]|\n(?!\n)){0,150}?\s+(?:số|Số)\s*$",
    regex.V1,
)


@functools.cache
def plural_type_pattern() -> regex.Pattern:
    """"các Nghị định", "những Quyết định": a type named once for a list of numbers."""
    words = []
    for e in patterns.doc_types():
        words += [e["name"], *(e.get("aliases") or [])]
    alt = "|".join(r"\s+".join(regex.escape(p) for p in w.split())
                   for w in sorted(set(words), key=len, reverse=True))
    return regex.compile(
        rf"(?<!\p{{L}})(?:các|những)\s+(?P<type>{alt})(?!\p{{L}})", regex.IGNORECASE | regex.V1
    )


@functools.cache
def _type_words() -> str:
    """Every type name and alias, capitalized or not, as a regex alternation (longest first)."""
    words = set()
    for e in patterns.doc_types():
        for w in [e["name"], *(e.get("aliases") or [])]:
            words |= {w[0].upper() + w[1:], w[0].lower() + w[1:]}
    return "|".join(r"\s+".join(regex.escape(p) for p in w.split())
                    for w in sorted(words, key=len, reverse=True))


@functools.cache
def _type_of_body() -> regex.Pattern:
    """"báo cáo thẩm định của Sở Tư pháp số 316/BC-STP": the issuer between the type and "số"."""
    alt = _type_words()
    return regex.compile(
        rf"(?<!\p{{L}})(?P<type>{alt})(?:\s+\p{{Ll}}+){{0,3}}?\s+(?:của|do)\s+"
        rf"(?P<body>\p{{Lu}}[^;.\n]{{2,80}}?)\s+số\s*$",
        regex.V1,
    )


@functools.cache
def _qualified_type() -> regex.Pattern:
    """"Tờ trình bổ sung số", "Báo cáo thẩm tra số": a few lower-case words between type and "số"."""
    alt = _type_words()
    return regex.compile(rf"(?<!\p{{L}})(?P<type>{alt})(?:\s+(?!số\b)\p{{Ll}}+){{1,3}}\s+số\s*$", regex.V1)


@dataclass(slots=True)
class TypeWord:
    name: str    # canonical type
    start: int   # where the mention's quote starts in doc.text
    body_at: int | None = None  # "Quyết định của Thủ tướng Chính phủ số …": where its issuer is written


def type_before(text: str, pos: int, skip: list[tuple[int, int]]) -> TypeWord | None:
    """The type word (+ "số") ending right before `pos`, looking past the `skip` intervals (sorted,
    not overlapping; the one holding `pos`, a mention inside a footnote, is not skipped)."""
    spans, skipped = _look_back(pos, skip)
    window = "".join(text[a:b] for a, b in spans)
    near = max(0, len(window) - 70)  # a type word (+ qualifiers + "số") ends the window: scan its tail
    m = _type_pattern().search(window, near)
    if not m and window.rstrip().endswith(("số", "Số")):  # where the other three patterns end
        m = (_qualified_type().search(window, near) or _NAMED_TYPE.search(window)
             or _type_of_body().search(window))
    if not m:
        return None
    name = patterns.canonical_doc_type(m.group("type"))
    start = _text_offset(spans, m.start())
    body_at = _text_offset(spans, m.start("body")) if "body" in m.groupdict() and m.group("body") else None
    # a skipped block inside the mention: the quote starts after it (its part that is contiguous)
    for a, b in skipped:
        if start < a < pos:
            start = _next_non_space(text, b, pos)
    return TypeWord(name, start, body_at)


def _look_back(pos: int, skip: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The spans of text read before `pos` (LOOKBACK characters outside skipped blocks, a skipped
    block does not use up the look-back) and the skipped blocks between them."""
    last = bisect.bisect_left(skip, (pos,))  # skip[:last] start before pos
    if last and skip[last - 1][1] > pos:
        last -= 1  # the block holding pos
    lo, first = pos - LOOKBACK, last
    while first and skip[first - 1][1] > lo:
        a, b = skip[first - 1]
        lo -= min(b, pos) - max(a, lo)
        first -= 1
    skipped = skip[first:last]
    spans, cursor = [], max(0, lo)
    for a, b in skipped:
        spans.append((cursor, max(cursor, a)))
        cursor = max(cursor, b)
    spans.append((cursor, pos))
    return spans, skipped


def _text_offset(spans: list[tuple[int, int]], i: int) -> int:
    """Where character `i` of the joined spans lies in the text."""
    for a, b in spans:
        if i < b - a:
            return a + i
        i -= b - a
    raise IndexError(i)


def _next_non_space(text: str, i: int, limit: int) -> int:
    while i < limit and text[i].isspace():
        i += 1
    return i


_SEP_DATE = regex.compile(r"\s*,?\s*(?:ban\s+hành\s+|ký\s+)?(?=[Nn]gày|NGÀY|\d)")


def date_after(text: str, pos: int) -> VnDate | None:
    m = _SEP_DATE.match(text, pos)
    if not m or m.end() - pos > 16:
        return None
    d = date_at(text, m.end())
    return d if d and d.year else None


_OF = regex.compile(r"\s*,?\s*(?:của|do)\s+")


def of_after(text: str, pos: int) -> int | None:
    """Where the issuer phrase starts when "của X" / "do X" follows right at `pos`."""
    m = _OF.match(text, pos)
    return m.end() if m else None


_TITLE_WORDS = (r"về\s+việc|V/v|về|ban\s+hành|phê\s+duyệt|quy\s+định|hướng\s+dẫn|sửa\s+đổi|"
                r"thành\s+lập|triển\s+khai|thực\s+hiện")
TITLE_MAX = 300
# where a title stops: a clause break, a closing bracket, the end, the next citation ("… Nghị định số 5")
_TITLE_END = (r"[^\S\n]*+(?:[;\n]|\.(?:\s|$)|\)|$|,\s*+(?:\p{Lu}|trong\s+đó|theo\s+đó|đồng\s+thời))"
              r"|\s++\p{Lu}\p{Ll}*+\s++số\s++\d")
# A worded title runs to the first stop from its 4th character on. The stop is tried only where one
# can start (a lazy repeat tries it at every character, a few times slower): not inside a word, nor
# at a single space before a word that is not capitalized. `title_after` checks the length.
_TITLE_BODY = (r"[^;\n]{3}(?:[^;\n\s.),]++"
               r"|[^\S\n][^\s\p{Lu};.),][^;\n\s.),]*+"
               rf"|(?!{_TITLE_END})[\s.),])*+")
_TITLE = regex.compile(
    rf"\s*,?\s*(?P<title>(?:{_TITLE_WORDS})\s(?P<worded>{_TITLE_BODY})"
    rf"|[“\"][^”\"\n]{{3,{TITLE_MAX}}}[”\"](?={_TITLE_END}))",
    regex.V1,
)
# how a title opens: without it, the next citation (where the title would stop) is not looked for
_TITLE_OPENS = regex.compile(rf"\s*,?\s*(?:(?:{_TITLE_WORDS})\s|[“\"])", regex.V1)
_NEXT_REF = regex.compile(r"\d+[/-]\s?(?:\d{4}/)?[A-ZĐ]")


# searched backwards: found at the end at once, not tried at every character before it
_DANGLING = regex.compile(r"[\s,;]*(?:của|tại|theo)?$", regex.REVERSE)


def title_after(text: str, pos: int) -> tuple[str, int] | None:
    """The cited document's subject written right after `pos` (stops before the next citation)."""
    if not _TITLE_OPENS.match(text, pos):
        return None
    m = _TITLE.match(text, pos, min(len(text), _next_ref_start(text, pos)))
    if not m or len(m.group("worded") or "") > TITLE_MAX:
        return None
    title = " ".join(m.group("title").split()).strip(" ,")
    cut = _type_pattern().search(title, max(0, len(title) - 40))  # drop the next citation's type word
    if cut:
        title = title[:cut.start()].rstrip()
        title = title[:_DANGLING.search(title).start()]
    if title.count("(") > title.count(")"):  # stopped inside a parenthesis: leave it out
        title = title[:title.rfind("(")].rstrip(" ,;")
    if len(title.split()) < 4 and not title.startswith(("“", '"')):
        return None  # a bare verb ("triển khai thực hiện") left once the next citation is cut
    return (title, m.end())


def _next_ref_start(text: str, pos: int) -> int:
    m = _NEXT_REF.search(text, pos, pos + 400)
    return m.start() if m else pos + 400


# a line break ends a sentence unless the text is hard-wrapped (PDF, Markdown): then the next line
# goes on in lower case
_SENTENCE_END = regex.compile(r"(?:[.!?](?=\s+[\p{Lu}\-–•+*])|\n(?=\s*[^\p{Ll}\s]))", regex.V1)


_SENTENCE_END_BACKWARDS = regex.compile(_SENTENCE_END.pattern, regex.V1 | regex.REVERSE)


def sentence_start(text: str, pos: int, max_back: int = 1500) -> int:
    lo = max(0, pos - max_back)
    m = _SENTENCE_END_BACKWARDS.search(text, lo, pos)  # the last sentence end before pos
    return m.end() if m else lo


_PERIOD_BACKWARDS = regex.compile(r"[.!?](?=\s)|\n[ \t]*\n", regex.V1 | regex.REVERSE)


def period_start(text: str, pos: int, max_back: int = 400) -> int:
    """Start of the sentence by punctuation and blank lines only (hard-wrapped text breaks lines
    anywhere, even before a capital)."""
    lo = max(0, pos - max_back)
    m = _PERIOD_BACKWARDS.search(text, lo, pos)
    return m.end() if m else lo


_OPENING = regex.compile(r"[\s\-–•+*]*(?:Vào\s+)?(?=[Nn]gày\s)")


def opening_date(text: str, start: int, pos: int) -> VnDate | None:
    """"Ngày 07/02/2024, X ban hành …" — the date opening the sentence that holds `pos`."""
    starts = [start] + [m.end() for m in _COLON.finditer(text, start, pos)]
    for clause in reversed(starts):  # "…tổ chức hành chính: Ngày 03/7/2025, Hội đồng … ban hành"
        m = _OPENING.match(text, clause, pos)
        if not m:
            continue
        d = date_at(text, m.end())
        if d and d.year and d.end < pos and _AFTER_OPENING.match(text, d.end):
            return d
    return None


_COLON = regex.compile(r":\s*")
_AFTER_OPENING = regex.compile(r",|\s+\p{Lu}", regex.V1)


_ISSUING_VERB = r"ban\s+hành|có|ký|phê\s+duyệt|xây\s+dựng(?:\s+và\s+ban\s+hành)?|trình|gửi|thông\s+báo|ra"
ISSUING_VERBS = regex.compile(
    r"^(?:\s+(?:đã|cũng|tiếp\s+tục|đồng\s+thời|kịp\s+thời|khẩn\s+trương|chỉ\s+đạo))*"
    rf"\s+(?:{_ISSUING_VERB})\b",
    regex.V1,
)
# one of the verbs anywhere (what ISSUING_VERBS needs at least): told by one search, a sentence
# without one has no issuing subject, and the costly search for bodies in it is spared
ANY_ISSUING_VERB = regex.compile(rf"\s(?:{_ISSUING_VERB})", regex.V1)
