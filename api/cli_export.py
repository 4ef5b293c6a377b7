"""`amur export ...`: the graph written out for other tools, read through the storage contract."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graph.neo4j_admin import ExportError, export
from graph.open import open_store
from graph.settings import Settings
from graph.store import StoreError

export_app = typer.Typer(help="Write the graph out for other tools (works from either backend).", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


def _settings() -> Settings:
    # Imported here: api.cli imports this module to register it, and owns the parsed global options.
    from api.cli import State

    return State.settings


@export_app.command("neo4j-admin")
def neo4j_admin(
    folder: Annotated[Path, typer.Argument(help="Where to write the CSV and header files (created if missing).")],
    database: Annotated[str, typer.Option(help="The database neo4j-admin imports into.")] = "neo4j",
    files_at: Annotated[
        Path | None,
        typer.Option(help="Where neo4j-admin will see FOLDER, if elsewhere (e.g. /import in a container)."),
    ] = None,
) -> None:
    """CSV files and the `neo4j-admin database import full` command for an initial load of millions of rows."""
    settings = _settings()
    try:
        store = open_store(settings, read_only=True)  # an export only reads
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    try:
        result = export(store, folder)
    except ExportError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc
    finally:
        store.close()
    for group in [*result.nodes, *result.relationships]:
        out.print(f"{group.rows:>8}  {group.name}  [dim]{group.data}[/dim]", highlight=False)
    out.print("\nWith Neo4j stopped, import into an empty database (add --overwrite-destination=true to replace one):")
    out.print(result.shell_command(database, files_at), highlight=False, markup=False, soft_wrap=True)
    out.print("Then start Neo4j and run any amur command with --backend neo4j: it creates the constraints and indexes.")
