"""Lint Cypher statements offline with Neo4j's own Cypher front end.

The checker is the npm package ``@neo4j-cypher/language-support`` (Neo4j's
ANTLR grammar plus Neo4j's semantic analysis compiled to JavaScript), driven
by ``lint.mjs`` beside this file under the machine's ``node``.  Every call to
:func:`lint` runs one ``node`` process for the whole batch of statements.

Typical use in a test::

    from tests import cypher_lint

    if cypher_lint.ensure_installed() is None:
        pytest.skip("node is not installed")
    found = cypher_lint.lint({"q1": "MATCH (n:Person) RETURN n"},
                             labels=["Person"], relationship_types=[])
    assert cypher_lint.errors(found) == {}

What is checked (Cypher 5 by default):

* syntax and semantics (undefined variables, wrong arity, unknown YIELD
  columns, aggregation misuse, ...) -- severity ``error``;
* functions and procedures against Neo4j's built-in lists shipped in the
  package (APOC, GDS and Enterprise CDC removed unless named in ``plugins``)
  -- unknown ones are ``error``;
* labels, relationship types and property keys against the ones given --
  unknown ones are ``warning`` (property keys only when some are given);
* ``$parameters`` against ``parameters`` -- undeclared ones are ``error``,
  and only when ``parameters`` is given;
* deprecations -- ``warning``;
* more than one statement in one text -- ``error`` (a driver runs one).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

__all__ = [
    "CYPHER_5",
    "CYPHER_25",
    "CypherLintError",
    "Diagnostic",
    "ensure_installed",
    "errors",
    "lint",
]

HERE: Final = Path(__file__).resolve().parent
PACKAGE: Final = "@neo4j-cypher/language-support"
CYPHER_5: Final = "CYPHER 5"
CYPHER_25: Final = "CYPHER 25"

INSTALL_TIMEOUT_S: Final = 600.0
LINT_TIMEOUT_S: Final = 600.0

CypherVersion = Literal["CYPHER 5", "CYPHER 25"]


class CypherLintError(RuntimeError):
    """The linter could not be installed or run (not a finding in a statement)."""


@dataclass(frozen=True)
class Diagnostic:
    """One finding of the Cypher front end in one statement.

    ``start``/``end`` are character offsets into the statement text (end
    exclusive); ``line``/``column`` are 1-based, for messages.
    """

    severity: str
    message: str
    start: int
    end: int
    line: int
    column: int
    deprecated: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.severity}: {self.message}"


def _pinned_version() -> str:
    manifest = json.loads((HERE / "package.json").read_text(encoding="utf-8"))
    version = manifest["dependencies"][PACKAGE]
    if not isinstance(version, str):
        raise CypherLintError(f"package.json: bad version for {PACKAGE}: {version!r}")
    return version


def _installed_version() -> str | None:
    manifest = HERE / "node_modules" / PACKAGE / "package.json"
    try:
        version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None
    return version if isinstance(version, str) else None


def ensure_installed() -> Path | None:
    """Return this folder once ``node`` and the pinned package are usable.

    Returns ``None`` (and installs nothing) when ``node`` is not on PATH.
    When ``node`` is there but ``node_modules`` is missing or holds another
    version, runs ``npm ci`` from ``package-lock.json`` (under a file lock,
    so parallel test workers install once).  Raises :class:`CypherLintError`
    when that install fails.
    """
    if shutil.which("node") is None:
        return None
    pinned = _pinned_version()
    if _installed_version() == pinned:
        return HERE
    npm = shutil.which("npm")
    if npm is None:
        return None
    with open(HERE / ".install.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _installed_version() != pinned:
            try:
                done = subprocess.run(
                    [npm, "ci", "--no-audit", "--no-fund"],
                    cwd=HERE,
                    capture_output=True,
                    text=True,
                    timeout=INSTALL_TIMEOUT_S,
                    check=False,
                )
            except subprocess.TimeoutExpired as exc:
                raise CypherLintError(f"npm ci in {HERE} took longer than {INSTALL_TIMEOUT_S:.0f} s") from exc
            if done.returncode != 0 or _installed_version() != pinned:
                raise CypherLintError(f"npm ci in {HERE} failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    return HERE


def _db_schema(
    labels: Sequence[str],
    relationship_types: Sequence[str],
    property_keys: Sequence[str],
    parameters: Mapping[str, object] | None,
    cypher_version: CypherVersion,
    graph_schema: Sequence[tuple[str, str, str]] | None,
) -> dict[str, object]:
    """Build the package's ``DbSchema`` (see dbSchema.d.ts).

    ``functions``/``procedures`` are left out here: lint.mjs fills them from
    the package's bundled Neo4j lists.
    """
    schema: dict[str, object] = {
        "labels": list(labels),
        "relationshipTypes": list(relationship_types),
        "defaultLanguage": cypher_version,
    }
    if property_keys:
        schema["propertyKeys"] = list(property_keys)
    if parameters is not None:
        schema["parameters"] = dict(parameters)
    if graph_schema is not None:
        schema["graphSchema"] = [{"from": src, "relType": rel, "to": dst} for src, rel, dst in graph_schema]
    return schema


def _parse_diagnostic(raw: object) -> Diagnostic:
    if not isinstance(raw, dict):
        raise CypherLintError(f"lint.mjs: unexpected diagnostic {raw!r}")
    offsets = raw["offsets"]
    position = (raw.get("range") or {}).get("start") or {}
    return Diagnostic(
        severity=str(raw["severity"]),
        message=str(raw["message"]),
        start=int(offsets["start"]),
        end=int(offsets["end"]),
        line=int(position.get("line", 0)) + 1,
        column=int(position.get("character", 0)) + 1,
        deprecated=bool(raw.get("deprecated", False)),
    )


def lint(
    statements: Mapping[str, str],
    labels: Sequence[str],
    relationship_types: Sequence[str],
    property_keys: Sequence[str] = (),
    parameters: Mapping[str, object] | None = None,
    *,
    cypher_version: CypherVersion = CYPHER_5,
    plugins: Sequence[str] = (),
    graph_schema: Sequence[tuple[str, str, str]] | None = None,
) -> dict[str, list[Diagnostic]]:
    """Lint each statement (name -> Cypher text); return name -> diagnostics.

    ``parameters`` maps parameter names to example values; when ``None``,
    ``$parameters`` are not checked.  ``plugins`` keeps plugin routines
    (e.g. ``("apoc",)``) in the known functions/procedures.  ``graph_schema``
    lists ``(from_label, rel_type, to_label)`` triples; when given, read
    patterns that cannot match it are warned about.  Every name in
    ``statements`` is in the result, with ``[]`` when nothing was found.
    """
    folder = ensure_installed()
    if folder is None:
        raise CypherLintError("node is not installed: cannot lint Cypher")
    if not statements:
        return {}
    request = {
        "schema": _db_schema(
            labels,
            relationship_types,
            property_keys,
            parameters,
            cypher_version,
            graph_schema,
        ),
        "statements": [{"name": n, "text": t} for n, t in statements.items()],
        "options": {"builtinRoutines": True, "keepNamespaces": list(plugins)},
    }
    node = shutil.which("node") or "node"
    try:
        done = subprocess.run(
            [node, str(folder / "lint.mjs")],
            cwd=folder,
            input=json.dumps(request),
            capture_output=True,
            text=True,
            timeout=LINT_TIMEOUT_S,
            check=False,
            env={**os.environ, "NODE_NO_WARNINGS": "1"},
        )
    except subprocess.TimeoutExpired as exc:
        raise CypherLintError(
            f"lint.mjs took longer than {LINT_TIMEOUT_S:.0f} s for {len(statements)} statements"
        ) from exc
    if done.returncode != 0:
        raise CypherLintError(f"lint.mjs failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    try:
        results = json.loads(done.stdout)
    except ValueError as exc:
        raise CypherLintError(f"lint.mjs printed no JSON: {done.stdout[:500]!r}") from exc
    if not isinstance(results, list):
        raise CypherLintError(f"lint.mjs printed {type(results).__name__}, not a list")
    found: dict[str, list[Diagnostic]] = {}
    for result in results:
        found[str(result["name"])] = [_parse_diagnostic(d) for d in result["diagnostics"]]
    missing = set(statements) - set(found)
    if missing:
        raise CypherLintError(f"lint.mjs returned no result for {sorted(missing)}")
    return found


def errors(found: Mapping[str, Sequence[Diagnostic]]) -> dict[str, list[Diagnostic]]:
    """Only the statements with ``error`` diagnostics, and only those."""
    out = {name: [d for d in diags if d.is_error] for name, diags in found.items()}
    return {name: diags for name, diags in out.items() if diags}
