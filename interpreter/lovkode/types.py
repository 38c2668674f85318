"""The types of lovkode values, with the Danish words used in specs and messages."""
from __future__ import annotations

import attrs

BOOL = "sandhedsværdi"
NUMBER = "tal"
HOURS = "timer"
PERCENT = "procent"
AMOUNT = "beløb"
DATE = "dato"
DURATION = "varighed"
TEXT = "tekst"
CHOICE = "valg"

NUMERIC = frozenset({NUMBER, HOURS, PERCENT, AMOUNT})

_ARTICLE = {
    BOOL: "en sandhedsværdi",
    NUMBER: "et tal",
    HOURS: "et timetal",
    PERCENT: "en procent",
    AMOUNT: "et beløb",
    DATE: "en dato",
    DURATION: "en varighed",
    TEXT: "en tekst",
    CHOICE: "et valg",
}


@attrs.frozen
class Type:
    kind: str
    choices: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind == CHOICE:
            quoted = [f'"{c}"' for c in self.choices]
            return "valg mellem " + ", ".join(quoted[:-1]) + " og " + quoted[-1] if len(quoted) > 1 else "valg"
        return self.kind

    @property
    def described(self) -> str:
        """With an article, for messages: 'en dato', 'et beløb'."""
        return _ARTICLE.get(self.kind, self.kind)

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC

    def accepts(self, other: "Type") -> bool:
        """Whether a value of ``other`` can stand where this type is wanted."""
        if self.kind == CHOICE:
            return other.kind == CHOICE and set(other.choices) <= set(self.choices) or other.kind == TEXT
        if self.kind == TEXT:
            return other.kind in (TEXT, CHOICE)
        if self.kind == other.kind:
            return True
        return self.numeric and other.kind == NUMBER


T_BOOL = Type(BOOL)
T_NUMBER = Type(NUMBER)
T_HOURS = Type(HOURS)
T_PERCENT = Type(PERCENT)
T_AMOUNT = Type(AMOUNT)
T_DATE = Type(DATE)
T_DURATION = Type(DURATION)
T_TEXT = Type(TEXT)
