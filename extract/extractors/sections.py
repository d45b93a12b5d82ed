"""The heading tree: "Phần …", "I.", "1.", "a)", bold or capital headings, run-in headings.

Levels follow the label, not the position (CONTRACT): 0 = "Phần"/"Chương", 1 = "I." (also "Mục",
"Điều"), 2 = "1.", 3 = "1.1" or "a)" (4 when an "a)" sits under a "1.1"), 4 = run-in headings
("- *Kiểm tra công tác cải cách hành chính:* …", "- Về công bố, công khai TTHC:"). A bold or
all-capital paragraph without a label takes the level just above the next labelled heading.

A section spans from its heading to the next heading of the same or a higher level, and never past
the end of its region: the body ends at "Nơi nhận:" (what follows the signature, an appendix, is a
region of its own) or at the footnotes that close a DOCX file. Headings are looked for only at the
start of body paragraphs (any line start in PDF text, whose blocks are pages), never in footnotes,
tables or the header block.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from extract.document import Document
from extract.readers.text import WRAPPED

_LABELS = [  # (kind, pattern at a line start, level)
    ("part", r"(?:PHẦN|Phần|CHƯƠNG|Chương)\s+(?:[IVX]+|\d{1,2}|THỨ\s+\p{L}+)(?=[\s.:])", 0),
    ("roman", r"[IVX]{1,5}\.(?=\s*\p{Lu})", 1),
    ("muc", r"(?:Mục|MỤC)\s+(?:[IVX]+|\d{1,2})(?=[\s.:])", 1),
    ("dieu", r"Điều\s+\d{1,3}[a-z]?\.", 1),
    ("sub", r"\d{1,2}\.\d{1,2}\.?(?=\s+\p{Lu})", 3),
    ("arabic", r"\d{1,2}\.(?=\s*\p{Lu})", 2),
    ("letter", r"[a-zđ]\)(?=\s*\S)", 3),
]
_LABEL = regex.compile(
    r"\A[ \t]*(?:" + "|".join(f"(?P<{kind}>{pat})" for kind, pat, _ in _LABELS) + r")", regex.V1)
_LEVEL = {kind: level for kind, _, level in _LABELS}
_BULLET = regex.compile(r"\A[ \t]*[-+•][ \t]+")
_RUNIN_COLON = regex.compile(r"\A[ \t]*[-+•][ \t]+(?P<title>[^:\n\d()]{3,160}?)\s*:")
# a "Nơi nhận" line; the line start is captured in a look-behind so that the scan can jump from word
# to word (a pattern opening with "^[ \t]*" is tried at every position)
_REGION_END = regex.compile(r"(?<=^(?P<line>[ \t]*))(?:Nơi nhận|NƠI NHẬN)\s*:?", regex.M)
_SENTENCE_END = regex.compile(r"[.;:](?:\s|$)")
TITLE_MAX = 200
TITLE_SCAN = 4 * TITLE_MAX
RUNIN_LEVEL = 4
RUNIN_MAX_WORDS = 20
PAGE_LIKE_CELL = 1500
_BARE_LABEL = regex.compile(r"(?:[IVX]{1,5}|\d{1,2}|[a-zđ])[.)]")
_WRAPPED_WORDS = {"Điều", "Chương", "CHƯƠNG", "Phần", "PHẦN", "Mục", "MỤC"}
_BARE_MAX = max(len("VIIII."), *map(len, _WRAPPED_WORDS))  # the longest bare label or word


@dataclass
class _Heading:
    start: int
    level: int
    label: str
    title: str
    kind: str
    end: int = -1


def extract_sections(doc: Document) -> list[dict]:
    """Section rows with section_id, parent_id, level, label, title, char_start, char_end."""
    text = doc.text
    regions = _region_ends(doc)
    heads = _drop_stray_runins(_labelled(doc), regions)
    if not heads:
        return []
    heads += _unlabelled(doc, heads, regions)
    heads.sort(key=lambda h: h.start)
    _nest_letters(heads)
    _set_ends(heads, regions, len(text))
    return _rows(heads)


# ---------------------------------------------------------------- where headings may start

def _lines(doc: Document):
    """(start, end, block) of every place a heading may start, up to the end of its own text (see
    `_line_end`): paragraphs; the lines of PDF text."""
    text = doc.text
    for block in doc.blocks:
        if block.kind == "footnote" or (block.kind in ("table_cell", "header") and not _page_like(block)):
            continue
        if not _lines_are_paragraphs(doc, block):
            yield block.start, block.end, block
            continue
        start = block.start
        end = text.find("\n", start, block.end)
        while end != -1:
            yield start, end, block
            start = end + 1
            end = text.find("\n", start, block.end)
        yield start, block.end, block


def _page_like(block) -> bool:
    """A "cell" holding a whole page of text (thuvienphapluat pages laid out as one table)."""
    return block.end - block.start >= PAGE_LIKE_CELL


def _lines_are_paragraphs(doc: Document, block) -> bool:
    return doc.format == "pdf" or block.kind in ("table_cell", "header") or block.style == WRAPPED


def _line_end(doc: Document, start: int, block) -> int:
    """End of the heading's own text: its line in PDF text, its paragraph elsewhere."""
    if _lines_are_paragraphs(doc, block):
        nl = doc.text.find("\n", start, block.end)
        return block.end if nl == -1 else nl
    return block.end


