"""Turns what the Neo4j driver raises into the contract's errors, with messages a user can act on."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import exceptions as ne

from graph.store import (
    IntegrityError,
    QueryFailed,
    QueryTimeout,
    ReadOnlyViolation,
    StoreError,
    StoreUnavailable,
)


@dataclass(frozen=True)
class Where:
    """What the store was talking to, for the messages."""

    uri: str
    user: str
    database: str


def translate(exc: Exception, where: Where) -> StoreError | None:
    """The contract's error for a driver error, or None when it is not one (a bug: let it through)."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, ne.AuthError):
        return StoreUnavailable(
            f"Neo4j at {where.uri} refused the credentials of {where.user!r}: "
            f"check AMUR_NEO4J_USER and AMUR_NEO4J_PASSWORD ({_detail(exc)})"
        )
    if isinstance(exc, (ne.ServiceUnavailable, ne.SessionExpired)):
        return StoreUnavailable(
            f"cannot reach Neo4j at {where.uri}: is the server running and AMUR_NEO4J_URI right? ({_detail(exc)})"
        )
    if isinstance(exc, ne.ConfigurationError):
        return StoreUnavailable(f"cannot connect to Neo4j at {where.uri!r}: {_detail(exc)}")
    if isinstance(exc, ne.Neo4jError):
        return _server_error(exc, where)
    if isinstance(exc, ne.DriverError):
        return StoreUnavailable(f"Neo4j driver error talking to {where.uri}: {_detail(exc)}")
    return None


def _server_error(exc: ne.Neo4jError, where: Where) -> StoreError:
    code = exc.code or ""
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return StoreUnavailable(
            f"Neo4j at {where.uri} has no database {where.database!r}: check AMUR_NEO4J_DATABASE ({_detail(exc)})"
        )
    if isinstance(exc, ne.ConstraintError):
        return IntegrityError(f"Neo4j refused the write, it would break a constraint: {_detail(exc)}")
    if "TimedOut" in code:
        return QueryTimeout(f"Neo4j stopped the query at its time limit: {_detail(exc)}")
    if code in {"Neo.ClientError.Statement.AccessMode", "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase"}:
        return ReadOnlyViolation(f"Neo4j refused a write in a read-only transaction: {_detail(exc)}")
    if isinstance(exc, ne.Forbidden):
        return StoreUnavailable(f"user {where.user!r} may not do this on Neo4j at {where.uri}: {_detail(exc)}")
    if isinstance(exc, (ne.TransientError, ne.DatabaseError)):
        return StoreUnavailable(f"Neo4j at {where.uri} could not serve the request: {_detail(exc)}")
    return QueryFailed(_detail(exc))


def _detail(exc: Exception) -> str:
    if isinstance(exc, ne.Neo4jError):
        message = exc.message or str(exc)
        return f"{exc.code}: {message}" if exc.code else message
    return str(exc) or type(exc).__name__
