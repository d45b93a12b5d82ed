"""DOCX: body paragraphs with their styles, tables in reading order, the header table, footnotes.

The package is read straight from the zip with lxml (python-docx would load and wrap every part
and every cell: ≈half of a document's time). Tables are walked as <w:tbl>/<w:tr>/<w:tc>, with the
grid numbering python-docx gives: a cell spanning columns (gridSpan) takes that many column
numbers, a vertically merged continuation cell (vMerge) takes its column numbers but is not read
again. Paragraph text is read from the XML so that footnote reference marks, tabs and line breaks
keep their place. The footnotes of word/footnotes.xml follow the body, each opening with its
superscript mark, the same way the mark stands in the body text.

The elements are visited by an XSLT stylesheet (`_FLATTEN`), in C: visiting each run from Python
cost more than the rest of reading. It writes one string of items in reading order — paragraphs
(style id, then each run's bold/italic flags and text), tables, rows and cells (grid span, vertical
merge) — split by marker characters that Python then cuts apart with a few str calls per item;
a paragraph item is cut into its text and bold/italic spans by `_wordxml.paragraph` (in C: the
per-run loop was a third of reading the items), whichever path wrote it.

The body, styles.xml and footnotes.xml are first offered to `_wordxml.flatten` (_wordxml.c), which
writes the same items in one pass over the bytes: building and freeing lxml's tree and running the
stylesheet took ≈ 70 % of a DOCX's reading. It answers None for XML it leaves to lxml (comments,
CDATA, unusual namespaces, anything malformed …), and the stylesheet reads those.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from functools import lru_cache
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from extract.readers import _wordxml
from extract.readers.builder import TextBuilder, blank, looks_like_header

_DIGITS, _SUPERSCRIPT_DIGITS = "0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT = str.maketrans(_DIGITS, _SUPERSCRIPT_DIGITS)

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + _W_NS + "}"
_T = _W + "t"
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

# Markers of the flattened string: control characters, which no XML text or attribute can hold
# (not even as a character reference), made in the stylesheet by EXSLT's decode-uri. Runs
# ("\x02"), bold ("\x03") and italic ("\x04") are read by _wordxml.paragraph.
_ITEM, _FLAG = "\x01", "\x05"
# The item that follows _ITEM is told by its first letter: P paragraph (no style), S styled
# paragraph (style id, then runs), T table (then its path, see `_element_at`), R row (gridBefore),
# C cell (_FLAG when it continues a vertical merge, then gridSpan), E end of a table, F footnote
# (_FLAG and its id when it has one, then its paragraphs), Y style of styles.xml (its id, then
# _FLAG and its name when it has one).
_OFF = "@w:val='0' or @w:val='false' or @w:val='none'"  # a <w:b>/<w:i> that turns the format off
_STYLESHEET = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:w="{_W_NS}" xmlns:str="http://exslt.org/strings" extension-element-prefixes="str">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:param name="part"/>
<xsl:variable name="item" select="str:decode-uri('%01')"/>
<xsl:variable name="run" select="str:decode-uri('%02')"/>
<xsl:variable name="bold" select="str:decode-uri('%03')"/>
<xsl:variable name="italic" select="str:decode-uri('%04')"/>
<xsl:variable name="flag" select="str:decode-uri('%05')"/>

<xsl:template match="/">
  <xsl:choose>
    <xsl:when test="$part = 'footnotes'">
      <xsl:apply-templates select="*/w:footnote[not(@w:type='separator' or
          @w:type='continuationSeparator' or @w:type='continuationNotice')]"/>
    </xsl:when>
    <xsl:when test="$part = 'styles'"><xsl:apply-templates select="*/w:style[@w:styleId != '']"/></xsl:when>
    <xsl:otherwise><xsl:apply-templates select="*/w:body[1]"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- blocks: paragraphs, tables, and the content of block-level content controls -->
<xsl:template match="w:body|w:sdtContent">
  <xsl:apply-templates select="w:p|w:tbl|*[local-name()='sdt' and namespace-uri()]"/>
</xsl:template>
<xsl:template match="*[local-name()='sdt']"><xsl:apply-templates select="w:sdtContent[1]"/></xsl:template>

<!-- a paragraph: its runs in document order (those of text boxes inside it too), each with the
     first <w:b>/<w:i> of its first <w:rPr> and its own text, tabs, breaks and footnote marks -->
<xsl:template match="w:p">
  <xsl:value-of select="$item"/>
  <xsl:choose>
    <xsl:when test="w:pPr[1]/w:pStyle[1]/@w:val">S<xsl:value-of
        select="w:pPr[1]/w:pStyle[1]/@w:val"/></xsl:when>
    <xsl:otherwise>P</xsl:otherwise>
  </xsl:choose>
  <xsl:for-each select=".//w:r">
    <xsl:value-of select="$run"/>
    <xsl:apply-templates select="*" mode="run"/>
  </xsl:for-each>
</xsl:template>
<xsl:template match="*" mode="run" priority="-2"/>
<xsl:template match="w:rPr[1]" mode="run">
  <xsl:apply-templates select="w:b[1]|w:i[1]" mode="run"/>
</xsl:template>
<xsl:template match="w:b[not({_OFF})]" mode="run"><xsl:value-of select="$bold"/></xsl:template>
<xsl:template match="w:i[not({_OFF})]" mode="run"><xsl:value-of select="$italic"/></xsl:template>
<xsl:template match="w:tab" mode="run"><xsl:text>&#9;</xsl:text></xsl:template>
<xsl:template match="w:br|w:cr" mode="run"><xsl:text>&#10;</xsl:text></xsl:template>
<xsl:template match="w:footnoteReference" mode="run">
  <xsl:value-of select="translate(@w:id, '{_DIGITS}', '{_SUPERSCRIPT_DIGITS}')"/>
</xsl:template>
<xsl:template match="w:t" mode="run"><xsl:value-of select="."/></xsl:template>
<!-- lxml's .text: only the text before the first child that is not text -->
<xsl:template match="w:t[* or node()[2]]" mode="run" priority="1">
  <xsl:for-each select="text()[not(preceding-sibling::node()[not(self::text())])]">
    <xsl:value-of select="."/>
  </xsl:for-each>
</xsl:template>

<xsl:template match="w:tbl">
  <xsl:value-of select="$item"/>T<xsl:for-each select="ancestor-or-self::*[parent::*]">
    <xsl:value-of select="count(preceding-sibling::*)"/>.</xsl:for-each>
  <xsl:apply-templates select="w:tr"/>
  <xsl:value-of select="$item"/>E</xsl:template>
<xsl:template match="w:tr">
  <xsl:value-of select="$item"/>R<xsl:value-of select="w:trPr[1]/w:gridBefore[1]/@w:val"/>
  <xsl:apply-templates select="w:tc"/>
</xsl:template>
<xsl:template match="w:tc">
  <xsl:value-of select="$item"/>C<xsl:if test="w:tcPr[1]/w:vMerge[1][not(@w:val) or @w:val='continue']">
    <xsl:value-of select="$flag"/>
  </xsl:if>
  <xsl:value-of select="w:tcPr[1]/w:gridSpan[1]/@w:val"/>
  <xsl:apply-templates select="w:p|w:tbl"/>
</xsl:template>

<xsl:template match="w:style">
  <xsl:value-of select="$item"/>Y<xsl:value-of select="@w:styleId"/>
  <xsl:for-each select="w:name[1]/@w:val">
    <xsl:value-of select="$flag"/><xsl:value-of select="."/>
  </xsl:for-each>
</xsl:template>

<xsl:template match="w:footnote">
  <xsl:value-of select="$item"/>F<xsl:for-each select="@w:id"><xsl:value-of
      select="$flag"/><xsl:value-of select="."/></xsl:for-each>
  <xsl:apply-templates select=".//w:p"/>
</xsl:template>
</xsl:stylesheet>"""
_FLATTEN = etree.XSLT(etree.XML(_STYLESHEET.encode()), access_control=etree.XSLTAccessControl.DENY_ALL)


