"""Many files in, the tables out: input expansion, incremental planning, streaming commits.

The per-document work is `extract.pipeline.process_file`, run by an engine (extract/engines.py:
local processes or Dask). This module decides what to (re)do and streams the results into the
tables of the output folder in parts (extract/tables.py), so memory stays flat and a killed run
keeps what it committed. A bad file yields its errors row and the batch goes on.

Incremental rule: a document whose bytes (doc_id) and extractor fingerprint are already committed
is skipped, unless `force`. A file whose bytes changed replaces the rows of its previous version.
The same bytes reached twice (overlapping inputs, copies) are processed once.
"""
from __future__ import annotations

import glob
import hashlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from extract import __version__
from extract.engines import make_engine
from extract.pipeline import FileResult
from extract.schema import TABLES
from extract.tables import Entry, Part, TableStore, resolve, table_files

SKIPPED_NAMES = {"MANIFEST.tsv", "_lock"}   # _lock: an output folder inside an input
SKIPPED_SUFFIXES = {".json", ".tsv", ".parquet", ".py", ".ipynb", ".html"}
PACKAGE = Path(__file__).resolve().parent
PATTERNS = PACKAGE.parent / "patterns"

# Modules that never change a row: editing them must not make every document look stale.
NOT_EXTRACTION = {"batch.py", "engines.py", "tables.py", "bench.py", "cli.py", "cli_analyst.py",
                  "query.py", "evaluate.py", "scoring.py"}

PART_DOCS = 256          # documents per committed part
PART_ROWS = 100_000      # or fewer, when documents are rich in rows
COMMIT_SECONDS = 30.0    # at most this much work lost to a SIGKILL


@dataclass
class Summary:
    documents: int = 0
    pages: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    new_rows: dict[str, int] = field(default_factory=lambda: {t: 0 for t in TABLES})
    table_rows: dict[str, int] = field(default_factory=dict)
    by_format: dict[str, list[int]] = field(default_factory=dict)   # format -> [documents, pages]

    def add(self, result: FileResult) -> None:
        for table, rows in result.rows.items():
            self.new_rows[table] += len(rows)
        self.errors += len(result.rows["errors"])
        if result.rows["documents"]:
            row = result.rows["documents"][0]
            pages = row.get("pages") or 0
            self.documents += 1
            self.pages += pages
            counts = self.by_format.setdefault(row.get("format") or "?", [0, 0])
            counts[0] += 1
            counts[1] += pages


@dataclass
class Plan:
    todo: list[str]
    skipped: int
    stale: dict[str, set[str]]       # resolved path -> keys of its previous versions


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files, folders (recursively) and glob patterns, in a stable order, each file once (a file
    reached through two inputs, or by two spellings of its path, is kept as first given)."""
    seen: dict[str, Path] = {}
    for item in inputs:
        item = str(item)
        matches = [Path(p) for p in sorted(glob.glob(item, recursive=True))] if glob.has_magic(item) \
            else [Path(item)]
        for path in matches:
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file())
                files = [p for p in files if _is_input(p.relative_to(path))]
            else:
                files = [path]
            for f in files:
                seen.setdefault(os.path.realpath(f), f)
    return list(seen.values())


def _is_input(path: Path) -> bool:
    if any(part.startswith(".") for part in path.parts):
        return False
    return path.name not in SKIPPED_NAMES and path.suffix.lower() not in SKIPPED_SUFFIXES


@cache
def extractor_fingerprint() -> str:
    """The version plus a hash of the code and rule data: a skipped document is one whose rows
    this very code would produce again (a forgotten version bump cannot leave stale rows)."""
    digest = hashlib.sha256(__version__.encode())
    files = sorted(p for p in PACKAGE.rglob("*.py")
                   if not (p.parent == PACKAGE and p.name in NOT_EXTRACTION))
    files += sorted(PATTERNS.rglob("*.y*ml"))
    for path in files:
        digest.update(str(path.relative_to(PACKAGE.parent)).encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def file_key(path: str | Path) -> str:
    """The doc_id of the bytes (as the readers compute it), or a path key when unreadable."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()[:16]
    except OSError:
        return "path:" + resolve(path)


