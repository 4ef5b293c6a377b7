"""How a search text matches entity names, shared by every backend.

A node matches when the lower-cased text is inside its name or one of its
aliases; matches are ranked the same way everywhere: exact name first, then
a name or word starting with the text, then the rest, shorter names first.
"""

from __future__ import annotations

import re

from graph.shapes import Node

# A run of letters/digits, except that each CJK ideograph (and hiragana) is a word
# of its own: this is how Lucene's standard tokenizer splits names into terms.
_CJK = "\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_PIECE = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])\w)+")


def normalize(text: str) -> str:
    return text.strip().lower()


def match_rank(node: Node, needle: str) -> tuple[int, int, str]:
    names = [a.lower() for a in node.aliases]
    if needle in names:
        return (0, len(node.name), node.name)
    if any(n.startswith(needle) or any(w.startswith(needle) for w in n.split()) for n in names):
        return (1, len(node.name), node.name)
    return (2, len(node.name), node.name)


def ranked(nodes: list[Node], needle: str, limit: int) -> list[Node]:
    return sorted(nodes, key=lambda n: match_rank(n, needle))[:limit]


def lucene_query(needle: str) -> str | None:
    """A full-text query that finds every name containing the (normalized) needle, and some more.

    Each word piece of the needle must occur inside some indexed term
    (`*piece*`); the caller keeps only the names that really contain the
    whole needle.  Pieces hold only lower-case word characters, so nothing
    in them is Lucene syntax.  None when the needle has no word in it.
    """
    pieces = list(dict.fromkeys(_PIECE.findall(normalize(needle))))
    if not pieces:
        return None
    return " AND ".join(f"*{piece}*" for piece in pieces)
