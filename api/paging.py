"""Opaque cursors for paged lists: the client passes back what it was given.

Search pages by offset (ranked hits, at most MAX_OFFSET deep); timelines page by the
position of the last entry shown (keyset), so any page costs what the first does.
"""

from __future__ import annotations

import base64
import binascii
import json

from api.errors import BadRequest
from graph.dates import Position

MAX_OFFSET = 10_000
MAX_CURSOR = 2000  # characters: a position holds a relation key (two ids and a role)


def encode(offset: int | None) -> str | None:
    if offset is None:
        return None
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    prefix, _, number = _text(cursor).partition(":")
    try:
        offset = int(number)
    except ValueError:
        raise _invalid(cursor) from None
    if prefix != "o" or not 0 <= offset <= MAX_OFFSET:
        raise _invalid(cursor)
    return offset


def encode_position(position: Position | None) -> str | None:
    if position is None:
        return None
    text = "p:" + json.dumps(list(position), ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_position(cursor: str | None) -> Position | None:
    if not cursor:
        return None
    prefix, _, body = _text(cursor).partition(":")
    try:
        undated, start, end, key = json.loads(body)
    except (ValueError, TypeError):
        raise _invalid(cursor) from None
    if prefix != "p" or not isinstance(undated, bool) or not all(isinstance(v, str) for v in (start, end, key)):
        raise _invalid(cursor)
    return (undated, start, end, key)


def _text(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise _invalid(cursor) from None


def _invalid(cursor: str) -> BadRequest:
    shown = cursor if len(cursor) <= 60 else cursor[:60] + "…"
    return BadRequest(f"invalid cursor {shown!r}: pass back the next_cursor of the previous page")
