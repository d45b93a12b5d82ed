"""The analyst commands of `cchc`: query, review."""
from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


OutOption = Annotated[Path, typer.Option("--out", "-o", help="output folder of the Parquet tables")]


def query(
    sql: Annotated[str, typer.Argument(help="SQL over the views documents, citations, tasks, metrics, "
                                             "sections, checks, errors")],
    out: OutOption = Path("outputs"),
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table, csv or json")] = Format.table,
) -> None:
    """Run SQL (DuckDB) over the tables of OUT, each registered as a view by its name."""
    import duckdb

    from extract.query import cell_text, jsonable
    from extract.query import query as run_query

    if not out.is_dir():
        Console(stderr=True).print(f"[red]no output folder {escape(str(out))}[/red] "
                                   "(run `cchc extract` first)")
        raise typer.Exit(2)
    try:
        columns, rows = run_query(out, sql)
    except duckdb.Error as exc:
        Console(stderr=True).print(f"[red]query failed:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None
    if fmt is Format.json:
        records = [{c: jsonable(v) for c, v in zip(columns, row, strict=True)} for row in rows]
        typer.echo(json.dumps(records, ensure_ascii=False, indent=1))
    elif fmt is Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([cell_text(v) for v in row] for row in rows)
        sys.stdout.flush()
    else:
        table = Table(*columns, caption=f"{len(rows)} row(s)")
        for row in rows:
            table.add_row(*[escape(cell_text(v)) for v in row])
        Console().print(table)


def review(
    source: Annotated[Path, typer.Argument(help="one document, or an output folder of the tables")],
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file (for a document) or folder "
                                                          "(for an output folder)")] = Path("review"),
) -> None:
    """An HTML page of a document's text with every extracted row highlighted (or one page per
    document of an output folder, plus an index)."""
    from extract.review import review_file, review_outputs

    if not source.exists():
        Console(stderr=True).print(f"[red]no such file or folder: {escape(str(source))}[/red]")
        raise typer.Exit(2)
    if source.is_dir():
        index, pages = review_outputs(source, out)
        typer.echo(f"{pages} document page(s) → {index}")
    else:
        target = out if out.suffix.lower() in (".html", ".htm") else out / f"{source.stem}.html"
        written = review_file(source, target)
        if written is None:
            Console(stderr=True).print(f"[red]could not read {escape(str(source))}[/red]")
            raise typer.Exit(1)
        typer.echo(f"→ {written}")


def register(app: typer.Typer) -> None:
    """Add the analyst commands to the `cchc` app."""
    app.command()(query)
    app.command()(review)
