"""The `amur` command line: a thin layer over the store, the loaders and the cards."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.cli_export import export_app
from api.cli_serve import serve
from api.cli_views import view_app
from graph.cards import Card, build_card, resolve
from graph.open import open_store
from graph.settings import Settings
from graph.store import GraphStore, StoreError
from loaders.structured import LoadError, discover, load_file
from ontology.model import ontology

app = typer.Typer(
    help="Amur: a knowledge graph of Russian–Chinese cooperation.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(export_app, name="export")
app.add_typer(view_app, name="view")
out = Console()
err = Console(stderr=True)


class State:
    settings: Settings = Settings()


@app.callback()
def main(
    backend: Annotated[str | None, typer.Option(help="Store: embedded (default) or neo4j. Env: AMUR_BACKEND.")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Where the embedded store lives. Env: AMUR_DATA_DIR.")] = None,
) -> None:
    overrides: dict[str, Any] = {}
    if backend:
        overrides["backend"] = backend
    if data_dir:
        overrides["data_dir"] = data_dir
    State.settings = Settings(**overrides)


@contextmanager
def _store(read_only: bool = False) -> Iterator[GraphStore]:
    try:
        store = open_store(State.settings, read_only=read_only)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    try:
        yield store
    finally:
        store.close()


@app.command()
def load(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders of curated YAML/JSON (default: data/).")
    ] = None,
) -> None:
    """Load curated facts into the graph: one transaction per file, safe to re-run."""
    files = discover(paths or [Path("data")])
    if not files:
        err.print("[red]error:[/red] no .yaml, .yml or .json files found")
        raise typer.Exit(2)
    failed = 0
    table = Table("file", "records", "created", "updated")
    with _store() as store, _progress() as progress:
        task = progress.add_task("loading", total=len(files))
        for path in files:
            progress.update(task, description=f"loading {path.name}")
            try:
                report = load_file(store, path)
            except LoadError as exc:
                failed += 1
                for problem in exc.problems:
                    err.print(problem, markup=False, highlight=False)
                err.print(f"[red]{path}: not loaded, nothing from it was written[/red]")
            else:
                s = report.summary
                table.add_row(
                    str(path),
                    str(report.records),
                    f"{s.entities_created} entities, {s.relations_created} relations",
                    f"{s.entities_updated} entities, {s.relations_updated} relations",
                )
            progress.advance(task)
    out.print(table)
    if failed:
        err.print(f"[red]{failed} of {len(files)} file(s) failed[/red]")
        raise typer.Exit(1)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


@app.command()
def stats() -> None:
    """Counts of entities by class and relations by type."""
    with _store() as store:
        counts = store.counts()
    table = Table("label / type", "count", title=f"Amur graph ({State.settings.backend})")
    for name, n in {**counts.nodes, **counts.relationships}.items():
        table.add_row(name, str(n))
    table.add_row("[b]entities[/b]", f"[b]{counts.total_nodes}[/b]")
    table.add_row("[b]relations[/b]", f"[b]{counts.total_relationships}[/b]")
    out.print(table)


@app.command()
def show(
    entity: Annotated[str, typer.Argument(help="An id (person:sergey-abramov) or a name (Абрамов).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the card as JSON.")] = False,
) -> None:
    """An entity's card: names, kind, properties, relations with their sources."""
    with _store() as store:
        node, others = resolve(store, entity)
        if node is None:
            err.print(f"[red]nothing matches {entity!r}[/red]")
            raise typer.Exit(1)
        card = build_card(store, node.id)
    if as_json:
        out.print_json(card.model_dump_json())
        return
    _print_card(card)
    if others:
        out.print("[dim]also matching: " + ", ".join(f"{n.name} ({n.id})" for n in others) + "[/dim]")


def _print_card(card: Card) -> None:
    e = card.entity
    onto = ontology()
    out.print(f"[b]{e.name}[/b]  [dim]{e.id}[/dim]", highlight=False)
    kind = f" / {e.kind}" if e.kind else ""
    out.print(f"{e.label}{kind}", highlight=False)
    for lang in ("ru", "en", "zh"):
        names = getattr(e.names, lang)
        if names:
            out.print(f"  {lang}: {', '.join(names)}", highlight=False)
    for key, value in e.properties.items():
        out.print(f"  {key}: {value}", highlight=False)
    for rel_type, rels in card.relations.items():
        rel = onto.relations[rel_type]
        out.print(f"\n[b]{rel_type}[/b] [dim]({rel.labels.get('en', '')})[/dim]")
        for r in rels:
            arrow = "→" if r.direction == "out" else "←"
            props = ", ".join(f"{k}: {v}" for k, v in r.properties.items())
            out.print(
                f"  {arrow} {r.other.name} [dim]{r.other.id}[/dim]" + (f" ({props})" if props else ""), highlight=False
            )
            for ev in r.evidence:
                source = next((s for s in r.sources if s.id == ev.article), None)
                title = f"{source.title}, {source.published or 'undated'}" if source else ev.article
                detail = " ".join(x for x in (f"«{ev.quote}»" if ev.quote else "", ev.note or "") if x)
                out.print(f"      [dim]source: {title} [{ev.rule}] {detail}[/dim]", highlight=False)
    if card.sources:
        out.print("\n[b]Sources[/b]")
        for s in card.sources:
            out.print(
                f"  {s.title} ({s.outlet or 'unknown outlet'}, {s.published or 'undated'}) [dim]{s.id}[/dim]",
                highlight=False,
            )


def _parse_param(text: str) -> tuple[str, Any]:
    key, sep, raw = text.partition("=")
    if not sep or not key.isidentifier():
        raise typer.BadParameter(f"{text!r}: expected name=value")
    try:
        return key, json.loads(raw)
    except json.JSONDecodeError:
        return key, raw


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="A read-only Cypher query; values as $parameters.")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="name=value (JSON or text); repeatable.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Row cap.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print rows as JSON.")] = False,
) -> None:
    """Run a read-only Cypher query (writes are refused before they reach the engine)."""
    params = dict(_parse_param(p) for p in param or [])
    settings = State.settings
    with _store() as store:
        try:
            result = store.query(
                cypher, params, row_limit=limit or settings.query_row_limit, timeout_s=settings.query_timeout_s
            )
        except StoreError as exc:
            err.print(f"[red]{type(exc).__name__}:[/red] {exc}", highlight=False)
            raise typer.Exit(1) from exc
    if as_json:
        out.print_json(result.model_dump_json())
        return
    table = Table(*result.columns, title=f"{len(result.rows)} row(s), {result.backend}")
    for row in result.rows:
        table.add_row(*(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in row))
    out.print(table)
    if result.truncated:
        err.print(f"[yellow]stopped at the row cap ({len(result.rows)}); use --limit for more[/yellow]")


from api import cli_ingest  # noqa: E402, F401  - registers `amur ingest` and `amur candidates`

app.command()(serve)
