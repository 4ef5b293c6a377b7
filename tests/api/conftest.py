"""The real app on a real embedded store loaded with the bundled data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import ApiSettings
from graph.open import open_store
from tests.conftest import load_bundled

API_KEY = "test-key-1"


def loaded_dir(path: Path) -> Path:
    store = open_store(ApiSettings(data_dir=path))
    load_bundled(store)
    store.close()
    return path


@pytest.fixture(scope="session")
def api_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return loaded_dir(tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="session")
def settings(api_data: Path) -> ApiSettings:
    return ApiSettings(data_dir=api_data, api_keys=f"other-key, {API_KEY}", _env_file=None)


@pytest.fixture(scope="session")
def client(settings: ApiSettings) -> Iterator[TestClient]:
    """One app for the read-only tests (the lifespan opens the store once)."""
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[TestClient]:
    """An app on its own copy of the bundled data, for tests that write."""
    settings = ApiSettings(data_dir=loaded_dir(tmp_path), api_keys=API_KEY, _env_file=None)
    with TestClient(create_app(settings)) as c:
        yield c
