"""Crash safety: a run killed at any moment leaves whole tables, and the next run finishes the work."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

import extract.batch as batch_module
import extract.tables as tables_module
from extract.batch import run_batch
from extract.schema import TABLES
from extract.tables import MANIFEST
from tests.conftest import ROOT
from tests.test_batch import SMALL, assert_same_tables, frames, make_batch

# A run in a child process, slowed to 0.1 s per document and committing every 2 documents, so a
# signal sent after its first commit lands in the middle of the batch.
SLOW_RUN = """
import sys, time
import extract.batch as batch, extract.engines as engines
from extract.pipeline import process_file
def slow(path):
    time.sleep(0.1)
    return process_file(path)
batch.PART_DOCS = 2
engines.process_file = slow
summary = batch.run_batch([sys.argv[1]], sys.argv[2], workers=1)
print("interrupted" if summary.interrupted else "finished", summary.documents)
"""


def _start_slow_run(inputs, out) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", SLOW_RUN, str(inputs), str(out)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)


def _committed(out) -> int:
    try:
        return len(json.loads((out / MANIFEST).read_text()))
    except (FileNotFoundError, json.JSONDecodeError):
        return 0


def _wait_for_commit(proc, out, more_than: int) -> None:
    deadline = time.monotonic() + 60
    while _committed(out) <= more_than:
        assert proc.poll() is None, "the run ended before it committed anything new"
        assert time.monotonic() < deadline
        time.sleep(0.01)


@pytest.fixture
def two_runs(tmp_path):
    """set0 extracted into out (the previous tables), snapshot kept; then every set is the input."""
    make_batch(tmp_path / "in", copies=3)
    out = tmp_path / "out"
    run_batch([tmp_path / "in" / "set0"], out, workers=1)
    shutil.copytree(out, tmp_path / "previous")
    run_batch([tmp_path / "in"], tmp_path / "uninterrupted", workers=1)
    return tmp_path


def test_sigkill_mid_batch_then_rerun_equals_an_uninterrupted_run(two_runs):
    out = two_runs / "out"
    proc = _start_slow_run(two_runs / "in", out)
    _wait_for_commit(proc, out, more_than=len(SMALL))
    proc.kill()
    proc.wait()
    committed = _committed(out)
    assert len(SMALL) < committed < 3 * len(SMALL), "killed mid-batch"
    # the published tables are still the previous run's, whole
    assert_same_tables(out, two_runs / "previous")
    summary = run_batch([two_runs / "in"], out, workers=1)
    assert summary.skipped >= committed  # the committed work is not redone
    assert_same_tables(out, two_runs / "uninterrupted")


def test_sigint_stops_cleanly_and_saves_what_was_done(two_runs):
    out = two_runs / "out"
    proc = _start_slow_run(two_runs / "in", out)
    _wait_for_commit(proc, out, more_than=len(SMALL))
    proc.send_signal(signal.SIGINT)
    stdout, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0 and stdout.startswith("interrupted")
    done = len(frames(out)["documents"])
    assert len(SMALL) < done < 3 * len(SMALL)
    assert done == _committed(out)  # everything committed was published
    run_batch([two_runs / "in"], out, workers=1)
    assert_same_tables(out, two_runs / "uninterrupted")


class Crash(BaseException):
    pass


REAL_REPLACE = os.replace


def test_a_crash_at_any_rename_leaves_whole_tables_and_is_finished_next_run(two_runs, monkeypatch):
    """Every os.replace of a run (part moves, manifest, journal, publishing) is a moment to die at."""
    monkeypatch.setattr(batch_module, "PART_DOCS", 4)
    renames = _count_renames(two_runs, monkeypatch)
    assert renames > 20
    previous = frames(two_runs / "previous")
    final = frames(two_runs / "uninterrupted")
    for moment in range(1, renames + 1, 3):
        out = two_runs / f"crash{moment}"
        shutil.copytree(two_runs / "previous", out)
        _crash_at(moment, monkeypatch)
        with pytest.raises(Crash):
            run_batch([two_runs / "in"], out, workers=1)
        monkeypatch.setattr(tables_module.os, "replace", REAL_REPLACE)
        now = frames(out)
        for name in TABLES:  # each table is whole: the old one or the new one
            assert now[name].equals(previous[name]) or now[name].equals(final[name]), (moment, name)
        run_batch([two_runs / "in"], out, workers=1)
        assert_same_tables(out, two_runs / "uninterrupted")


def _count_renames(two_runs, monkeypatch) -> int:
    calls = []

    def counting(src, dst):
        calls.append(dst)
        REAL_REPLACE(src, dst)

    out = two_runs / "count"
    shutil.copytree(two_runs / "previous", out)
    monkeypatch.setattr(tables_module.os, "replace", counting)
    run_batch([two_runs / "in"], out, workers=1)
    monkeypatch.setattr(tables_module.os, "replace", REAL_REPLACE)
    return len(calls)


def _crash_at(moment: int, monkeypatch) -> None:
    calls = [0]

    def dying(src, dst):
        calls[0] += 1
        if calls[0] == moment:
            raise Crash(f"killed before rename {moment}")
        REAL_REPLACE(src, dst)

    monkeypatch.setattr(tables_module.os, "replace", dying)
