"""Opaque cursors for paged lists: the client passes back what it was given."""

from __future__ import annotations

import base64
import binascii

from api.errors import BadRequest

MAX_OFFSET = 10_000


def encode(offset: int | None) -> str | None:
    if offset is None:
        return None
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, number = text.partition(":")
        offset = int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadRequest(f"invalid cursor {cursor!r}: pass back the next_cursor of the previous page") from None
    if prefix != "o" or not 0 <= offset <= MAX_OFFSET:
        raise BadRequest(f"invalid cursor {cursor!r}: pass back the next_cursor of the previous page")
    return offset
