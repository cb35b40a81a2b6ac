"""Committee personnel: the path from the succession pool to the city's decision, polls whose
majority is computed from counts, the seats of each body, and the pages."""

import json
import re

import pytest
from sqlalchemy import select

from intranet.audit.models import AuditEntry
from intranet.errors import Invalid
from intranet.extensions import db
from intranet.personnel import committee
from intranet.personnel.models import CommitteeCandidate
from intranet.workflow_service import apply_transition
from workflows import GuardFailed

from .conftest import free_members, fresh, user

pytestmark = pytest.mark.demo


def candidate(body="executive_committee"):
    return committee.add_candidate(user("nhansu"), body, free_members("CBTT50", 1)[0].id)


def poll(item, votes_for, voters=30, ballots=30, against=None):
    against = ballots - votes_for if against is None else against
    committee.record_poll(user("nhansu"), item.id, voters=voters, ballots=ballots,
                          votes_for=votes_for, votes_against=against, version=None)
    return fresh(item)


def to_executive_poll(item):
    apply_transition(item, "shortlist", user("thuongvu"))
    item = poll(item, 20)
    apply_transition(item, "select", user("thuongvu"))
    return fresh(item)


def test_the_whole_path_to_the_citys_decision(ctx):
    item = to_executive_poll(candidate())
    item = poll(item, 25, voters=27, ballots=27)
    apply_transition(item, "vet", user("nhansu"))
    apply_transition(fresh(item), "submit_to_city", user("thuongvu"))
    committee.record_appointment(user("nhansu"), item.id, "1900-QĐ/TU",
                                 __import__("datetime").date(2025, 8, 15), None)
    item = fresh(item)
    assert item.state == "appointed" and item.decision_number == "1900-QĐ/TU"
    assert [(p.stage, p.votes_for, p.passed) for p in item.polls] == [
        ("key_cadre", 20, True), ("executive", 25, True)]
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.entity_type == "committee_nomination",
        AuditEntry.entity_id == str(item.id)).order_by(AuditEntry.seq)).all()
    assert actions == ["create", "shortlist", "record_key_cadre_poll", "select",
                       "record_executive_poll", "vet", "submit_to_city", "appoint"]


def test_exactly_half_is_recorded_but_does_not_pass(ctx):
    item = candidate()
    apply_transition(item, "shortlist", user("thuongvu"))
    item = poll(item, 15, voters=30, ballots=30)
    assert item.state == "key_cadre_polled" and item.polls[0].passed is False
    with pytest.raises(GuardFailed) as caught:
        apply_transition(item, "select", user("thuongvu"))
    assert "15/30" in caught.value.message.en
    apply_transition(item, "drop", user("thuongvu"), reason="Không đạt quá nửa số phiếu")
    assert fresh(item).state == "dropped"


def test_the_typed_result_is_never_trusted(ctx):
    item = candidate()
    apply_transition(item, "shortlist", user("thuongvu"))
    apply_transition(item, "record_key_cadre_poll", user("nhansu"), payload={"poll": {
        "voters": 30, "ballots": 30, "for": 10, "against": 20, "base": "ballots",
        "passed": True}})
    assert fresh(item).polls[0].passed is False


@pytest.mark.parametrize("counts, field", [
    (dict(voters=30, ballots=31, votes_for=1, votes_against=1), "ballots"),
    (dict(voters=30, ballots=30, votes_for=20, votes_against=11), "votes_for"),
    (dict(voters=0, ballots=0, votes_for=0, votes_against=0), "voters"),
])
def test_inconsistent_counts_are_refused(ctx, counts, field):
    item = candidate()
    apply_transition(item, "shortlist", user("thuongvu"))
    with pytest.raises(Invalid) as caught:
        committee.record_poll(user("nhansu"), item.id, version=None, **counts)
    assert caught.value.details["field"] == field
    assert fresh(item).state == "shortlisted"


def test_the_majority_base_is_configurable(app, ctx):
    app.config["PERSONNEL_MAJORITY_BASE"] = "voters"
    item = candidate()
    apply_transition(item, "shortlist", user("thuongvu"))
    item = poll(item, 16, voters=40, ballots=30, against=14)  # 16/30 ballots, 16/40 voters
    assert item.polls[0].base == "voters" and item.polls[0].passed is False


def test_a_body_is_submitted_only_up_to_its_seats(app, ctx):
    app.config["PERSONNEL_COMMITTEE_SEATS"] = {**app.config["PERSONNEL_COMMITTEE_SEATS"],
                                               "city_alternate": 1}
    first, second = (committee.add_candidate(user("nhansu"), "city_alternate", m.id)
                     for m in free_members("CBTT51", 2))
    for item in (first, second):
        item = to_executive_poll(item)
        item = poll(item, 20, voters=27, ballots=27)
        apply_transition(item, "vet", user("nhansu"))
    apply_transition(fresh(first), "submit_to_city", user("thuongvu"))
    with pytest.raises(GuardFailed) as caught:
        apply_transition(fresh(second), "submit_to_city", user("thuongvu"))
    assert caught.value.guard == "within_seats"


def test_a_person_is_a_candidate_for_a_body_once(ctx):
    member = free_members("CBTT52", 1)[0]
    committee.add_candidate(user("nhansu"), "standing_committee", member.id)
    with pytest.raises(Invalid, match="already a candidate"):
        committee.add_candidate(user("nhansu"), "standing_committee", member.id)
    assert committee.add_candidate(user("nhansu"), "executive_committee", member.id)


def test_the_board_and_a_candidate_page(app, client):
    client.login("nhansu")
    board = client.get("/personnel/committee").text
    for label in ("Ban Chấp hành", "Ban Thường vụ", "Bí thư", "Phó Bí thư"):
        assert label in board
    candidate_id = re.search(r'href="/personnel/committee/(\d+)"', board).group(1)
    assert client.get(f"/personnel/committee/{candidate_id}").status_code == 200
    options = client.get("/personnel/committee/members?q=ng", htmx=True).text
    assert options.count("<option") == 20


def test_adding_a_candidate_and_a_poll_over_http(app, client):
    with app.app_context():
        member = free_members("CBTT53", 1)[0].id
    client.login("nhansu")
    response = client.post("/personnel/committee", htmx=True,
                           data={"body": "executive_committee", "member_id": member})
    assert response.status_code == 200
    with app.app_context():
        item = db.session.scalar(select(CommitteeCandidate).where(
            CommitteeCandidate.member_id == member))
        apply_transition(item, "shortlist", user("thuongvu"))
        item_id = item.id
    url = f"/personnel/committee/{item_id}/poll"
    response = client.post(url, htmx=True, data={"voters": "84", "ballots": "90",
                                                 "votes_for": "50", "votes_against": "10"})
    assert response.status_code == 422 and "is-invalid" in response.text
    response = client.post(url, htmx=True, data={"voters": "84", "ballots": "82",
                                                 "votes_for": "70", "votes_against": "12"})
    assert response.status_code == 200
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "record_key_cadre_poll",
            AuditEntry.entity_id == str(item_id)))
        assert json.loads(entry.payload)["poll"]["passed"] is True


def test_committee_personnel_is_not_for_everyone(client):
    client.login("bch")
    assert client.get("/personnel/committee").status_code == 403


def test_the_committee_list_as_xlsx(app, client):
    from io import BytesIO

    from openpyxl import load_workbook

    client.login("kiemtra")
    response = client.get("/personnel/committee.xlsx")
    book = load_workbook(BytesIO(response.data))
    assert len(book.worksheets) >= 2
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.entity_type).where(
            AuditEntry.action == "export")) == "committee_list"
