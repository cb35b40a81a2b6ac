"""The hold a letter puts on the people it is about, and what the personnel pages show of it.

While a classified letter is not yet concluded, the personnel workflows refuse to approve or
appoint its subjects (the refusal names the receipt number; only readers of letters can fire
those transitions). The nomination page shows a badge: the letters themselves to readers, a
neutral "on hold" to everyone else.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import select

from intranet.complaints import access
from intranet.complaints.models import Complaint, ComplaintSubject
from intranet.db import db
from intranet.personnel.holds import Hold, register_hold_source
from workflows import Text
from workflows.complaint import HOLD_STATES

LABEL = Text("đơn thư số", "letter no.")
HOLD_LABEL = Text("có đơn thư đang giải quyết", "a letter is being dealt with")


def open_letters(member_ids: Collection[int]) -> Iterable[Hold]:
    """One query for all these people: the open classified letters about them."""
    rows = db.session.execute(
        select(ComplaintSubject.member_id, Complaint.receipt_no)
        .join(Complaint, Complaint.id == ComplaintSubject.complaint_id)
        .where(ComplaintSubject.member_id.in_(list(member_ids)),
               Complaint.state.in_(HOLD_STATES))
        .order_by(Complaint.id)).all()
    return [Hold(member_id, "complaints", f"{LABEL.vi} {receipt}", HOLD_LABEL)
            for member_id, receipt in rows]


register_hold_source("complaints", open_letters)


@dataclass(frozen=True)
class PersonLetter:
    id: int
    receipt_no: str
    state: str
    kind: str | None
    outcome: str | None
    holding: bool


@dataclass(frozen=True)
class PersonLetters:
    """What a nomination page shows: `letters` only for readers, `on_hold` for everyone."""

    on_hold: bool
    letters: list[PersonLetter]


def letters_about(member_id: int, user) -> PersonLetters:
    """The classified letters about a person (open and concluded), for the nomination page."""
    rows = db.session.execute(
        select(Complaint.id, Complaint.receipt_no, Complaint.state, Complaint.kind,
               Complaint.outcome)
        .join(ComplaintSubject, ComplaintSubject.complaint_id == Complaint.id)
        .where(ComplaintSubject.member_id == member_id, Complaint.kind.is_not(None))
        .order_by(Complaint.id)).all()
    letters = [PersonLetter(r.id, r.receipt_no, r.state, r.kind, r.outcome,
                            r.state in HOLD_STATES) for r in rows]
    on_hold = any(letter.holding for letter in letters)
    return PersonLetters(on_hold, letters if access.may_read(user) else [])
