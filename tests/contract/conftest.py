"""The backends every contract test runs against."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import GraphStore
from tests.conftest import open_embedded

BACKENDS = ["embedded"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    store = open_embedded(tmp_path / "contract")
    yield store
    store.close()
