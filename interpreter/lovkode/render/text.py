"""Danish text: values as a caseworker writes them, and the begrundelse of an answer.

The begrundelse is rendered from the explanation tree (:mod:`lovkode.trace`): the conclusion, the
provisions, the decisive conditions in sentences, the facts it rests on, and the missing facts as
questions to ask.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..values import Duration

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december")


def danish_number(value: Decimal) -> str:
    """16323 → '16.323', 12.5 → '12,5'."""
    value = value.normalize() if value != value.to_integral_value() else value.quantize(Decimal(1))
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = ".".join(groups)
    return sign + result + ("," + fraction if fraction else "")


def format_value(value, kind: str | None = None) -> str:
    """A value as Danish text; ``kind`` (a type word) adds the unit."""
    if value is None:
        return "ukendt"
    if value is True:
        return "ja"
    if value is False:
        return "nej"
    if isinstance(value, Decimal):
        number = danish_number(value)
        if kind == "beløb":
            return f"{number} kr."
        if kind == "timer":
            return f"{number} timer"
        if kind == "procent":
            return f"{number} %"
        return number
    if isinstance(value, dt.date):
        return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"
    if isinstance(value, Duration):
        return str(value)
    return str(value)


def _state(node: dict, info: dict) -> str:
    value, kind, name = info[node["name"]]
    label = f"»{name}«"
    if node["kind"] == "faktum":
        if value is None:
            return f"{label} er ikke oplyst"
        return f"{label} er oplyst som {format_value(value, kind)}"
    if value is True and kind == "sandhedsværdi":
        return f"{label} er opfyldt"
    if value is False and kind == "sandhedsværdi":
        return f"{label} er ikke opfyldt"
    if value is None:
        if node.get("kilderne_tavse"):
            return f"{label} kan ikke fastslås — kilderne er tavse"
        return f"{label} kan ikke afgøres endnu"
    return f"{label} er {format_value(value, kind)}"


def _decisive(node: dict, info: dict) -> list[dict]:
    """The children that carried the result: for `og` false, the false parts; for unknown, the unknown ones."""
    children = node.get("because", [])
    value, kind, _ = info[node["name"]]
    if value is None:
        # Only the parts that leave the answer open: their missing facts are among the node's own.
        missing = set(node.get("missing", ()))
        open_parts = [c for c in children if info[c["name"]][0] is None
                      and (missing.intersection(c.get("missing", ())) or c.get("kilderne_tavse"))]
        return open_parts or [c for c in children if info[c["name"]][0] is None] or children
    if isinstance(value, bool) and kind == "sandhedsværdi":
        same = [c for c in children if info[c["name"]][0] is value]
        return same or children
    return children


def _sentences(node: dict, info: dict, depth: int, lines: list[str], max_depth: int = 6, expand=lambda c: c) -> None:
    indent = "  " * depth
    cite = f" ({expand(node['citation'])})" if node.get("citation") and node["kind"] != "faktum" else ""
    extra = ""
    if node.get("undtagelse"):
        extra = f"; undtagelsen {node['undtagelse']['navn']} gælder"
        if node["undtagelse"].get("citation"):
            extra += f" ({expand(node['undtagelse']['citation'])})"
    if node.get("version"):
        version = node["version"]
        extra += f"; efter reglerne {version['gælder']}" + (f" ({version['lov']})" if version.get("lov") else "")
    if node.get("skøn"):
        skon = node["skøn"]
        if skon.get("hensyn_til_stede"):
            extra += "; hensyn imod: " + ", ".join(f"»{h}«" for h in skon["hensyn_til_stede"])
            extra += " — afvejet" if skon.get("afvejet") is True else " — ikke afvejet" if skon.get("afvejet") is False else ""
        if skon.get("lovligt_udøvet") is False:
            extra += "; skønnet er ikke lovligt udøvet og skal foretages igen"
            if skon.get("uopfyldte_krav"):
                extra += " (" + ", ".join(f"»{k}« er ikke opfyldt" for k in skon["uopfyldte_krav"]) + ")"
    decisive = _decisive(node, info) if node["kind"] != "faktum" else []
    sentence = f"{_state(node, info)}{cite}{extra}"
    ending = ", fordi:" if decisive and depth < max_depth else "" if sentence.endswith(".") else "."
    lines.append(f"{indent}- {sentence}{ending}")
    for tavs in node.get("kilderne_tavse", []) if depth == 0 or not decisive else []:
        lines.append(f"{indent}  - {tavs}")
    for step in node.get("regulering", []):
        lines.append(f"{indent}  - {step}")
    if depth < max_depth:
        for child in decisive:
            _sentences(child, info, depth + 1, lines, max_depth, expand)


def begrundelse(node: dict, facts_used: list[str], missing_questions: list[str], info: dict, expand=lambda c: c,
                citation: str | None = None) -> str:
    """The Danish reasons for one answer, ready to paste into a decision.

    ``info`` maps each name in the tree to its Python value and type word (see :class:`lovkode.trace.Tracer`).
    """
    lines = []
    value, kind, name = info[node["name"]]
    title = name[:1].upper() + name[1:]
    lines.append(f"{title}: {format_value(value, kind)}")
    if citation:
        lines.append(f"Hjemmel: {citation}")
    lines.append("")
    lines.append("Begrundelse:")
    _sentences(node, info, 0, lines, expand=expand)
    for conflict in node.get("konflikt", []):
        lines.append(f"  Modstridende undtagelser: {' og '.join(conflict)}.")
    if facts_used:
        lines.append("")
        lines.append("Afgørelsen bygger på disse oplysninger:")
        for fact in facts_used:
            lines.append(f"- {fact}")
    if missing_questions:
        lines.append("")
        lines.append("For at afgøre spørgsmålet mangler disse oplysninger:")
        for question in missing_questions:
            lines.append(f"- {question}")
    return "\n".join(lines)