def read_docx(source: str | Path | bytes | zipfile.ZipFile) -> TextBuilder:
    """The text blocks of a DOCX given as bytes, a path or an open zip."""
    package = _Package(source)
    main = package.main_part()
    body = _body(package.zip.read(main))
    tb = TextBuilder()
    reader = _BodyReader(tb, _style_names(package.style_items(main)), body.table_text)
    reader.read_blocks(body.items)
    for mark, paragraphs in _footnotes(package):
        for i, p in enumerate(paragraphs):
            text = (mark.translate(SUPERSCRIPT) + " " if i == 0 else "") + p
            tb.add(text, "footnote", mark=mark)
    return tb


class _Body(NamedTuple):
    items: list[str]  # see _ITEM
    table_text: Callable[[str], str]  # path of a T item → the text of all <w:t> in that table


def _body(xml: bytes) -> _Body:
    """The flattened items of document.xml's body, by _wordxml when it reads the XML, else by lxml."""
    flat = _flattened(xml, "body")
    if flat is not None:
        items, table_texts = flat
        paths = [item[1:] for item in items if item[0] == "T"]
        return _Body(items, dict(zip(paths, table_texts, strict=True)).__getitem__)
    root = etree.fromstring(xml, _PARSER)
    return _Body(_items(root), lambda path: _xml_text(_element_at(root, path)))


