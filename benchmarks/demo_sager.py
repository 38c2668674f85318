"""Genererer ``spec/data/demo-sager.jsonl``: 130 syntetiske sager efter Ankestyrelsens undersøgelse.

Sagerne er opdigtede. De er bygget, så deres fordeling svarer til tallene i Ankestyrelsens
praksisundersøgelse »Fleksjob til borgere med aktuelt meget begrænset arbejdsevne« (marts 2016;
nyheden på ast.dk er »sidst opdateret 17.11.2020«, derfor omtales den nogle steder som 2020-
undersøgelsen). Tallene og antagelserne står i ``spec/data/README.md``; her står kun, hvordan de
bliver til sager.

Hvorfor en generator og ikke en håndskrevet fil: så filen kan genskabes bit for bit
(``--seed``), og så antagelserne står ét sted som kode, der kan læses og ændres.

Brug::

    python benchmarks/demo_sager.py -o spec/data/demo-sager.jsonl   # skriver filen og en optælling
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from handskrevet import INDIKATORER_IMOD  # noqa: E402  (a script beside the oracle)

# ----- Tal fra kilderne (kilder/ankestyrelsen-2016-nyhed-…md; principafgoerelser.md) -----------
SAGER = 130  # »130 sager fra 13 kommuner«
MEGET_BEGRAENSET = 79  # »79 sager falder ind under kategorien … aktuelt meget begrænset arbejdsevne«
MED_UDVIKLINGSVURDERING = 32  # »I 32 ud af 79 sager har kommunerne lavet denne vurdering«
FORBEREDENDE_DEL_MANGELFULD = 6  # »I 95 procent … forberedende del udfyldt«: 124/130 = 95 pct.
INDSTILLING_MANGELFULD = 9  # »I 93 procent … fyldestgørende begrundelse«: 121/130 = 93 pct.
FASTHOLDELSE = 9  # »de ni sager om fastholdelsesfleksjob« (publikationssiden)

# ----- Antagelser (kilderne giver ikke tallene; se README) ------------------------------------
IKKE_AFPROEVET = 8  # kortvarige afklaringsforløb: relevante tilbud ikke afprøvet → ændres
IKKE_DOKUMENTERET = 4  # nedsættelsen ikke dokumenteret → ændres
HELBRED_UAFKLARET = 5  # helbredsmæssigt uafklaret: varigheden er ikke vurderet (ukendt) → hjemvises
SKAANEBEHOV_IKKE_TILGODESET = 6  # skånebehov ikke tilgodeset i jobbet (påvirker § 121, ikke § 116)
FASTHOLDELSE_REGLER_IKKE_ANVENDT = 7  # af de 9: § 119-kravene er ikke opfyldt/oplyst
MED_KONKRET_JOB = 0.7  # andel af sagerne, hvor et konkret job er beskrevet (§§ 121–122)
HENSYN_IMOD = 10  # sager med et hensyn imod, hvor de modsatrettede oplysninger er afvejet
AFGOERELSER_FRA, AFGOERELSER_TIL = dt.date(2014, 1, 1), dt.date(2015, 9, 30)

_INDIKATORER = INDIKATORER_IMOD  # the six 2010 indicators against, as the oracle lists them
_INDSTILLING = ("indstilling_angiver_vægtede_forhold", "indstilling_begrunder_afklaring",
                "indstilling_angiver_jobfunktioner")


def _dato(rng: random.Random, fra: dt.date, til: dt.date) -> dt.date:
    return fra + dt.timedelta(days=rng.randrange((til - fra).days + 1))


def _grundsag(rng: random.Random) -> dict:
    """En korrekt behandlet bevilling: alle betingelser i § 116 og sagsbehandlingskravene opfyldt."""
    afg = _dato(rng, AFGOERELSER_FRA, AFGOERELSER_TIL)
    alder = rng.randint(28, 62)
    foedt = _dato(rng, dt.date(afg.year - alder - 1, afg.month, 1), dt.date(afg.year - alder, afg.month, 1))
    f = {
        "afgørelsesdato": afg.isoformat(),
        "fødselsdato": foedt.isoformat(),
        "kommunens_afgørelse": "bevilget",  # undersøgelsen gennemgik bevillinger (tilkendelser)
        "modtager_førtidspension": False,
        "kan_arbejde_på_ordinære_vilkår": False,
        "kan_ansættes_efter_sociale_kapitler": False,
        "arbejdsevne_væsentligt_nedsat": True,
        "arbejdsevne_varigt_nedsat": True,
        "nedsættelse_dokumenteret": True,
        **{n: False for n in _INDIKATORER},
        "aktuelt_meget_begrænset_arbejdsevne": False,
        "relevante_tilbud_afprøvet": True,
        "afprøvning_åbenbart_formålsløs": False,
        "forelagt_rehabiliteringsteamet": True,  # krav siden reformen 1.1.2013
        "forberedende_del_udfyldt": True,
        **{n: True for n in _INDSTILLING},
        "fleksjob_på_hidtidig_arbejdsplads": False,
    }
    if rng.random() < MED_KONKRET_JOB:
        timer = rng.choice([5, 8, 10, 12, 15, 18, 20, 25])
        intensitet = rng.choice([30, 40, 50, 60, 75, 100])
        f.update({
            "arbejdsevnevurdering_foretaget": True,
            "vurderet_timetal": timer,
            "vurderet_arbejdsintensitet": intensitet,
            "aftalt_timetal": timer,
            "aftalt_arbejdsintensitet": intensitet,
            "arbejdsopgaver_undersøgt": True,
            "skånebehov_tilgodeset": True,
            "arbejdsgiver_med_lønudbetaling": True,
        })
    return f


def generer(seed: int = 2016) -> list[dict]:
    """De 130 sager i en tilfældig (men reproducerbar) rækkefølge."""
    rng = random.Random(seed)
    sager = [_grundsag(rng) for _ in range(SAGER)]

    # § 116, stk. 2: de første 79 har aktuelt meget begrænset arbejdsevne; 32 af dem har en
    # udviklingsvurdering, 47 ikke. De 47 er »fejlgruppen«: alle andre fejl lægges her (antagelse).
    meget = sager[:MEGET_BEGRAENSET]
    med_vurdering, uden_vurdering = meget[:MED_UDVIKLINGSVURDERING], meget[MED_UDVIKLINGSVURDERING:]
    for f in meget:
        f["aktuelt_meget_begrænset_arbejdsevne"] = True
    for f in med_vurdering:
        f.update({"udviklingsvurdering_fremgår_af_sagen": True,
                  "arbejdsevnen_kan_udvikles_inden_for_rimelig_periode": True,
                  "indstilling_begrunder_udvikling": True})
    for f in uden_vurdering:
        # Vurderingen fremgår ikke; derfor er udviklingsmuligheden heller ikke oplyst (ukendt).
        f["udviklingsvurdering_fremgår_af_sagen"] = False

    fejl = list(uden_vurdering)
    rng.shuffle(fejl)
    i = 0
    for _ in range(IKKE_AFPROEVET):
        fejl[i]["relevante_tilbud_afprøvet"] = False
        i += 1
    for _ in range(IKKE_DOKUMENTERET):
        fejl[i]["nedsættelse_dokumenteret"] = False
        i += 1
    for _ in range(HELBRED_UAFKLARET):
        del fejl[i]["arbejdsevne_varigt_nedsat"]
        i += 1
    # Sagsbehandlingsfejl lægges i de samme sager, så antallet af sager med fejl holdes nede.
    for f in rng.sample(fejl, FORBEREDENDE_DEL_MANGELFULD):
        f["forberedende_del_udfyldt"] = False
    for f in rng.sample(fejl, INDSTILLING_MANGELFULD):
        f[rng.choice(_INDSTILLING)] = False
    for f in rng.sample([f for f in fejl if "skånebehov_tilgodeset" in f], SKAANEBEHOV_IKKE_TILGODESET):
        f["skånebehov_tilgodeset"] = False

    # Variation, der ikke ændrer udfaldet: hensyn imod, der er afvejet; åbenbart formålsløs afprøvning.
    korrekte = [f for f in sager if f not in fejl]
    for f in rng.sample(korrekte, HENSYN_IMOD):
        f[rng.choice(_INDIKATORER)] = True
        f["modsatrettede_oplysninger_vurderet"] = True
    for f in rng.sample(korrekte, 3):  # N-8-07
        f["relevante_tilbud_afprøvet"] = False
        f["afprøvning_åbenbart_formålsløs"] = True

    # § 119: ni fastholdelsesfleksjob; i de fleste er reglerne ikke anvendt (kravene ikke opfyldt/oplyst).
    for j, f in enumerate(rng.sample(sager, FASTHOLDELSE)):
        f["fleksjob_på_hidtidig_arbejdsplads"] = True
        if j < FASTHOLDELSE_REGLER_IKKE_ANVENDT:
            f["ansat_12_måneder_under_sociale_kapitler"] = rng.random() < 0.5
            f["skriftlig_aftale_om_funktioner_og_skånehensyn"] = False
            f["akut_opstået_skade_eller_sygdom"] = False
        else:
            f.update({"ansat_12_måneder_under_sociale_kapitler": True,
                      "skriftlig_aftale_om_funktioner_og_skånehensyn": True,
                      "reelt_forsøg_på_ustøttet_job_dokumenteret": True})

    rng.shuffle(sager)
    return sager


def _optaelling(sager: list[dict]) -> str:
    """Udfaldet efter kontraktens regler, regnet med det håndskrevne orakel (til README og kontrol)."""
    sys.path.insert(0, str(Path(__file__).parent))
    import handskrevet

    legal, ret, fast = Counter(), Counter(), Counter()
    for f in sager:
        s = handskrevet.evaluate(f, ["legalitetsvurdering", "ret_til_fleksjob", "krav_om_fastholdelse_opfyldt"])
        legal[s["legalitetsvurdering"][0]] += 1
        ret[s["ret_til_fleksjob"][0]] += 1
        if f["fleksjob_på_hidtidig_arbejdsplads"]:
            fast[s["krav_om_fastholdelse_opfyldt"][0]] += 1
    n = len(sager)
    linjer = [f"{n} sager"]
    linjer += [f"  legalitetsvurdering {k}: {v} ({100 * v / n:.0f} pct.)" for k, v in legal.most_common()]
    linjer += [f"  ret_til_fleksjob {k}: {v}" for k, v in ret.most_common()]
    linjer += [f"  krav_om_fastholdelse_opfyldt (de {sum(fast.values())} fastholdelsessager) {k}: {v}"
               for k, v in fast.most_common()]
    return "\n".join(linjer)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Skriv de syntetiske demosager (JSON Lines).")
    p.add_argument("--seed", type=int, default=2016, help="frø (standard 2016, som filen i spec/data)")
    p.add_argument("-o", "--output", help="fil at skrive til (standard: stdout)")
    a = p.parse_args(argv)
    sager = generer(a.seed)
    tekst = "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in sager)
    if a.output:
        Path(a.output).write_text(tekst, encoding="utf-8")
        print(_optaelling(sager), file=sys.stderr)
    else:
        sys.stdout.write(tekst)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