def _labelled(doc: Document) -> list[_Heading]:
    heads = []
    text = doc.text
    consumed = -1
    emphasis_at = _emphasis_by_start(doc)
    for start, end, block in _lines(doc):
        if start <= consumed:
            continue
        if end < block.end and _is_bare_label(text, start, end):  # "Điều" / "1. …"
            end = consumed = _line_end(doc, end + 1, block)
        line = text[start:end]
        m = _LABEL.match(line)
        if m:
            kind = m.lastgroup
            label = " ".join(m.group(kind).split())
            title = _title(line[m.end():])
            if title or kind in ("roman", "part", "dieu", "muc"):
                indent = len(line) - len(line.lstrip())
                heads.append(_Heading(start + indent, _LEVEL[kind], label, title, kind))
            continue
        runin = _runin(doc, start, line, emphasis_at)
        if runin:
            title, inline = runin
            heads.append(_Heading(start, RUNIN_LEVEL, "-", title, "runin", end if inline else -1))
    return heads


def _is_bare_label(text: str, start: int, end: int) -> bool:
    """A line holding only a label or a heading word, its title on the next line."""
    if end - start > _BARE_MAX and not (text[start].isspace() or text[end - 1].isspace()):
        return False  # too long, even stripped (told without copying the line)
    bare = text[start:end].strip()
    return bare in _WRAPPED_WORDS or bool(_BARE_LABEL.fullmatch(bare))


def _emphasis_by_start(doc: Document) -> dict[int, list]:
    """The emphasis spans by start offset, in document order (a run-in label is looked up by it)."""
    by_start: dict[int, list] = {}
    for e in doc.emphasis:
        by_start.setdefault(e.start, []).append(e)
    return by_start


def _title(rest: str) -> str:
    # the title is cut within TITLE_MAX characters: join the words of a long paragraph's head only
    # (the joined head is the start of the joined paragraph, all of it when the paragraph is short)
    joined = " ".join(rest[:TITLE_SCAN].split()).lstrip(".:- ")
    if len(joined) <= TITLE_MAX and len(rest) > TITLE_SCAN:
        joined = " ".join(rest.split()).lstrip(".:- ")
    if len(joined) <= TITLE_MAX:
        return joined.rstrip(" :;")
    m = _SENTENCE_END.search(joined, 0, TITLE_MAX)
    cut = m.start() if m else joined.rfind(" ", 0, TITLE_MAX)
    return joined[: cut if cut > 0 else TITLE_MAX].rstrip(" :;,")


def _runin(doc: Document, start: int, line: str, emphasis_at: dict[int, list]) -> tuple[str, bool] | None:
    """(title, inline) of a bullet opened by an emphasized or colon-closed label, or of a short
    bullet sub-heading. An inline label heads its own paragraph only; a sub-heading on a line of
    its own heads what follows up to the next heading."""
    bullet = _BULLET.match(line)
    if not bullet:
        return None
    for e in emphasis_at.get(start + bullet.end(), ()):
        if e.end - e.start >= 3:
            label = doc.text[e.start:e.end]
            after = doc.text[e.end:e.end + 2]
            if label.rstrip().endswith(":") or after.lstrip().startswith(":"):
                rest = doc.text[e.end:start + len(line)].lstrip(" :")
                return label.strip().rstrip(":").strip(), bool(rest.strip())
    m = _RUNIN_COLON.match(line)
    if m and len(m.group("title").split()) <= RUNIN_MAX_WORDS:
        return " ".join(m.group("title").split()), bool(line[m.end():].strip())
    rest = line[bullet.end():]
    if not rest.lstrip().startswith("Về"):  # before joining the words of a long paragraph
        return None
    body = " ".join(rest.split())
    if len(body) <= 150 and body.startswith("Về ") and not body.endswith((".", ";")):
        return body.rstrip(":"), False
    return None


def _drop_stray_runins(heads: list[_Heading], regions: list[int]) -> list[_Heading]:
    """Run-in labels count only inside the tree: not before the first labelled heading, and not in
    the "Nơi nhận:" list ("- Lưu: VT") up to the next labelled heading."""
    kept, last_label = [], -1
    for h in heads:
        if h.kind != "runin":
            last_label = max(last_label, h.start)
            kept.append(h)
            continue
        last_region = max((r for r in regions if r < h.start), default=-1)
        if last_label >= 0 and last_region < last_label:
            kept.append(h)
    return kept


# ---------------------------------------------------------------- headings without a label

