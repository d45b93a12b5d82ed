"""Limits that keep one hostile input from taking the batch down with it.

A DOCX is a zip: before python-docx (and lxml) see it, the members are checked for size, count,
compression ratio (zip bombs) and DTD declarations (Word never writes one; an entity
declaration in a Word part can only be an attack, so it is refused rather than parsed).
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from extract.errors import InputError, UnsafeInput

MAX_FILE_BYTES = 1024 * 1024 * 1024  # a 500-page colour scan can pass 200 MB
MAX_ZIP_MEMBERS = 5_000
MAX_XML_PART_BYTES = 64 * 1024 * 1024  # a 500-page report's document.xml is ≈10 MB
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200  # real DOCX XML compresses ≈10-30×; bombs compress ≫1000×
RATIO_FLOOR_BYTES = 1024 * 1024  # small parts may compress very well, harmlessly
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
PROLOG_SCAN_BYTES = 1024 * 1024  # a prolog padded past this is itself a sign of an attack
PROLOG_FIRST_READ = 4096
_ROOT_ELEMENT = re.compile(rb"<[A-Za-z_]")
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
# a zip member's local header: signature, flags, name and extra field lengths
_LOCAL_HEADER = struct.Struct("<4s2xH18xHH")
_UNUSUAL_FLAGS = 0x1 | 0x20 | 0x40  # encrypted, patch data, strong encryption: zipfile refuses them


def check_size(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise UnsafeInput(f"file too large: {len(data)} bytes (limit {MAX_FILE_BYTES})")


def check_docx(data: bytes) -> zipfile.ZipFile:
    """The bytes opened as a zip, handed on to the reader (which need not open them again);
    InputError unless it is safe to open as a DOCX."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError(f"not a valid DOCX: the zip container is broken ({exc})") from exc
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise UnsafeInput(f"zip holds {len(members)} members (limit {MAX_ZIP_MEMBERS})")
    names = {m.filename for m in members}
    if "word/document.xml" not in names:
        raise InputError("not a Word document: the zip has no word/document.xml")
    total = 0
    for member in members:
        total += member.file_size
        _check_member(member)
    if total > MAX_UNZIPPED_BYTES:
        raise UnsafeInput(f"zip unpacks to {total} bytes (limit {MAX_UNZIPPED_BYTES})")
    for member in members:
        if member.filename.endswith((".xml", ".rels")):
            _check_no_dtd(data, archive, member)
    return archive


def _check_member(member: zipfile.ZipInfo) -> None:
    if member.filename.endswith((".xml", ".rels")) and member.file_size > MAX_XML_PART_BYTES:
        raise UnsafeInput(f"zip member {member.filename} unpacks to {member.file_size} bytes "
                          f"(limit {MAX_XML_PART_BYTES})")
    if member.file_size > RATIO_FLOOR_BYTES:
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_RATIO:
            raise UnsafeInput(f"zip bomb: member {member.filename} expands {ratio:.0f}× "
                              f"(limit {MAX_RATIO}×)")


def _check_no_dtd(data: bytes, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """The prolog of an XML part (all before its root element) must not declare a DTD."""
    head = _first_bytes(data, member)
    root = _ROOT_ELEMENT.search(head) if head and not head.startswith(_UTF16_MARKS) else None
    if root is None:  # not read above, or its root lies further on: zipfile reads the part
        try:
            with archive.open(member) as fh:
                head, root = _head_to_root(fh)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
            raise InputError(f"zip member {member.filename} cannot be read: {exc}") from exc
    prolog = head[:root.start()] if root else head
    if any(marker in prolog.upper() for marker in DTD_MARKERS):
        raise UnsafeInput(f"zip member {member.filename} declares a DTD/entities: refused "
                          "(external entities are never resolved)")
    if root is None and len(head) == PROLOG_SCAN_BYTES:
        raise UnsafeInput(f"zip member {member.filename}: no root element in its first "
                          f"{PROLOG_SCAN_BYTES} bytes")


def _first_bytes(data: bytes, member: zipfile.ZipInfo) -> bytes | None:
    """The member's first PROLOG_FIRST_READ bytes, as zipfile reads them, but straight from the zip's
    bytes: opening each member through zipfile cost more than the rest of the checks. None when the
    member is anything but plainly stored or deflated and whole, for zipfile to read (and to say
    what is wrong with it)."""
    plain = member.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
    if not plain or member.flag_bits & _UNUSUAL_FLAGS:
        return None
    at = member.header_offset
    if at + _LOCAL_HEADER.size > len(data):
        return None
    signature, flags, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, at)
    at += _LOCAL_HEADER.size
    name = data[at:at + name_length].decode("utf-8" if flags & 0x800 else "cp437", errors="replace")
    if signature != b"PK\x03\x04" or name != member.orig_filename:
        return None
    at += name_length + extra_length
    stored = memoryview(data)[at:at + member.compress_size]
    want = min(PROLOG_FIRST_READ, member.file_size)
    if member.compress_type == zipfile.ZIP_STORED:
        head = bytes(stored[:want])
    else:
        try:
            head = zlib.decompressobj(-zlib.MAX_WBITS).decompress(stored, want)
        except zlib.error:
            return None
    if len(head) < want or (want == member.file_size and zlib.crc32(head) != member.CRC):
        return None  # short, or (read whole, as zipfile then checks) not what the zip says it holds
    return head


def _head_to_root(fh) -> tuple[bytes, re.Match | None]:
    """The part's first bytes (UTF-16 turned into UTF-8), up to PROLOG_SCAN_BYTES, and the start
    of its root element in them. Read in growing pieces, and only until the root element shows:
    a prolog is a few hundred bytes, and unpacking whole parts cost more than the rest of the checks."""
    raw = b""
    want = PROLOG_FIRST_READ
    while True:
        raw += fh.read(want - len(raw))
        head = raw
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = head.decode("utf-16", errors="replace").encode("utf-8")
        root = _ROOT_ELEMENT.search(head)
        if root or len(raw) < want or want == PROLOG_SCAN_BYTES:  # found, end of part, or limit
            return head, root
        want = min(4 * want, PROLOG_SCAN_BYTES)
