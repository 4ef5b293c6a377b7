"""`amur view ...`: the presenter views as files, one command per view.

Each writes a self-contained HTML page (no network needed to open it) and,
on request, an SVG (pure Python) and a PNG (Debian's chromium) of the same
layout for slides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graph.cards import resolve
from graph.store import GraphStore, NotFound
from viz import views
from viz.model import View
from viz.png import PngUnavailable, write_png

view_app = typer.Typer(
    help="Presenter views: offline HTML pages, with SVG/PNG of the same picture for slides.",
    no_args_is_help=True,
)
out = Console()
err = Console(stderr=True)


class Lang(StrEnum):
    en = "en"
    ru = "ru"


class ClusterBy(StrEnum):
    type = "type"
    territory = "territory"


Output = Annotated[Path | None, typer.Option("--output", "-o", help="The HTML file (default: <view>-<entity>.html).")]
Svg = Annotated[bool, typer.Option("--svg", help="Also write an SVG of the same layout (pure Python).")]
Png = Annotated[bool, typer.Option("--png", help="Also write a PNG (rasterized by Debian's chromium).")]
Since = Annotated[str | None, typer.Option(help="Only facts from this date on: 2026, 2026-05 or 2026-05-22.")]
Until = Annotated[str | None, typer.Option(help="Only facts up to this date.")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of names and labels.")]
Types = Annotated[
    list[str] | None,
    typer.Option(
        "--type", "-t", help="Relation types, e.g. HOLDS_POSITION (repeatable; default: all but MENTIONED_IN)."
    ),
]


@contextmanager
def _store() -> Iterator[GraphStore]:
    from api.cli import _store as open_store  # the root app owns the global options; imported late, no cycle

    with open_store(read_only=True) as store:
        yield store


def _entity(store: GraphStore, text: str) -> str:
    node, _ = resolve(store, text)
    if node is None:
        err.print(f"[red]nothing matches {text!r}[/red]")
        raise typer.Exit(1)
    return node.id


def _types(given: list[str] | None) -> list[str] | None:
    return [t.strip().upper() for t in given] if given else None


def _slug(*ids: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", "-", i.lower()).strip("-") for i in ids)


def _write(view: View, output: Path | None, default: str, svg: bool, png: bool) -> None:
    html_path = output or Path(f"{default}.html")
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(views.render(view, "html"), encoding="utf-8")
    written = [html_path]
    if svg or png:
        picture = views.render(view, "svg")
        if svg:
            svg_path = html_path.with_suffix(".svg")
            svg_path.write_text(picture, encoding="utf-8")
            written.append(svg_path)
        if png:
            try:
                written.append(write_png(picture, html_path.with_suffix(".png")))
            except PngUnavailable as exc:
                err.print(f"[yellow]{exc}[/yellow]")
    out.print(f"{view.title}: {view.subtitle}", highlight=False)
    for path in written:
        out.print(f"  wrote {path}", highlight=False)


def _build(make: Callable[[], View]) -> View:
    try:
        return make()
    except (NotFound, views.ViewError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from exc


@view_app.command()
def ego(
    entity: Annotated[str, typer.Argument(help="An id or a name.")],
    depth: Annotated[int, typer.Option(min=1, max=3, help="Hops from the entity (1-3).")] = 2,
    type_: Types = None,
    since: Since = None,
    until: Until = None,
    output: Output = None,
    svg: Svg = False,
    png: Png = False,
    lang: LangOpt = Lang.en,
) -> None:
    """An entity and its neighbourhood, ring by ring."""
    with _store() as store:
        entity_id = _entity(store, entity)
        view = _build(lambda: views.build_ego(store, entity_id, depth, _types(type_), since, until, lang.value))
    _write(view, output, f"ego-{_slug(entity_id)}", svg, png)


@view_app.command()
def path(
    source: Annotated[str, typer.Argument(help="Where the path starts: an id or a name.")],
    target: Annotated[str, typer.Argument(help="Where it ends.")],
    max_hops: Annotated[int, typer.Option(min=1, max=6, help="Longest path to look for.")] = 4,
    output: Output = None,
    svg: Svg = False,
    png: Png = False,
    lang: LangOpt = Lang.en,
) -> None:
    """The shortest paths between two entities, each hop with its relation and evidence."""
    with _store() as store:
        a, b = _entity(store, source), _entity(store, target)
        view = _build(lambda: views.build_path(store, a, b, max_hops, lang.value))
    _write(view, output, f"path-{_slug(a, b)}", svg, png)


@view_app.command()
def event(
    entity: Annotated[str, typer.Argument(help="An event id or name.")],
    since: Since = None,
    until: Until = None,
    output: Output = None,
    svg: Svg = False,
    png: Png = False,
    lang: LangOpt = Lang.en,
) -> None:
    """An event with its editions and sessions, organizers, participants and venue."""
    with _store() as store:
        event_id = _entity(store, entity)
        view = _build(lambda: views.build_event(store, event_id, since, until, lang.value))
    _write(view, output, f"event-{_slug(event_id)}", svg, png)


@view_app.command()
def project(
    entity: Annotated[str, typer.Argument(help="A project id or name.")],
    since: Since = None,
    until: Until = None,
    output: Output = None,
    svg: Svg = False,
    png: Png = False,
    lang: LangOpt = Lang.en,
) -> None:
    """A project with the actors around it and its territory."""
    with _store() as store:
        project_id = _entity(store, entity)
        view = _build(lambda: views.build_project(store, project_id, since, until, lang.value))
    _write(view, output, f"project-{_slug(project_id)}", svg, png)


@view_app.command()
def overview(
    cluster: Annotated[ClusterBy | None, typer.Option(help="Group into clusters by class or by region.")] = None,
    type_: Types = None,
    since: Since = None,
    until: Until = None,
    output: Output = None,
    svg: Svg = False,
    png: Png = False,
    lang: LangOpt = Lang.en,
) -> None:
    """The whole graph, sized by degree; settles and stops even at thousands of nodes."""
    with _store() as store:
        by: views.Cluster | None = None if cluster is None else "type" if cluster is ClusterBy.type else "territory"
        view = _build(lambda: views.build_overview(store, _types(type_), since, until, by, lang.value))
    _write(view, output, "overview", svg, png)
