"""Structure indicators of a list of people (cơ cấu): how many are women, young, new members,
counted by category (organization kind, ex officio…) and in total, with exact shares.

Definitions (configurable): *young* means under PERSONNEL_YOUTH_AGE in the congress year
(year − birth year < the age); a *new member* joined the Party in the last
PERSONNEL_NEW_MEMBER_YEARS years up to the congress year (year − joined year < N).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol


class Person(Protocol):
    gender: str
    birth_year: int
    joined_year: int


@dataclass
class Tally:
    key: str
    count: int = 0
    women: int = 0
    young: int = 0
    new: int = 0

    def add(self, person: Person, rules: Rules) -> None:
        self.count += 1
        self.women += person.gender == "F"
        self.young += rules.year - person.birth_year < rules.youth_age
        self.new += rules.year - person.joined_year < rules.new_years

    def share(self, name: str) -> Fraction | None:
        return Fraction(getattr(self, name), self.count) if self.count else None


@dataclass(frozen=True)
class Rules:
    year: int
    youth_age: int
    new_years: int


@dataclass
class Structure:
    rules: Rules
    groups: list[Tally] = field(default_factory=list)
    total: Tally = field(default_factory=lambda: Tally("total"))


def structure(people: Iterable[tuple[str, Person]], rules: Rules,
              order: Sequence[str] = ()) -> Structure:
    """Tally (category, person) pairs; groups come in `order`, then any others by name."""
    tallies: dict[str, Tally] = {}
    result = Structure(rules)
    for key, person in people:
        tallies.setdefault(key, Tally(key)).add(person, rules)
        result.total.add(person, rules)
    keys = [k for k in order if k in tallies] + sorted(k for k in tallies if k not in order)
    result.groups = [tallies[k] for k in keys]
    return result


def rules_from(config: Any, year: int) -> Rules:
    return Rules(year, int(config["PERSONNEL_YOUTH_AGE"]),
                 int(config["PERSONNEL_NEW_MEMBER_YEARS"]))


def as_decimal(value: Fraction | None) -> Decimal | None:
    """For display: Babel formats a Decimal; made from the exact fraction, never a float."""
    if value is None:
        return None
    return Decimal(value.numerator) / Decimal(value.denominator)
