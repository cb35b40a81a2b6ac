"""Comments by every channel: who may send what, when, for which organization."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from intranet.audit.models import AuditEntry
from intranet.clock import local_date, local_today
from intranet.documents import comments as intake
from intranet.documents import lookups, services
from intranet.documents.models import Comment
from intranet.errors import Invalid, NotFound
from intranet.extensions import db
from tests.documents.helpers import SECTIONS, user


def count() -> int:
    return db.session.scalar(select(func.count(Comment.id)))


def first_section(document_id):
    return services.sections_of(lookups.open_round(document_id).version)[0].id


def test_a_member_comments_in_their_own_name(ctx, docs):
    document_id = docs.circulated()
    comment = docs.comment(document_id, "Đề nghị làm rõ chỉ tiêu.", section=1)
    assert (comment.channel, comment.source, comment.author_name) == (
        "member_online", "member", "Uvbch")
    assert comment.section.heading == SECTIONS[1].heading and comment.version_id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "comment_add"))
    assert entry.actor_name == "uvbch" and f'"comment":{comment.id}' in entry.payload
    for text in ("   ", "x" * 5001):  # empty or too long
        with pytest.raises(Invalid):
            docs.comment(document_id, text)
    assert count() == 1


def test_a_secretary_submits_for_their_own_organization_only(ctx, docs, world):
    document_id = docs.circulated()
    comment = intake.submit_org_comment(user("bithu"), document_id, org_unit_id=world["cell_a"],
                                        section_id=None, text="Chi bộ nhất trí.")
    assert (comment.source, comment.channel, comment.org_unit_id) == (
        "organization", "org_submission", world["cell_a"])
    with pytest.raises(NotFound):  # another organization: as if it did not exist
        intake.submit_org_comment(user("bithu"), document_id, org_unit_id=world["cell_b"],
                                  section_id=None, text="Thay mặt chi bộ khác")
    with pytest.raises(NotFound):  # not a secretary at all
        intake.submit_org_comment(user("uvbch"), document_id, org_unit_id=world["cell_a"],
                                  section_id=None, text="x")
    assert count() == 1


def test_a_channel_needs_its_audience_in_the_round(ctx, docs, world):
    document_id = docs.circulated(audiences=["public"])
    with pytest.raises(Invalid, match=r"Cán bộ, đảng viên|Cadres"):
        docs.comment(document_id)
    with pytest.raises(Invalid):
        intake.submit_org_comment(user("bithu"), document_id, org_unit_id=world["cell_a"],
                                  section_id=None, text="x")
    assert count() == 0


def test_online_comments_stop_at_the_deadline_but_a_clerk_may_type_in_what_came_before(
        ctx, docs):
    document_id = docs.circulated()
    docs.pass_deadline(document_id)
    with pytest.raises(Invalid, match=r"hạn góp ý|deadline"):
        docs.comment(document_id)
    record = dict(channel="mass_media", source="citizen", org_unit_id=None,
                  author_name="Báo Hải Phòng", section_id=None, text="Ý kiến bạn đọc")
    last_day = local_date(intake.lookups.open_round(document_id).deadline)
    comment = intake.record_comment(user("vanthu"), document_id, received_on=last_day,
                                    **record)
    assert comment.channel == "mass_media" and comment.created_by_id is not None
    with pytest.raises(Invalid) as caught:
        intake.record_comment(user("vanthu"), document_id,
                              received_on=last_day + timedelta(days=1), **record)
    assert caught.value.details["field"] == "received_on"
    assert count() == 1


def test_a_clerk_enters_only_media_former_leaders_and_conferences_directly(ctx, docs):
    document_id = docs.circulated()
    for channel in ("paper", "member_online", "public_qr", "nonsense"):
        with pytest.raises(Invalid):
            intake.record_comment(user("vanthu"), document_id, channel=channel,
                                  source="citizen", org_unit_id=None, author_name=None,
                                  section_id=None, text="x", received_on=local_today())
    assert count() == 0


def test_comments_point_at_a_section_of_the_text_sent_out(ctx, docs):
    document_id = docs.circulated()
    services.start_new_draft(user("vankien"), document_id)
    newer = services.sections_of(lookups.latest_version(document_id))[0]
    with pytest.raises(Invalid) as caught:
        intake.submit_member_comment(user("uvbch"), document_id, section_id=newer.id,
                                     text="x")
    assert caught.value.details["field"] == "section_id"


def test_no_comment_outside_the_circulation(ctx, docs):
    for document_id in (docs.draft(), docs.revision(comments=0)):
        with pytest.raises(Invalid, match=r"not being collected|Hiện không lấy ý kiến"):
            intake.submit_member_comment(user("uvbch"), document_id, section_id=None,
                                         text="x")


def test_a_paper_batch_counts_what_was_entered_against_what_was_declared(ctx, docs, world):
    document_id = docs.circulated()
    batch = intake.create_batch(user("vanthu"), document_id, label_text="Phiếu TDP Dương Quan 1",
                                declared_count=3, received_on=local_today(),
                                org_unit_id=world["cell_a"])
    for source in ("member", "citizen"):
        intake.add_batch_comment(user("vanthu"), document_id, batch.id,
                                 section_id=first_section(document_id), source=source,
                                 org_unit_id=None, author_name=None, text="Ý kiến trên phiếu")
    with pytest.raises(Invalid) as caught:
        intake.complete_batch(user("vanthu"), document_id, batch.id, note="")
    assert "2" in caught.value.message and "3" in caught.value.message
    row = intake.complete_batch(user("vanthu"), document_id, batch.id,
                                note="Một phiếu để trống")
    assert row.entered == 2 and row.mismatch
    (listed,) = intake.batch_rows(services.get_document(document_id, user("vanthu")))
    assert listed.mismatch and listed.batch.note == "Một phiếu để trống"
    with pytest.raises(Invalid):
        intake.add_batch_comment(user("vanthu"), document_id, batch.id, section_id=None,
                                 source="member", org_unit_id=None, author_name=None,
                                 text="thêm sau khi hoàn tất")
    comments = db.session.scalars(select(Comment).where(Comment.batch_id == batch.id)).all()
    assert {(c.channel, c.org_unit_id) for c in comments} == {("paper", world["cell_a"])}
    matching = intake.create_batch(user("vanthu"), document_id, label_text="Lô 2",
                                   declared_count=1, received_on=local_today(),
                                   org_unit_id=None)
    intake.add_batch_comment(user("vanthu"), document_id, matching.id, section_id=None,
                             source="citizen", org_unit_id=None, author_name="Bà Hoa",
                             text="Nhất trí")
    assert not intake.complete_batch(user("vanthu"), document_id, matching.id, None).mismatch
