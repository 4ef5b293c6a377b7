"""Settings of the HTTP API: the shared ones (graph.settings) plus what only the server needs."""

from __future__ import annotations

import hmac

from pydantic import Field, SecretStr

from graph.settings import Settings


class ApiSettings(Settings):
    """AMUR_* variables, read from the environment or .env like every other setting."""

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    api_keys: SecretStr = Field(
        default=SecretStr(""),
        description="Comma-separated keys that may call write endpoints; empty disables them.",
    )
    cors_origins: str = Field(default="", description="Comma-separated origins allowed by CORS; empty: none.")
    max_body_bytes: int = Field(default=1_048_576, ge=1024, description="Largest request body accepted.")
    analytics_wait_s: float = Field(
        default=10.0,
        ge=0,
        description="How long /analytics/central waits for its computation before answering 202 (it goes on).",
    )
    read_only: bool = Field(default=False, description="Open the store read-only: every write endpoint is refused.")

    def keys(self) -> tuple[str, ...]:
        return tuple(k.strip() for k in self.api_keys.get_secret_value().split(",") if k.strip())

    def origins(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    def accepts(self, key: str) -> bool:
        """Constant-time comparison against every configured key (no early exit)."""
        given = key.encode()
        ok = False
        for candidate in self.keys():
            ok |= hmac.compare_digest(given, candidate.encode())
        return ok
