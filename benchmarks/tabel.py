"""Søjlevis evaluering side om side med OpenFisca og den håndskrevne Python, i én kørsel (CPU-tid).

1. De 5 spørgsmål, OpenFisca kan svare på (fuldt oplyste sager, inkl. forberedelse af input fra de
   samme Python-data): OpenFisca (``benchmarks/openfisca_peer.py``), ``Spec.evaluate_table`` fra
   Python-dicts og fra en Arrow-tabel, den håndskrevne Python og ``Spec.evaluate``.
2. Alle kontraktens spørgsmål, 10 % ukendte fakta, værdi og ``missing``.
3. ``lovkode batch --no-explanation`` på N JSON Lines-linjer fra fil til fil, med hukommelse, og
   dagens ``lovkode batch --jobs 1`` (med forklaringer) som målestok.

OpenFisca installeres i et eget miljø (``benchmarks/.openfisca``) med ``pip install openfisca-core``,
hvis det ikke kan importeres her. Brug::

    python benchmarks/tabel.py --antal 20000 --batch-antal 1000000
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HER = Path(__file__).resolve().parent
sys.path.insert(0, str(HER))

import generer  # noqa: E402
import handskrevet  # noqa: E402

FEM = ("effektiv_arbejdstid", "effektiv_arbejdstid_i_jobbet", "godkendelse_af_konkret_fleksjob",
       "krav_om_udviklingsmulighed_opfyldt", "sagsbehandlingskrav_opfyldt")


def _tal(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".")


def _cpu(fn, gentagelser: int = 3) -> float:
    bedst = None
    for _ in range(gentagelser):
        start = time.process_time()
        fn()
        brugt = time.process_time() - start
        bedst = brugt if bedst is None else min(bedst, brugt)
    return bedst


def _openfisca_python() -> str | None:
    try:
        import openfisca_core  # noqa: F401
        return sys.executable
    except ImportError:
        pass
    miljoe = HER / ".openfisca"
    python = miljoe / "bin" / "python"
    if not python.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(miljoe)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", "openfisca-core"], check=True)
        except (subprocess.CalledProcessError, OSError):
            return None
    return str(python)


def _kolonner(sager: list[dict]) -> dict:
    navne = list(dict.fromkeys(k for sag in sager for k in sag))
    return {navn: [sag.get(navn) for sag in sager] for navn in navne}


def _kommando(argv: list[str], stdout_fil: str) -> tuple[float, float, int]:
    """(sekunder væg, CPU-sekunder, maks. RSS i MB) for én kommando med dens børn."""
    start = time.perf_counter()
    with open(stdout_fil, "w") as ud:
        proc = subprocess.Popen(argv, stdout=ud, stderr=subprocess.DEVNULL)
        _, status, forbrug = os.wait4(proc.pid, 0)
    vaeg = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 2):
        raise RuntimeError(f"{argv} fejlede")
    cpu = forbrug.ru_utime + forbrug.ru_stime
    boern = resource.getrusage(resource.RUSAGE_CHILDREN)
    return vaeg, cpu, max(forbrug.ru_maxrss, boern.ru_maxrss) // 1024


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--antal", type=int, default=20_000)
    p.add_argument("--skalar-antal", type=int, default=3_000, help="sager til de langsomme veje (skaleres)")
    p.add_argument("--batch-antal", type=int, default=1_000_000)
    p.add_argument("--tjek", type=int, default=2_000, help="sager, der sammenlignes række for række")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)

    import lovkode
    import pyarrow as pa
    from lovkode.columnar.table import value_of

    spec = lovkode.load()
    print("lovkode — søjlevis evaluering side om side")
    print(f"Maskine: {platform.machine()}, {os.cpu_count()} kerner; Python {platform.python_version()}")

    fulde = list(generer.generer(args.antal, args.seed, 0.0))
    delvise = list(generer.generer(args.antal, args.seed + 1, 0.1))
    lille_f, lille_d = fulde[:args.skalar_antal], delvise[:args.skalar_antal]

    # 0. the same answers, row for row
    for sager in (delvise[:args.tjek], fulde[:args.tjek]):
        tabel = spec.evaluate_table(_kolonner(sager))
        for i, sag in enumerate(sager):
            svar = spec.evaluate(sag)
            for q in spec.questions:
                a = svar[q]
                assert (tabel[q][i], tabel[q + ".missing"][i]) == (value_of(a.value), tuple(a.missing)), (i, q)
    print(f"Kontrol: evaluate_table = Spec.evaluate for {2 * args.tjek} sager, alle spørgsmål: OK")

    resultater = {}
    print(f"\n1. De 5 spørgsmål, OpenFisca kan svare på ({args.antal} fuldt oplyste sager, CPU-tid, inkl. input)")
    python = _openfisca_python()
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for sag in fulde:
            f.write(json.dumps(sag, ensure_ascii=False) + "\n")
        fil = f.name
    if python is None:
        print("   OpenFisca: openfisca-core kunne ikke installeres her; sammenlign med den håndskrevne Python")
    else:
        ud = subprocess.run([python, str(HER / "openfisca_peer.py"), fil], capture_output=True, text=True, check=True)
        maalt = json.loads(ud.stdout)
        resultater["openfisca"] = maalt["cases"] / maalt["seconds"]
        print(f"   OpenFisca (openfisca-core, to-værdi)             {_tal(resultater['openfisca']):>9} sager/s")
    tabel_arrow = pa.table(_kolonner(fulde))
    rate = args.antal / _cpu(lambda: spec.evaluate_table(_kolonner(fulde), FEM))
    resultater["tabel5_dict"] = rate
    print(f"   lovkode evaluate_table, fra Python-dicts         {_tal(rate):>9} sager/s")
    rate = args.antal / _cpu(lambda: spec.evaluate_table(tabel_arrow, FEM))
    resultater["tabel5_arrow"] = rate
    print(f"   lovkode evaluate_table, fra en Arrow-tabel       {_tal(rate):>9} sager/s")
    rate = len(lille_f) / _cpu(lambda: [handskrevet.evaluate(s, FEM) for s in lille_f], 1)
    print(f"   håndskrevet Python (med begrundelser)            {_tal(rate):>9} sager/s")
    rate = len(lille_f) / _cpu(lambda: [spec.evaluate(s, FEM) for s in lille_f], 1)
    print(f"   lovkode Spec.evaluate                            {_tal(rate):>9} sager/s")
    if "openfisca" in resultater:
        for navn in ("tabel5_dict", "tabel5_arrow"):
            print(f"   forhold {navn} / OpenFisca: {resultater[navn] / resultater['openfisca']:.2f} ×")

    print(f"\n2. Alle {len(spec.questions)} spørgsmål, 10 % ukendte fakta, værdi og missing ({args.antal} sager)")
    tabel_arrow = pa.table(_kolonner(delvise))
    rate = args.antal / _cpu(lambda: spec.evaluate_table(_kolonner(delvise)))
    print(f"   lovkode evaluate_table, fra Python-dicts         {_tal(rate):>9} sager/s")
    rate = args.antal / _cpu(lambda: spec.evaluate_table(tabel_arrow))
    print(f"   lovkode evaluate_table, fra en Arrow-tabel       {_tal(rate):>9} sager/s")
    rate = len(lille_d) / _cpu(lambda: [handskrevet.evaluate(s) for s in lille_d], 1)
    print(f"   håndskrevet Python (med begrundelser)            {_tal(rate):>9} sager/s")
    rate = len(lille_d) / _cpu(lambda: [spec.evaluate(s) for s in lille_d], 1)
    print(f"   lovkode Spec.evaluate                            {_tal(rate):>9} sager/s")
    os.unlink(fil)

    if args.batch_antal:
        print(f"\n3. lovkode batch fra fil til fil (JSON Lines, 15 % ukendte)")
        with tempfile.TemporaryDirectory() as mappe:
            ind = Path(mappe) / "sager.jsonl"
            with ind.open("w", encoding="utf-8") as f:
                for sag in generer.generer(args.batch_antal, args.seed, 0.15):
                    f.write(json.dumps(sag, ensure_ascii=False) + "\n")
            lille = Path(mappe) / "lille.jsonl"
            with ind.open(encoding="utf-8") as f, lille.open("w", encoding="utf-8") as g:
                for _, linje in zip(range(min(20_000, args.batch_antal)), f):
                    g.write(linje)
            lovkode_cmd = [sys.executable, "-m", "lovkode", "batch"]
            antal_lille = min(20_000, args.batch_antal)
            vaeg, cpu, rss = _kommando(lovkode_cmd + [str(lille), "--jobs", "1"], str(Path(mappe) / "a.jsonl"))
            idag, idag_cpu = antal_lille / vaeg, antal_lille / cpu
            print(f"   i dag: lovkode batch --jobs 1 (med forklaringer), {antal_lille} linjer"
                  f"  {_tal(idag):>9} sager/s (væg)  {_tal(idag_cpu):>9} sager/s (CPU)")
            for jobs in ("1", "0"):
                vaeg, cpu, rss = _kommando(lovkode_cmd + [str(ind), "--no-explanation", "--jobs", jobs],
                                           str(Path(mappe) / "b.jsonl"))
                rate, rate_cpu = args.batch_antal / vaeg, args.batch_antal / cpu
                print(f"   lovkode batch --no-explanation --jobs {jobs}, {args.batch_antal} linjer"
                      f"  {_tal(rate):>9} sager/s (væg, {rate / idag:.1f} × i dag)"
                      f"  {_tal(rate_cpu):>9} sager/s (CPU, {rate_cpu / idag_cpu:.1f} × i dag)"
                      f"   maks. hukommelse {rss} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
