"""DOCX: body paragraphs with their styles, tables in reading order, the header table, footnotes.

The package is read straight from the zip with lxml (python-docx would load and wrap every part
and every cell: ≈half of a document's time). Tables are walked as <w:tbl>/<w:tr>/<w:tc>, with the
grid numbering python-docx gives: a cell spanning columns (gridSpan) takes that many column
numbers, a vertically merged continuation cell (vMerge) takes its column numbers but is not read
again. Paragraph text is read from the XML so that footnote reference marks, tabs and line breaks
keep their place. The footnotes of word/footnotes.xml follow the body, each opening with its
superscript mark, the same way the mark stands in the body text.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from functools import lru_cache
from pathlib import Path

from lxml import etree

from extract.readers.builder import TextBuilder, looks_like_header

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_T, _TAB, _BR, _CR = _W + "t", _W + "tab", _W + "br", _W + "cr"
_FOOTREF, _P, _TBL, _R = _W + "footnoteReference", _W + "p", _W + "tbl", _W + "r"
_RPR, _B, _I, _VAL = _W + "rPr", _W + "b", _W + "i", _W + "val"
_PSTYLE, _PPR, _ID, _SDT = _W + "pStyle", _W + "pPr", _W + "id", _W + "sdtContent"
_TR, _TC, _TCPR, _GRIDSPAN, _VMERGE = _W + "tr", _W + "tc", _W + "tcPr", _W + "gridSpan", _W + "vMerge"
_TRPR, _GRIDBEFORE, _BODY = _W + "trPr", _W + "gridBefore", _W + "body"
_STYLE, _NAME = _W + "style", _W + "name"
_STYLE_ID, _FOOTNOTE, _TYPE = _W + "styleId", _W + "footnote", _W + "type"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# python-docx shows these built-in style names in their UI spelling ("heading 1" → "Heading 1")
_UI_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header",
             **{f"heading {n}": f"Heading {n}" for n in range(1, 10)}}
# the parser python-docx uses: same text nodes, never an entity resolved
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, collect_ids=False)


def read_docx(source: str | Path | bytes) -> TextBuilder:
    """The text blocks of a DOCX given as bytes or a path."""
    package = _Package(source)
    main = package.main_part()
    body = package.xml(main).find(_BODY)
    tb = TextBuilder()
    reader = _BodyReader(tb, _style_names(package.styles(main)))
    if body is not None:
        reader.read_children(body)
    for mark, paragraphs in _footnotes(package):
        for i, p in enumerate(paragraphs):
            text = (mark.translate(SUPERSCRIPT) + " " if i == 0 else "") + p
            tb.add(text, "footnote", mark=mark)
    return tb


class _Package:
    """The parts of the zip that reading needs, found through the package relationships."""

    def __init__(self, source: str | Path | bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        self.names = set(self.zip.namelist())

    def xml(self, name: str):
        return etree.fromstring(self.zip.read(name), _PARSER)

    def related(self, part: str, rel_type: str) -> str | None:
        """Zip name of the first internal part `part` relates to with `rel_type`."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels not in self.names:
            return None
        for rel in self.xml(rels).iterchildren(_RELS_NS):
            if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
                return posixpath.normpath(posixpath.join("/" + folder, rel.get("Target", ""))).lstrip("/")
        return None

    def main_part(self) -> str:
        main = self.related("", _REL_DOCUMENT) or "word/document.xml"
        content_type = self._content_type(main)
        if content_type != WORD_MAIN:  # a macro document or template: python-docx refuses them too
            raise ValueError(f"not a Word document, content type is '{content_type}'")
        return main

    def styles(self, main: str):
        name = self.related(main, _REL_STYLES)
        if name in self.names:
            return self.xml(name)
        return _default_styles()  # what python-docx falls back to

    def _content_type(self, part: str) -> str | None:
        types = self.xml("[Content_Types].xml")
        for override in types.iterchildren(_CT_NS + "Override"):
            if override.get("PartName", "").lstrip("/").lower() == part.lower():
                return override.get("ContentType")
        ext = part.rsplit(".", 1)[-1].lower()
        for default in types.iterchildren(_CT_NS + "Default"):
            if default.get("Extension", "").lower() == ext:
                return default.get("ContentType")
        return None


@lru_cache(maxsize=1)
def _default_styles():
    import docx
    path = Path(docx.__file__).parent / "templates" / "default-styles.xml"
    return etree.fromstring(path.read_bytes(), _PARSER)


def _style_names(styles) -> dict[str, str | None]:
    names: dict[str, str | None] = {}
    for style in styles.iterchildren(_STYLE):
        sid = style.get(_STYLE_ID)
        if sid:
            el = style.find(_NAME)
            name = el.get(_VAL) if el is not None else None
            names[sid] = _UI_NAMES.get(name, name)
    return names


