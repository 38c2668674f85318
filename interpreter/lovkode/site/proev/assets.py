"""Fetch what "Prøv en sag" runs on, from the registries, at build time: ``python -m
lovkode.site.proev.assets [--out DIR]``.

Pyodide comes from the npm registry (``npm pack pyodide@VERSION``, only the files it needs to start),
lark and attrs as pure-Python wheels from PyPI (``pip download --no-deps --only-binary=:all:``), pinned
to the versions installed here so the browser runs what built the site. The site build copies them
from ``DIR`` (default ``build/pyodide``, or ``$LOVKODE_PYODIDE_DIR``) into the site; nothing is
fetched by the reader's browser from anywhere else. Exit status 0 when everything is in place, 2
otherwise, with the reason in Danish.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path

from .bundle import DEFAULT_DIR, ENVIRONMENT, PYODIDE_FILES, WHEELS, find_runtime, runtime_dir

PYODIDE_VERSION = "314.0.7"
"""Known to run lovkode (Python 3.14) under Node and Chromium; newer releases are not tried blindly."""


class FetchError(Exception):
    """A step that could not be done, in Danish."""


def fetch_pyodide(out: Path, version: str = PYODIDE_VERSION) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError("npm findes ikke (apt-get install -y npm); Pyodide hentes med `npm pack`.")
    with tempfile.TemporaryDirectory(prefix="lovkode-pyodide-") as scratch:
        done = subprocess.run([npm, "pack", f"pyodide@{version}", "--silent"], cwd=scratch, capture_output=True,
                              text=True, check=False)
        packed = sorted(Path(scratch).glob("pyodide-*.tgz"))
        if done.returncode != 0 or not packed:
            raise FetchError(f"`npm pack pyodide@{version}` mislykkedes: {(done.stderr or done.stdout).strip()[-500:]}")
        with tarfile.open(packed[0]) as archive:
            for name in PYODIDE_FILES:
                try:
                    member = archive.getmember(f"package/{name}")
                except KeyError:
                    raise FetchError(f"pyodide@{version} har ikke filen {name}.") from None
                source = archive.extractfile(member)
                (out / name).write_bytes(source.read())


def fetch_wheels(out: Path) -> None:
    requirements = []
    for project in WHEELS:
        try:
            requirements.append(f"{project}=={metadata.version(project)}")
        except metadata.PackageNotFoundError:
            requirements.append(project)
    for stale in out.glob("*.whl"):
        stale.unlink()
    done = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                           "--dest", str(out), *requirements], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise FetchError(f"`pip download {' '.join(requirements)}` mislykkedes: {done.stderr.strip()[-500:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lovkode.site.proev.assets",
                                     description="Hent Pyodide og hjulene til »Prøv en sag« fra registrene.")
    parser.add_argument("--out", type=Path, default=None,
                        help=f"mappen, filerne lægges i (standard: ${ENVIRONMENT} eller {DEFAULT_DIR})")
    parser.add_argument("--pyodide", default=PYODIDE_VERSION, help="Pyodides version (standard: %(default)s)")
    args = parser.parse_args(argv)
    out = args.out or runtime_dir(Path.cwd())
    try:
        out.mkdir(parents=True, exist_ok=True)
        fetch_pyodide(out, args.pyodide)
        fetch_wheels(out)
    except (FetchError, OSError, tarfile.TarError) as err:
        print(f"Filerne til »Prøv en sag« kunne ikke hentes: {err}", file=sys.stderr)
        return 2
    runtime, why = find_runtime(out)
    if runtime is None:
        print(f"Filerne til »Prøv en sag« er ufuldstændige: {why}", file=sys.stderr)
        return 2
    print(f"Pyodide {runtime.version} og {', '.join(p.name for p in runtime.wheels)} ligger i {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
