"""`amur ingest` and `amur candidates`: article ingestion on the command line (registered by api.cli)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from api.cli import _progress, _store, app, err, out
from loaders.text.ingest import Ingestor, ItemResult
from loaders.text.reader import MAX_BYTES
from loaders.text.resolve import CLASSES


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Text/Markdown files, JSON-lines files, or folders of them.")],
    workers: Annotated[int, typer.Option(help="Language-processing processes (0: automatic).")] = 0,
    batch: Annotated[int, typer.Option(help="Articles per store transaction (0: automatic; 1: one per article).")] = 0,
    force: Annotated[bool, typer.Option("--force", help="Process articles already in the graph again.")] = False,
    max_mb: Annotated[float, typer.Option(help="Largest text file accepted, in MB.")] = MAX_BYTES / 1e6,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Read news articles and grow the graph: entities, relations and the words behind them."""
    with _store() as store, _progress() as progress:
        task = progress.add_task("reading", total=None)

        def started(total: int) -> None:
            progress.update(task, total=total, description="ingesting")

        def done(item: ItemResult) -> None:
            progress.update(task, description=f"{item.status} {Path(item.origin.split(':')[0]).name}")
            progress.advance(task)

        ingestor = Ingestor(store, workers=workers, batch=batch, force=force, max_bytes=int(max_mb * 1e6))
        report = ingestor.run(paths, on_start=started, on_item=done)
    if as_json:
        out.print_json(json.dumps([r.__dict__ for r in report.results], ensure_ascii=False))
    else:
        table = Table("article", "status", "new", "known", "review", "relations", "reason", title="amur ingest")
        for r in report.results:
            style = {"ingested": "green", "skipped": "yellow", "failed": "red"}[r.status]
            table.add_row(
                r.origin,
                f"[{style}]{r.status}[/{style}]",
                str(r.created),
                str(r.matched),
                str(r.candidates),
                str(r.relations),
                r.reason,
            )
        out.print(table)
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    ingested, skipped, failed = (report.by_status(s) for s in ("ingested", "skipped", "failed"))
    err.print(
        f"{len(ingested)} ingested, {len(skipped)} skipped, {len(failed)} failed "
        f"in {report.seconds:.1f} s"
        + (f"; failures: {'; '.join(f'{r.origin}: {r.reason}' for r in failed)}" if failed else ""),
        highlight=False,
    )
    if not report.results:
        err.print("[red]error:[/red] no articles found (.txt, .md, .jsonl)")
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(1)


@app.command()
def candidates(
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Mentions ingestion could not place, kept for review with the reason."""
    rows = []
    with _store(read_only=True) as store:
        for label in CLASSES:
            for batch in store.iter_nodes(label):
                rows += [n for n in batch if n.properties.get("review")]
    rows = rows[:limit]
    if as_json:
        out.print_json(json.dumps([r.model_dump() for r in rows], ensure_ascii=False))
        return
    table = Table("id", "class", "name", "why", "articles", title=f"{len(rows)} candidate(s) for review")
    for n in rows:
        table.add_row(n.id, n.label, n.name, str(n.properties.get("review")), str(len(n.sources)))
    out.print(table)
