"""Reading and writing the Parquet tables of an output folder.

Each table is one file, `outputs/<table>.parquet`, replaced atomically (written aside, then
renamed), so a reader never sees half a table.
"""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from extract.schema import SCHEMAS, TABLES, to_table


def table_path(out: Path, name: str) -> Path:
    return Path(out) / f"{name}.parquet"


def read_table(out: Path, name: str) -> pa.Table:
    path = table_path(out, name)
    if not path.exists():
        return SCHEMAS[name].empty_table()
    return pq.read_table(path, schema=SCHEMAS[name])


def write_table(out: Path, name: str, table: pa.Table) -> None:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    final = table_path(out, name)
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    pq.write_table(table.cast(SCHEMAS[name]), tmp, compression="zstd")
    os.replace(tmp, final)


def merge_rows(out: Path, rows: dict[str, list[dict]], replaced_ids: set[str],
               replaced_paths: set[str]) -> dict[str, int]:
    """Add `rows` to the tables in `out`, first dropping the rows of documents processed again
    (by doc_id) and the old errors of paths processed again. Returns the row count per table."""
    counts = {}
    for name in TABLES:
        old = read_table(out, name)
        key, drop = ("source_path", replaced_paths) if name == "errors" else ("doc_id", replaced_ids)
        if old.num_rows and drop:
            old = old.filter(pc.invert(pc.is_in(old[key], pa.array(sorted(drop), pa.string()))))
        new = to_table(name, rows.get(name, []))
        merged = pa.concat_tables([old, new]) if old.num_rows else new
        write_table(out, name, merged)
        counts[name] = merged.num_rows
    return counts
