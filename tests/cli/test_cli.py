"""The `amur` command line on a real embedded store built from the bundled data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from tests.conftest import DATA, ROOT

runner = CliRunner()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli")
    result = runner.invoke(app, ["--data-dir", str(path), "load", str(DATA)])
    assert result.exit_code == 0, result.output
    return path


def amur(data_dir: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--data-dir", str(data_dir), *args])
    return result.exit_code, result.output


def test_load_is_idempotent(data_dir: Path) -> None:
    _, before = amur(data_dir, "stats")
    code, _ = amur(data_dir, "load", str(DATA))
    assert code == 0
    assert amur(data_dir, "stats")[1] == before


def test_show_abramov_prints_card_with_sources(data_dir: Path) -> None:
    code, text = amur(data_dir, "show", "Абрамов")
    assert code == 0, text
    assert "Сергей Абрамов" in text
    assert "HOLDS_POSITION" in text
    assert "первый заместитель председателя правительства" in text
    assert "source:" in text
    assert "Sources" in text


def test_show_json_and_unknown(data_dir: Path) -> None:
    code, text = amur(data_dir, "show", "person:sergey-abramov", "--json")
    assert code == 0
    card = json.loads(text)
    assert card["entity"]["id"] == "person:sergey-abramov"
    assert "INVOLVED_IN" in card["relations"]
    code, text = amur(data_dir, "show", "Nobody Whatsoever")
    assert code == 1
    assert "nothing matches" in text


def test_query_with_params_and_refused_write(data_dir: Path) -> None:
    code, text = amur(
        data_dir, "query", "MATCH (p:Person {id: $id}) RETURN p.name", "--json", "-p", "id=person:sergey-abramov"
    )
    assert code == 0, text
    assert json.loads(text)["rows"] == [["Сергей Абрамов"]]
    code, text = amur(data_dir, "query", "MATCH (p:Person) DETACH DELETE p")
    assert code == 1
    assert "ReadOnlyViolation" in text
    code, text = amur(data_dir, "query", "MATCH (p:Person) RETURN p.name", "--limit", "1")
    assert code == 0
    assert "row cap" in text


def test_bad_file_fails_with_location(data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - id: person:x\n    type: Person\n    name: X\n    kind: wizard\n", encoding="utf-8")
    code, text = amur(data_dir, "load", str(bad))
    assert code == 1
    assert f"{bad}:5:" in text
    assert "nothing from it was written" in text


def test_every_command_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    assert commands
    missing = [c for c in commands if not re.search(rf"`amur {c}\b", readme)]
    assert missing == []
    help_text = runner.invoke(app, ["--help"]).output
    assert all(c in help_text for c in commands)
