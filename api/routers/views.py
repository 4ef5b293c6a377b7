"""The HTML views of the visualization issue, served under /views/... .

Not available yet: the views (viz/) are being built in parallel. Wire them
here (routes that return viz's HTML through the contract) and they appear in
the OpenAPI docs and in the URLs `amur serve` prints. Until then this router
has no routes and /views answers 404.
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/views", tags=["views"])
