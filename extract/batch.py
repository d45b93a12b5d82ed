"""Many files in, the tables out: input expansion, parallel processing, merge into outputs/.

The per-document work is `extract.pipeline.process_file`; this module owns I/O, parallelism and
errors. A bad file yields its errors row and the batch goes on.
"""
from __future__ import annotations

import glob
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from extract.pipeline import FileResult, process_file
from extract.schema import TABLES
from extract.tables import merge_rows, read_table

SKIPPED_NAMES = {"MANIFEST.tsv"}
SKIPPED_SUFFIXES = {".json", ".tsv", ".parquet", ".py", ".ipynb", ".html"}


@dataclass
class Summary:
    documents: int = 0
    pages: int = 0
    errors: int = 0
    seconds: float = 0.0
    new_rows: dict[str, int] = field(default_factory=lambda: {t: 0 for t in TABLES})
    table_rows: dict[str, int] = field(default_factory=dict)


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files, folders (recursively) and glob patterns, in a stable order, each once."""
    seen: dict[str, Path] = {}
    for item in inputs:
        item = str(item)
        matches = [Path(p) for p in sorted(glob.glob(item, recursive=True))] if glob.has_magic(item) \
            else [Path(item)]
        for path in matches:
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file())
                files = [p for p in files if _is_input(p)]
            else:
                files = [path]
            for f in files:
                seen.setdefault(os.path.normpath(str(f)), f)
    return list(seen.values())


def _is_input(path: Path) -> bool:
    if any(part.startswith(".") for part in path.parts):
        return False
    return path.name not in SKIPPED_NAMES and path.suffix.lower() not in SKIPPED_SUFFIXES


def iter_results(paths: list[Path], workers: int) -> Iterator[FileResult]:
    if workers <= 1 or len(paths) <= 1:
        for path in paths:
            yield process_file(path)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(process_file, paths, chunksize=max(1, min(16, len(paths) // (workers * 4))))


def run_batch(inputs: Iterable[str | Path], out: str | Path, workers: int | None = None,
              on_result: Callable[[FileResult], None] | None = None) -> Summary:
    out = Path(out)
    paths = expand_inputs(inputs)
    workers = workers or os.cpu_count() or 1
    started = time.perf_counter()
    summary = Summary()
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    for result in iter_results(paths, workers):
        for table, table_rows in result.rows.items():
            rows[table].extend(table_rows)
            summary.new_rows[table] += len(table_rows)
        if result.rows["documents"]:
            summary.documents += 1
            summary.pages += result.rows["documents"][0].get("pages") or 0
        summary.errors += len(result.rows["errors"])
        if on_result:
            on_result(result)
    replaced_paths = {str(p) for p in paths}
    replaced_ids = {r["doc_id"] for r in rows["documents"]} | _ids_of_paths(out, replaced_paths)
    summary.table_rows = merge_rows(out, rows, replaced_ids, replaced_paths)
    summary.seconds = time.perf_counter() - started
    return summary


def _ids_of_paths(out: Path, paths: set[str]) -> set[str]:
    """doc_ids the output already holds for these paths (a changed file replaces its rows)."""
    docs = read_table(out, "documents")
    if not docs.num_rows:
        return set()
    hit = docs.filter(pc.is_in(docs["source_path"], pa.array(sorted(paths), pa.string())))
    return set(hit["doc_id"].to_pylist())
