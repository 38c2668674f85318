"""Messages for the person at the terminal: one place that writes a line to standard error, and the
wording every command (``lovkode check``, ``eval``, ``brev``, ``serve`` …) shares when the spec itself
cannot be used. The commands import this module; it imports none of them."""
from __future__ import annotations

import shlex
import sys
from pathlib import Path

from .api import Spec, SpecError
from .pipeline import load
from .render import diagnostics as render_diag


def err(text: str) -> None:
    """Write ``text`` to standard error as whole lines (one trailing newline, however many it had)."""
    sys.stderr.write(text.rstrip("\n") + "\n")


def shown_prefix(root: Path) -> str:
    """The spec folder as the user would type it from here, for the file names in diagnostics."""
    base = root if root.is_dir() else root.parent
    try:
        shown = base.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        shown = base.as_posix()
    return "" if shown in ("", ".") else shown.rstrip("/") + "/"


def box(d, sources, prefix: str, root: Path | None) -> str:
    """A diagnostic box; one about the spec path itself (no line) is shown with the path as given,
    not joined to itself (`adir/adir`)."""
    if not d.span.line and root is not None and d.span.file == str(root):
        prefix = ""
    return render_diag.box(d, sources, prefix)


def spec_path_problem(spec_path) -> str | None:
    """A Danish message when ``--spec`` names no readable folder or file (exit 2: a bad argument)."""
    if spec_path is None:
        return None
    path = Path(spec_path)
    try:
        if not path.exists():
            return f"Specifikationen `{spec_path}` findes ikke. Angiv mappen med spec-filerne (.md), " \
                   f"eller udelad --spec for at bruge den medfølgende fleksjob-spec."
        if not (path.is_dir() or path.is_file()):
            return f"`{spec_path}` er hverken en mappe eller en fil med spec-filer. Angiv mappen med spec-filerne (.md)."
    except OSError as problem:
        return f"Specifikationen `{spec_path}` kan ikke læses ({problem.strerror or type(problem).__name__})."
    return None


def load_or_report(spec_path) -> Spec | None:
    """The loaded spec, or None after every error has been shown on stderr (a readable spec with
    errors, exit 1; a ``--spec`` that names nothing usable is a bad argument, see :func:`spec_path_problem`)."""
    try:
        return load(spec_path)
    except SpecError as failed:
        prefix = shown_prefix(failed.root) if failed.root else ""
        for d in failed.diagnostics:
            if d.is_error:
                err(box(d, failed.sources, prefix, failed.root))
                err("")
        check = "lovkode check" if spec_path is None else f"lovkode check --spec {shlex.quote(str(spec_path))}"
        err(f"Specifikationen kan ikke bruges: {render_diag.summary(failed.diagnostics)}. Kør `{check}`.")
        return None
