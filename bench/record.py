"""Where a benchmark leaves its figures: printed, and appended to bench/results.md with the command."""

from __future__ import annotations

import os
import platform
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path

RESULTS = Path(__file__).with_name("results.md")


def record(title: str, table: Sequence[str], *, about: str, how: str) -> None:
    """Prints the table; appends it under `title` with `about` (the graph), the machine, `how` it ran
    and the command that produced it, as `python -m bench.<script> <its arguments>`."""
    print("\n".join(table))
    command = f"python -m bench.{Path(sys.argv[0]).stem} " + shlex.join(sys.argv[1:])
    machine = f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {how}."
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(
            f"\n## {title} ({time.strftime('%Y-%m-%d')})\n\n{about}\n{machine}\n\nCommand: `{command}`\n\n"
            + "\n".join(table)
            + "\n"
        )
