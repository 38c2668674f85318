"""Søjlevis evaluering side om side med OpenFisca og den håndskrevne Python, i én kørsel (CPU-tid).

1. De 5 spørgsmål, OpenFisca kan svare på (fuldt oplyste sager, inkl. forberedelse af input fra de
   samme Python-data): OpenFisca (``benchmarks/openfisca_peer.py``), ``Spec.evaluate_table`` fra
   Python-dicts og fra en Arrow-tabel, den håndskrevne Python og ``Spec.evaluate``.
2. Alle kontraktens spørgsmål, 10 % ukendte fakta, værdi og ``missing``.
3. ``lovkode batch --no-explanation`` på N JSON Lines-linjer fra fil til fil, på én kerne (``--jobs 1``)
   og på alle kerner (``--jobs 0``): CPU-tid, vægtid og den største samlede hukommelse (PSS, alle processer
   lagt sammen), med dagens ``lovkode batch --jobs 1`` (med forklaringer) som målestok. Målene fra
   issue 15: ≥ 10 × på én kerne og ≥ 20 × på alle kerner, under 500 MB.
4. Lighed: ``--lig-antal`` genererede sager (standard 200.000) og demosagerne, ``evaluate_table`` mod
   ``Spec.evaluate`` række for række (værdi, missing, tavse kilder, konflikter, anbefalinger) og de
   JSON-linjer, der skrives fra hver, tegn for tegn. Det tager nogle minutter.

OpenFisca installeres i et eget miljø (``benchmarks/.openfisca``) med ``pip install openfisca-core``,
hvis det ikke kan importeres her. Brug::

    python benchmarks/tabel.py --antal 20000 --batch-antal 1000000 --lig-antal 200000

Kun ét afsnit: ``--afsnit 3`` (eller ``--afsnit 1 2 4``).
"""
from __future__ import annotations

import argparse
import itertools
import json
import importlib.util
import os
import platform
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
    if importlib.util.find_spec("openfisca_core") is not None:
        return sys.executable
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


def _kommando(argv: list[str], stdout_fil: str) -> tuple[float, float, int, int]:
    """(sekunder væg, CPU-sekunder for kommandoen og dens børn, største samlede RSS og PSS i MB for alle
    dens processer). Hukommelsen måles ved at læse /proc hvert tiende sekund; uden /proc den største
    enkelte proces (begge tal). PSS deler de sider, processerne har fælles (biblioteker, sider arvet
    ved fork), mellem dem, så summen er den hukommelse, kommandoen faktisk optager; summen af RSS
    tæller de fælles sider én gang pr. proces."""
    start = time.perf_counter()
    with open(stdout_fil, "wb") as ud:
        proc = subprocess.Popen(argv, stdout=ud, stderr=subprocess.DEVNULL)
        rss = pss = 0
        while True:
            pid, status, forbrug = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            nu_rss, nu_pss = _hukommelse_traeet(proc.pid)
            rss, pss = max(rss, nu_rss), max(pss, nu_pss)
            time.sleep(0.1)
    vaeg = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 2):
        raise RuntimeError(f"{argv} fejlede")
    cpu = forbrug.ru_utime + forbrug.ru_stime
    mb = 1024 * 1024
    return vaeg, cpu, (rss or forbrug.ru_maxrss * 1024) // mb, (pss or rss or forbrug.ru_maxrss * 1024) // mb


def _hukommelse_traeet(rod: int) -> tuple[int, int]:
    """(RSS, PSS) i byte for processen ``rod`` og alle dens efterkommere ((0, 0) uden /proc; PSS 0,
    hvor kernen ikke giver /proc/PID/smaps_rollup)."""
    boern: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    try:
        navne = os.listdir("/proc")
    except OSError:
        return 0, 0
    side = os.sysconf("SC_PAGE_SIZE")
    for navn in navne:
        if not navn.isdigit():
            continue
        try:
            with open(f"/proc/{navn}/stat", "rb") as f:
                felter = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(navn)
        boern.setdefault(int(felter[1]), []).append(pid)
        rss[pid] = int(felter[21]) * side
    rss_i_alt = pss_i_alt = 0
    stak = [rod]
    while stak:
        pid = stak.pop()
        rss_i_alt += rss.get(pid, 0)
        pss_i_alt += _pss(pid)
        stak.extend(boern.get(pid, ()))
    return rss_i_alt, pss_i_alt


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for linje in f:
                if linje.startswith(b"Pss:"):
                    return int(linje.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--antal", type=int, default=20_000)
    p.add_argument("--skalar-antal", type=int, default=3_000, help="sager til de langsomme veje (skaleres)")
    p.add_argument("--batch-antal", type=int, default=1_000_000)
    p.add_argument("--tjek", type=int, default=2_000, help="sager, der sammenlignes række for række")
    p.add_argument("--lig-antal", type=int, default=200_000,
                   help="genererede sager, hvor evaluate_table og Spec.evaluate sammenlignes (afsnit 4)")
    p.add_argument("--afsnit", type=int, nargs="+", default=[1, 2, 3, 4], choices=[1, 2, 3, 4])
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)

    import lovkode
    from lovkode.columnar.table import value_of

    spec = lovkode.load()
    print("lovkode — søjlevis evaluering side om side")
    print(f"Maskine: {platform.machine()}, {os.cpu_count()} kerner; Python {platform.python_version()}")
    if 1 not in args.afsnit and 2 not in args.afsnit:
        return _afsnit_3_og_4(args, spec)

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

    _afsnit_1_og_2(args, spec, fulde, delvise, lille_f, lille_d)
    return _afsnit_3_og_4(args, spec)


