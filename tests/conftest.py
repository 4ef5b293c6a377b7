"""Shared fixtures: real stores in temporary directories, never mocks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.store import GraphStore
from loaders.structured import discover, load_file

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session", autouse=True)
def _embedded_unless_asked() -> Iterator[None]:
    """A user's AMUR_BACKEND (environment or .env) never reaches the tests: a CLI test must not load
    the bundled data into their Neo4j.  Neo4j tests ask for it explicitly, in a namespace of their own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AMUR_BACKEND", "embedded")
        patch.delenv("AMUR_NEO4J_LABEL_PREFIX", raising=False)
        yield


def open_embedded(path: Path) -> EmbeddedStore:
    store = EmbeddedStore(path)
    store.setup_schema()
    return store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    s = open_embedded(tmp_path / "store")
    yield s
    s.close()


def load_bundled(store: GraphStore) -> None:
    for path in discover([DATA]):
        load_file(store, path)


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """One store with the bundled data, shared by read-only tests."""
    s = open_embedded(tmp_path_factory.mktemp("seeded"))
    load_bundled(s)
    yield s
    s.close()


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"seed articles not found in {SEEDS}")
    return SEEDS
