"""Settings every layer shares, read from the environment (AMUR_*) or a .env file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AMUR_", env_file=".env", extra="ignore")

    backend: Literal["embedded", "neo4j"] = "embedded"
    data_dir: Path = Path(".amur")
    batch_size: int = Field(default=1000, ge=1, le=100_000)

    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str = "neo4j"
    # Namespace for sharing one database (Community has one): every label and type gets it in front.
    neo4j_label_prefix: str = Field(default="", pattern=r"^(?:[A-Za-z][A-Za-z0-9_]{0,39})?$")

    query_row_limit: int = Field(default=1000, ge=1)
    query_timeout_s: float = Field(default=10.0, gt=0)
