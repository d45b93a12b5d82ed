"""Word 97 (.doc) and RTF through LibreOffice headless, converted to DOCX for the DOCX reader.

DOCX rather than plain text, so that footnotes, tables and styles survive. Each conversion runs
in its own temporary folder with its own LibreOffice profile (-env:UserInstallation): two
conversions sharing a profile block each other, so this is what makes parallel workers safe. The
input is copied under a plain ASCII name first, which spares LibreOffice's command line the
spaces and Vietnamese letters of real file names. A timeout ends a conversion that hangs.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from extract.errors import InputError

FOOTNOTE_PARTS = ("word/document.xml", "word/footnotes.xml", "word/settings.xml")
_FOOTNOTE = re.compile(rb'<w:footnote\b[^>]*>')
_ID = re.compile(rb'w:id="(-?\d+)"')
_REFERENCE = re.compile(rb'(<w:footnote(?:Reference)?\b[^>]*?w:id=")(-?\d+)(")')
TIMEOUT_S = int(os.environ.get("CCHC_CONVERT_TIMEOUT", "180"))


class ConversionError(InputError):
    stage = "convert"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, fmt: str, timeout: float = TIMEOUT_S) -> bytes:
    """The DOCX bytes LibreOffice makes of a .doc/.rtf file's bytes."""
    program = soffice()
    if not program:
        raise ConversionError(f".{fmt} needs LibreOffice (soffice), which is not installed")
    with tempfile.TemporaryDirectory(prefix="cchc-convert-") as tmp:
        work = Path(tmp)
        source = work / f"input.{fmt}"
        source.write_bytes(data)
        command = [
            program, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"), str(source),
        ]
        _run(command, timeout, fmt)
        produced = work / "out" / "input.docx"
        if not produced.exists() or produced.stat().st_size == 0:
            raise ConversionError(f"LibreOffice could not convert this .{fmt} file")
        return renumber_footnotes(produced.read_bytes())


def _run(command: list[str], timeout: float, fmt: str) -> None:
    env = dict(os.environ, HOME=os.environ.get("HOME", "/tmp"), SAL_USE_VCLPLUGIN="svp")
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            start_new_session=True)
    try:
        proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill_group(proc)
        raise ConversionError(f"LibreOffice took more than {timeout:.0f} s to convert this "
                              f".{fmt} file") from exc
    if proc.returncode != 0:
        raise ConversionError(f"LibreOffice failed on this .{fmt} file (exit code {proc.returncode})")


def _kill_group(proc: subprocess.Popen) -> None:
    """LibreOffice forks (oosplash → soffice.bin): end the whole session it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def renumber_footnotes(docx: bytes) -> bytes:
    """Number real footnotes 1, 2, 3 … as Word does (and as the notes are shown).

    LibreOffice gives the two separator notes ids 0 and 1 and starts real notes at 2, so the
    marks read from the ids would be one off the printed ones.
    """
    with zipfile.ZipFile(io.BytesIO(docx)) as src:
        if "word/footnotes.xml" not in src.namelist():
            return docx
        mapping = _footnote_mapping(src.read("word/footnotes.xml"))
        if all(old == new for old, new in mapping.items()):
            return docx
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename in FOOTNOTE_PARTS:
                    data = _REFERENCE.sub(lambda m: m.group(1) + mapping.get(m.group(2), m.group(2))
                                          + m.group(3), data)
                dst.writestr(item, data)
    return out.getvalue()


def _footnote_mapping(footnotes_xml: bytes) -> dict[bytes, bytes]:
    separators, notes = [], []
    for tag in _FOOTNOTE.findall(footnotes_xml):
        found = _ID.search(tag)
        if found:
            (separators if b'w:type="' in tag else notes).append(found.group(1))
    mapping = {old: str(-len(separators) + 1 + i).encode() for i, old in enumerate(separators)}
    mapping.update({old: str(i).encode() for i, old in enumerate(notes, 1)})
    return mapping
