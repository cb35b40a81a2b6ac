"""Seats in proportion to member counts: the largest-remainder (Hamilton) method, exactly.

Pure arithmetic on `fractions.Fraction` (no floats anywhere, no database, no Flask) so that
the same inputs always give the same seats, and every step can be shown to the users.

The method, with a minimum of `m` seats per organization:

1. If the minimums alone need more seats than there are, refuse (`QuotaError`).
2. Each organization's quota is `members × seats ÷ total members`. An organization whose
   quota is below the minimum is held at the minimum; its seats and members leave the pool and
   the quotas of the others are computed again over what is left. Repeat until no quota in the
   pool is below the minimum (at most one round per organization).
3. Every organization in the pool gets the whole part of its quota; the seats left over go, one
   each, to the largest remainders.
4. Ties at the cut-off (equal remainders, more of them than seats left) are broken by the
   larger member count, then by the listing order of the organizations. Each tie is recorded
   with who was in it, who won and which rule decided.

When no minimum binds, every organization gets the floor or the ceiling of its quota and the
seats always add up to the total.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

# How a tie at the cut-off was decided.
RULE_LARGER_MEMBERSHIP = "larger_membership"
RULE_LISTING_ORDER = "listing_order"


class QuotaError(ValueError):
    """The allocation cannot be made with these figures; `code` names which problem."""

    def __init__(self, code: str, message: str, **details: int) -> None:
        super().__init__(message)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class Claim:
    """One organization asking for seats: its key, its member count and its listing order."""

    key: Hashable
    members: int
    order: int = 0


@dataclass(frozen=True)
class Share:
    key: Hashable
    members: int
    quota: Fraction  # members × seats ÷ all members (the plain proportional share)
    final_quota: Fraction  # the share of the seats left once minimums are set aside
    floor: int
    remainder: Fraction
    seats: int
    held_at_minimum: bool = False
    remainder_seat: bool = False  # got one of the seats left over after the whole parts
    tied: bool = False


@dataclass(frozen=True)
class TieBreak:
    remainder: Fraction
    candidates: tuple[Hashable, ...]  # every claim with the cut-off remainder, in rank order
    winners: tuple[Hashable, ...]
    rule: str  # RULE_LARGER_MEMBERSHIP or RULE_LISTING_ORDER


@dataclass(frozen=True)
class Allocation:
    seats: int
    minimum: int
    members: int
    shares: tuple[Share, ...]  # in the order of the claims
    ties: tuple[TieBreak, ...]
    rounds: int  # how many passes setting minimums aside took
    pool_seats: int  # seats shared by largest remainder (after the minimums)
    pool_members: int

    @property
    def total(self) -> int:
        return sum(s.seats for s in self.shares)

    @property
    def members_per_seat(self) -> Fraction | None:
        """The Hare quota: members for one seat, over everyone."""
        return Fraction(self.members, self.seats) if self.seats else None

    def by_key(self) -> dict[Hashable, Share]:
        return {s.key: s for s in self.shares}


def allocate(claims: Iterable[Claim], seats: int, minimum: int = 0) -> Allocation:
    """Share `seats` among the claims in proportion to their members (see the module doc)."""
    claims = list(claims)
    _check(claims, seats, minimum)
    total_members = sum(c.members for c in claims)
    held: set[Hashable] = set()
    rounds = 0
    while True:
        rounds += 1
        pool = [c for c in claims if c.key not in held]
        pool_seats = seats - minimum * len(held)
        pool_members = sum(c.members for c in pool)
        quotas = _quotas(pool, pool_seats, pool_members)
        below = {c.key for c in pool if quotas[c.key] < minimum}
        if not below:
            break
        held |= below

    floors = {key: math.floor(q) for key, q in quotas.items()}
    left = pool_seats - sum(floors.values())
    ranked = sorted(pool, key=lambda c: (-(quotas[c.key] - floors[c.key]), -c.members, c.order))
    winners = {c.key for c in ranked[:left]}
    ties = _ties(ranked, left, quotas, floors)
    tied = {key for tie in ties for key in tie.candidates}

    shares = []
    for c in claims:
        plain = Fraction(c.members * seats, total_members) if total_members else Fraction(0)
        if c.key in held:
            shares.append(Share(c.key, c.members, plain, Fraction(minimum), minimum, Fraction(0),
                                minimum, held_at_minimum=True))
            continue
        quota = quotas[c.key]
        extra = c.key in winners
        shares.append(Share(c.key, c.members, plain, quota, floors[c.key],
                            quota - floors[c.key], floors[c.key] + extra,
                            remainder_seat=extra, tied=c.key in tied))
    result = Allocation(seats, minimum, total_members, tuple(shares), tuple(ties), rounds,
                        pool_seats, pool_members)
    if result.total != seats:  # the method guarantees it; never let a wrong sum through
        raise QuotaError("internal", f"seats add up to {result.total}, not {seats}")
    return result


def _check(claims: Sequence[Claim], seats: int, minimum: int) -> None:
    if seats < 0 or minimum < 0:
        raise QuotaError("negative", "Seats and the minimum cannot be negative.")
    if any(c.members < 0 for c in claims):
        raise QuotaError("negative", "A member count cannot be negative.")
    keys = [c.key for c in claims]
    if len(set(keys)) != len(keys):
        raise QuotaError("duplicate", "An organization is listed twice.")
    if not claims:
        if seats:
            raise QuotaError("no_claims", "There is no organization to give seats to.")
        return
    needed = minimum * len(claims)
    if needed > seats:
        raise QuotaError(
            "minimum_exceeds_seats",
            f"The minimum of {minimum} seat(s) for each of {len(claims)} organizations needs "
            f"{needed} seats, but only {seats} are to be allocated.",
            needed=needed, seats=seats, organizations=len(claims), minimum=minimum)
    if seats > needed and sum(c.members for c in claims) == 0:
        raise QuotaError("no_members", "No organization has members: nothing to share by.")


def _quotas(pool: Sequence[Claim], seats: int, members: int) -> dict[Hashable, Fraction]:
    if members == 0:
        # Only reachable when every seat went to minimums: nothing is left to share.
        return {c.key: Fraction(0) for c in pool}
    return {c.key: Fraction(c.members * seats, members) for c in pool}


def _ties(ranked: Sequence[Claim], left: int, quotas: dict, floors: dict) -> list[TieBreak]:
    """The tie at the cut-off, if the last seat given and the first refused share a remainder."""
    if left <= 0 or left >= len(ranked):
        return []
    remainder = quotas[ranked[left - 1].key] - floors[ranked[left - 1].key]
    first_out = quotas[ranked[left].key] - floors[ranked[left].key]
    if remainder != first_out:
        return []
    given = {c.key for c in ranked[:left]}
    group = [c for c in ranked if quotas[c.key] - floors[c.key] == remainder]
    winners = tuple(c.key for c in group if c.key in given)
    rule = (RULE_LARGER_MEMBERSHIP if ranked[left - 1].members != ranked[left].members
            else RULE_LISTING_ORDER)
    return [TieBreak(remainder, tuple(c.key for c in group), winners, rule)]


def decimal_text(value: Fraction, places: int = 4) -> str:
    """A fraction written with `places` decimals, rounded half up, without floats."""
    scale = 10 ** places
    scaled = value * scale
    whole = math.floor(scaled + Fraction(1, 2))
    sign = "-" if whole < 0 else ""
    whole = abs(whole)
    text = str(whole).rjust(places + 1, "0")
    return f"{sign}{text[:-places]}.{text[-places:]}" if places else f"{sign}{text}"
