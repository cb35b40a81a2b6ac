"""Letters through the services: intake, screening, the cut-off, the path to the reply, what
the audit log keeps (never the content, sender or findings)."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from intranet.audit.models import AuditEntry
from intranet.audit.verify import verify
from intranet.complaints.models import ComplaintAttachment
from intranet.errors import Forbidden, Invalid
from intranet.extensions import db
from workflows import GuardFailed, NotPermitted

from .conftest import PDF, PNG, fresh, letter, move, to_verifying, user

pytestmark = pytest.mark.demo


def entries(item):
    return db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "complaint", AuditEntry.entity_id == str(item.id))
        .order_by(AuditEntry.seq)).all()


def test_a_clerk_registers_a_letter_and_gets_a_receipt_number(ctx):
    item = letter("vanthu")
    assert item.state == "received" and item.receipt_no.startswith("ĐT-2025-")
    second = letter("vanthu")
    assert int(second.receipt_no[-4:]) == int(item.receipt_no[-4:]) + 1
    [create] = entries(item)
    assert create.action == "create"
    assert "Nội dung" not in create.payload and "Trần" not in create.payload


def test_only_the_desk_and_the_subcommittee_register(ctx):
    with pytest.raises(Forbidden):
        letter("bithu")


def test_attachments_are_checked_by_content(ctx):
    item = letter(files=[("scan.pdf", PDF), ("page 2.png", PNG)])
    stored = db.session.scalars(select(ComplaintAttachment).where(
        ComplaintAttachment.complaint_id == item.id)).all()
    assert [(a.filename, a.content_type) for a in stored] == [
        ("scan.pdf", "application/pdf"), ("page 2.png", "image/png")]
    with pytest.raises(Invalid, match="not a PDF or an image"):
        letter(files=[("scan.pdf", b"MZ\x90\x00 an executable")])


def test_an_oversized_attachment_is_refused(ctx):
    ctx.config["COMPLAINTS_ATTACHMENT_MAX_BYTES"] = 100
    from intranet.documents.docx_import import TooLarge

    with pytest.raises(TooLarge):
        letter(files=[("big.pdf", PDF + b"x" * 200)])


def test_the_whole_path_to_closed(ctx):
    item = to_verifying(letter())
    assert item.state == "verifying" and item.investigator_id == user("kiemtra").id
    item = move(item, ("conclude", "kiemtra", {"outcome": "unfounded",
                                                "findings": "Không có cơ sở."}),
                ("reply", "donthu", {}), ("close", "donthu", {}))
    assert (item.state, item.outcome, item.kind) == ("closed", "unfounded", "denunciation")
    actions = [e.action for e in entries(item)]
    assert actions == ["create", "classify", "assign", "start_verification", "conclude",
                       "reply", "close"]
    payloads = " ".join(e.payload for e in entries(item))
    assert "Không có cơ sở" not in payloads and "Nội dung" not in payloads
    assert json.loads(entries(item)[4].payload) == {"outcome": "unfounded"}
    assert verify().ok


def test_an_anonymous_letter_is_not_processed_with_a_reason(ctx):
    item = letter(sender="anonymous")
    with pytest.raises(GuardFailed):
        move(item, ("set_aside", "donthu", {"category": "nonsense"}, "x"))
    item = move(item, ("set_aside", "donthu", {"category": "anonymous"}, "Không ký tên"))
    assert (item.state, item.not_processed_reason) == ("not_processed", "anonymous")


def test_a_letter_after_the_cutoff_is_transferred_not_classified(ctx):
    # The demo congress opens 18 August 2025: the cut-off is 14 July 2025.
    late = letter(received_on=date(2025, 7, 15))
    with pytest.raises(GuardFailed) as caught:
        move(late, ("classify", "donthu", {"kind": "complaint"}))
    assert "14/07/2025" in caught.value.message.en
    assert move(late, ("transfer", "donthu", {})).state == "transferred"
    in_time = letter(received_on=date(2025, 7, 14))
    with pytest.raises(GuardFailed):
        move(in_time, ("transfer", "donthu", {}))


def test_the_postmark_counts_against_the_cutoff(ctx):
    item = letter(received_on=date(2025, 7, 16), postmarked_on=date(2025, 7, 14))
    assert move(item, ("classify", "donthu", {"kind": "petition"})).state == "classified"


def test_the_cutoff_follows_the_configuration(ctx):
    ctx.config["COMPLAINTS_CUTOFF_WORKING_DAYS"] = 5  # cut-off 11 August 2025
    item = letter(received_on=date(2025, 8, 1))
    assert move(item, ("classify", "donthu", {"kind": "complaint"})).state == "classified"


def test_the_investigator_must_be_of_the_commission_or_the_subcommittee(ctx):
    item = move(letter(), ("classify", "donthu", {"kind": "complaint"}))
    with pytest.raises(GuardFailed) as caught:
        move(item, ("assign", "donthu", {"investigator": user("bithu").id,
                                         "deadline": date(2025, 7, 30)}))
    assert caught.value.guard == "investigator_chosen"


def test_only_the_commission_or_the_subcommittee_concludes(ctx):
    item = to_verifying(letter())
    with pytest.raises(NotPermitted):
        move(item, ("conclude", "thuongvu", {"outcome": "founded", "findings": "x"}))
    assert fresh(item).state == "verifying"


def test_at_most_ten_files_per_letter(ctx):
    with pytest.raises(Invalid, match="At most 10 files"):
        letter(files=[(f"{n}.pdf", PDF) for n in range(11)])
