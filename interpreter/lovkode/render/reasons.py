"""Danish wording of why an answer is what it is, where the evaluator only leaves typed data: the
sources' silence, undefined arithmetic, and the steps of a regulated amount.

The evaluator and the checker hand over :class:`~lovkode.values.Silence`,
:class:`~lovkode.values.UndefinedKind` and :class:`~lovkode.regulation.YearAmount` values; every word
a reader sees about them is written here.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..values import EXACT_DIGITS, Silence, SilenceKind, UndefinedKind
from .text import format_value


def amount(value: Decimal) -> str:
    """An amount as a caseworker writes it: 16.910,63 kr., 16.911 kr."""
    return format_value(value, "beløb")


def percent(value: Decimal) -> str:
    return format_value(value, "procent")


def _key(key) -> str:
    if isinstance(key, dt.date):
        return format_value(key)
    if isinstance(key, int):
        return str(key)
    return format_value(key)


def silence_text(silence: Silence) -> str:
    """One sentence saying what the sources are silent about, and why where the spec says why."""
    kind, subject = silence.kind, silence.subject
    if kind is SilenceKind.STATED:
        where = f" ({silence.citation})" if silence.citation else ""
        return f"Kilderne er tavse om {subject} {silence.key}: {silence.reason}{where}."
    if kind is SilenceKind.NO_VERSION:
        return f"Kilderne siger intet om {subject} pr. {_key(silence.key)}."
    if kind is SilenceKind.NO_ROW:
        return f"Kilderne angiver ingen værdi i {subject} for {_key(silence.key)}."
    if kind is SilenceKind.NO_LEVEL:
        return (f"Kilderne angiver ikke {subject} i {silence.key}-niveau, og ingen regulering i kilderne "
                f"fører frem til {silence.key}.")
    if kind is SilenceKind.NO_RATE:
        what = f"{silence.reason} for finansåret {silence.key}" if silence.reason else f"procenten for {silence.key}"
        return (f"{subject} kan ikke reguleres frem til {silence.key}: {what} er ikke i kilderne, og lovkode "
                f"regner aldrig et beløb frem uden kilde.")
    raise ValueError(kind)


_UNDEFINED = {
    UndefinedKind.DIVISION_BY_ZERO: "Division med nul: resultatet er ikke defineret.",
    UndefinedKind.OFF_CALENDAR: "Datoen falder uden for kalenderen.",
    UndefinedKind.DAYS_IN_YEARS: "En varighed i dage kan ikke omregnes entydigt til år.",
    UndefinedKind.MIXED_DURATION: "Varigheder med både måneder og dage kan ikke lægges sammen entydigt.",
    UndefinedKind.TOO_BIG: (f"Tallet bliver for stort: det eksakte resultat har mere end {EXACT_DIGITS} cifre, så "
                            "resultatet er ikke defineret."),
}


def undefined_text(kind: UndefinedKind) -> str:
    return _UNDEFINED[kind]


def rate_text(year_amount) -> str:
    """The year's percentage and what it is made of: »3,6 % (1,7 % + tilpasningsprocent 1,9 % for 2025,
    BEK nr. 983 af 20. august 2024 § 2)«."""
    terms = []
    for i, part in enumerate(year_amount.parts):
        sign = "" if i == 0 and part.sign > 0 else ("+ " if part.sign > 0 else "− ")
        if part.table is None:
            terms.append(f"{sign}{percent(part.percent)}")
        else:
            source = f", {part.citation}" if part.citation else ""
            terms.append(f"{sign}{part.table} {percent(part.percent)} for {year_amount.year}{source}")
    total = percent(year_amount.percent)
    if len(year_amount.parts) == 1 and year_amount.parts[0].table is None:
        return total
    return f"{total} ({' '.join(terms)})"


def regulation_step(year_amount, computed: bool = False) -> str:
    """One year of a regulated amount in words a caseworker can verify:
    »16.911 kr. = 16.323 kr. reguleret med 3,6 % (…) = 16.910,63 kr., afrundet«. A year a source also
    states is shown as that level, unless ``computed`` asks for the regulation (to hold it against it)."""
    if year_amount.previous is None or (year_amount.stated is not None and not computed):
        where = year_amount.stated.citation if year_amount.stated is not None else None
        source = f" ({where})" if where else ""
        return f"{amount(year_amount.value)} i {year_amount.year}-niveau{source}"
    text = (f"{amount(year_amount.value)} for {year_amount.year} = {amount(year_amount.previous)} reguleret med "
            f"{rate_text(year_amount)}")
    if year_amount.unrounded != year_amount.value:
        text += f" = {amount(year_amount.unrounded)}, afrundet til hele kroner"
    step = year_amount.step
    if step is not None and step.citation:
        text += f" ({step.citation})"
    return text


def regulation_table(amount) -> str:
    """A regulated amount year by year as a Markdown table, with the source of each percentage and
    each stated level — what the site shows under the rule (``amount``: :class:`lovkode.api.RegulatedAmount`).
    A year too long to compute says so, not that the sources are silent about it."""
    rows = ["| år | beløb | regulering | kilde |", "| --- | ---: | --- | --- |"]
    known = {year.year: year for year in amount.years}
    shown = known.keys() | amount.too_big
    for number in range(min(shown, default=0), max(shown, default=-1) + 1):
        year = known.get(number)
        if number in amount.too_big:
            rows.append(f"| {number} | ikke defineret | — | {_UNDEFINED[UndefinedKind.TOO_BIG]} |")
            continue
        if year is None:
            rows.append(f"| {number} | ukendt | — | ingen kilde angiver {number}-niveau, og ingen regulering i "
                        f"kilderne dækker året |")
            continue
        if year.previous is None:
            regulation = "—"
            source = f"angivet i {year.year}-niveau: {year.stated.citation}" if year.stated and year.stated.citation \
                else f"angivet i {year.year}-niveau"
        else:
            regulation = f"{rate_text(year)} af {amount_text(year.previous)}"
            if year.unrounded != year.value:
                regulation += f" = {amount_text(year.unrounded)}, afrundet"
            source = "beregnet"
            if year.stated is not None:
                source = f"= {year.stated.citation or 'angivet niveau'}"
        rows.append(f"| {year.year} | {amount_text(year.value)} | {regulation} | {source} |")
    return "\n".join(rows) + "\n"


amount_text = amount