def plan_batch(paths: list[Path], store: TableStore, fingerprint: str, force: bool) -> Plan:
    todo: list[str] = []
    skipped = 0
    current: dict[str, str] = {}   # resolved path -> key
    seen: set[str] = set()
    for path in paths:
        key = file_key(path)
        first = key not in seen
        seen.add(key)
        current[resolve(path)] = key
        entry = store.manifest.get(key)
        if not first or (entry and entry.fingerprint == fingerprint and not force
                         and not key.startswith("path:")):
            skipped += 1
        else:
            todo.append(str(path))
    stale: dict[str, set[str]] = {}
    for key, entry in store.manifest.items():
        if entry.path in current and key not in seen:
            stale.setdefault(entry.path, set()).add(key)
    # Largest first: a long document started last would leave the other workers idle at the end.
    todo.sort(key=_size, reverse=True)
    return Plan(todo, skipped, stale)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def run_batch(inputs: Iterable[str | Path], out: str | Path, workers: int | None = None, *,
              force: bool = False, engine: str | object = "local", scheduler: str | None = None,
              on_plan: Callable[[Plan], None] | None = None,
              on_result: Callable[[FileResult], None] | None = None) -> Summary:
    """Extract `inputs` into the tables of `out`; returns what was done. `engine` is "local",
    "dask" (a LocalCluster, or the cluster at `scheduler`) or an engine object."""
    started = time.perf_counter()
    summary = Summary()
    fingerprint = extractor_fingerprint()
    runner = make_engine(engine, workers, scheduler) if isinstance(engine, str) else engine
    with TableStore.open(out) as store, _sigint_stops() as should_stop:
        plan = plan_batch(expand_inputs(inputs), store, fingerprint, force)
        summary.skipped = plan.skipped
        if on_plan:
            on_plan(plan)
        writer = PartWriter(store, fingerprint, plan.stale)
        if plan.todo:
            with runner:
                for result in runner.results(plan.todo, should_stop):
                    writer.add(result)
                    summary.add(result)
                    if on_result:
                        on_result(result)
        writer.finish()
        store.compact(small=PART_DOCS // 4, target=PART_DOCS)
        if store.needs_publish():
            store.publish()
        summary.interrupted = should_stop()
    summary.table_rows = table_row_counts(out)
    summary.seconds = time.perf_counter() - started
    return summary


class PartWriter:
    """Buffers results and commits them as parts, by size or by age."""

    def __init__(self, store: TableStore, fingerprint: str, stale: dict[str, set[str]]) -> None:
        self.store, self.fingerprint, self.stale = store, fingerprint, dict(stale)
        self._reset()

    def _reset(self) -> None:
        self.part, self.drop, self.rows, self.since = Part(), set(), 0, time.monotonic()

    def add(self, result: FileResult) -> None:
        path = resolve(result.source_path)
        key = result.doc_id or "path:" + path
        if key in self.part.entries:  # same bytes under two names, read in the same run
            return
        for table, rows in result.rows.items():
            self.part.rows[table].extend(rows)
            self.rows += len(rows)
        self.part.entries[key] = Entry("", path, result.source_path, self.fingerprint)
        self.drop |= self.stale.pop(path, set())
        if len(self.part) >= PART_DOCS or self.rows >= PART_ROWS or \
                time.monotonic() - self.since >= COMMIT_SECONDS:
            self.commit()

    def commit(self) -> None:
        if len(self.part) or self.drop:
            self.store.commit(self.part, self.drop)
        self._reset()

    def finish(self) -> None:
        """Commit what is buffered, and drop the old versions of files whose new bytes were
        already committed (a changed file that now equals another input)."""
        for keys in self.stale.values():
            self.drop |= keys
        self.stale = {}
        self.commit()
        if not self.store.has_parts():
            self.store.commit(Part())  # a fresh folder with no input still gets readable tables


def table_row_counts(out: str | Path) -> dict[str, int]:
    import pyarrow.parquet as pq
    return {name: sum(pq.read_metadata(f).num_rows for f in table_files(out, name)) for name in TABLES}


@contextmanager
def _sigint_stops() -> Iterator[Callable[[], bool]]:
    """The first Ctrl-C asks the run to stop after the running documents (and to commit them);
    a second one interrupts at once (the commit journal keeps the tables whole)."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop.is_set
        return

    def handler(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield stop.is_set
    finally:
        signal.signal(signal.SIGINT, previous)
