"""`amur ingest`: articles in, graph grown; one store transaction per article, a report at the end.

Reading and language processing are pure and run in worker processes when
there are many articles; resolution against the graph and writing happen in
this process, in input order, so each article sees what the earlier ones
wrote. A file or line that cannot be read, an article that fails, or a store
that refuses a write is reported with its reason and the batch goes on;
nothing of a failed article is written (the store's upsert is atomic per call).
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from graph.store import GraphStore, StoreError
from loaders.text.model import Extraction, Rel
from loaders.text.reader import MAX_BYTES, RawArticle, ReadFailure, discover, read_path
from loaders.text.resolve import GraphIndex, Records, build_records, remember

PARALLEL_FROM = 40  # articles; below this, worker start-up costs more than it saves
BATCH = 128  # articles per store transaction on long runs (a failed batch is retried article by article)


@dataclass
class ItemResult:
    origin: str
    status: str  # ingested | skipped | failed
    reason: str = ""
    article_id: str | None = None
    title: str | None = None
    created: int = 0
    matched: int = 0
    candidates: int = 0
    relations: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    results: list[ItemResult] = field(default_factory=list)
    seconds: float = 0.0

    def by_status(self, status: str) -> list[ItemResult]:
        return [r for r in self.results if r.status == status]

    @property
    def warnings(self) -> list[str]:
        return [w for r in self.results for w in r.warnings]


def _init_worker() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from loaders.text.nlp import models

    models()


def _extract(article: RawArticle) -> Extraction | str:
    from loaders.text.extract import extract

    try:
        return extract(article)
    except Exception as exc:  # one article's crash must not stop the batch
        return f"extraction failed: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"


def read_all(paths: Sequence[Path], max_bytes: int = MAX_BYTES) -> Iterator[RawArticle | ReadFailure]:
    files = discover(paths)
    for path in files:
        yield from read_path(path, max_bytes)


class Ingestor:
    def __init__(
        self, store: GraphStore, *, workers: int = 0, batch: int = 0, max_bytes: int = MAX_BYTES, force: bool = False
    ) -> None:
        self.store = store
        self.workers = workers
        self.batch = batch
        self.max_bytes = max_bytes
        self.force = force
        self._index: GraphIndex | None = None

    @property
    def index(self) -> GraphIndex:
        if self._index is None:
            self._index = GraphIndex.from_store(self.store)
        return self._index

    def run(
        self,
        paths: Sequence[Path],
        *,
        on_start: Callable[[int], None] | None = None,
        on_item: Callable[[ItemResult], None] | None = None,
    ) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        items = list(read_all(paths, self.max_bytes))
        todo: list[RawArticle] = []
        seen: set[str] = set()
        existing = self.store.get_many([a.article_id for a in items if isinstance(a, RawArticle)])
        pending: list[ItemResult | RawArticle] = []
        for item in items:
            if isinstance(item, ReadFailure):
                pending.append(ItemResult(item.origin, "failed", item.reason))
            elif item.article_id in seen:
                pending.append(
                    ItemResult(item.origin, "skipped", "same text as an earlier article in this batch", item.article_id)
                )
            elif item.article_id in existing and not self.force:
                pending.append(
                    ItemResult(
                        item.origin,
                        "skipped",
                        "already ingested (same content hash)",
                        item.article_id,
                        existing[item.article_id].name,
                    )
                )
            else:
                seen.add(item.article_id)
                todo.append(item)
                pending.append(item)
        if on_start is not None:
            on_start(len(pending))
        extractions = self._extractions(todo)
        size = self.batch or (BATCH if len(todo) >= PARALLEL_FROM else 1)
        batch: list[tuple[ItemResult, Records]] = []

        def emit(result: ItemResult) -> None:
            report.results.append(result)
            if on_item is not None:
                on_item(result)

        def flush() -> None:
            for result in self._commit(batch):
                emit(result)
            batch.clear()

        for entry in pending:
            if isinstance(entry, ItemResult):
                flush()
                emit(entry)
                continue
            result, records = self._prepare(entry, next(extractions))
            if records is None:
                flush()
                emit(result)
                continue
            remember(self.index, records)  # the next article resolves against what this one adds
            batch.append((result, records))
            if len(batch) >= size:
                flush()
        flush()
        report.seconds = time.perf_counter() - started
        return report

    def _extractions(self, todo: list[RawArticle]) -> Iterator[Extraction | str]:
        workers = self.workers or self._auto_workers(len(todo))
        if workers <= 1 or len(todo) < 2:
            for article in todo:
                yield _extract(article)
            return
        # fork shares the models already loaded here; spawn (elsewhere) loads them once per worker
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        if method == "fork":
            from loaders.text.nlp import models

            models()
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker) as pool:
            yield from pool.map(_extract, todo, chunksize=4)

    @staticmethod
    def _auto_workers(articles: int) -> int:
        """Two processes for long runs on an idle machine; on a busy one a second worker only adds overhead."""
        cores = os.cpu_count() or 1
        if articles < PARALLEL_FROM or cores < 2:
            return 1
        idle = cores - os.getloadavg()[0]
        return 2 if idle >= 1.0 else 1

    def _prepare(self, article: RawArticle, extraction: Extraction | str) -> tuple[ItemResult, Records | None]:
        result = ItemResult(article.origin, "failed", article_id=article.article_id, title=article.title)
        if isinstance(extraction, str):
            result.reason = extraction.splitlines()[0]
            result.warnings = list(article.warnings)
            return result, None
        result.warnings = list(extraction.warnings)
        try:
            records = build_records(extraction, self.index)
        except (ValidationError, ValueError, KeyError) as exc:
            result.reason = f"invalid records: {_first_line(exc)}"
            return result, None
        result.created = len(records.created)
        result.matched = len(records.matched)
        result.candidates = len(records.candidates)
        result.relations = sum(1 for r in records.relations if r.relation_name != Rel.MENTIONED_IN)
        return result, records

    def _commit(self, batch: list[tuple[ItemResult, Records]]) -> list[ItemResult]:
        """Writes a batch in one transaction; if the store refuses it, article by article, so that only
        the articles it refuses are left out (each one is all in or all out)."""
        if not batch:
            return []
        if len(batch) > 1:
            try:
                self.store.upsert(
                    [e for _, r in batch for e in r.entities], [rel for _, r in batch for rel in r.relations]
                )
            except StoreError:
                pass
            else:
                for result, _ in batch:
                    result.status = "ingested"
                return [result for result, _ in batch]
        out = []
        for result, records in batch:
            try:
                self.store.upsert(records.entities, records.relations)
            except StoreError as exc:
                result.status = "failed"
                result.reason = f"the store refused the article: {_first_line(exc)}"
            else:
                result.status = "ingested"
            out.append(result)
        return out


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def ingest(store: GraphStore, paths: Sequence[Path], **options: object) -> IngestReport:
    """Library entry point: ingest files or folders into the store."""
    workers = int(options.get("workers", 0))  # type: ignore[call-overload]
    batch = int(options.get("batch", 0))  # type: ignore[call-overload]
    force = bool(options.get("force", False))
    max_bytes = int(options.get("max_bytes", MAX_BYTES))  # type: ignore[call-overload]
    return Ingestor(store, workers=workers, batch=batch, force=force, max_bytes=max_bytes).run(paths)
