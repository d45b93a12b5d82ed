"""`cchc eval` scores exactly as ../shared/eval/score.py, the rules the project is judged by."""
from __future__ import annotations

import subprocess
import sys

import pytest

from extract.evaluate import score_gold, score_line
from tests.conftest import GOLD, ROOT, SHARED

SHARED_SCORER = SHARED / "eval" / "score.py"


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="../shared is not beside the project")
def test_vendored_scorer_is_the_shared_one():
    assert (ROOT / "extract" / "scoring.py").read_bytes() == SHARED_SCORER.read_bytes()


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="../shared is not beside the project")
def test_same_line_as_the_shared_scorer(corpus_outputs):
    shared = subprocess.run([sys.executable, str(SHARED_SCORER), str(GOLD), str(corpus_outputs)],
                            capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    assert score_line(score_gold(GOLD, corpus_outputs)) == shared
