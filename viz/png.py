"""PNG for slides: the SVG rasterized by Debian's chromium in headless mode, when it is installed.

The SVG is the primary export (pure Python); PNG needs a renderer, and the
system browser is the one renderer that draws the same fonts and shapes as
the page.  No browser is ever downloaded: without chromium this says so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
MAX_SIDE = 4000  # pixels: big overviews are scaled down to fit
ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


class PngUnavailable(RuntimeError):
    """No chromium here to rasterize with; the SVG is still there."""


def chromium() -> str | None:
    for candidate in CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def svg_size(svg: str) -> tuple[float, float]:
    match = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    if not match:
        raise ValueError("the SVG has no width and height")
    return float(match.group(1)), float(match.group(2))


def write_png(svg: str, out: Path, scale: float = 2.0, timeout_s: float = 120.0) -> Path:
    """Rasterizes `svg` to `out` at `scale` times its size (2 for crisp slides)."""
    browser = chromium()
    if browser is None:
        raise PngUnavailable("PNG export needs Debian's chromium (apt-get install chromium); use --svg instead")
    width, height = svg_size(svg)
    fit = min(1.0, MAX_SIDE / max(width * scale, height * scale))
    w, h = round(width * fit), round(height * fit)
    with tempfile.TemporaryDirectory(prefix="amur-png-") as tmp:
        page = Path(tmp) / "view.html"
        (Path(tmp) / "view.svg").write_text(svg, encoding="utf-8")
        page.write_text(
            f'<!doctype html><body style="margin:0"><img src="view.svg" width="{w}" height="{h}"></body>',
            encoding="utf-8",
        )
        command = [
            browser,
            *ARGS,
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--window-size={w},{h}",
            f"--force-device-scale-factor={scale:g}",
            f"--screenshot={out.resolve()}",
            page.as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False)  # noqa: S603
    if not out.exists():
        raise PngUnavailable(f"chromium did not write {out}: {done.stderr.strip()[-400:]}")
    return out
