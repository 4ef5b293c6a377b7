"""Debian's chromium, headless, driven by Playwright, with every non-file request refused and counted.

Shared by the browser tests, the settle benchmark and the screenshot script.
Playwright's own browser download is never used: `executable_path` points
at the system chromium, and a missing one is reported, not fetched.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def unavailable() -> str | None:
    """Why browser checks cannot run here, or None when they can."""
    if chromium_path() is None:
        return "Debian's chromium is not installed (scripts/test.sh installs it when run as root with apt-get)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[dev]')"
    return None


@dataclass
class PageLog:
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def browser() -> Iterator[Any]:
    """A fresh chromium with a throw-away profile; yields the Playwright Browser."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    assert path, unavailable()
    profile = tempfile.mkdtemp(prefix="amur-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=path, args=LAUNCH_ARGS, headless=True, viewport={"width": 1400, "height": 900}
            )
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@contextmanager
def offline_page(context: Any, log: PageLog, width: int = 1400, height: int = 900) -> Iterator[Any]:
    """A page whose requests to anything but file:// are aborted and recorded."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:", "about:")):
            r.continue_()
        else:
            log.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda req: log.failed.append(req.url))
    page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))

    def dialog(d: Any) -> None:
        log.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    try:
        yield page
    finally:
        page.close()
