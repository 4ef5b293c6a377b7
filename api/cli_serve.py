"""`amur serve`: the HTTP API under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from api.settings import ApiSettings


def _views_urls(base: str) -> list[str]:
    from api.routers import views

    return [f"{base}{route.path}" for route in views.router.routes if hasattr(route, "path")]


def serve(
    host: Annotated[str | None, typer.Option(help="Interface (default 127.0.0.1). Env: AMUR_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000). Env: AMUR_PORT.")] = None,
    read_only: Annotated[bool, typer.Option("--read-only", help="Open the store read-only; writes refused.")] = False,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs); writes need a key from AMUR_API_KEYS."""
    import uvicorn

    from api.app import create_app
    from api.cli import State

    overrides: dict[str, object] = {}
    if host:
        overrides["host"] = host
    if port:
        overrides["port"] = port
    if read_only:
        overrides["read_only"] = True
    settings = ApiSettings(**{**State.settings.model_dump(), **overrides})
    base = f"http://{settings.host}:{settings.port}"
    typer.echo(f"Amur API on {base} ({settings.backend} store in {settings.data_dir})")
    typer.echo(f"  docs:    {base}/docs")
    typer.echo(f"  OpenAPI: {base}/openapi.json")
    views = _views_urls(base)
    typer.echo("  views:   " + ", ".join(views))
    typer.echo("  writes:  " + ("enabled (X-API-Key)" if settings.keys() and not settings.read_only else "disabled"))
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level=log_level)
