"""Refuses Cypher that could write, before it reaches any engine.

The engines' own read-only modes are the second line; this one makes the
refusal identical on every backend and explainable to the user.
"""

from __future__ import annotations

import re
import unicodedata

from graph.store import ReadOnlyViolation

# Clauses and keywords that write, change schema, or reach outside the graph.
WRITE_KEYWORDS = frozenset(
    {
        "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER", "RENAME",
        "LOAD", "COPY", "IMPORT", "EXPORT", "INSTALL", "ATTACH", "USE", "FOREACH",
        "GRANT", "DENY", "REVOKE", "START", "STOP", "TERMINATE", "CHECKPOINT", "BEGIN", "COMMIT",
        "ROLLBACK", "TRANSACTION", "TRANSACTIONS", "ENABLE", "DISABLE", "DEALLOCATE", "REALLOCATE",
    }
)  # fmt: skip

# Procedures known to only read; every other CALL is refused.
READ_PROCEDURES = frozenset(
    {
        "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
        "db.schema.nodetypeproperties", "db.schema.reltypeproperties", "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships", "show_tables", "table_info", "show_functions",
    }
)  # fmt: skip

_COMMENT = re.compile(r"//[^\n]*|/\*.*?(?:\*/|$)", re.S)
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'?|\"(?:[^\"\\]|\\.)*\"?", re.S)
_QUOTED_NAME = re.compile(r"`(?:[^`]|``)*`?")
# A keyword, unless it is a property key (`n.set`) or a map key (`{start: 1}`).
_WORD = re.compile(r"(?<![.\w$])[A-Za-z_][A-Za-z_0-9]*(?!\s*:(?!:))")
_CALL = re.compile(r"\bCALL\s*(\{|[A-Za-z_][A-Za-z_0-9.]*)", re.I)


def _skeleton(cypher: str) -> str:
    """The query with strings, comments and quoted names blanked out."""
    text = unicodedata.normalize("NFKC", cypher)
    out: list[str] = []
    i = 0
    pattern = re.compile(f"{_COMMENT.pattern}|{_STRING.pattern}|{_QUOTED_NAME.pattern}", re.S)
    for match in pattern.finditer(text):
        out.append(text[i : match.start()])
        token = match.group(0)
        # A quoted name stays a name (so `CREATE` in backticks is harmless); strings become ''.
        out.append(" `name` " if token.startswith("`") else " '' " if token[0] in "'\"" else " ")
        i = match.end()
    out.append(text[i:])
    return "".join(out)


def check_read_only(cypher: str) -> None:
    """Raises ReadOnlyViolation when the query could write or run more than one statement."""
    if not cypher or not cypher.strip():
        raise ReadOnlyViolation("empty query")
    if any(unicodedata.category(ch) in {"Cf", "Co", "Cs"} for ch in cypher):
        raise ReadOnlyViolation("the query contains invisible or private-use characters")
    skeleton = _skeleton(cypher)
    if not skeleton.isascii():
        raise ReadOnlyViolation("the query contains non-ASCII characters outside strings and quoted names")
    if ";" in skeleton.rstrip().rstrip(";"):
        raise ReadOnlyViolation("only one statement per query")
    words = {w.upper() for w in _WORD.findall(skeleton.replace("`name`", " "))}
    found = sorted(words & WRITE_KEYWORDS)
    if found:
        raise ReadOnlyViolation(f"read-only queries cannot use {', '.join(found)}")
    for match in _CALL.finditer(skeleton):
        target = match.group(1)
        if target == "{":
            raise ReadOnlyViolation("CALL subqueries are not allowed in read-only queries")
        if target.lower() not in READ_PROCEDURES:
            raise ReadOnlyViolation(f"procedure {target} is not on the read-only list")
