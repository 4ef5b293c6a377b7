"""Fixtures of the ingestion tests: natasha loads once per session; stores are real embedded ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from loaders.text.ingest import Ingestor, IngestReport
from loaders.text.model import Extraction
from loaders.text.nlp import models
from loaders.text.reader import parse_header
from tests.conftest import DATA, load_bundled, open_embedded

ARTICLES = DATA / "articles"


@pytest.fixture(scope="session")
def nlp() -> None:
    models()


def extract_text(text: str, published: str | None = "2026-03-01") -> Extraction:
    """Extraction of a text written inline in a test (its own words, never a seed's)."""
    from loaders.text.extract import extract

    article = parse_header(text, markdown=False)
    article.origin = "test"
    article.published = article.published or published
    return extract(article)


@pytest.fixture(scope="session")
def ingested(tmp_path_factory: pytest.TempPathFactory, nlp: None) -> Iterator[tuple[EmbeddedStore, IngestReport]]:
    """The bundled curated data plus the bundled sample articles; shared by read-only tests."""
    store = open_embedded(tmp_path_factory.mktemp("ingested"))
    load_bundled(store)
    report = Ingestor(store, workers=1).run([ARTICLES])
    yield store, report
    store.close()


def write(tmp: Path, name: str, data: bytes | str) -> Path:
    path = tmp / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path
