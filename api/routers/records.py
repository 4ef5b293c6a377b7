"""Writes: curated records (the same YAML/JSON format as data/), behind an API key.

POST /articles (article ingestion) will sit beside this once the ingestion
pipeline lands; it takes the same WriteAccess dependency.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Header, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep, WriteAccess
from api.errors import BadRequest, problems
from loaders.structured import LoadError, load_text
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
    request.app.state.centrality.invalidate()
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
