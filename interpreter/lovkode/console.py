"""Messages for the person at the terminal: one place that writes a line to standard error."""
from __future__ import annotations

import sys


def err(text: str) -> None:
    """Write ``text`` to standard error as whole lines (one trailing newline, however many it had)."""
    sys.stderr.write(text.rstrip("\n") + "\n")
