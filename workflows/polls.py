"""Poll results entered as counts; whether a majority was reached is computed, never typed.

The rule (configurable by the caller through `base`): a candidate passes with MORE THAN HALF
of the base. The base is either
  * "ballots": the ballots cast (phiếu phát ra thu về), the default; or
  * "voters": the people entitled to vote at the conference (tổng số người được triệu tập).
Exactly half is not a majority. Counts must be consistent: for + against ≤ ballots ≤ voters.
"""

from __future__ import annotations

from dataclasses import dataclass

BASES = ("ballots", "voters")


class PollError(ValueError):
    """The counts contradict each other; `field` names the count to correct."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class PollResult:
    voters: int
    ballots: int
    votes_for: int
    votes_against: int
    base: str

    @property
    def base_count(self) -> int:
        return self.ballots if self.base == "ballots" else self.voters

    @property
    def passed(self) -> bool:
        return self.votes_for * 2 > self.base_count

    @property
    def invalid_or_blank(self) -> int:
        return self.ballots - self.votes_for - self.votes_against

    def as_dict(self) -> dict:
        return {"voters": self.voters, "ballots": self.ballots, "for": self.votes_for,
                "against": self.votes_against, "base": self.base, "passed": self.passed}


def poll_result(*, voters: int, ballots: int, votes_for: int, votes_against: int,
                base: str = "ballots") -> PollResult:
    """Check the counts and compute the result (raises PollError on inconsistent counts)."""
    if base not in BASES:
        raise PollError(f"unknown majority base {base!r}", "base")
    for name, value in (("voters", voters), ("ballots", ballots), ("votes_for", votes_for),
                        ("votes_against", votes_against)):
        if value < 0:
            raise PollError("counts cannot be negative", name)
    if voters == 0:
        raise PollError("nobody was entitled to vote", "voters")
    if ballots > voters:
        raise PollError("more ballots than voters", "ballots")
    if votes_for + votes_against > ballots:
        raise PollError("more votes than ballots", "votes_for")
    return PollResult(voters, ballots, votes_for, votes_against, base)
