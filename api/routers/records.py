"""Writes: curated records (the same YAML/JSON format as data/), behind an API key.

POST /articles runs article ingestion on one article, behind the same key.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Header, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep, WriteAccess
from api.errors import BadRequest, problems
from graph.store import GraphStore
from loaders.structured import LoadError, load_text
from loaders.text.ingest import Ingestor, ItemResult
from ontology.models import ParticipatedIn

router = APIRouter(tags=["write"])

SOURCE = "<request>"
MEDIA_TYPES = ("application/json", "application/yaml", "application/x-yaml", "text/yaml", "text/plain")


class RecordsResponse(BaseModel):
    records: int
    entities_created: int
    entities_updated: int
    relations_created: int
    relations_updated: int


_DOCUMENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Curated facts: the format of data/*.yaml (see data/README.md); unknown sections are refused.",
    "properties": {
        "articles": {"type": "array", "items": {"type": "object"}},
        "entities": {"type": "array", "items": {"type": "object"}},
        "relations": {"type": "array", "items": {"type": "object"}},
    },
}
_EXAMPLE = {
    "entities": [
        {
            "id": "person:ivan-example",
            "type": "Person",
            "name": "Иван Пример",
            "names": {"en": ["Ivan Example"]},
            "sources": ["article:amurexpo-2026-programme"],
        }
    ],
    "relations": [
        {
            "type": ParticipatedIn.relation_name,
            "from": "person:ivan-example",
            "to": "event:amurexpo-2026",
            "role": "speaker",
            "sources": ["article:amurexpo-2026-programme"],
        }
    ],
}


@router.post(
    "/records",
    summary="Load curated records (API key)",
    response_model=RecordsResponse,
    responses=problems(400, 401, 403, 409, 413, 415, 422),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": _DOCUMENT_SCHEMA, "example": _EXAMPLE},
                "application/yaml": {"schema": _DOCUMENT_SCHEMA},
            },
        }
    },
)
async def post_records(
    request: Request,
    store: StoreDep,
    _: WriteAccess,
    content_type: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> RecordsResponse:
    """Validates the whole document against the ontology (every problem reported with its line) and writes
    it in one transaction: all or nothing. Re-sending the same document changes nothing."""
    media = (content_type or "application/json").split(";")[0].strip().lower()
    if media not in MEDIA_TYPES:
        raise BadRequest(f"send the document as {' or '.join(MEDIA_TYPES[:2])}, not {media}")
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("the document is not UTF-8 text") from None
    if _has_aliases(text):
        raise LoadError(Path(SOURCE), [f"{SOURCE}: YAML anchors and aliases are not accepted over HTTP"])
    report = await run_in_threadpool(load_text, store, text, SOURCE)
    s = report.summary
    return RecordsResponse(
        records=report.records,
        entities_created=s.entities_created,
        entities_updated=s.entities_updated,
        relations_created=s.relations_created,
        relations_updated=s.relations_updated,
    )


def _has_aliases(text: str) -> bool:
    try:
        return any(isinstance(t, yaml.AliasToken | yaml.AnchorToken) for t in yaml.scan(text))
    except yaml.YAMLError:
        return False  # the loader reports the syntax error with its line


class ArticleIn(BaseModel):
    """One news article, as in a JSON-lines file for `amur ingest`."""

    text: str = Field(min_length=1, max_length=2_000_000, description="The article text (Russian)")
    title: str | None = Field(default=None, max_length=1000)
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="Publication date")
    source: str | None = Field(default=None, max_length=300, description="The outlet")
    url: str | None = Field(default=None, max_length=2000)
    id: str | None = Field(default=None, max_length=300, description="The publisher's own id, if any")


class ArticleResult(BaseModel):
    status: str = Field(description="ingested, skipped (same text already in the graph) or failed")
    reason: str = ""
    article_id: str | None = None
    created: int = 0
    matched: int = 0
    candidates: int = 0
    relations: int = 0
    warnings: list[str] = Field(default_factory=list)


@router.post(
    "/articles",
    summary="Ingest a news article (API key)",
    response_model=ArticleResult,
    responses=problems(400, 401, 403, 413, 422),
)
async def post_article(store: StoreDep, _: WriteAccess, article: ArticleIn) -> ArticleResult:
    """Runs the same pipeline as `amur ingest` on one article: entities, relations and the quoted words
    behind them, resolved against the graph, written in one transaction. The same text twice changes nothing."""
    result = await run_in_threadpool(_ingest_one, store, article)
    if result.status == "failed":
        raise BadRequest(f"the article could not be ingested: {result.reason}")
    return ArticleResult(**{k: getattr(result, k) for k in ArticleResult.model_fields})


def _ingest_one(store: GraphStore, article: ArticleIn) -> ItemResult:
    # The reader's JSON-lines path is the one way an article with metadata enters the pipeline.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "article.jsonl"
        path.write_text(article.model_dump_json(exclude_none=True) + "\n", encoding="utf-8")
        report = Ingestor(store, batch=1).run([path])
    return report.results[0]
