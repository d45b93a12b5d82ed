"""`cchc`: thin typer commands over the library functions."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from extract.cli_analyst import register as register_analyst_commands

app = typer.Typer(help="Turn Vietnamese administrative-reform reports into Parquet tables.",
                  no_args_is_help=True, add_completion=False)
console = Console(stderr=True)

OutOption = Annotated[Path, typer.Option("--out", "-o", help="output folder of the Parquet tables")]


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="files, folders (recursive) or glob patterns")],
    out: OutOption = Path("outputs"),
    workers: Annotated[int, typer.Option("--workers", "-w", help="processes; 0 = every core")] = 0,
    force: Annotated[bool, typer.Option("--force", help="redo documents already extracted")] = False,
    engine: Annotated[str, typer.Option(help="local (processes) or dask")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        help="Dask scheduler (tcp://HOST:8786); without it --engine dask starts a LocalCluster")] = None,
) -> None:
    """Extract every input into the tables of OUT (documents, citations, tasks, metrics, …).

    Incremental: documents already extracted by this code are skipped (--force redoes them).
    Ctrl-C stops after the running documents and keeps what was done."""
    from extract.batch import expand_inputs, run_batch
    from extract.tables import OutputLocked

    if not expand_inputs(paths):
        console.print(f"[red]no input files in {' '.join(paths)}[/red]")
        raise typer.Exit(2)
    if engine not in ("local", "dask"):
        console.print(f"[red]unknown engine {engine!r}: local or dask[/red]")
        raise typer.Exit(2)
    progress = Progress(TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=console,
                        disable=not console.is_terminal)
    with progress:
        task = progress.add_task("extract", total=None, rate="")
        pages = [0]

        def planned(plan) -> None:
            progress.update(task, total=len(plan.todo), rate=f"({plan.skipped} unchanged, skipped)")

        def advance(result) -> None:
            docs = result.rows["documents"]
            pages[0] += (docs[0].get("pages") or 0) if docs else 0
            progress.advance(task)
            elapsed = progress.tasks[0].elapsed or 1e-9
            done = progress.tasks[0].completed
            progress.update(task, rate=f"{done / elapsed:.1f} documents/s, {pages[0] / elapsed:.1f} pages/s")
            for err in result.rows["errors"]:
                progress.console.print(f"[yellow]error[/yellow] {escape(err['source_path'])}: "
                                       + escape(f"[{err['stage']}] {err['message']}"))

        try:
            summary = run_batch(paths, out, workers=workers or None, force=force, engine=engine,
                                scheduler=scheduler, on_plan=planned, on_result=advance)
        except OutputLocked as exc:
            console.print(f"[red]{escape(str(exc))}[/red]")
            raise typer.Exit(1) from None
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    console.print(f"{summary.documents} documents, {summary.pages} pages, {summary.errors} errors, "
                  f"{summary.skipped} unchanged (skipped) in {summary.seconds:.1f} s "
                  f"({rate:.1f} documents/s) → {out}/")
    table = Table("table", "rows from this run", "rows in output")
    for name, n in summary.new_rows.items():
        table.add_row(name, str(n), str(summary.table_rows.get(name, 0)))
    console.print(table)
    if summary.interrupted:
        console.print("[yellow]interrupted: what was done is saved; run again to finish[/yellow]")
        raise typer.Exit(130)


@app.command()
def show(
    file: Annotated[Path, typer.Argument(help="one document")],
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
    text: Annotated[bool, typer.Option("--text/--no-text", help="print the normalized text")] = False,
) -> None:
    """One document's text and extractions, in the terminal (or as JSON)."""
    from extract.pipeline import process_file

    result = process_file(file, keep_document=True)
    if as_json:
        payload = {name: rows for name, rows in result.rows.items()}
        if result.document is not None:
            payload["text"] = result.document.text
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1, default=str))
        raise typer.Exit(1 if not result.rows["documents"] else 0)
    out = Console()
    for err in result.rows["errors"]:
        out.print("[red]error[/red] " + escape(f"[{err['stage']}] {err['error_type']}: {err['message']}"))
    if not result.rows["documents"]:
        raise typer.Exit(1)
    doc = result.rows["documents"][0]
    out.rule(f"{file}")
    for key in ("doc_id", "format", "pages", "text_source", "n_chars", "doc_type", "ref", "issuer",
                "issue_date", "period_label", "title", "signer_name", "warnings"):
        if doc.get(key) not in (None, [], ""):
            out.print(f"[bold]{key}[/bold]: {doc[key]}")
    for name, cols in (("sections", ("section_id", "level", "label", "title")),
                       ("citations", ("mention_id", "doc_type", "ref", "issue_date", "issuer")),
                       ("tasks", ("task_id", "subject", "total", "completed", "quote")),
                       ("metrics", ("metric_id", "key", "value", "unit", "quote")),
                       ("checks", ("check_id", "relation", "holds"))):
        rows = result.rows[name]
        if not rows:
            continue
        table = Table(*cols, title=f"{name} ({len(rows)})", show_lines=False)
        for row in rows:
            table.add_row(*[_cell(row.get(c)) for c in cols])
        out.print(table)
    if text and result.document is not None:
        out.rule("text")
        out.print(result.document.text, markup=False, highlight=False)


@app.command("eval")
def eval_(
    out: OutOption = Path("outputs"),
    gold: Annotated[Path, typer.Option(help="folder of gold annotation files")] = Path("corpus/gold"),
) -> None:
    """Score OUT against every gold file, one line per document (the rules of shared/eval/score.py)."""
    from extract.evaluate import score_gold, score_line

    golds = sorted(gold.glob("*.json"))
    if not golds:
        console.print(f"[red]no gold files in {gold}[/red]")
        raise typer.Exit(2)
    missing = 0
    for path in golds:
        res = score_gold(path, out)
        if res is None:
            missing += 1
            typer.echo(f"{path.stem}: no documents row in {out}")
        else:
            typer.echo(f"{path.stem}: {score_line(res)}")
    raise typer.Exit(1 if missing else 0)


register_analyst_commands(app)


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 70 else text[:67] + "…"


if __name__ == "__main__":
    app()
