"""The largest-remainder arithmetic, exactly: sums, ties, minimums, and its properties."""

import math
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intranet.personnel.quota import (
    RULE_LARGER_MEMBERSHIP,
    RULE_LISTING_ORDER,
    Claim,
    QuotaError,
    allocate,
    decimal_text,
)


def claims(*members):
    return [Claim(key=chr(ord("a") + i), members=m, order=i) for i, m in enumerate(members)]


def seats_of(result):
    return [s.seats for s in result.shares]


def test_proportional_when_the_quotas_are_whole():
    result = allocate(claims(50, 30, 20), 10)
    assert seats_of(result) == [5, 3, 2]
    assert result.ties == () and result.rounds == 1


def test_leftover_seats_go_to_the_largest_remainders():
    result = allocate(claims(4, 3, 3), 4)  # quotas 1.6, 1.2, 1.2
    assert seats_of(result) == [2, 1, 1]
    first = result.shares[0]
    assert (first.quota, first.floor, first.remainder) == (Fraction(8, 5), 1, Fraction(3, 5))
    assert first.remainder_seat and not result.shares[1].remainder_seat


def test_quotas_are_exact_fractions_never_floats():
    result = allocate(claims(1, 1, 1), 1)
    assert all(isinstance(s.quota, Fraction) for s in result.shares)
    assert sum(s.quota for s in result.shares) == 1  # 1/3 + 1/3 + 1/3, exactly


def test_tie_at_the_cut_off_goes_to_the_larger_membership_and_is_recorded():
    result = allocate(claims(2, 7, 1), 2)  # quotas 0.4, 1.4, 0.2: a and b tie at 0.4
    assert seats_of(result) == [0, 2, 0]
    (tie,) = result.ties
    assert tie.remainder == Fraction(2, 5)
    assert tie.candidates == ("b", "a") and tie.winners == ("b",)
    assert tie.rule == RULE_LARGER_MEMBERSHIP
    assert result.shares[0].tied and result.shares[1].tied and not result.shares[2].tied


def test_tie_between_equal_organizations_goes_by_listing_order():
    result = allocate(claims(10, 10, 10), 2)
    assert seats_of(result) == [1, 1, 0]
    (tie,) = result.ties
    assert tie.winners == ("a", "b") and tie.rule == RULE_LISTING_ORDER


def test_listing_order_is_the_claims_order_field_not_their_position():
    shuffled = [Claim("a", 10, order=3), Claim("b", 10, order=1), Claim("c", 10, order=2)]
    result = allocate(shuffled, 1)
    assert result.by_key()["b"].seats == 1


def test_equal_remainders_that_all_get_a_seat_are_no_tie():
    result = allocate(claims(10, 10, 10, 5), 3)  # 0.857 ×3 and 0.43: three leftover seats
    assert seats_of(result) == [1, 1, 1, 0]
    assert result.ties == ()


def test_the_minimum_holds_small_organizations_and_the_rest_share_what_is_left():
    result = allocate(claims(100, 1, 1), 10, minimum=1)
    assert seats_of(result) == [8, 1, 1]
    small = result.shares[1]
    assert small.held_at_minimum and small.quota == Fraction(10, 102)
    assert result.pool_seats == 8 and result.pool_members == 100


def test_the_minimum_is_applied_again_until_no_quota_is_below_it():
    result = allocate(claims(1, 30, 69), 10, minimum=3)
    # round 1 holds a (0.1); round 2: b = 30 × 7 / 99 = 2.12 < 3 is held too
    assert seats_of(result) == [3, 3, 4]
    assert result.rounds == 3
    assert [s.held_at_minimum for s in result.shares] == [True, True, False]


def test_a_minimum_that_does_not_bind_changes_nothing():
    assert seats_of(allocate(claims(50, 30, 20), 10, minimum=2)) == [5, 3, 2]