def _unlabelled(doc: Document, labelled: list[_Heading], regions: list[int]) -> list[_Heading]:
    """Short bold or all-capital paragraphs between the first labelled heading and "Nơi nhận"."""
    if doc.format == "pdf":
        return []
    first = labelled[0].start
    stop = next((r for r in regions if r > first), len(doc.text))
    taken = {h.start for h in labelled}
    bold = _bold_coverage(doc)
    found = []
    for block in doc.blocks:
        if block.kind not in ("paragraph", "heading") or not first < block.start < stop:
            continue
        raw = doc.text[block.start:block.end]
        last = raw.rstrip()[-1:]  # the last character of `body`, known before joining its words
        if block.start in taken or not last or last in ".;,":
            continue
        body = " ".join(raw.split())
        if len(body) > 150:
            continue
        if _BULLET.match(raw) or _LABEL.match(raw) or body.startswith(("(", "*")):
            continue
        letters = [c for c in body if c.isalpha()]
        capitals = len(letters) > 3 and all(c.isupper() for c in letters)
        is_bold = bold(block.start, block.end)
        if capitals or is_bold or block.kind == "heading":
            level = _level_between(labelled, block.start)
            found.append(_Heading(block.start, level, "", body.rstrip(":"), "plain"))
    return found


def _bold_coverage(doc: Document):
    spans = [(e.start, e.end) for e in doc.emphasis if e.kind == "bold"]

    def covered(start: int, end: int) -> bool:
        text = doc.text
        need = sum(1 for c in text[start:end] if not c.isspace())
        got = 0
        for s, e in spans:
            if e <= start or s >= end:
                continue
            got += sum(1 for c in text[max(s, start):min(e, end)] if not c.isspace())
        return need > 0 and got >= 0.9 * need
    return covered


def _level_between(labelled: list[_Heading], pos: int) -> int:
    nxt = next((h for h in labelled if h.start > pos and h.kind != "runin"), None)
    prev = next((h for h in reversed(labelled) if h.start < pos and h.kind != "runin"), None)
    if nxt and nxt.level >= 2:
        return nxt.level - 1
    return min((prev.level + 1) if prev else 1, RUNIN_LEVEL)


# ---------------------------------------------------------------- spans and tree

def _region_ends(doc: Document) -> list[int]:
    """Offsets where a body region ends: "Nơi nhận:" lines, and the footnotes closing the file."""
    ends, scanned = [], 0
    for m in _REGION_END.finditer(doc.text):
        if m.start("line") >= scanned:  # a "^…" scan goes on after its last match, never inside it
            ends.append(m.start("line"))
            scanned = m.end()
    tail_notes = _trailing_footnotes(doc)
    if tail_notes is not None:
        ends.append(tail_notes)
    return sorted(ends)


def _trailing_footnotes(doc: Document) -> int | None:
    start = None
    for block in reversed(doc.blocks):
        if block.kind == "footnote":
            start = block.start
        elif doc.text[block.start:block.end].strip():
            break
    return start


def _nest_letters(heads: list[_Heading]) -> None:
    """An "a)" inside a "1.1" sits one level deeper than an "a)" inside a "1."."""
    inside_sub = False
    for h in heads:
        if h.kind == "sub":
            inside_sub = True
        elif h.kind in ("arabic", "roman", "part", "muc", "dieu"):
            inside_sub = False
        elif h.kind == "letter" and inside_sub:
            h.level = 4


def _set_ends(heads: list[_Heading], regions: list[int], text_end: int) -> None:
    for h, nxt in zip(heads, _next_starts(heads, text_end), strict=True):
        if h.end > h.start:  # an inline run-in heading: its paragraph
            continue
        limit = next((r for r in regions if r > h.start), text_end)
        h.end = min(limit, nxt)


def _next_starts(heads: list[_Heading], text_end: int) -> list[int]:
    """Where the next heading of the same or a higher level starts, for each heading (one pass from
    the end: a heading hides the deeper ones after it from the ones before it)."""
    starts, after = [], []
    for h in reversed(heads):
        while after and after[-1].level > h.level:
            after.pop()
        starts.append(after[-1].start if after else text_end)
        after.append(h)
    return starts[::-1]


def _rows(heads: list[_Heading]) -> list[dict]:
    rows, stack, used = [], [], set()
    counters: dict[str, int] = {}
    for h in heads:
        while stack and (stack[-1][0].level >= h.level or stack[-1][0].end <= h.start):
            stack.pop()
        parent = stack[-1] if stack else None
        sid = _section_id(h, parent[1] if parent else "", counters, used)
        rows.append({
            "section_id": sid, "parent_id": parent[1] if parent else None, "level": h.level,
            "label": h.label or None, "title": h.title, "char_start": h.start, "char_end": h.end,
        })
        stack.append((h, sid))
    return rows


def _section_id(h: _Heading, parent_id: str, counters: dict[str, int], used: set[str]) -> str:
    if h.label and h.label != "-":
        own = h.label.rstrip(".)").replace(" ", "")
    else:
        key = f"{parent_id}/{h.kind}"
        counters[key] = counters.get(key, 0) + 1
        own = ("r" if h.kind == "runin" else "h") + str(counters[key])
    sid = f"{parent_id}.{own}" if parent_id else own
    base, n = sid, 1
    while sid in used:
        n += 1
        sid = f"{base}~{n}"
    used.add(sid)
    return sid