def _part_items(xml: bytes, part: str) -> list[str]:
    """The flattened items of styles.xml or footnotes.xml, by _wordxml when it reads the XML, else
    by lxml (parsing them took more than a third of reading the body)."""
    flat = _flattened(xml, part)
    return flat[0] if flat is not None else _items(etree.fromstring(xml, _PARSER), part)


def _flattened(xml: bytes, part: str) -> tuple[list[str], list[str]] | None:
    """(items, table texts) of a part by _wordxml; None when it leaves the XML to lxml."""
    flat = _wordxml.flatten(xml, part)
    if flat is None or not all(map(_valid_namespace, flat[2])):
        return None
    return flat[0].split(_ITEM)[1:], flat[1]


@lru_cache(maxsize=1024)  # Word declares the same few dozen in every document
def _valid_namespace(uri: bytes) -> bool:
    """Whether libxml2 takes `uri` as a namespace name (a URI): if not, it rejects the document."""
    try:
        etree.fromstring(b'<a xmlns:n="' + uri + b'"/>', _PARSER)
    except etree.XMLSyntaxError:
        return False
    return True


def _items(root, part: str = "body") -> list[str]:
    """The flattened items of a part (see _ITEM), in reading order."""
    return str(_FLATTEN(root, part=etree.XSLT.strparam(part))).split(_ITEM)[1:]


class _Package:
    """The parts of the zip that reading needs, found through the package relationships."""

    def __init__(self, source: str | Path | bytes | zipfile.ZipFile) -> None:
        if isinstance(source, zipfile.ZipFile):
            self.zip = source
        else:
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

    def style_items(self, main: str) -> list[str]:
        name = self.related(main, _REL_STYLES)
        if name in self.names:
            return _part_items(self.zip.read(name), "styles")
        return _default_style_items()  # what python-docx falls back to

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
def _default_style_items() -> list[str]:
    import docx
    path = Path(docx.__file__).parent / "templates" / "default-styles.xml"
    return _items(etree.fromstring(path.read_bytes(), _PARSER), "styles")


def _style_names(items: list[str]) -> dict[str, str | None]:
    """Style id → name, from the Y items of styles.xml."""
    names: dict[str, str | None] = {}
    for item in items:
        sid, has_name, name = item[1:].partition(_FLAG)
        names[sid] = _UI_NAMES.get(name, name) if has_name else None
    return names


