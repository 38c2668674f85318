"""Random small specs with every construct of the language, and random partial cases for them.

A spec is written as lovkode text (so it goes through the parser and the checker like any other):
facts of every type, rules of every type whose bodies are random expressions over facts and earlier
rules, versions in time (some whose content is that the sources are silent), exceptions (some that
conflict), a table by date and one by number (with versions, and gaps where the sources are silent), a
regulated amount with its percentages by finansår (years without a level or a percentage), a skøn and
its lawfulness, and tests of why a value is unknown. Numbers reach the contract's limits
(10¹², 6 decimals, percentages, halves to round), so products overflow int64 and the columns' exact
integers must give way to Decimal (:mod:`lovkode.columnar.scale`).

Now and then a number is multiplied past the 100 digits exact arithmetic holds (»for stort tal«,
:attr:`lovkode.values.UndefinedKind.TOO_BIG`): by a run of 18-digit constants — on every row, or only
on rows whose own number is long enough — or by an unrounded regulated amount that outgrows 100 digits
from 2011. Those choices come from a second random stream, so a seed's spec is otherwise the one it
always was (the tests that name a seed keep their spec's shape).
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

BOOLS = ["b1", "b2", "b3", "b4"]
FACTS = {
    **{b: "sandhedsværdi" for b in BOOLS},
    "n1": "tal", "n2": "tal", "a1": "beløb", "p1": "procent", "h1": "timer",
    "d1": "dato", "d2": "dato", "c1": 'valg mellem "x", "y" og "z"', "t1": "tekst", "k1": "sandhedsværdi",
    "k2": "dato",
}
RESERVED = {"k1", "k2"}
"""Facts only the late skøn's requirements, the regulated amount's key and an anbefaling read, so
whether the anbefaling applies depends on which of them the answers reached (see
:meth:`SpecWriter.late_discretion`)."""
DATES = ["1950-02-28", "1960-01-01", "1999-12-31", "2000-02-29", "2018-07-01", "2019-12-31", "2020-01-01",
         "2021-03-15", "2022-12-31", "2024-01-31", "2024-02-29"]
REASONS = ["reglerne før reformen er ikke kodet", "den nye ordlyd er ikke fundet"]
LONG = ["999.999.999.999,999999", "123.456.789.012,345678", "-987.654.321.098,765432"]
"""Constants of 18 significant digits: six in a product pass 100 digits whatever the other factor is
(unless it is 0), five pass it where the other factor has more than about 10 digits."""
TOO_BIG_CHANCE = 0.05
"""The chance that a number or an amount is multiplied towards 100 digits: about a quarter of the specs
answer some of 40 random rows with »for stort tal« (none did before)."""


class SpecWriter:
    def __init__(self, rng: random.Random, big: random.Random | None = None):
        self.rng = rng
        self.big = big
        """The second stream, for what passes 100 digits; None: never."""
        self.rules: dict[str, str] = {}  # name → type word
        self.lines: list[str] = []
        self.discretions: list[str] = []

    # expressions by type ---------------------------------------------------------------------
    def refs(self, type_word: str) -> list[str]:
        found = [f for f, t in FACTS.items() if t == type_word and f not in RESERVED]
        found += [r for r, t in self.rules.items() if t == type_word]
        return [f"»{name}«" for name in found]

    def gen(self, type_word: str, depth: int = 0) -> str:
        rng = self.rng
        leaf = depth >= 3 or rng.random() < 0.3
        maker = getattr(self, "_" + {"sandhedsværdi": "bool", "tal": "num", "beløb": "amount",
                                     "procent": "percent", "timer": "hours", "dato": "date",
                                     "varighed": "duration"}[type_word])
        text = maker(depth + 1, leaf)
        if self.big is not None and type_word in ("tal", "beløb") and self.big.random() < TOO_BIG_CHANCE:
            text = self._too_big(text, type_word)
        return text

    def _too_big(self, text: str, type_word: str) -> str:
        """``text`` multiplied by four to six 18-digit constants; an amount sometimes plus the regulated
        amount that is too long to compute from 2011 instead."""
        big = self.big
        if type_word == "beløb" and big.random() < 0.25:
            return f"({text} + »stor regulering«)"
        for _ in range(big.choice([4, 5, 5, 6])):
            text = f"({text} × {big.choice(LONG)})"
        return text

    def _pick(self, options):
        return self.rng.choice(options)

    def _if(self, type_word, depth):
        return f"(hvis {self.gen('sandhedsværdi', depth)} så {self.gen(type_word, depth)} ellers {self.gen(type_word, depth)})"

    def _bool(self, depth, leaf):
        rng = self.rng
        refs = self.refs("sandhedsværdi")
        if leaf:
            return self._pick(refs + ["ja", "nej"] if rng.random() < 0.1 else refs)
        choice = rng.randrange(15)
        if choice == 0:
            return f"(ikke {self.gen('sandhedsværdi', depth)})"
        if choice in (12, 13):
            kind = self._pick(["sandhedsværdi", "tal", "beløb", "dato", "varighed"])
            test = self._pick(["kilderne er tavse om", "der mangler oplysninger til"])
            return f"({test} {self._pick(self.refs(kind)) if rng.random() < 0.5 else self.gen(kind, depth)})"
        if choice == 14 and self.discretions:
            return f"({self._pick(self.discretions)} er lovligt udøvet)"
        if choice in (1, 2):
            op = self._pick(["og", "eller"])
            parts = [self.gen("sandhedsværdi", depth) for _ in range(rng.randrange(2, 4))]
            return "(" + f" {op} ".join(parts) + ")"
        if choice == 3:
            kind = self._pick(["tal", "beløb", "timer"])
            return f"({self.gen(kind, depth)} {self._pick(['<', '≤', '>', '≥', '=', '≠'])} {self.gen(kind, depth)})"
        if choice == 4:
            return f"({self.gen('dato', depth)} {self._pick(['<', '≤', '>', '≥', '=', '≠'])} {self.gen('dato', depth)})"
        if choice == 5:
            return f"(»c1« {self._pick(['=', '≠'])} \"{self._pick(['x', 'y', 'z'])}\")"
        if choice == 6:
            kind = self._pick(["tal", "dato", "sandhedsværdi", "varighed"])
            return f"({self.gen(kind, depth)} er {self._pick(['ukendt', 'oplyst'])})"
        if choice == 7:
            return self._if("sandhedsværdi", depth)
        if choice == 8:
            return f"(»t1« {self._pick(['=', '≠'])} \"a\")"
        if choice == 9:
            return f"({self.gen('varighed', depth)} {self._pick(['<', '=', '≥'])} {self.gen('varighed', depth)})"
        if choice == 10:
            return f"({self.gen('sandhedsværdi', depth)} = {self.gen('sandhedsværdi', depth)})"
        return self._pick(refs)

    def _num(self, depth, leaf):
        rng = self.rng
        if leaf:
            return self._pick(self.refs("tal") + ["0", "3", "12,5", "1.000", "0,000001", "999.999.999.999",
                                                  "0,5", "123.456,789012"])
        choice = rng.randrange(12)
        if choice < 4:
            op = self._pick(["+", "-", "×", "/"])
            return f"({self.gen('tal', depth)} {op} {self.gen('tal', depth)})"
        if choice == 4:
            return f"({self.gen('beløb', depth)} / {self.gen('beløb', depth)})"
        if choice == 5:
            months = self._pick(["1 år", "6 måneder", "65 år 6 måneder"] + self.refs("varighed"))
            if self.rng.random() < 0.5:
                months = f"({self.gen('varighed', depth)} + 1 år)"
            return f"({months} i år)"
        if choice == 6:
            return f"(hele år fra {self.gen('dato', depth)} til {self.gen('dato', depth)})"
        if choice == 7:
            parts = ", ".join(self.gen("tal", depth) for _ in range(rng.randrange(2, 4)))
            return f"{self._pick(['mindste', 'største'])} af ({parts})"
        if choice == 8:
            return f"(-{self.gen('tal', depth)})"
        if choice == 9:
            return f"({self.gen('tal', depth)} afrundet til hele kroner)"
        if choice == 10:
            return self._if("tal", depth)
        return f"({self.gen('tal', depth)} × {self.gen('tal', depth)})"

    def _amount(self, depth, leaf):
        rng = self.rng
        if leaf:
            return self._pick(self.refs("beløb") + ["100 kr.", "2.450,50 kr.", "999.999.999.999,99 kr.", "0,005 kr."])
        choice = rng.randrange(8)
        if choice == 0:
            return f"({self.gen('beløb', depth)} {self._pick(['+', '-'])} {self.gen('beløb', depth)})"
        if choice == 1:
            return f"({self.gen('procent', depth)} af {self.gen('beløb', depth)})"
        if choice == 2:
            return f"({self.gen('beløb', depth)} × {self.gen('tal', depth)})"
        if choice == 3:
            return f"({self.gen('beløb', depth)} afrundet til hele kroner)"
        if choice == 4:
            return f"{self._pick(['største', 'mindste'])} af ({self.gen('beløb', depth)}, {self.gen('beløb', depth)})"
        if choice == 5:
            return self._if("beløb", depth)
        if choice == 6:
            return f"({self.gen('beløb', depth)} / {self.gen('tal', depth)})"
        return self._pick(self.refs("beløb"))

    def _percent(self, depth, leaf):
        if leaf or self.rng.random() < 0.5:
            return self._pick(self.refs("procent") + ["35 %", "100 %", "12,5 %", "0,000001 %"])
        return f"({self.gen('procent', depth)} × {self.gen('tal', depth)})"

    def _hours(self, depth, leaf):
        if leaf or self.rng.random() < 0.5:
            return self._pick(self.refs("timer") + ["7 timer", "37 timer"])
        return f"({self.gen('procent', depth)} af {self.gen('timer', depth)})"

    def _date(self, depth, leaf):
        rng = self.rng
        if leaf:
            return self._pick(self.refs("dato") + [self._pick(DATES)])
        choice = rng.randrange(5)
        if choice == 0:
            return f"({self.gen('dato', depth)} + {self.gen('varighed', depth)})"
        if choice == 1:
            return f"({self.gen('dato', depth)} - {self.gen('varighed', depth)})"
        if choice == 2:
            return f"({self.gen('varighed', depth)} + {self.gen('dato', depth)})"
        if choice == 3:
            return self._if("dato", depth)
        return self._pick(self.refs("dato"))

    def _duration(self, depth, leaf):
        rng = self.rng
        literals = ["1 år", "6 måneder", "65 år 6 måneder", "10 dage", "1 måned", "9999 år"]
        if leaf:
            return self._pick(literals + self.refs("varighed"))
        choice = rng.randrange(4)
        if choice == 0:
            return f"({self.gen('varighed', depth)} {self._pick(['+', '-'])} {self.gen('varighed', depth)})"
        if choice == 1:
            return f"(-{self.gen('varighed', depth)})"
        if choice == 2:
            return self._if("varighed", depth)
        return self._pick(literals + self.refs("varighed"))

    # declarations ------------------------------------------------------------------------------
    def body(self, type_word: str, indent: str) -> list[str]:
        if type_word == "sandhedsværdi":
            cond = self.gen("sandhedsværdi")
            if self.rng.random() < 0.2:
                reading = "men kravet bortfalder, når" if self.rng.random() < 0.5 else "men ikke når"
                cond += f", {reading} {self.gen('sandhedsværdi')}"
            return [f"{indent}er {'ikke ' if self.rng.random() < 0.2 else ''}opfyldt, når {cond}"]
        return [f"{indent}er {self.gen(type_word)}"]

    def rule(self, name: str, type_word: str, section: int) -> None:
        rng = self.rng
        head = f"spørgsmål »{name}«" + ("" if type_word == "sandhedsværdi" else f": {type_word}")
        lines = [head, f"  hjemmel: LAB § {section}"]
        style = rng.randrange(5)
        if style == 0:
            lines += self.body(type_word, "  ")
        elif style >= 3:  # the sources are silent in a period, and say why
            cut, later = self._pick([("2000-01-01", "2020-01-01"), ("2019-12-31", "2022-01-01")])
            silent = [f'    kilderne er tavse: "{self._pick(REASONS)}"']
            if rng.random() < 0.5:
                silent.insert(0, f"    hjemmel: LAB § {section}, stk. 9")
            law = " (lov nr. 1750/2025)" if rng.random() < 0.5 else ""
            if style == 3:
                lines.append(f"  version før {cut}{law}:")
                lines += silent
                lines.append(f"  version fra {cut}:")
                lines += self.body(type_word, "    ")
            else:
                lines.append(f"  version før {cut}:")
                lines += self.body(type_word, "    ")
                lines.append(f"  version fra {cut} før {later}{law}:")
                lines += silent
                lines.append(f"  version fra {later}:")
                lines += self.body(type_word, "    ")
        else:
            cut = self._pick(["2020-01-01", "2000-01-01"])
            lines.append(f"  version fra {cut}:")
            lines += self.body(type_word, "    ")
            if style == 1:  # before the cut too; otherwise the sources are silent before it
                lines.append(f"  version før {cut}:")
                lines += self.body(type_word, "    ")
        self.lines += lines
        for k in range(rng.randrange(3)):
            self.exception(name, type_word, section, k)
        self.rules[name] = type_word

    def exception(self, name: str, type_word: str, section: int, k: int) -> None:
        lines = [f"undtagelse »{name} u{k}« til »{name}«", f"  hjemmel: LAB § {section}, stk. {k + 2}"]
        when = self.gen("sandhedsværdi", 1)
        if type_word == "sandhedsværdi":
            stmt = f"er {'ikke ' if self.rng.random() < 0.5 else ''}opfyldt, når {when}"
        else:
            stmt = f"er {self.gen(type_word, 1)}, når {when}"
        if self.rng.random() < 0.3:
            lines += ["  version fra 2020-01-01:", "    " + stmt]
        else:
            lines.append("  " + stmt)
        self.lines += lines

    def tables(self) -> None:
        self.lines += [
            "tabel »tabel efter dato« efter »d1«: varighed",
            "  hjemmel: LAB § 90",
            "  - før 1960-01-01: 65 år",
            "  - fra 1960-01-01 før 2000-01-01: 66 år 6 måneder",
            "  - efter 2019-12-31: 10 dage",
            "tabel »tabel efter tal« efter »n1«: beløb",
            "  hjemmel: LAB § 91",
            "  version fra 2020-01-01:",
            "    - før 0: 1 kr.",
            "    - fra 0 til og med 10: »a1«",
            "    - efter 100: 250,5 kr.",
            "  version før 2020-01-01:",
            "    - fra 3: 7 kr.",
        ]
        self.rules["tabel efter dato"] = "varighed"
        self.rules["tabel efter tal"] = "beløb"

    def regulation(self) -> None:
        """A regulated amount keyed on »k2«: levels in 2010 and 2018, regulated from 2019 by a percentage
        table with a gap, so a year may have an amount, no level (NO_LEVEL) or no percentage (NO_RATE)."""
        rng = self.rng
        rows = [("2019", "0,2 %"), ("2020", "-0,8 %"), ("2022", "1,5 %"), ("2023", "2,8 %")]
        if rng.random() < 0.5:
            rows.insert(2, ("2021", "0,3 %"))
        self.lines += ["tabel »pct« efter finansår: procent", "  hjemmel: LAB § 94"]
        for year, value in rows:
            self.lines.append(f"  - {year}: {value}")
            if rng.random() < 0.5:
                self.lines.append(f"    hjemmel: BEK nr. {year[2:]} § 2")
        years = self._pick(["fra 2019", "fra 2019 til og med 2022"])
        percent = self._pick(["1,7 % + »pct«", "»pct« - 0,5 %", "»pct«"])
        self.lines += [
            "reguleret beløb »reg« efter »k2«",
            "  hjemmel: LAB § 95",
            "  niveau 2010: 900 kr.",
            "  niveau 2018: 1.000,50 kr.",
            "    hjemmel: BEK nr. 18 § 1",
            f"  reguleres {years} med {percent}",
        ]
        if rng.random() < 0.5:
            self.lines.append("  beløbet afrundes til hele kroner hvert år")
        self.rules["reg"] = "beløb"

    def long_regulation(self) -> None:
        """An unrounded regulated amount that gains 8 decimals a year: exact through 2010, more than 100
        digits from 2011 to 2030 (undefined arithmetic), silent after. Only :meth:`_too_big` reads it."""
        self.lines += [
            "reguleret beløb »stor regulering« efter »k2«",
            "  hjemmel: LAB § 89",
            "  niveau 2000: 999.999,999999 kr.",
            "  reguleres fra 2001 til og med 2030 med 1,234567 %",
        ]

    def discretion(self, name: str = "skønnet", section: int = 92) -> None:
        self.lines += [
            f"skøn »{name}«",
            f"  hjemmel: LAB § {section}",
            f"  vurdering: {self.gen('sandhedsværdi', 2)}",
            "  krav:",
            "    - »b2«",
            f"    - {self.gen('sandhedsværdi', 2)}",
            "  hensyn imod:",
            "    - »b3«",
            f"    - {self.gen('sandhedsværdi', 2)}",
        ]
        if self.rng.random() < 0.7:
            self.lines.append(f"  afvejning: {self.gen('sandhedsværdi', 2)}")
        self.rules[name] = "sandhedsværdi"
        self.discretions.append(f"»{name}«")

    def late_discretion(self, index: int) -> None:
        """A skøn whose first requirement is a rule no question asks (»hjælper«) and whose second is a
        reserved fact, asked about by a question, and an anbefaling on the two. The scalar path reads a
        skøn's lawfulness a second time for its annotation, on a stack of its own: the rule it reaches
        there counts as reached, the fact does not — which decides whether »råd om skønnet« applies."""
        self.lines += ["regel »hjælper«", "  hjemmel: LAB § 97",
                       f"  er opfyldt, når {self.gen('sandhedsværdi', 1)}"]
        self.lines += [
            "skøn »sent skøn«",
            "  hjemmel: LAB § 96",
            "  vurdering: »b1«",
            "  krav:",
            "    - »hjælper«",
            "    - »k1«",
            f"    - {self.gen('sandhedsværdi', 2)}",
            "  hensyn imod:",
            f"    - {self.gen('sandhedsværdi', 2)}",
            "  afvejning: »b4«",
        ]
        self.rules["sent skøn"] = "sandhedsværdi"
        body = self._pick(["»sent skøn«", f"(»sent skøn« eller {self.gen('sandhedsværdi', 2)})",
                           "(ikke (»sent skøn« er lovligt udøvet))",
                           "(»sent skøn« og (»sent skøn« er lovligt udøvet))"])
        self.lines += [f"spørgsmål »r{index}«", f"  hjemmel: LAB § {index + 1}", f"  er opfyldt, når {body}"]
        self.rules[f"r{index}"] = "sandhedsværdi"
        asked = [f"»{name}«" for name in self.rules if name.startswith("r")]
        self.lines += [f"spørgsmål »r{index + 1}«", f"  hjemmel: LAB § {index + 2}",
                       f"  er opfyldt, når ((kilderne er tavse om {self._pick(asked)}) = "
                       f"(der mangler oplysninger til {self._pick(asked)}))"]
        self.rules[f"r{index + 1}"] = "sandhedsværdi"
        self.lines += [
            "anbefaling »råd om skønnet«",
            "  hjemmel: LAB § 98",
            "  gives, når »k1« eller »hjælper«",
            '  tekst: "Et råd om skønnet."',
            "anbefaling »råd om reguleringen«",  # applies where the answers reached the regulated amount
            "  hjemmel: LAB § 99",
            "  gives, når »k2« er oplyst",
            '  tekst: "Et råd om reguleringen."',
        ]

    def recommendation(self) -> None:
        self.lines += [
            "anbefaling »råd«",
            "  hjemmel: LAB § 93",
            f"  gives, når {self.gen('sandhedsværdi', 2)}",
            '  tekst: "Et råd."',
        ]


def random_spec_text(seed: int, too_big: bool = True) -> str:
    """The spec for ``seed``; ``too_big=False`` leaves out what passes 100 digits."""
    rng = random.Random(seed)
    writer = SpecWriter(rng, random.Random(f"for stort tal {seed}") if too_big else None)
    lines = [f"faktum »{name}«: {type_word}" for name, type_word in FACTS.items()]
    writer.lines = lines
    writer.tables()
    writer.regulation()
    if too_big:
        writer.long_regulation()
    writer.discretion()
    types = ["sandhedsværdi", "tal", "beløb", "dato", "varighed", "sandhedsværdi", "timer"]
    count = rng.randrange(4, 9)
    for i in range(count):
        writer.rule(f"r{i}", rng.choice(types), i + 1)
    writer.late_discretion(count)
    writer.recommendation()
    return "\n".join(writer.lines) + "\n"


def random_case(rng: random.Random, bad: bool = False) -> dict:
    """A partial case: each fact absent, null or a value; with ``bad``, sometimes a wrong value."""
    case = {}
    for name, type_word in list(FACTS.items()) + [("afgørelsesdato", "dato")]:
        roll = rng.random()
        if roll < 0.2:
            continue
        if roll < 0.25:
            case[name] = None
            continue
        if type_word == "sandhedsværdi":
            value = rng.random() < 0.5
        elif type_word == "tal":
            value = rng.choice([0, 1, 3, -2, 7.5, 12, 250, 1e-7, 0.1, -2.5, 0.000001, 999999999999, -999999999999.5,
                                123456.789012, 1e12, 2**63, Decimal("0.1234567"), Decimal("1.500")])
        elif type_word == "beløb":
            value = rng.choice([0, 100, 2450.5, 16323, 99.99, 999999999999.99, -0.5, 0.005, Decimal("16323.10")])
        elif type_word == "procent":
            value = rng.choice([0, 35, 100, 12.5, 0.000001, 99.999999, 100.5, -1])
        elif type_word == "timer":
            value = rng.choice([0, 7, 37.5, 0.25, -0.0, -1])
        elif type_word == "dato":
            value = rng.choice(DATES + [(dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(40000))).isoformat()])
        elif type_word == "tekst":
            value = rng.choice(["a", "b"])
        else:
            value = rng.choice(["x", "y", "z"])
        case[name] = value
    if bad and rng.random() < 0.3:
        case[rng.choice(list(FACTS))] = rng.choice(["ikke et tal", 1e15, "2024-02-30", 5, [1]])
    if bad and rng.random() < 0.05:
        case["ukendt_faktum"] = None
    return case
