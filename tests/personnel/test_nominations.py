"""Delegate nominations through the services: quota, duplicates, scope, the path to the
appointment decision, returns, not summoned, bulk moves, replacement, holds."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from intranet.audit.models import AuditEntry
from intranet.audit.verify import verify
from intranet.errors import Forbidden, Invalid, NotFound
from intranet.extensions import db
from intranet.personnel import services
from intranet.personnel.allocation import line_for, published_allocation
from intranet.personnel.holds import Hold, register_hold_source, unregister_hold_source
from intranet.personnel.models import ExOfficioDelegate, Nomination
from intranet.workflow_service import apply_transition
from workflows import GuardFailed, NotPermitted, Text

from .conftest import free_members, fresh, move, unit, user

pytestmark = pytest.mark.demo

MINE = "CBTT01"  # bithu's organization: nothing nominated in the demo


def nominate(code=MINE, kind="official", who="bithu", member=None):
    member = member or free_members(code, 1)[0]
    return services.nominate(user(who), unit(code).id, member.id, kind)


def seats(code=MINE):
    return line_for(published_allocation().id, unit(code).id)


def history(item):
    return [(e.action, e.to_state) for e in db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == "nomination",
                                 AuditEntry.entity_id == str(item.id)).order_by(AuditEntry.seq))]


def appointed_pair(code=MINE):
    """An appointed official and an appointed alternate of the organization."""
    official, alternate = nominate(code), nominate(code, "alternate")
    for item in (official, alternate):
        move(item, ("submit", "bithu"), ("vet", "nhansu"), ("approve", "thuongvu"))
    services.appoint(user("thuongvu"), [official.id, alternate.id], "130-QĐ/ĐU",
                     date(2025, 8, 8))
    return fresh(official), fresh(alternate)


def test_a_secretary_proposes_a_member_of_the_organization(ctx):
    item = nominate()
    assert (item.state, item.kind, item.rank, item.org_unit_id) == (
        "draft", "official", 1, unit(MINE).id)
    assert history(item) == [("create", "draft")]


def test_over_quota_is_refused_with_a_clear_message(ctx):
    line = seats()
    for member in free_members(MINE, line.seats):
        nominate(member=member)
    extra = free_members(MINE, 1)[0]
    with pytest.raises(Invalid) as caught:
        nominate(member=extra)
    message = caught.value.message
    assert f"{line.seats} of its seats" in message and unit(MINE).name in message
    assert extra.full_name in message


def test_alternates_have_their_own_quota(ctx):
    for member in free_members(MINE, seats().alternates):
        nominate(kind="alternate", member=member)
    with pytest.raises(Invalid, match="seats for alternate delegate"):
        nominate(kind="alternate")


def test_the_same_person_twice_is_refused_naming_the_first_nomination(ctx):
    member = free_members(MINE, 1)[0]
    nominate(member=member)
    with pytest.raises(Invalid) as caught:
        nominate(kind="alternate", member=member)
    assert caught.value.message == (f"{member.full_name} is already nominated as official "
                                    f"delegate by {unit(MINE).name}.")


def test_a_withdrawn_person_may_be_proposed_again(ctx):
    member = free_members(MINE, 1)[0]
    first = nominate(member=member)
    move(first, ("withdraw", "bithu", "Đồng chí xin rút"))
    assert nominate(member=member).state == "draft"


def test_an_ex_officio_delegate_is_not_nominated(ctx, make_user):
    from intranet.org.models import Member

    seat = db.session.scalar(select(ExOfficioDelegate).order_by(ExOfficioDelegate.id))
    member = db.session.get(Member, seat.member_id)
    top = member.org_unit.parent if member.org_unit.kind == "sub_cell" else member.org_unit
    make_user("bithu.x", roles=["org_secretary"], unit=top.id)
    db.session.rollback()  # end the read snapshot taken before the user was created
    with pytest.raises(Invalid, match="ex officio"):
        services.nominate(user("bithu.x"), top.id, member.id, "official")


def test_only_members_of_the_organization_can_be_proposed(ctx):
    stranger = free_members("CBTT02", 1)[0]
    with pytest.raises(Invalid, match="not a member of"):
        nominate(member=stranger)


def test_the_database_refuses_a_second_active_nomination_of_a_person(ctx, monkeypatch):
    member = free_members(MINE, 1)[0]
    nominate(member=member)
    monkeypatch.setattr(services, "_refuse_duplicate", lambda allocation, member: None)
    with pytest.raises(Invalid, match="a moment ago"):
        nominate(kind="alternate", member=member)
    assert db.session.scalar(select(func.count(Nomination.id)).where(
        Nomination.member_id == member.id)) == 1


def test_another_organizations_secretary_gets_404(ctx):
    item = nominate()
    with pytest.raises(NotFound):
        services.nominate(user("bithu2"), unit(MINE).id, free_members(MINE, 1)[0].id,
                          "official")
    with pytest.raises(NotFound):
        services.get_nomination(user("bithu2"), item.id)
    with pytest.raises(NotFound):
        services.org_page(user("bithu2"), unit(MINE).id)
    outcome = services.fire_many(user("bithu2"), [item.id], "submit")
    assert item.id in outcome.refused and fresh(item).state == "draft"


def test_a_subcommittee_member_sees_every_organization_but_does_not_propose(ctx):
    assert services.org_page(user("nhansu"), unit(MINE).id).unit.code == MINE
    with pytest.raises(Forbidden):
        nominate(who="nhansu")


def test_a_secretarys_role_counts_only_for_their_own_organization(ctx):
    item = db.session.scalar(select(Nomination).where(  # bithu2's draft in the demo
        Nomination.org_unit_id == unit("CBCS01").id, Nomination.state == "draft"))
    with pytest.raises(NotPermitted):  # bithu is a secretary, but of another organization
        apply_transition(item, "submit", user("bithu"))


def test_the_whole_path_to_the_appointment_decision_is_audited(ctx):
    item = nominate()
    move(item, ("submit", "bithu"), ("vet", "nhansu"), ("approve", "thuongvu"))
    _decision, outcome = services.appoint(user("thuongvu"), [item.id], "130-QĐ/ĐU",
                                          date(2025, 8, 8))
    item = fresh(item)
    assert outcome.done == [item.id] and item.state == "appointed"
    assert (item.decision.number, item.decision.decided_on) == ("130-QĐ/ĐU", date(2025, 8, 8))
    assert item.appointed_as == "official"
    assert history(item) == [("create", "draft"), ("submit", "submitted"), ("vet", "vetted"),
                             ("approve", "approved"), ("appoint", "appointed")]
    appoint = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "appoint",
                                                         AuditEntry.entity_id == str(item.id)))
    assert json.loads(appoint.payload)["decision_number"] == "130-QĐ/ĐU"
    assert verify().ok


def test_a_decision_number_is_one_decision_with_one_date(ctx):
    item = nominate()
    move(item, ("submit", "bithu"), ("vet", "nhansu"), ("approve", "thuongvu"))
    with pytest.raises(Invalid, match="already recorded with the date 05/08/2025"):
        services.appoint(user("thuongvu"), [item.id], "125-QĐ/ĐU", date(2025, 8, 9))


def test_the_generic_panel_cannot_appoint_without_the_decision(ctx):
    item = move(nominate(), ("submit", "bithu"), ("vet", "nhansu"), ("approve", "thuongvu"))
    with pytest.raises(GuardFailed) as caught:
        apply_transition(item, "appoint", user("thuongvu"))
    assert caught.value.guard == "decision_recorded"


def test_returned_with_a_reason_then_sent_again(ctx):
    item = move(nominate(), ("submit", "bithu"),
                ("return_from_vetting", "nhansu", "Thiếu bản kiểm điểm"))
    assert item.state == "returned"
    assert move(item, ("submit", "bithu")).state == "submitted"
    item = move(item, ("vet", "nhansu"), ("return_from_approval", "thuongvu", "Chưa đủ tuổi"))
    assert item.state == "returned"


def test_not_summoned_keeps_its_reason(ctx):
    official, _alternate = appointed_pair()
    with pytest.raises(GuardFailed):
        services.not_summon(user("thuongvu"), official.id, "illness", "x", None)
    services.not_summon(user("thuongvu"), official.id, "prosecuted", "Quyết định khởi tố 12/8",
                        official.version)
    official = fresh(official)
    assert (official.state, official.not_summoned_reason) == ("not_summoned", "prosecuted")


def test_bulk_vetting_moves_each_nomination_on_its_own(ctx):
    items = [nominate(member=m) for m in free_members(MINE, seats().seats)]
    services.submit_drafts(user("bithu"), unit(MINE).id)
    stale = {items[0].id: 1}  # the page showed version 1; it is now 2
    outcome = services.fire_many(user("nhansu"), [i.id for i in items], "vet", versions=stale)
    assert outcome.done == [i.id for i in items[1:]]
    assert "changed by someone else" in outcome.refused[items[0].id]
    assert [fresh(i).state for i in items] == ["submitted"] + ["vetted"] * (len(items) - 1)
    for item in items[1:]:
        assert history(item)[-1] == ("vet", "vetted")


def test_replacement_by_the_next_alternate_keeps_the_quota(ctx):
    official, alternate = appointed_pair()
    line = seats()
    officials_before = services.org_page(user("bithu"), unit(MINE).id).used("official")
    move(official, ("request_replacement", "bithu", "Ốm dài ngày"),
         ("approve_replacement", "thuongvu"))
    official, alternate = fresh(official), fresh(alternate)
    assert official.state == "replaced" and official.replacement_reason == "Ốm dài ngày"
    assert official.replaced_by_id == alternate.id
    assert (alternate.kind, alternate.state, alternate.replaces_id) == (
        "official", "appointed", official.id)
    assert alternate.appointed_as == "alternate"  # the decision named them as an alternate
    after = seats()
    assert (after.seats, after.alternates) == (line.seats, line.alternates)
    assert services.org_page(user("bithu"), unit(MINE).id).used("official") == officials_before
    assert history(alternate)[-1] == ("promote", None)
    assert history(official)[-2:] == [("request_replacement", "replacement_requested"),
                                      ("approve_replacement", "replaced")]
    assert verify().ok


def test_no_replacement_without_an_appointed_alternate(ctx):
    item = move(nominate(), ("submit", "bithu"), ("vet", "nhansu"), ("approve", "thuongvu"))
    services.appoint(user("thuongvu"), [item.id], "131-QĐ/ĐU", date(2025, 8, 9))
    with pytest.raises(GuardFailed) as caught:
        move(item, ("request_replacement", "bithu", "Ốm"))
    assert caught.value.guard == "alternate_available"


def test_a_refused_replacement_goes_back_to_appointed(ctx):
    official, _alternate = appointed_pair()
    official = move(official, ("request_replacement", "bithu", "Bận công tác"),
                    ("reject_replacement", "thuongvu", "Đồng chí vẫn dự được"))
    assert official.state == "appointed" and official.replacement_reason is None


@pytest.fixture
def hold_on(ctx):
    held: set[int] = set()

    def source(member_ids):
        return [Hold(m, "complaints", "#7", Text("đơn thư đang xác minh", "a letter under "
                                                 "verification")) for m in member_ids if m in held]

    register_hold_source("test", source)
    yield held
    unregister_hold_source("test")


def test_a_hold_from_another_area_blocks_approval_and_appointment(ctx, hold_on):
    item = move(nominate(), ("submit", "bithu"), ("vet", "nhansu"))
    hold_on.add(item.member_id)
    with pytest.raises(GuardFailed) as caught:
        move(item, ("approve", "thuongvu"))
    assert caught.value.message.vi == "Chưa thể duyệt hoặc chỉ định: đơn thư đang xác minh (#7)."
    hold_on.clear()
    item = move(item, ("approve", "thuongvu"))
    hold_on.add(item.member_id)
    _decision, outcome = services.appoint(user("thuongvu"), [item.id], "132-QĐ/ĐU",
                                          date(2025, 8, 9))
    assert "letter under verification" in outcome.refused[item.id] or \
        "đơn thư" in outcome.refused[item.id]
