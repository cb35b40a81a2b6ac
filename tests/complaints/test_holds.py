"""The hold on personnel: an open classified letter about a person blocks approval and
appointment (the refusal names the receipt number); an unfounded conclusion releases it; a
founded one sends an approved nomination back to the Standing Committee, in the same
transaction, audited. The nomination page shows the letters to readers, a neutral badge to
others."""

from datetime import date

import pytest
from sqlalchemy import select

from intranet.audit.models import AuditEntry
from intranet.audit.verify import verify
from intranet.complaints.holds import letters_about, open_letters
from intranet.extensions import db
from intranet.personnel import services as personnel
from intranet.personnel.holds import holds_for
from intranet.workflow_service import apply_transition
from workflows import GuardFailed

from .conftest import fresh, letter, move, nominee, to_verifying, user

pytestmark = pytest.mark.demo


def approve(nomination):
    apply_transition(fresh(nomination), "approve", user("thuongvu"))
    return fresh(nomination)


def test_a_received_letter_does_not_hold_until_classified(ctx):
    item = nominee()
    note = letter(subjects=[item.member_id])
    assert holds_for([item.member_id]) == {}
    move(note, ("classify", "donthu", {"kind": "denunciation"}))
    [hold] = holds_for([item.member_id])[item.member_id]
    assert hold.source == "complaints" and note.receipt_no in hold.reference


def test_an_open_letter_blocks_approval_naming_its_receipt_number(ctx):
    item = nominee()
    note = to_verifying(letter(subjects=[item.member_id]))
    with pytest.raises(GuardFailed) as caught:
        approve(item)
    assert caught.value.guard == "no_hold"
    assert note.receipt_no in caught.value.message.vi
    assert note.receipt_no in caught.value.message.en


def test_an_unfounded_conclusion_releases_the_hold_and_approval_goes_through(ctx):
    item = nominee()
    note = to_verifying(letter(subjects=[item.member_id]))
    move(note, ("conclude", "kiemtra", {"outcome": "unfounded", "findings": "Không đúng."}))
    assert approve(item).state == "approved"


def test_a_hold_blocks_the_appointment_too(ctx):
    item = approve(nominee())
    note = to_verifying(letter(subjects=[item.member_id]))
    _decision, outcome = personnel.appoint(user("thuongvu"), [item.id], "140-QĐ/ĐU",
                                           date(2025, 8, 9))
    assert note.receipt_no in outcome.refused[item.id]
    assert fresh(item).state == "approved"


@pytest.mark.parametrize("outcome", ["founded", "partly_founded"])
def test_a_founded_letter_sends_an_approved_nomination_back(ctx, outcome):
    item = approve(nominee())
    note = letter(subjects=[item.member_id])
    # The letter came after the approval: classify it, then conclude.
    note = to_verifying(note)
    move(note, ("conclude", "kiemtra", {"outcome": outcome, "findings": "Có cơ sở."}))
    item = fresh(item)
    assert item.state == "vetted"  # back on the Standing Committee's desk
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "nomination", AuditEntry.entity_id == str(item.id))
        .order_by(AuditEntry.seq.desc()).limit(1)).one()
    assert (entry.action, entry.from_state, entry.to_state) == ("refer_back", "approved",
                                                                 "vetted")
    assert note.receipt_no in entry.payload
    assert note.receipt_no not in entry.reason  # the timeline is read by non-readers too
    assert verify().ok


def test_a_founded_letter_leaves_a_vetted_nomination_with_the_standing_committee(ctx):
    item = nominee()
    note = to_verifying(letter(subjects=[item.member_id]))
    move(note, ("conclude", "kiemtra", {"outcome": "founded", "findings": "Có cơ sở."}))
    assert fresh(item).state == "vetted"
    seen = letters_about(item.member_id, user("thuongvu"))
    assert not seen.on_hold
    assert [(x.receipt_no, x.outcome, x.holding) for x in seen.letters] == [
        (note.receipt_no, "founded", False)]


def test_a_failed_referral_rolls_the_conclusion_back(ctx, monkeypatch):
    from intranet.complaints import workflow

    item = approve(nominee())
    note = to_verifying(letter(subjects=[item.member_id]))

    def broken(*args, **kwargs):
        raise RuntimeError("nomination refused")

    monkeypatch.setattr(workflow, "apply_linked_transition", broken)
    with pytest.raises(RuntimeError):
        move(note, ("conclude", "kiemtra", {"outcome": "founded", "findings": "x"}))
    assert fresh(note).state == "verifying" and fresh(item).state == "approved"


def test_the_hold_source_answers_many_people_in_one_query(ctx, count_queries):
    people = [nominee(skip=n).member_id for n in range(3)]
    for member_id in people[:2]:
        move(letter(subjects=[member_id]), ("classify", "donthu", {"kind": "complaint"}))
    with count_queries() as queries:
        found = list(open_letters(people))
    assert len(queries) == 1
    assert sorted({h.member_id for h in found}) == sorted(people[:2])


def test_readers_see_the_letters_others_a_neutral_hold(ctx):
    item = nominee()
    note = move(letter(subjects=[item.member_id]), ("classify", "donthu", {"kind": "petition"}))
    for reader in ("thuongvu", "nhansu", "donthu", "kiemtra"):
        seen = letters_about(item.member_id, user(reader))
        assert seen.on_hold and [x.receipt_no for x in seen.letters] == [note.receipt_no]
    for other in ("bithu2", "bch", "vanthu", "thamtra"):
        seen = letters_about(item.member_id, user(other))
        assert seen.on_hold and seen.letters == []
