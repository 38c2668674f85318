"""Sprogserverens svartid: fra en ændring i editoren til diagnosticeringerne er sendt — ét script.

Kør fra projektets rod (kræver ``pip install -e ".[lsp]"``)::

    python benchmarks/lsp.py             # 40 ændringer
    python benchmarks/lsp.py --changes 100

Hvad der måles: den rigtige server (``lovkode lsp``) startes som underproces og tales til over stdio
som fra en editor (klienten i ``tests/lsp/client.py``). Alle filer i en kopi af den medfølgende spec
åbnes. Derefter sendes skiftevis en ændring, der indfører en fejl (et navn stavet forkert), og én, der
retter den igen, i skiftende filer; for hver måles tiden fra ``didChange`` er sendt, til
``publishDiagnostics`` for filen er modtaget. Tallet indeholder serverens ventetid efter et tastetryk
(``DEBOUNCE_SECONDS``), genlæsningen af den ene blok, der er ændret, tjekket af hele specen og
sendingen. Målet er 200 ms; tallet afhænger af maskinen og står derfor her, ikke i en test.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lovkode.literate import blocks  # noqa: E402
from lovkode.lsp import DEBOUNCE_SECONDS  # noqa: E402
from tests.lsp.client import Client  # noqa: E402

TARGET_MS = 200


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used (Linux), or None where /proc is not there."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _misspelt(name: str, text: str) -> str | None:
    """The file with the first name used in a rule or example spelt wrong (None: it uses no names)."""
    lines = text.split("\n")
    for block in blocks(name, text):
        for offset, line in enumerate(block.text.split("\n")):
            use = re.search(r"(?:er|-|og|eller|ikke|af) »[^«]+«", line)
            if use:
                number = block.first_line - 1 + offset
                lines[number] = line[:use.end() - 1] + "x" + line[use.end() - 1:]
                return "\n".join(lines)
    return None


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--changes", type=int, default=40, help="antal ændringer, der måles")
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "spec"
        shutil.copytree(ROOT / "spec", spec)
        files = [p for p in sorted(spec.rglob("*.md")) if _misspelt(p.name, p.read_text(encoding="utf-8"))]
        client = Client(spec)
        cpu = None
        try:
            texts = {}
            started = time.perf_counter()
            for path in files:
                texts[path] = path.read_text(encoding="utf-8")
                uri = client.open(path)
                client.diagnostics(uri)
            opened = time.perf_counter() - started
            timings = []
            cpu_before = _cpu_seconds(client.process.pid)
            for number in range(args.changes):
                path = files[(number // 2) % len(files)]
                uri = path.as_uri()
                text = texts[path]
                changed = _misspelt(path.name, text) if number % 2 == 0 else text
                client.drop_notifications()
                started = time.perf_counter()
                client.change(uri, changed)
                found = client.diagnostics(uri)
                timings.append(time.perf_counter() - started)
                assert bool(found) == (number % 2 == 0), (path.name, found)
            cpu = (_cpu_seconds(client.process.pid) - cpu_before) / args.changes if cpu_before is not None else None
        finally:
            client.close()
    ms = sorted(t * 1000 for t in timings)
    median = statistics.median(ms)
    p90 = ms[int(len(ms) * 0.9) - 1]
    print(f"Sprogserveren på den medfølgende spec ({len(files)} filer åbnet på {opened * 1000:.0f} ms)")
    print(f"   ændring → diagnosticeringer sendt, {len(ms)} ændringer (heraf {DEBOUNCE_SECONDS * 1000:.0f} ms ventetid "
          f"efter tastetryk)")
    print(f"   median {median:.0f} ms   90 %-fraktil {p90:.0f} ms   største {ms[-1]:.0f} ms   "
          f"mål ≤ {TARGET_MS} ms: {'OPFYLDT' if p90 <= TARGET_MS else 'IKKE OPFYLDT'}")
    if cpu is not None:
        print(f"   serverens CPU-tid pr. ændring (uafhængigt af maskinens øvrige last): {cpu * 1000:.0f} ms; "
              f"belastning under målingen: {os.getloadavg()[0]:.1f} på {os.cpu_count()} kerner")
    return 0


if __name__ == "__main__":
    sys.exit(main())