def test_more_minimums_than_seats_is_a_clear_error():
    with pytest.raises(QuotaError) as caught:
        allocate(claims(*range(1, 12)), 10, minimum=1)
    assert caught.value.code == "minimum_exceeds_seats"
    assert caught.value.details == {"needed": 11, "seats": 10, "organizations": 11, "minimum": 1}
    assert "needs 11 seats" in str(caught.value)


def test_minimums_exactly_filling_the_seats_give_each_the_minimum():
    assert seats_of(allocate(claims(500, 3, 1), 6, minimum=2)) == [2, 2, 2]


@pytest.mark.parametrize("bad, code", [
    (dict(claims=claims(1, 2), seats=-1), "negative"),
    (dict(claims=claims(1, -2), seats=3), "negative"),
    (dict(claims=[Claim("a", 1), Claim("a", 2)], seats=3), "duplicate"),
    (dict(claims=[], seats=3), "no_claims"),
    (dict(claims=claims(0, 0), seats=3), "no_members"),
])
def test_impossible_inputs_are_refused(bad, code):
    with pytest.raises(QuotaError) as caught:
        allocate(bad["claims"], bad["seats"])
    assert caught.value.code == code


def test_nothing_to_allocate():
    assert allocate([], 0).shares == ()
    assert seats_of(allocate(claims(3, 4), 0)) == [0, 0]


def test_a_ward_sized_allocation_sums_exactly():
    rng = random.Random(7)
    members = [rng.randint(4, 150) for _ in range(102)]
    result = allocate(claims(*members), 223, minimum=1)
    assert result.total == 223 and min(seats_of(result)) >= 1
    assert result.members_per_seat == Fraction(sum(members), 223)


@pytest.mark.parametrize("value, places, text", [
    (Fraction(2, 3), 4, "0.6667"), (Fraction(1, 8), 2, "0.13"), (Fraction(7), 2, "7.00"),
    (Fraction(-1, 3), 3, "-0.333"), (Fraction(2846, 223), 4, "12.7623"), (Fraction(5, 2), 0, "3"),
])
def test_decimal_text_rounds_half_up_without_floats(value, places, text):
    assert decimal_text(value, places) == text


# -- properties -------------------------------------------------------------------------------

member_lists = st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=40)


@st.composite
def problems(draw, with_minimum: bool):
    members = draw(member_lists.filter(lambda ms: sum(ms) > 0))
    minimum = draw(st.integers(0, 3)) if with_minimum else 0
    seats = draw(st.integers(minimum * len(members), minimum * len(members) + 300))
    return members, seats, minimum


@settings(max_examples=150, deadline=None)
@given(problems(with_minimum=True))
def test_seats_always_sum_to_the_total_and_respect_the_minimum(problem):
    members, seats, minimum = problem
    result = allocate(claims(*members), seats, minimum)
    assert sum(seats_of(result)) == seats
    assert all(s.seats >= minimum for s in result.shares)


@settings(max_examples=150, deadline=None)
@given(problems(with_minimum=False))
def test_without_a_binding_minimum_each_gets_the_floor_or_ceiling_of_its_quota(problem):
    members, seats, _ = problem
    for share in allocate(claims(*members), seats).shares:
        assert share.seats in (math.floor(share.quota), math.ceil(share.quota))


@settings(max_examples=100, deadline=None)
@given(problems(with_minimum=True))
def test_more_members_never_means_fewer_seats(problem):
    members, seats, minimum = problem
    shares = allocate(claims(*members), seats, minimum).shares
    for x in shares:
        for y in shares:
            if x.members > y.members:
                assert x.seats >= y.seats


@settings(max_examples=100, deadline=None)
@given(problems(with_minimum=True), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_the_claims_arrive_in(problem, rng):
    members, seats, minimum = problem
    original = claims(*members)
    shuffled = original[:]
    rng.shuffle(shuffled)
    assert allocate(original, seats, minimum).by_key() == allocate(shuffled, seats,
                                                                   minimum).by_key()