def _afsnit_3_og_4(args, spec) -> int:
    if 3 in args.afsnit and args.batch_antal:
        _afsnit_3(args)
    if 4 in args.afsnit and args.lig_antal:
        _afsnit_4(args, spec)
    return 0


def _afsnit_1_og_2(args, spec, fulde, delvise, lille_f, lille_d) -> None:
    import pyarrow as pa
    from lovkode.render.json_output import results_text

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
    rate = args.antal / _cpu(lambda: spec.evaluate_table(fulde, FEM))
    resultater["tabel5_dict"] = rate
    print(f"   lovkode evaluate_table, fra sagerne (Python-dicts) {_tal(rate):>7} sager/s")
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
    rate = args.antal / _cpu(lambda: spec.evaluate_table(delvise))
    print(f"   lovkode evaluate_table, fra sagerne (Python-dicts) {_tal(rate):>7} sager/s")
    rate = args.antal / _cpu(lambda: spec.evaluate_table(tabel_arrow))
    print(f"   lovkode evaluate_table, fra en Arrow-tabel       {_tal(rate):>9} sager/s")
    rate = len(lille_d) / _cpu(lambda: [handskrevet.evaluate(s) for s in lille_d], 1)
    print(f"   håndskrevet Python (med begrundelser)            {_tal(rate):>9} sager/s")
    rate = len(lille_d) / _cpu(lambda: [spec.evaluate(s) for s in lille_d], 1)
    print(f"   lovkode Spec.evaluate                            {_tal(rate):>9} sager/s")
    rate = len(lille_d) / _cpu(lambda: [results_text(spec.evaluate(s)) for s in lille_d], 1)
    print(f"   lovkode Spec.evaluate med forklaringen som JSON  {_tal(rate):>9} sager/s")
    os.unlink(fil)


_LOEKKE = ("import time\nt = time.process_time()\ns = 0\nfor i in range(20_000_000):\n    s += i\n"
           "print(time.process_time() - t)\n")


def _maskinens_skalering() -> float:
    """How much more a pure Python loop gets done in ``os.cpu_count()`` processes at once than in one
    (CPU time per loop alone against at the same time, median of 3): the ceiling of ``--jobs 0``
    against one core here. Virtual cores that share a physical core give far less than their count."""
    def cpu(antal: int) -> float:
        processer = [subprocess.Popen([sys.executable, "-c", _LOEKKE], stdout=subprocess.PIPE, text=True)
                     for _ in range(antal)]
        return sum(float(proces.communicate()[0]) for proces in processer) / antal

    kerner = os.cpu_count() or 1
    return sorted(kerner * cpu(1) / cpu(kerner) for _ in range(3))[1]


