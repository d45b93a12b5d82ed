"""SQL over an output folder: every table a DuckDB view named after it.

A table is either one file (`<out>/<name>.parquet`) or a folder of part files
(`<out>/<name>/*.parquet`); `table_files` hides which, so analysts and notebooks never care.
A table not written yet is an empty view with its contract schema, so queries never fail on a
fresh or partial output folder.
"""
from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path

import duckdb

from extract.schema import SCHEMAS, TABLES


def table_files(out: str | Path, name: str) -> str | None:
    """What duckdb's read_parquet should read for table `name`, or None if it is not written yet."""
    out = Path(out)
    single = out / f"{name}.parquet"
    if single.is_file():
        return str(single)
    folder = out / name
    if folder.is_dir() and any(folder.glob("*.parquet")):
        return str(folder / "*.parquet")
    return None


def connect(out: str | Path = "outputs") -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per contract table of `out`."""
    con = duckdb.connect(":memory:")
    for name in TABLES:
        files = table_files(out, name)
        if files is None:
            con.register(f"_empty_{name}", SCHEMAS[name].empty_table())
            con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM "_empty_{name}"')
        else:
            path = files.replace("'", "''")
            con.execute(f"CREATE VIEW \"{name}\" AS SELECT * FROM read_parquet('{path}', union_by_name=true)")
    return con


def query(out: str | Path, sql: str, params: list | None = None) -> tuple[list[str], list[tuple]]:
    """Column names and rows of `sql` (with `?` placeholders for `params`) over the tables of `out`."""
    con = connect(out)
    try:
        cursor = con.execute(sql, params or [])
        columns = [d[0] for d in cursor.description] if cursor.description else []
        return columns, cursor.fetchall() if columns else []
    finally:
        con.close()


def jsonable(value):
    """A DuckDB result value as plain JSON (dates as ISO strings, lists kept)."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.hex()
    return value


def cell_text(value) -> str:
    """A result value as one short line of text (CSV cells, terminal tables)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(cell_text(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def read_rows(out: str | Path, name: str) -> list[dict]:
    """One table as a list of dicts (None for nulls, Python dates and lists)."""
    columns, rows = query(out, f'SELECT * FROM "{name}"')
    return [dict(zip(columns, row, strict=True)) for row in rows]
