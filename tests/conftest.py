"""Shared fixtures: the corpus, and one extraction of it per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
LAMDONG = CORPUS / "lamdong"
MARKDOWN = CORPUS / "thuvienphapluat_md"
HAIPHONG = CORPUS / "haiphong_cchc_6thang_2024.txt"
GOLD = CORPUS / "gold" / "haiphong_cchc_6thang_2024.json"
SHARED = ROOT.parent / "shared"


def corpus_files() -> list[Path]:
    from extract.batch import expand_inputs
    return expand_inputs([CORPUS])


@pytest.fixture(scope="session")
def corpus_outputs(tmp_path_factory) -> Path:
    """The tables of one `cchc extract corpus/` run, shared by every test that reads outputs."""
    from extract.batch import run_batch
    out = tmp_path_factory.mktemp("outputs")
    run_batch([CORPUS], out, workers=2)
    return out


@pytest.fixture(scope="session")
def haiphong():
    from extract.pipeline import process_file
    return process_file(HAIPHONG, keep_document=True)
