"""Shared test set-up: the `--bless` option that rewrites golden files (review with `git diff`)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


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
