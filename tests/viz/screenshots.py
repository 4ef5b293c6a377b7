"""Screenshots of every view kind for the README: `python -m tests.viz.screenshots [docs/views]`.

Builds a store from the bundled data in a temporary folder, writes each
view, opens it in Debian's chromium with the network cut off and saves a
PNG; an overview of a 2,000-node synthetic graph is included to show scale.
When Debian's `pngquant` is installed the PNGs are quantized to keep the
repository small.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.synthetic_graph import generate
from tests.conftest import ROOT, load_bundled, open_embedded
from tests.viz.browser import PageLog, browser, offline_page
from viz import views


def _shrink(png: Path) -> None:
    tool = shutil.which("pngquant")
    if tool:
        subprocess.run([tool, "--force", "--skip-if-larger", "--output", str(png), "256", str(png)], check=False)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "views"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="amur-shots-") as tmp:
        store = open_embedded(Path(tmp) / "store")
        load_bundled(store)
        pages = {
            "ego": views.ego_view(store, "person:sergey-abramov", depth=2),
            "path": views.path_view(store, "person:sergey-abramov", "person:li-hongzhong"),
            "event": views.event_view(store, "event:amurexpo-2026"),
            "project": views.project_view(store, "project:blagoveshchensk-business-cooperation-centre"),
            "overview": views.overview(store),
        }
        store.close()
        big = open_embedded(Path(tmp) / "big")
        big.upsert(*generate(2000))
        pages["overview-2000"] = views.overview(big, cluster="territory")
        big.close()
        with browser() as context:
            for name, page_html in pages.items():
                path = Path(tmp) / f"{name}.html"
                path.write_text(page_html, encoding="utf-8")
                log = PageLog()
                with offline_page(context, log, width=1280, height=800) as page:
                    page.goto(path.as_uri())
                    page.wait_for_function("window.amur && window.amur.settled === true", timeout=60_000)
                    page.wait_for_timeout(400)
                    page.screenshot(path=str(out / f"{name}.png"))
                _shrink(out / f"{name}.png")
                problems = log.blocked + log.failed + log.console_errors + log.page_errors
                print(f"{name}: {out / f'{name}.png'}" + (f"  PROBLEMS: {problems}" if problems else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