class _BodyReader:
    def __init__(self, tb: TextBuilder, style_names: dict[str, str | None]) -> None:
        self.tb = tb
        self.style_names = style_names
        self.table_no = 0
        self.seen_body_text = False

    def read_children(self, parent) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == _P:
                self.paragraph(child)
            elif tag == _TBL:
                self.table(child)
            elif isinstance(tag, str) and tag.endswith("}sdt"):
                content = child.find(_SDT)
                if content is not None:
                    self.read_children(content)

    def paragraph(self, p, kind: str | None = None, **meta) -> None:
        text, bold_spans, italic_spans = _paragraph_text(p)
        style = self._style(p)
        if kind is None:
            kind = "heading" if style and style.lower().startswith(("heading", "title")) else "paragraph"
        block = self.tb.add(text, kind, style=style, **meta)
        if block is None:
            return
        if kind == "paragraph":
            self.seen_body_text = True
        for a, b in bold_spans:
            self.tb.emphasize(block.start + a, block.start + b, "bold")
        for a, b in italic_spans:
            self.tb.emphasize(block.start + a, block.start + b, "italic")

    def table(self, tbl) -> None:
        self.table_no += 1
        number = self.table_no
        is_header = not self.seen_body_text and looks_like_header(_xml_text(tbl))
        kind = "header" if is_header else "table_cell"
        rows = tbl.findall(_TR)
        for r, tr in enumerate(rows):
            col = 0  # the grid column python-docx numbers the cell with
            offset = _grid_before(tr)  # the cell's true grid offset, for finding merged cells
            for tc in tr.iterchildren(_TC):
                span = _grid_span(tc)
                root = _merge_root(rows, r, offset) if _continues_merge(tc) else None
                if root is not None:  # read once, in the row where the merge starts
                    col += _grid_span(root)
                else:
                    self._cell(tc, kind, number, r, col)
                    col += span
                offset += span

    def _cell(self, tc, kind: str, number: int, r: int, c: int) -> None:
        for child in tc.iterchildren():
            if child.tag == _P:
                self.paragraph(child, kind, table=number, row=r, col=c)
            elif child.tag == _TBL:
                self.table(child)

    def _style(self, p) -> str | None:
        ppr = p.find(_PPR)
        if ppr is None:
            return None
        ps = ppr.find(_PSTYLE)
        if ps is None:
            return None
        sid = ps.get(_VAL)
        return self.style_names.get(sid, sid)


def _grid_span(tc) -> int:
    tcpr = tc.find(_TCPR)
    span = tcpr.find(_GRIDSPAN) if tcpr is not None else None
    val = span.get(_VAL) if span is not None else None
    return int(val) if val and val.isdigit() else 1


def _grid_before(tr) -> int:
    trpr = tr.find(_TRPR)
    before = trpr.find(_GRIDBEFORE) if trpr is not None else None
    val = before.get(_VAL) if before is not None else None
    return int(val) if val and val.isdigit() else 0


def _continues_merge(tc) -> bool:
    tcpr = tc.find(_TCPR)
    merge = tcpr.find(_VMERGE) if tcpr is not None else None
    return merge is not None and merge.get(_VAL, "continue") == "continue"


def _merge_root(rows: list, r: int, offset: int):
    """The cell a vertical merge continues (the first cell above, at the same grid offset, that
    does not itself continue one); None when there is none (a broken merge: read the cell)."""
    while r > 0:
        r -= 1
        tc = _cell_at(rows[r], offset)
        if tc is None:
            return None
        if not _continues_merge(tc):
            return tc
    return None


def _cell_at(tr, offset: int):
    remaining = offset - _grid_before(tr)
    for tc in tr.iterchildren(_TC):
        if remaining < 0:
            break
        if remaining == 0:
            return tc
        remaining -= _grid_span(tc)
    return None


def _on(el) -> bool:
    return el is not None and el.get(_VAL) not in ("0", "false", "none")


_RUN_PARTS = (_R, _T, _TAB, _BR, _CR, _FOOTREF, _B, _I)


def _paragraph_text(p) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """Text of the paragraph's runs (in document order of the runs, each run's own text whole),
    and the bold and italic spans in it. One walk over the elements that matter: per-run lookups
    of lxml elements cost more than the rest of reading."""
    runs: dict = {}  # run → [pieces, bold, italic], in document order
    for el in p.iter(_RUN_PARTS):
        tag = el.tag
        if tag == _R:
            runs[el] = [[], None, None]
            continue
        parent = el.getparent()
        if tag in (_B, _I):
            _run_format(runs, el, parent, 1 if tag == _B else 2)
            continue
        entry = runs.get(parent)
        if entry is None:  # a w:tab of the paragraph's tab stops, not of a run
            continue
        if tag == _T:
            if el.text:
                entry[0].append(el.text)
        elif tag == _TAB:
            entry[0].append("\t")
        elif tag == _FOOTREF:
            entry[0].append((el.get(_ID) or "").translate(SUPERSCRIPT))
        else:
            entry[0].append("\n")
    parts: list[str] = []
    length = 0
    bold: list[tuple[int, int]] = []
    italic: list[tuple[int, int]] = []
    for pieces, is_bold, is_italic in runs.values():
        start = length
        for piece in pieces:
            parts.append(piece)
            length += len(piece)
        if length > start:
            if is_bold:
                bold.append((start, length))
            if is_italic:
                italic.append((start, length))
    return "".join(parts), _merge(bold), _merge(italic)


def _run_format(runs: dict, el, rpr, slot: int) -> None:
    """Bold/italic from the first <w:b>/<w:i> of a run's first <w:rPr> (not the paragraph mark's)."""
    if rpr.tag != _RPR:
        return
    entry = runs.get(rpr.getparent())
    if entry is None or entry[slot] is not None or _first_rpr(rpr) is not rpr:
        return
    entry[slot] = _on(el)


def _first_rpr(rpr):
    return rpr.getparent().find(_RPR)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _xml_text(el) -> str:
    return "".join(t.text or "" for t in el.iter(_T))


def _footnotes(package: _Package) -> list[tuple[str, list[str]]]:
    """(mark, paragraph texts) of every real footnote, in id order."""
    if "word/footnotes.xml" not in package.names:
        return []
    root = package.xml("word/footnotes.xml")
    notes = []
    for fn in root.iterchildren(_FOOTNOTE):
        if fn.get(_TYPE) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        fid = fn.get(_ID)
        paragraphs = [_paragraph_text(p)[0].strip() for p in fn.iter(_P)]
        paragraphs = [t for t in paragraphs if t]
        if paragraphs:
            notes.append((fid, paragraphs))
    return notes
