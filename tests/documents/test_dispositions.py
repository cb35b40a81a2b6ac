"""Dispositions (tiếp thu, giải trình): single, bulk, by group; locked once approved."""

from datetime import date

import pytest
from sqlalchemy import select

from intranet.documents import dispositions as disposing
from intranet.documents import lookups, services
from intranet.documents.models import Comment, CommentGroup
from intranet.errors import Invalid, NotFound
from intranet.extensions import db
from tests.documents.helpers import user


def comments_of(document_id) -> list[Comment]:
    return db.session.scalars(select(Comment).where(Comment.document_id == document_id)
                              .order_by(Comment.id).execution_options(populate_existing=True)
                              ).all()


def dispose(document_id, ids, disposition="accepted", explanation=None, section=None):
    return disposing.dispose(user("vankien"), document_id, ids, disposition=disposition,
                             explanation=explanation, revised_section_id=section)


@pytest.fixture
def under_revision(ctx, docs):
    """A document with four comments: three on the first section, one general."""
    document_id = docs.circulated()
    for text in ("Giống nhau", "Giống nhau", "Giống nhau"):
        docs.comment(document_id, text, section=0)
    docs.comment(document_id, "Ý kiến chung", section=None)
    docs.pass_deadline(document_id)
    from intranet.workflow_service import apply_transition
    from tests.documents.helpers import doc

    apply_transition(doc(document_id), "close_comments", user("vankien"))
    return document_id


def test_not_accepted_needs_an_explanation(under_revision):
    first = comments_of(under_revision)[0]
    with pytest.raises(Invalid) as caught:
        dispose(under_revision, [first.id], "not_accepted", explanation="  ")
    assert caught.value.details["field"] == "explanation"
    dispose(under_revision, [first.id], "not_accepted", explanation="Đã có ở mục khác")
    assert comments_of(under_revision)[0].disposition == "not_accepted"


def test_a_bulk_disposition_an_unknown_comment_and_clearing(under_revision):
    ids = [c.id for c in comments_of(under_revision)]
    assert dispose(under_revision, ids[:2], "noted") == 2
    assert lookups.undisposed_count(under_revision) == 2
    with pytest.raises(NotFound):
        dispose(under_revision, [ids[0], 999999], "noted")
    with pytest.raises(Invalid):
        dispose(under_revision, [], "noted")
    with pytest.raises(Invalid):
        dispose(under_revision, ids, "maybe")
    disposing.clear_disposition(user("vankien"), under_revision, ids[0])
    assert comments_of(under_revision)[0].disposition is None


def test_similar_comments_are_grouped_and_disposed_together(under_revision):
    a, b, c, general = comments_of(under_revision)
    with pytest.raises(Invalid, match=r"Summarize|tóm tắt"):
        disposing.group_comments(user("vankien"), under_revision, [a.id, b.id], "")
    with pytest.raises(Invalid):  # one section at a time
        disposing.group_comments(user("vankien"), under_revision, [a.id, general.id], "x")
    group = disposing.group_comments(user("vankien"), under_revision, [a.id, b.id],
                                     "Ba ý kiến đề nghị bổ sung")
    disposing.group_comments(user("vankien"), under_revision, [c.id, b.id], "")  # c joins
    assert {x.group_id for x in comments_of(under_revision)[:3]} == {group.id}
    assert dispose(under_revision, [a.id], "partly_accepted", "Tiếp thu phần đầu") == 3
    assert {x.disposition for x in comments_of(under_revision)[:3]} == {"partly_accepted"}
    disposing.ungroup_comment(user("vankien"), under_revision, a.id)
    disposing.ungroup_comment(user("vankien"), under_revision, b.id)  # a group of one: gone
    assert all(x.group_id is None for x in comments_of(under_revision))
    assert db.session.scalar(select(CommentGroup.id)) is None
    assert comments_of(under_revision)[2].disposition == "partly_accepted"


def test_grouping_refuses_comments_disposed_differently(under_revision):
    a, b, c, _ = comments_of(under_revision)
    dispose(under_revision, [a.id], "accepted")
    dispose(under_revision, [b.id], "noted")
    with pytest.raises(Invalid, match=r"differently|khác nhau"):
        disposing.group_comments(user("vankien"), under_revision, [a.id, b.id], "x")
    disposing.group_comments(user("vankien"), under_revision, [a.id, c.id], "x")
    assert comments_of(under_revision)[2].disposition == "accepted"  # took the group's


def test_the_link_goes_to_a_section_of_a_later_version(under_revision):
    first = comments_of(under_revision)[0]
    circulated = services.sections_of(lookups.latest_version(under_revision))[0]
    with pytest.raises(Invalid) as caught:
        dispose(under_revision, [first.id], section=circulated.id)
    assert caught.value.details["field"] == "revised_section_id"
    services.start_new_draft(user("vankien"), under_revision)
    (target, *_), = [disposing.revision_targets(services.get_document(under_revision,
                                                                      user("vankien")), first)]
    dispose(under_revision, [first.id], section=target.id)
    assert comments_of(under_revision)[0].revised_section.version.number == 2


def test_dispositions_are_locked_once_the_document_is_approved(under_revision):
    ids = [c.id for c in comments_of(under_revision)]
    dispose(under_revision, ids, "noted")
    services.approve_document(user("thuongvu"), under_revision, meeting_date=date.today(),
                              members_present=9, votes_for=9, votes_against=0, note=None,
                              expected_version=None, today=date.today())
    with pytest.raises(Invalid, match=r"closed|kết thúc"):
        dispose(under_revision, ids[:1], "accepted")
    with pytest.raises(Invalid):
        disposing.clear_disposition(user("vankien"), under_revision, ids[0])
    assert {c.disposition for c in comments_of(under_revision)} == {"noted"}
