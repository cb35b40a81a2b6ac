"""Each guard of the document workflow, checked on the server with the database's facts."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from intranet.audit.models import AuditEntry
from intranet.audit.verify import verify
from intranet.db import utcnow
from intranet.documents import lookups, services
from intranet.documents.dispositions import dispose
from intranet.documents.models import CommentRound, StandingDecision
from intranet.errors import Invalid
from intranet.extensions import db
from intranet.workflow_service import apply_transition, available_actions
from tests.documents.helpers import ALL_AUDIENCES, doc, user
from workflows import GuardFailed, NotPermitted, ReasonRequired

TODAY = date.today()


def audit_count() -> int:
    return db.session.scalar(select(func.count(AuditEntry.seq)))


def circulate(document_id, *, deadline=None, audiences=ALL_AUDIENCES, who="vankien"):
    return services.circulate_document(
        user(who), document_id, deadline=deadline or utcnow() + timedelta(days=5),
        audiences=audiences, expected_version=None)


def approve(document_id, *, present=9, votes_for=5, against=0, who="thuongvu",
            meeting=None):
    return services.approve_document(
        user(who), document_id, meeting_date=meeting or TODAY, members_present=present,
        votes_for=votes_for, votes_against=against, note=None, expected_version=None,
        today=TODAY)


def dispose_all(document_id, disposition="noted"):
    ids = [c.id for c in db.session.scalars(select(lookups.Comment).where(
        lookups.Comment.document_id == document_id))]
    dispose(user("vankien"), document_id, ids, disposition=disposition, explanation="x",
            revised_section_id=None)


# -- circulating --------------------------------------------------------------------------


def test_circulating_needs_a_frozen_version(ctx, docs):
    document_id = docs.draft()
    before = audit_count()
    with pytest.raises(GuardFailed) as caught:
        circulate(document_id)
    assert caught.value.guard == "frozen_version"
    assert doc(document_id).state == "draft" and audit_count() == before
    empty = docs.draft(sections=[], code="EMPTY")
    with pytest.raises(Invalid):  # and an empty draft cannot even be frozen
        services.freeze_version(user("vankien"), empty)


def test_circulating_needs_a_deadline_in_the_future(ctx, docs):
    document_id = docs.frozen()
    for offset in (timedelta(0), timedelta(minutes=-5), timedelta(days=-30)):
        with pytest.raises(GuardFailed) as caught:
            circulate(document_id, deadline=utcnow() + offset)
        assert caught.value.guard == "deadline_future"
    assert doc(document_id).state == "draft"


def test_circulating_needs_an_audience(ctx, docs):
    document_id = docs.frozen()
    with pytest.raises(GuardFailed) as caught:
        circulate(document_id, audiences=["nobody", ""])
    assert caught.value.guard == "has_audience"


def test_circulating_opens_a_round_on_the_frozen_version_with_a_token(ctx, docs):
    document_id = docs.frozen()
    circulate(document_id, audiences=["public", "members"])
    document = doc(document_id)
    round_ = lookups.open_round(document_id)
    assert document.state == "circulated" and document.last_circulated_at is not None
    assert round_.number == 1 and round_.version.number == 1 and round_.version.frozen
    assert round_.audience_list == ["members", "public"]
    assert len(round_.token) >= 32
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "circulate"))
    assert '"round":1' in entry.payload and '"audiences":["members","public"]' in entry.payload
    other = docs.frozen(code="OTHER")
    with pytest.raises(NotPermitted):  # only the Documents Subcommittee circulates
        circulate(other, who="thuongvu")


# -- closing the comment window ---------------------------------------------------------------


def test_comments_close_before_the_deadline_only_early_with_a_reason(ctx, docs):
    document_id = docs.circulated()
    with pytest.raises(GuardFailed) as caught:
        apply_transition(doc(document_id), "close_comments", user("vankien"))
    assert caught.value.guard == "deadline_passed"
    with pytest.raises(ReasonRequired):
        apply_transition(doc(document_id), "close_early", user("vankien"), reason=" ")
    assert doc(document_id).state == "circulated"
    apply_transition(doc(document_id), "close_early", user("vankien"), reason="Đủ ý kiến")
    round_ = db.session.scalar(select(CommentRound).where(CommentRound.document_id ==
                                                          document_id))
    assert doc(document_id).state == "revision"
    assert round_.closed_at is not None and round_.close_reason == "Đủ ý kiến"


def test_after_the_deadline_comments_close_without_a_reason(ctx, docs):
    document_id = docs.circulated()
    docs.pass_deadline(document_id)
    actions = {a.trigger: a for a in available_actions(doc(document_id), user("vankien"))}
    assert actions["close_comments"].allowed and not actions["close_early"].allowed
    apply_transition(doc(document_id), "close_comments", user("vankien"))
    assert doc(document_id).state == "revision"


# -- the Standing Committee's decision -----------------------------------------------------------


def test_approval_needs_every_comment_disposed(ctx, docs):
    document_id = docs.revision(comments=3)
    with pytest.raises(GuardFailed) as caught:
        approve(document_id)
    assert caught.value.guard == "all_disposed"
    assert "3 ý kiến" in caught.value.message.vi


def test_approval_needs_a_majority_of_the_nine_members(ctx, docs):
    document_id = docs.revision(comments=1)
    dispose_all(document_id)
    with pytest.raises(GuardFailed) as caught:
        approve(document_id, present=6, votes_for=4, against=2)  # 4 of 9 is not a majority
    assert caught.value.guard == "majority"
    assert "4/9" in caught.value.message.vi
    approve(document_id, present=6, votes_for=5, against=1)
    assert doc(document_id).state == "approved"


def test_approval_records_the_decision_and_freezes_the_approved_version(ctx, docs):
    document_id = docs.revision(comments=1)
    dispose_all(document_id)
    approve(document_id, present=8, votes_for=7, against=1)
    decision = db.session.scalar(select(StandingDecision))
    assert (decision.committee_size, decision.members_present, decision.votes_for,
            decision.votes_against) == (9, 8, 7, 1)
    assert lookups.latest_version(document_id).approved_at is not None
    with pytest.raises(Invalid):
        services.start_new_draft(user("vankien"), document_id)
    assert verify().ok


def test_approval_needs_the_revised_text_frozen(ctx, docs):
    document_id = docs.revision(comments=1)
    dispose_all(document_id)
    services.start_new_draft(user("vankien"), document_id)  # a revised text being edited
    with pytest.raises(GuardFailed) as caught:
        approve(document_id)
    assert caught.value.guard == "frozen_version"
    services.freeze_version(user("vankien"), document_id)
    approve(document_id)
    assert doc(document_id).state == "approved"


def test_an_inconsistent_decision_is_refused_before_the_workflow(ctx, docs):
    document_id = docs.revision(comments=0)
    for kwargs, field in (({"present": 10}, "members_present"),
                          ({"present": 5, "votes_for": 5, "against": 1}, "votes_for"),
                          ({"meeting": TODAY + timedelta(days=1)}, "meeting_date")):
        with pytest.raises(Invalid) as caught:
            approve(document_id, **kwargs)
        assert caught.value.details["field"] == field
    with pytest.raises(NotPermitted):  # and only the Standing Committee decides
        approve(document_id, who="vankien")
    assert doc(document_id).state == "revision"


def test_another_round_of_comment_needs_a_reason_and_opens_round_two(ctx, docs):
    document_id = docs.revision(comments=1)
    with pytest.raises(ReasonRequired):
        services.circulate_document(user("thuongvu"), document_id, trigger="recirculate",
                                    deadline=utcnow() + timedelta(days=3),
                                    audiences=["members"], expected_version=None)
    services.circulate_document(user("thuongvu"), document_id, trigger="recirculate",
                                reason="Cần thêm ý kiến của Nhân dân",
                                deadline=utcnow() + timedelta(days=3), audiences=["public"],
                                expected_version=None)
    round_ = lookups.open_round(document_id)
    assert doc(document_id).state == "circulated" and round_.number == 2
    assert round_.audience_list == ["public"]


def test_return_for_another_draft_and_withdrawal(ctx, docs):
    document_id = docs.revision(comments=0)
    apply_transition(doc(document_id), "return_for_draft", user("thuongvu"),
                     reason="Viết lại phần mục tiêu")
    assert doc(document_id).state == "draft"
    with pytest.raises(NotPermitted):  # from a draft, the subcommittee may withdraw it too
        apply_transition(doc(document_id), "withdraw", user("vanthu"), reason="x")
    apply_transition(doc(document_id), "withdraw", user("vankien"), reason="Không cần nữa")
    assert doc(document_id).state == "withdrawn"
    circulated = docs.circulated(code="C2")
    apply_transition(doc(circulated), "withdraw", user("thuongvu"), reason="Tạm dừng")
    assert lookups.open_round(circulated) is None  # withdrawing closes the open round
    assert verify().ok


def test_the_panel_shows_the_form_transitions_enabled_until_the_input_is_checked(app, ctx,
                                                                                   docs):
    from intranet.flow.services import panel_context

    frozen, draft = docs.frozen(), docs.draft(code="X2")
    with app.test_request_context():
        panel = panel_context(doc(frozen), user("vankien"))
        assert panel["action_forms"]["circulate"] == "documents/_action_circulate.html"
        assert panel["form_refusals"]["circulate"] is None  # deadline, audience: on submit
        panel = panel_context(doc(draft), user("vankien"))
        assert panel["form_refusals"]["circulate"].en.startswith("A frozen draft version")
