"""Source positions.

Every AST node, diagnostic and trace step carries a :class:`Span`. Like Catala's law positions, a span
also holds the Markdown heading path it sits under (``§ 116, stk. 3``), so a citation is always at hand.
"""
from __future__ import annotations

import attrs


@attrs.frozen
class Span:
    """A place in a spec file: 1-based line and column, end inclusive-exclusive on the same line."""

    file: str
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0
    heading: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    @property
    def heading_text(self) -> str:
        """The innermost heading, or an empty string."""
        return self.heading[-1] if self.heading else ""


NOWHERE = Span("<ingen fil>", 0, 0)
