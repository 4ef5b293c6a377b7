"""`amur view ...` end to end: files written, nothing else left behind (no pyvis lib/ folder), documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.cli_views import view_app
from tests.conftest import DATA, ROOT
from viz.png import chromium

runner = CliRunner()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("views-cli")
    result = runner.invoke(app, ["--data-dir", str(path), "load", str(DATA)])
    assert result.exit_code == 0, result.output
    return path


def amur(data_dir: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "stem"),
    [
        (["ego", "Абрамов", "--depth", "2", "-o", "abramov.html"], "abramov"),
        (["path", "Абрамов", "person:li-hongzhong"], "path-person-sergey-abramov-person-li-hongzhong"),
        (["event", "event:amurexpo-2026", "--since", "2026-05"], "event-event-amurexpo-2026"),
        (["project", "project:khabarovsk-city", "--lang", "ru"], "project-project-khabarovsk-city"),
        (["overview", "--cluster", "type"], "overview"),
    ],
)
def test_view_commands_write_html_and_svg_and_nothing_else(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], stem: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, text = amur(data_dir, "view", *args, "--svg")
    assert code == 0, text
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{stem}.html", f"{stem}.svg"]
    assert not (tmp_path / "lib").exists(), "pyvis must not leave a lib/ folder"
    assert (tmp_path / f"{stem}.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_unknown_entity_and_wrong_class_fail_cleanly(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, text = amur(data_dir, "view", "ego", "Nobody Whatsoever")
    assert code == 1 and "nothing matches" in text
    code, text = amur(data_dir, "view", "event", "person:sergey-abramov")
    assert code == 1 and "not a Event" in text
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(chromium() is None, reason="PNG export needs Debian's chromium")
def test_png_export(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, text = amur(data_dir, "view", "event", "event:amurexpo-2026", "--png", "-o", "expo.html")
    assert code == 0, text
    png = (tmp_path / "expo.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_every_view_command_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [c.name or (c.callback.__name__ if c.callback else "") for c in view_app.registered_commands]
    assert sorted(commands) == ["ego", "event", "overview", "path", "project"]
    assert [c for c in commands if not re.search(rf"`amur view {c}\b", readme)] == []
    assert "`amur view" in readme


def test_output_folder_is_created(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "views" / "nested" / "overview.html"
    code, text = amur(data_dir, "view", "overview", "-o", str(target))
    assert code == 0, text
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
