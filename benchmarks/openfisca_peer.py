"""OpenFisca som målestok: de 5 spørgsmål, OpenFisca kan svare på (to-værdi-logik, kun fuldt
oplyste sager), modelleret som OpenFisca-variabler med numpy-formler.

Køres af ``benchmarks/tabel.py`` i et eget miljø med ``openfisca-core`` (pip install openfisca-core).
Læser sagerne (JSON Lines) og skriver én JSON-linje med CPU-tid og svarene' tjeksum::

    python benchmarks/openfisca_peer.py SAGER.jsonl

Med ``--enkelt`` måles i stedet én sag ad gangen, som en tjeneste ville gøre det (``benchmarks/run.py``):
reglerne bygges som ved opstart, og hver sag bliver sin egen simulation ud fra OpenFiscas
situationsformat (``build_from_entities``). Udskriften er gennemsnittet over sagerne i filen::

    python benchmarks/openfisca_peer.py --enkelt SAGER.jsonl [--uden-gc]

``--uden-gc`` slår garbage collectoren fra fra start, som lovkodes side af instruktionstællingen gør.
"""
from __future__ import annotations

import gc
import json
import sys
import time

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.periods import DateUnit
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Person = build_entity(key="person", plural="persons", label="Person", is_person=True)

BOOLS = ("arbejdsevnevurdering_foretaget", "arbejdsopgaver_undersøgt", "skånebehov_tilgodeset",
         "arbejdsgiver_med_lønudbetaling", "aktuelt_meget_begrænset_arbejdsevne",
         "arbejdsevnen_kan_udvikles_inden_for_rimelig_periode", "forelagt_rehabiliteringsteamet",
         "forberedende_del_udfyldt", "indstilling_angiver_vægtede_forhold", "indstilling_begrunder_afklaring",
         "indstilling_angiver_jobfunktioner", "udviklingsvurdering_fremgår_af_sagen",
         "indstilling_begrunder_udvikling")
NUMBERS = ("vurderet_timetal", "vurderet_arbejdsintensitet", "aftalt_timetal", "aftalt_arbejdsintensitet")
QUESTIONS = ("effektiv_arbejdstid", "effektiv_arbejdstid_i_jobbet", "godkendelse_af_konkret_fleksjob",
             "krav_om_udviklingsmulighed_opfyldt", "sagsbehandlingskrav_opfyldt")


def _input(name: str, kind):
    return type(name, (Variable,), {"value_type": kind, "entity": Person, "definition_period": DateUnit.MONTH,
                                    "label": name})


def _formula(name: str, kind, formula):
    return type(name, (Variable,), {"value_type": kind, "entity": Person, "definition_period": DateUnit.MONTH,
                                    "label": name, "formula": formula})


def system() -> TaxBenefitSystem:
    tbs = TaxBenefitSystem([Person])
    for name in BOOLS:
        tbs.add_variable(_input(name, bool))
    for name in NUMBERS:
        tbs.add_variable(_input(name, float))
    tbs.add_variable(_formula("effektiv_arbejdstid", float, lambda p, period: p("vurderet_timetal", period)
                              * p("vurderet_arbejdsintensitet", period) / 100))
    tbs.add_variable(_formula("effektiv_arbejdstid_i_jobbet", float, lambda p, period: p("aftalt_timetal", period)
                              * p("aftalt_arbejdsintensitet", period) / 100))
    tbs.add_variable(_formula("godkendelse_af_konkret_fleksjob", bool, lambda p, period: (
        p("arbejdsevnevurdering_foretaget", period) * p("arbejdsopgaver_undersøgt", period)
        * p("skånebehov_tilgodeset", period) * p("arbejdsgiver_med_lønudbetaling", period))))
    tbs.add_variable(_formula("krav_om_udviklingsmulighed_opfyldt", bool, lambda p, period: np.where(
        p("aktuelt_meget_begrænset_arbejdsevne", period),
        p("arbejdsevnen_kan_udvikles_inden_for_rimelig_periode", period), True)))
    tbs.add_variable(_formula("udviklingsmuligheden_er_vurderet_og_begrundet", bool, lambda p, period: (
        ~p("aktuelt_meget_begrænset_arbejdsevne", period)
        + p("udviklingsvurdering_fremgår_af_sagen", period) * p("indstilling_begrunder_udvikling", period))))
    tbs.add_variable(_formula("sagsbehandlingskrav_opfyldt", bool, lambda p, period: (
        p("forelagt_rehabiliteringsteamet", period) * p("forberedende_del_udfyldt", period)
        * p("indstilling_angiver_vægtede_forhold", period) * p("indstilling_begrunder_afklaring", period)
        * p("indstilling_angiver_jobfunktioner", period)
        * p("udviklingsmuligheden_er_vurderet_og_begrundet", period))))
    return tbs


def run(cases: list[dict], tbs: TaxBenefitSystem) -> dict:
    """Input preparation (Python dicts → numpy columns) and the 5 questions."""
    period = "2024-01"
    builder = SimulationBuilder()
    builder.create_entities(tbs)
    builder.declare_person_entity("person", [str(i) for i in range(len(cases))])
    simulation = builder.build(tbs)
    for name in BOOLS:
        simulation.set_input(name, period, np.array([bool(c.get(name)) for c in cases]))
    for name in NUMBERS:
        simulation.set_input(name, period, np.array([float(c.get(name) or 0) for c in cases]))
    return {q: simulation.calculate(q, period) for q in QUESTIONS}


def one(case: dict, tbs: TaxBenefitSystem) -> dict:
    """One case as its own simulation, from OpenFisca's situation format (as its web API takes it)."""
    period = "2024-01"
    person = {name: {period: bool(case.get(name))} for name in BOOLS}
    person.update({name: {period: float(case.get(name) or 0)} for name in NUMBERS})
    simulation = SimulationBuilder().build_from_entities(tbs, {"persons": {"p": person}})
    return {q: simulation.calculate(q, period) for q in QUESTIONS}


def single(path: str) -> dict:
    """CPU time to build the rules, and the mean per case over the file's cases, each its own simulation."""
    start = time.process_time()
    tbs = system()
    built = time.process_time() - start
    with open(path, encoding="utf-8") as f:
        cases = [json.loads(line) for line in f if line.strip()]
    used = 0.0
    for case in cases:
        start = time.process_time()
        one(case, tbs)
        used += time.process_time() - start
    return {"cases": len(cases), "load_seconds": built, "mean_seconds": used / len(cases)}


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--enkelt":
        if "--uden-gc" in argv[2:]:
            gc.disable()
        print(json.dumps(single(argv[1])))
        return 0
    with open(argv[0], encoding="utf-8") as f:
        cases = [json.loads(line) for line in f if line.strip()]
    tbs = system()
    run(cases[:100], tbs)  # warm-up
    best = None
    for _ in range(3):
        start = time.process_time()
        answers = run(cases, tbs)
        used = time.process_time() - start
        best = used if best is None else min(best, used)
    sums = {q: float(np.sum(v)) for q, v in answers.items()}
    print(json.dumps({"cases": len(cases), "seconds": best, "sums": sums}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
