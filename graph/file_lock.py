"""A shared lock that a read-only embedded store holds on its database file.

The engine locks the file for a writer and not at all for a reader, so a writer in another
process can open a file that a read-only server is reading; the reader then meets indexes
rewritten under it ("Index contains an invalid node offset", seen on the 100k graph).  A shared
record lock taken by the reader makes the engine refuse that writer ("Lock is held by PID ..."),
and refuses the reader while a writer has the file.

On Linux the lock belongs to its own open file description: closing the engine's descriptors
does not drop it (a per-process record lock would be), and it conflicts with the engine's lock
even inside one process.  Elsewhere a per-process lock is the best there is; without fcntl
(Windows) there is none.
"""

from __future__ import annotations

import errno
import os
import struct
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

# struct flock (Linux): l_type, l_whence, l_start, l_len, l_pid (0 for an open-file-description lock)
_FLOCK = "hhqqi4x"


class Held(Exception):
    """Another process has the file open for writing."""


def hold_shared(path: Path) -> int | None:
    """Locks the whole file shared; returns the descriptor to close to let go (None: no locking here)."""
    if fcntl is None:
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        _lock(fd)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            raise Held(str(exc)) from exc
        return None  # a file system that cannot lock (NFS without a lock manager): unguarded, as the engine is
    return fd


def _lock(fd: int) -> None:
    if hasattr(fcntl, "F_OFD_SETLK"):
        try:
            fcntl.fcntl(fd, fcntl.F_OFD_SETLK, struct.pack(_FLOCK, fcntl.F_RDLCK, os.SEEK_SET, 0, 0, 0))
            return
        except OSError as exc:
            if exc.errno != errno.EINVAL:  # EINVAL: a kernel without open-file-description locks
                raise
    fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
