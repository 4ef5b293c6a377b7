"""A read-only embedded store and a writer in another process never share the database file."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.store import StoreUnavailable
from tests.conftest import load_bundled, open_embedded

ROOT = Path(__file__).resolve().parents[2]


def _other_process(data_dir: Path, body: str) -> subprocess.Popen[str]:
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from graph.embedded import EmbeddedStore
        from graph.store import StoreUnavailable
        data = Path({str(data_dir)!r})
        """
    ) + textwrap.dedent(body)
    return subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _open_writer(data_dir: Path) -> str:
    """What a writer opening the file in another process reports."""
    writer = _other_process(
        data_dir,
        """
        try:
            EmbeddedStore(data).close()
            print("opened")
        except StoreUnavailable as exc:
            print("refused:", exc)
        """,
    )
    out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    return out.strip()


@pytest.fixture
def graph_dir(tmp_path: Path) -> Path:
    store = open_embedded(tmp_path / "graph")
    load_bundled(store)
    store.close()
    return tmp_path / "graph"


def test_a_writer_elsewhere_is_refused_while_a_reader_is_open(graph_dir: Path) -> None:
    reader = EmbeddedStore(graph_dir, read_only=True)
    try:
        reader.warm()  # the engine opens and closes what it needs: the lock must outlive that
        assert reader.neighbourhood("person:sergey-abramov", depth=2).nodes
        assert reader.query("MATCH (n) RETURN count(n) AS n").rows
        answer = _open_writer(graph_dir)
        assert answer.startswith("refused:") and "another process has it open" in answer, answer
    finally:
        reader.close()
    assert _open_writer(graph_dir) == "opened"  # closing lets go


def test_a_reader_is_refused_while_a_writer_elsewhere_is_open(graph_dir: Path) -> None:
    writer = _other_process(graph_dir, 'store = EmbeddedStore(data)\nprint("open", flush=True)\nsys.stdin.read()\n')
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "open"
        with pytest.raises(StoreUnavailable, match="another process has it open for writing"):
            EmbeddedStore(graph_dir, read_only=True)
    finally:
        writer.communicate(input="", timeout=120)
    EmbeddedStore(graph_dir, read_only=True).close()  # and once it is gone, the reader opens
