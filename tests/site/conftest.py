"""Fixtures for the tests of the documentation site: one strict build of the real site per session."""
from __future__ import annotations

import pytest
from sitebuild import Build, build_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Build:
    """The real site, built once with `--strict`."""
    return build_site(tmp_path_factory.mktemp("site") / "site")
