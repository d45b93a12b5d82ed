"""The review page in a real browser: headless Chromium loads it, runs its script, and draws it."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from extract.query import query
from extract.review import render_page, review_file
from tests.conftest import HAIPHONG
from tests.test_review import parse, place_gold_rows

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                                "(scripts/install-system.sh installs it)")

SPAN_TABLES = ("citations", "metrics", "tasks", "sections")
CITATION_BLUE = (0xD9, 0xE8, 0xFF)  # .k-citation background in extract/review_style.py


def chromium(tmp_path, *args: str) -> str:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
           f"--user-data-dir={tmp_path / 'profile'}", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_page_of_the_haiphong_report_has_one_highlight_per_row(tmp_path, corpus_outputs):
    page = review_file(HAIPHONG, tmp_path / "haiphong.html")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    _, [(doc_id,)] = query(corpus_outputs, "select doc_id from documents where source_path like ?",
                           ["%haiphong_cchc_6thang_2024.txt"])
    expected = sum(query(corpus_outputs, f"select count(*) from {t} where doc_id = ?", [doc_id])[1][0][0]
                   for t in SPAN_TABLES)
    marks = parse(dom)
    assert marks.heads == expected
    assert "Point at a highlight" in dom  # the side panel is there, untouched until hovered


def test_gold_rows_survive_the_browser_and_are_drawn(tmp_path, haiphong):
    rows = place_gold_rows(haiphong)
    path = tmp_path / "gold.html"
    path.write_text(render_page(haiphong.document.text, rows), encoding="utf-8")
    marks = parse(chromium(tmp_path, "--dump-dom", path.as_uri()))
    assert marks.heads == sum(len(rows[t]) for t in SPAN_TABLES)
    assert "".join(marks.text) == haiphong.document.text  # the browser kept every character

    png = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={png}", "--window-size=1200,900", path.as_uri())
    from PIL import Image

    image = Image.open(png).convert("RGB")
    assert image.size == (1200, 900)
    assert len(image.getcolors(maxcolors=1 << 20)) > 50, "the screenshot is blank"
    # the legend above is blue too: look for highlights in the text, below it, left of the panel
    text_area = image.crop((0, image.height // 2, image.width // 2, image.height))
    assert any(rgb == CITATION_BLUE for _, rgb in text_area.getcolors(maxcolors=1 << 20)), \
        "no citation highlight drawn in the text"