def _afsnit_3(args) -> None:
    print(f"\n3. lovkode batch fra fil til fil (JSON Lines, 15 % ukendte; {os.cpu_count()} kerner)")
    print(f"   maskinen: {os.cpu_count()} processer med en ren Python-løkke samtidig når "
          f"{_maskinens_skalering():.2f} × så meget som én (loftet for --jobs 0 mod én kerne)")
    with tempfile.TemporaryDirectory() as mappe:
        ind = Path(mappe) / "sager.jsonl"
        with ind.open("w", encoding="utf-8") as f:
            for sag in generer.generer(args.batch_antal, args.seed, 0.15):
                f.write(json.dumps(sag, ensure_ascii=False) + "\n")
        antal_lille = min(20_000, args.batch_antal)
        lille = Path(mappe) / "lille.jsonl"
        with ind.open(encoding="utf-8") as f, lille.open("w", encoding="utf-8") as g:
            for _, linje in zip(range(antal_lille), f):
                g.write(linje)
        lovkode_cmd = [sys.executable, "-m", "lovkode", "batch"]
        ud = os.devnull  # the output (about 4,7 kB a line) is written, but not kept
        vaeg, cpu, rss, pss = _kommando(lovkode_cmd + [str(lille), "--jobs", "1"], ud)
        idag, idag_cpu = antal_lille / vaeg, antal_lille / cpu
        print(f"   i dag: lovkode batch --jobs 1 (med forklaringer), {_tal(antal_lille)} linjer")
        print(f"      {_tal(idag):>9} sager/s (væg)  {_tal(idag_cpu):>9} sager/s (CPU)   "
              f"hukommelse {pss} MB (PSS; RSS lagt sammen {rss} MB)")
        for jobs, navn in (("1", "én kerne"), ("0", "alle kerner")):
            vaeg, cpu, rss, pss = _kommando(lovkode_cmd + [str(ind), "--no-explanation", "--jobs", jobs], ud)
            rate, rate_cpu = args.batch_antal / vaeg, args.batch_antal / cpu
            maal = 10 if jobs == "1" else 20
            # One core: CPU time against CPU time. All cores: the wall clock against today's one core.
            forhold = rate_cpu / idag_cpu if jobs == "1" else rate / idag
            print(f"   lovkode batch --no-explanation --jobs {jobs} ({navn}), {_tal(args.batch_antal)} linjer")
            print(f"      {_tal(rate):>9} sager/s (væg)  {_tal(rate_cpu):>9} sager/s (CPU)   "
                  f"hukommelse {pss} MB (PSS; RSS lagt sammen {rss} MB)")
            print(f"      {1e6 / rate_cpu:.1f} µs CPU pr. linje (alle processer, med opstart)")
            print(f"      {forhold:.1f} × i dag (mål ≥ {maal} ×: {'nået' if forhold >= maal else 'ikke nået'}); "
                  f"hukommelse {'under' if pss < 500 else 'over'} 500 MB (PSS)")


def _afsnit_4(args, spec) -> None:
    """evaluate_table = Spec.evaluate, række for række og tegn for tegn i JSON, i bidder à 4.096."""
    from lovkode.columnar.table import value_of
    from lovkode.facts import FactsError
    from lovkode.render.json_output import dumps, results_json
    from lovkode.render.reasons import silence_text

    demo = [json.loads(linje) for linje in (HER.parent / "spec" / "data" / "demo-sager.jsonl")
            .read_text(encoding="utf-8").splitlines() if linje.strip()]
    print(f"\n4. Lighed: evaluate_table = Spec.evaluate for {_tal(args.lig_antal)} genererede sager "
          f"(15 % ukendte) og {len(demo)} demosager, alle {len(spec.questions)} spørgsmål")
    start = time.perf_counter()
    raekker = 0

    def bidder():
        yield demo
        sager = generer.generer(args.lig_antal, args.seed + 2, 0.15)
        while True:
            bid = list(itertools.islice(sager, 4096))
            if not bid:
                return
            yield bid

    for sager in bidder():
        navne = list(dict.fromkeys(k for sag in sager for k in sag))
        tabel = spec.evaluate_table({navn: [sag.get(navn) for sag in sager] for navn in navne})
        linjer = list(tabel.json_lines())
        for i, sag in enumerate(sager):
            try:
                svar = spec.evaluate(sag)
            except FactsError as fejl:
                assert tabel["fejl"][i] == tuple(str(p) for p in fejl.problems), (raekker + i, sag)
                continue
            for q in spec.questions:
                a = svar[q]
                want = (value_of(a.value), tuple(a.missing), tuple(silence_text(s) for s in a.silent),
                        tuple(tuple(c) for c in a.conflict))
                got = (tabel[q][i], tabel[q + ".missing"][i], tabel[q + ".kilderne_tavse"][i], tabel[q + ".konflikt"][i])
                assert got == want, (raekker + i, q, got, want)
            assert tabel["anbefalinger"][i] == tuple(r.id for r in svar.recommendations), raekker + i
            assert linjer[i][1] == dumps(results_json(svar, explanations=False), indent=None), raekker + i
        raekker += len(sager)
    print(f"   OK: {_tal(raekker)} rækker ens (værdi, missing, tavse kilder, konflikter, anbefalinger og JSON) "
          f"på {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