class _BodyReader:
    """Adds the body's items to a TextBuilder: paragraphs, and table cells numbered the way
    python-docx numbers them. The blocks are gathered, then added in one go."""

    def __init__(self, tb: TextBuilder, style_names: dict[str, str | None],
                 table_text: Callable[[str], str]) -> None:
        self.tb = tb
        self.style_names = style_names
        self.table_text = table_text
        self.table_no = 0
        self.seen_body_text = False
        self._styles: dict[str | None, tuple[str | None, str]] = {None: (None, "paragraph")}
        self._texts: list[str] = []
        self._fields: list[tuple] = []  # per text: its Block fields after start and end
        self._emphasis: list[tuple[int, tuple, tuple]] = []  # (text number, bold spans, italic spans)

    def read_blocks(self, items: list[str]) -> None:
        i = 0
        while i < len(items):
            if items[i][0] == "T":
                i = self.table(items, i)
            else:
                self.paragraph(items[i])
                i += 1
        blocks = self.tb.add_blocks(self._texts, self._fields)
        for n, bold_spans, italic_spans in self._emphasis:
            start = blocks[n].start
            for a, b in bold_spans:
                self.tb.emphasize(start + a, start + b, "bold")
            for a, b in italic_spans:
                self.tb.emphasize(start + a, start + b, "italic")

    def paragraph(self, item: str, kind: str | None = None,
                  table: int | None = None, row: int | None = None, col: int | None = None) -> None:
        sid, text, bold_spans, italic_spans = _wordxml.paragraph(item)
        if blank(text):
            return
        style, style_kind = self._styles.get(sid) or self._style(sid)
        kind = kind or style_kind
        if kind == "paragraph":
            self.seen_body_text = True
        if bold_spans or italic_spans:
            self._emphasis.append((len(self._texts), bold_spans, italic_spans))
        self._texts.append(text)
        self._fields.append((kind, None, style, table, row, col))  # kind, page, style, table, row, col

    def _style(self, sid: str) -> tuple[str | None, str]:
        """(style name, block kind) of a paragraph style id, kept in self._styles: worked out
        once per document."""
        style = self.style_names.get(sid, sid)
        heading = style and style.lower().startswith(("heading", "title"))
        known = self._styles[sid] = (style, "heading" if heading else "paragraph")
        return known

    def table(self, items: list[str], i: int) -> int:
        """Read the table whose T item is items[i], in one pass over its items; the index after
        its E item. A cell that continues a vertical merge is read once, in the row where the
        merge starts: its items are skipped."""
        self.table_no += 1
        number = self.table_no
        is_header = not self.seen_body_text and looks_like_header(self.table_text(items[i][1:]))
        kind = "header" if is_header else "table_cell"
        rows: list[dict[int, _Cell]] = []  # per row read so far: grid offset → the cell starting there
        r = col = cell_col = offset = -1
        skip = False  # in a cell that is not read
        i += 1
        while (item := items[i]) != "E":
            tag = item[0]
            if tag == "R":
                rows.append({})
                r += 1
                col = 0  # the grid column python-docx numbers the cell with
                offset = _number(item[1:], 0)  # the cell's true grid offset, for finding merged cells
            elif tag == "C":
                merge = item[1:2] == _FLAG
                cell = _Cell(merge, _number(item[2:] if merge else item[1:], 1))
                rows[-1].setdefault(offset, cell)
                root = _merge_root(rows, offset) if cell.continues_merge else None
                skip = root is not None
                cell_col = col
                col += root.span if skip else cell.span
                offset += cell.span
            elif tag == "T":
                i = _table_end(items, i) if skip else self.table(items, i)
                continue
            elif not skip:
                self.paragraph(item, kind, table=number, row=r, col=cell_col)
            i += 1
        return i + 1


class _Cell(NamedTuple):
    continues_merge: bool
    span: int  # grid columns


def _number(val: str, default: int) -> int:
    """The number a gridSpan / gridBefore w:val gives; `default` when it has none ("")."""
    return int(val) if val and val.isdigit() else default


def _merge_root(rows: list[dict[int, _Cell]], offset: int) -> _Cell | None:
    """The cell a vertical merge in the last row continues (the first cell above, at the same
    grid offset, that does not itself continue one); None when there is none (a broken merge:
    read the cell)."""
    for row in reversed(rows[:-1]):
        cell = row.get(offset)
        if cell is None:
            return None
        if not cell.continues_merge:
            return cell
    return None


def _table_end(items: list[str], i: int) -> int:
    """The index after the E item of the table whose T item is items[i]."""
    depth = 0
    while True:
        tag = items[i][0]
        depth += (tag == "T") - (tag == "E")
        i += 1
        if depth == 0 and tag == "E":
            return i


def _element_at(root, path: str):
    """The element a T item's path leads to: for each of its ancestors below `root` and itself,
    the number of element siblings before it ("0.12." = the 13th child of root's first child)."""
    el = root
    for i in path.split(".")[:-1]:
        el = el.xpath("*")[int(i)]
    return el


def _xml_text(el) -> str:
    return "".join(t.text or "" for t in el.iter(_T))


def _footnotes(package: _Package) -> list[tuple[str, list[str]]]:
    """(mark, paragraph texts) of every real footnote, in id order."""
    if "word/footnotes.xml" not in package.names:
        return []
    notes: list[tuple[str, list[str]]] = []
    for item in _part_items(package.zip.read("word/footnotes.xml"), "footnotes"):
        if item[0] == "F":
            paragraphs: list[str] = []
            notes.append((item[2:] if item[1:2] == _FLAG else None, paragraphs))
        elif text := _wordxml.paragraph(item)[1].strip():
            paragraphs.append(text)
    return [(mark, paragraphs) for mark, paragraphs in notes if paragraphs]
