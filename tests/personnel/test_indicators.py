"""Structure indicators: counts and exact shares of women, young and new members by group."""

from dataclasses import dataclass
from fractions import Fraction

from intranet.personnel.indicators import Rules, as_decimal, structure

RULES = Rules(year=2025, youth_age=35, new_years=5)


@dataclass
class P:
    gender: str
    birth_year: int
    joined_year: int


def test_counts_and_shares_by_group_and_in_total():
    people = [("cell", P("F", 1995, 2022)), ("cell", P("M", 1990, 2020)),
              ("cell", P("F", 1960, 1985)), ("committee", P("M", 1980, 2021))]
    result = structure(people, RULES, order=("committee", "cell"))
    assert [g.key for g in result.groups] == ["committee", "cell"]
    cell = result.groups[1]
    assert (cell.count, cell.women, cell.young, cell.new) == (3, 2, 1, 1)
    assert cell.share("women") == Fraction(2, 3)
    assert (result.total.count, result.total.new) == (4, 2)


def test_the_thresholds_are_exclusive_and_configurable():
    born_1990 = P("M", 1990, 2021)  # 35 in 2025: not under 35; joined 4 years ago: new
    assert structure([("x", born_1990)], RULES).total.young == 0
    assert structure([("x", born_1990)], RULES).total.new == 1
    assert structure([("x", P("M", 1990, 2020))], RULES).total.new == 0  # 5 years ago
    assert structure([("x", born_1990)], Rules(2025, 36, 3)).total.young == 1


def test_an_empty_list_has_no_shares():
    result = structure([], RULES)
    assert result.groups == [] and result.total.share("women") is None
    assert as_decimal(None) is None
    assert str(as_decimal(Fraction(1, 8))) == "0.125"
