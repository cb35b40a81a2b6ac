"""Attendance figures and votes: the base (summoned minus absent throughout), more than half
passes and exactly half fails, counts validated with translated 422 answers, audit entries."""

from decimal import Decimal

import pytest
from flask_babel import force_locale, format_percent
from sqlalchemy import func, select

from intranet.audit.models import AuditEntry
from intranet.congress import services
from intranet.congress.models import AgendaItem, CheckIn, Delegate, Vote
from intranet.db import write_transaction
from intranet.errors import Conflict, Invalid
from intranet.extensions import db

from .conftest import not_checked_in, sessions, user

pytestmark = pytest.mark.demo


def check_in_all_but(n_absent: int) -> tuple[int, int]:
    """Everyone present at the first session except n_absent delegates. (summoned, present)"""
    first = sessions()[0]
    desk = user("thuky")
    missing = not_checked_in(first.id, 10_000)
    for person in missing[n_absent:]:
        services.check_in(desk, first.id, person, "manual")
    summoned = db.session.scalar(select(func.count(Delegate.id)).where(
        Delegate.left_reason.is_(None)))
    return summoned, summoned - n_absent


def vote_item() -> AgendaItem:
    return db.session.scalar(select(AgendaItem).where(AgendaItem.needs_vote.is_(True))
                             .order_by(AgendaItem.id))


def test_attendance_counts_present_and_summoned_by_organization(ctx):
    summoned, present = check_in_all_but(3)
    data = services.attendance(sessions()[0], per_page=1000)
    assert (data.total.summoned, data.total.present) == (summoned, present)
    assert sum(r.summoned for r in data.by_org) == summoned
    assert sum(r.present for r in data.by_kind) == present
    assert data.total.share == Decimal(present) / Decimal(summoned)


def test_attendance_shares_are_written_in_the_language_of_the_page(app, client):
    """The desk's counter and the attendance page write shares as everywhere else: with a
    decimal comma in Vietnamese (98,4%), a point in English, as Babel writes them."""
    with app.app_context():
        summoned, present = check_in_all_but(3)
        first = sessions()[0].id
    client.login("thuky")
    for language in ("vi", "en"):
        with app.test_request_context(), force_locale(language):
            share = format_percent(Decimal(present) / Decimal(summoned), format="#,##0.#%")
        assert ("," if language == "vi" else ".") in share
        client.post("/language", data={"lang": language})
        assert f"<p class=\"mb-0\">{share}</p>" in client.get(
            f"/congress/attendance?session={first}").text
        assert f">{share}</p>" in client.get(f"/congress/checkin/{first}/counter").text


def test_the_base_leaves_out_only_those_absent_throughout(ctx):
    summoned, present = check_in_all_but(4)
    base = services.vote_base(sessions()[0].congress_id)
    assert (base.summoned, base.absent_throughout, base.value) == (summoned, 4, present)
    # Present at the second session only still counts in the base.
    late = not_checked_in(sessions()[0].id, 1)[0]
    services.check_in(user("thuky"), sessions()[1].id, late, "manual")
    assert services.vote_base(sessions()[0].congress_id).absent_throughout == 3


@pytest.mark.parametrize("base, votes_for, passes", [
    (186, 93, False), (186, 94, True), (187, 93, False), (187, 94, True), (2, 1, False),
    (1, 1, True), (250, 125, False), (250, 126, True)])
def test_more_than_half_passes_exactly_half_fails(base, votes_for, passes):
    assert services.passes(votes_for, base) is passes


def test_exactly_half_of_the_base_fails_when_recorded(ctx):
    check_in_all_but(0)
    base = services.vote_base(sessions()[0].congress_id).value
    if base % 2:  # make the base even: one delegate absent throughout
        with write_transaction():
            last = db.session.scalar(select(CheckIn).order_by(CheckIn.id.desc()))
            db.session.delete(last)
        base -= 1
    item = vote_item()
    vote = services.record_vote(user("thuky"), item.id, base // 2, base // 2, 0)
    assert vote.base == base and vote.passed is False
    other = db.session.scalar(select(AgendaItem).where(
        AgendaItem.needs_vote.is_(True), AgendaItem.id != item.id).order_by(AgendaItem.id))
    assert services.record_vote(user("thuky"), other.id, base // 2 + 1, 0, 0).passed is True


def test_counts_are_checked_against_the_base(ctx):
    check_in_all_but(10)
    base = services.vote_base(sessions()[0].congress_id).value
    item = vote_item().id
    for counts, field in [((-1, 0, 0), "votes_for"), ((0, "x", 0), "votes_against"),
                          ((0, 0, "1.5"), "abstentions"), ((base, 1, 0), "votes_for"),
                          ((None, 0, 0), "votes_for")]:
        with pytest.raises(Invalid) as caught:
            services.record_vote(user("thuky"), item, *counts)
        assert caught.value.details["field"] == field
    vote = services.record_vote(user("thuky"), item, base - 2, 1, 1)
    assert vote.passed and vote.base == base
    with pytest.raises(Conflict):
        services.record_vote(user("thuky"), item, 1, 0, 0)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "vote"))
    assert entry.entity_type == "agenda_item" and f'"base":{base}' in entry.payload


def test_the_vote_form_answers_422_in_vietnamese_then_records(app, client):
    with app.app_context():
        check_in_all_but(0)
        item = vote_item().id
    client.login("thuky")
    url = f"/congress/items/{item}/vote"
    bad = client.post(url, data={"votes_for": "-3", "votes_against": "0", "abstentions": "0"},
                      htmx=True)
    assert bad.status_code == 422 and "không được âm" in bad.text
    too_many = client.post(url, data={"votes_for": "900", "votes_against": "0",
                                      "abstentions": "0"}, htmx=True)
    assert too_many.status_code == 422 and "vượt quá cơ sở tính" in too_many.text
    good = client.post(url, data={"votes_for": "150", "votes_against": "2",
                                  "abstentions": "1"}, htmx=True)
    assert good.status_code == 200 and "vote-result" in good.text
    assert client.post(url, data={"votes_for": "1", "votes_against": "0",
                                  "abstentions": "0"}, htmx=True).status_code == 409
    with app.app_context():
        assert db.session.scalar(select(func.count(Vote.id))) == 1


def test_only_the_secretariat_records_votes(app, client):
    with app.app_context():
        item = vote_item().id
    client.login("thuongvu")
    assert client.post(f"/congress/items/{item}/vote", data={
        "votes_for": "1", "votes_against": "0", "abstentions": "0"}).status_code == 403


def test_an_approved_document_shows_its_adoption_vote(app, client):
    with app.app_context():
        check_in_all_but(0)
        item = db.session.scalar(select(AgendaItem).join(AgendaItem.document).where(
            AgendaItem.document.has(state="approved")))
        assert item is not None
        base = services.vote_base(item.session.congress_id).value
        services.record_vote(user("thuky"), item.id, base - 1, 1, 0)
        votes = services.adoption_votes([item.document_id])
        assert votes[item.document_id].passed
    client.login("thuky")
    page = client.get("/congress/documents")
    assert page.status_code == 200 and f"{base - 1}/{base}" in page.text
