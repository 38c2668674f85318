"""Shared test set-up: the `--bless` option that rewrites golden files (review with `git diff`), and a
loud line in the summary when ``../shared`` (the contract, its cases and the legal sources) is missing,
since the tests built on it are then skipped and test nothing."""
from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LOVKODE_SHARED") or ROOT.parent / "shared")
"""``../shared`` beside the checkout; ``LOVKODE_SHARED`` points elsewhere (the test of the summary uses it)."""


def pytest_addoption(parser):
    parser.addoption("--bless", action="store_true", help="skriv golden-filerne forfra ud fra det aktuelle output")


@pytest.fixture(scope="session")
def bless(request) -> bool:
    return request.config.getoption("--bless")


@pytest.fixture(scope="session")
def spec():
    import lovkode

    return lovkode.load()


def lovkode_command() -> list[str]:
    """The installed `lovkode` command next to this Python, or `python -m lovkode`."""
    script = Path(sys.executable).parent / "lovkode"
    return [str(script)] if script.exists() else [sys.executable, "-m", "lovkode"]


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    return str(longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else longrepr)


def _needs_shared(report) -> bool:
    path = report.nodeid.split("::", 1)[0]
    reason = _skip_reason(report)
    return path.startswith(("tests/conformance/", "tests/law/")) and (
        "shared" in reason or "kontrakt" in reason or "empty parameter set" in reason)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say loudly that the contract was not tested when ``../shared`` is missing."""
    if all((SHARED / part).is_dir() for part in ("kontrakt", "sager")):
        return
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if _needs_shared(r)]
    terminalreporter.section("KONTRAKTEN ER IKKE PRØVET", sep="!", red=True, bold=True)
    terminalreporter.line(f"{SHARED} (kontrakten og eksempelsagerne) findes ikke ved siden af projektet: "
                          f"{len(skipped)} kontrakt- og lovtests er sprunget over og har intet prøvet.",
                          red=True, bold=True)
    for reason, count in sorted(Counter(_skip_reason(r) for r in skipped).items()):
        terminalreporter.line(f"  {count} × {reason}", red=True)
    terminalreporter.line("Læg ../shared ved siden af projektet (eller sæt LOVKODE_SHARED) og kør igen.", red=True)
