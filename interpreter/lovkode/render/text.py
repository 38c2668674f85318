"""Danish text for values as a caseworker writes them: numbers, amounts, dates, durations.

The begrundelse itself is written by :mod:`lovkode.render.begrundelse`.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..values import Duration, normalise

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december")


def danish_number(value: Decimal) -> str:
    """16323 → '16.323', 12.5 → '12,5'."""
    value = normalise(value)  # in lovkode's own context: every digit kept, whatever the caller's is
    sign = "-" if value < 0 else ""
    text = format(value.copy_abs(), "f")  # abs() would round to the caller's context
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
