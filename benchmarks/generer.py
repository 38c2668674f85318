"""Syntetiske sager til hastighedsmåling: N sager som JSON Lines, med eller uden ukendte faktum.

Hvorfor sådan: målingen skal være reproducerbar (samme ``--seed`` giver samme fil) og skal
ramme reglerne i dybden. Derfor er de fleste betingelser »gode« med høj sandsynlighed, så
evalueringen sjældent stopper ved første falske led, og datoerne spænder over alle versioner af
folkepensionsalderen, pensionsbetingelserne, sagsbehandlingskravene (før 2013, 2013–2019, 2020 til
30.6.2026 og derefter) og knækpunktet (angivne år, år reguleret efter § 189 a, og år, hvor kilderne
er tavse).
Med ``--ukendte`` udelades hvert faktum med den sandsynlighed, så de tre-værdi-logiske veje og
``missing``-listerne også måles.

Brug::

    python benchmarks/generer.py --antal 100000 --seed 1 --ukendte 0.15 > sager.jsonl
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator

# Sandhedsværdier, der normalt er »sande« i en sag, hvor fleksjob er rigtigt (resten normalt falske).
_NORMALT_SAND = (
    "arbejdsevne_væsentligt_nedsat", "arbejdsevne_varigt_nedsat", "nedsættelse_dokumenteret",
    "modsatrettede_oplysninger_vurderet", "arbejdsevnen_kan_udvikles_inden_for_rimelig_periode",
    "udviklingsvurdering_fremgår_af_sagen", "relevante_tilbud_afprøvet", "forelagt_rehabiliteringsteamet",
    "forberedende_del_udfyldt", "indstilling_angiver_vægtede_forhold", "indstilling_begrunder_afklaring",
    "indstilling_angiver_jobfunktioner", "indstilling_begrunder_udvikling", "arbejdsevnevurdering_foretaget",
    "forskel_begrundet", "arbejdsopgaver_undersøgt", "skånebehov_tilgodeset", "arbejdsgiver_med_lønudbetaling",
    "progression_drøftet", "ansat_12_måneder_under_sociale_kapitler",
    "skriftlig_aftale_om_funktioner_og_skånehensyn", "reelt_forsøg_på_ustøttet_job_dokumenteret",
)
_NORMALT_FALSK = (
    "modtager_førtidspension", "førtidspension_gøres_hvilende", "modtager_seniorpension",
    "har_udnyttet_ret_til_tidlig_pension", "kan_arbejde_på_ordinære_vilkår",
    "kan_ansættes_efter_sociale_kapitler", "begrænset_funktionsnedsættelse_og_gode_ressourcer",
    "funktionsnedsættelse_modstrider_funktionsniveau_i_hjemmet", "ressourcer_til_omfattende_fritidsinteresser",
    "problemer_skyldes_midlertidige_forhold", "problemer_vedrører_bestemt_erhvervsområde",
    "problemer_skyldes_arbejdsmiljø", "afprøvning_åbenbart_formålsløs", "akut_opstået_skade_eller_sygdom",
    "sociale_kapitler_åbenbart_formålsløst",
)
# Ca. halvdelen: så både »hvis«-grenene for § 116, stk. 2 og § 119 rammes.
_HALVT = ("aktuelt_meget_begrænset_arbejdsevne", "fleksjob_på_hidtidig_arbejdsplads")


def _dato(rng: random.Random, fra: dt.date, til: dt.date) -> str:
    return (fra + dt.timedelta(days=rng.randrange((til - fra).days + 1))).isoformat()


def sag(rng: random.Random, ukendt_andel: float = 0.0) -> dict:
    """Én syntetisk sag med alle kataloget faktum; hvert udelades med sandsynligheden ``ukendt_andel``."""
    f: dict = {
        # Fra før 2013 (sagsbehandlingskravene tavse) til efter 1.7.2026 (tavse igen).
        "afgørelsesdato": _dato(rng, dt.date(2011, 1, 1), dt.date(2027, 12, 31)),
        "fødselsdato": _dato(rng, dt.date(1950, 1, 1), dt.date(1995, 12, 31)),
        "kommunens_afgørelse": "bevilget" if rng.random() < 0.8 else "afslag",
    }
    for n in _NORMALT_SAND:
        f[n] = rng.random() < 0.93
    for n in _NORMALT_FALSK:
        f[n] = rng.random() < 0.07
    for n in _HALVT:
        f[n] = rng.random() < 0.5
    timer = rng.randrange(2, 75) / 2  # 1–37 timer i halve timer
    f["vurderet_timetal"] = timer
    f["vurderet_arbejdsintensitet"] = rng.randrange(10, 101, 5)
    f["aftalt_timetal"] = timer if rng.random() < 0.8 else rng.randrange(2, 75) / 2
    f["aftalt_arbejdsintensitet"] = f["vurderet_arbejdsintensitet"] if rng.random() < 0.8 else rng.randrange(10, 101, 5)
    # Fra før ordningen (2011–2012) over de angivne og regulerede år til 2027 (ingen tilpasningsprocent).
    f["beregningsmåned"] = _dato(rng, dt.date(2011, 1, 1), dt.date(2027, 12, 31))
    f["månedlig_lønindtægt"] = round(rng.uniform(2000, 35000), 2)
    f["dagpengenes_højeste_beløb_pr_måned"] = round(rng.uniform(17000, 21000), 2)
    f["lønloft"] = round(rng.uniform(25000, 50000), 2)
    if ukendt_andel:
        f = {k: v for k, v in f.items() if rng.random() >= ukendt_andel}
    return f


def generer(antal: int, seed: int = 0, ukendt_andel: float = 0.0) -> Iterator[dict]:
    """``antal`` sager, reproducerbart ud fra ``seed``."""
    rng = random.Random(seed)
    for _ in range(antal):
        yield sag(rng, ukendt_andel)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Skriv syntetiske fleksjobsager som JSON Lines.")
    p.add_argument("--antal", type=int, default=1000, help="antal sager (standard 1000)")
    p.add_argument("--seed", type=int, default=0, help="frø til tilfældighedsgeneratoren (standard 0)")
    p.add_argument("--ukendte", type=float, default=0.0, metavar="ANDEL",
                   help="sandsynlighed for at hvert faktum er ukendt, 0–1 (standard 0: alt oplyst)")
    p.add_argument("-o", "--output", help="fil at skrive til (standard: stdout)")
    a = p.parse_args(argv)
    if not 0 <= a.ukendte <= 1:
        p.error("--ukendte skal ligge mellem 0 og 1")
    ud = open(a.output, "w", encoding="utf-8") if a.output else sys.stdout  # noqa: SIM115
    try:
        for f in generer(a.antal, a.seed, a.ukendte):
            ud.write(json.dumps(f, ensure_ascii=False) + "\n")
    finally:
        if a.output:
            ud.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
