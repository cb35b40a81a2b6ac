"""The quota allocation service: calculate, adjust with a reason, freeze, publish, audited."""

import json

import pytest
from sqlalchemy import select

from intranet.audit.models import AuditEntry
from intranet.audit.verify import verify
from intranet.errors import Invalid
from intranet.extensions import db
from intranet.personnel import allocation as quota
from intranet.personnel.models import QuotaAllocation
from intranet.workflow_service import apply_transition
from workflows import GuardFailed, NotPermitted

from .conftest import user

pytestmark = pytest.mark.demo

DEFAULT = quota.Parameters(total=250, minimum=1, alternates=1)


def entries(allocation_id):
    return db.session.scalars(select(AuditEntry).where(
        AuditEntry.entity_type == "quota_allocation",
        AuditEntry.entity_id == str(allocation_id)).order_by(AuditEntry.seq)).all()


def test_the_ward_gets_27_ex_officio_and_223_seats_over_102_organizations(ctx, ward):
    allocation = quota.calculate_allocation(user("nhansu"), DEFAULT)
    assert allocation.state == "draft"
    assert (allocation.ex_officio_count, allocation.appointed_seats) == (27, 223)
    assert len(allocation.lines) == 102 and allocation.members_total == 2846
    assert sum(line.seats for line in allocation.lines) == 223
    assert all(line.seats >= 1 for line in allocation.lines)
    assert sum(line.quota for line in allocation.lines) == 223  # exact fractions
    assert {line.alternates for line in allocation.lines} == {1}


def test_a_grassroots_committee_counts_the_members_of_its_cells(ctx, ward):
    from intranet.org.models import subtree_member_counts

    allocation = quota.calculate_allocation(user("nhansu"), DEFAULT)
    counts = subtree_member_counts(ward)
    committee = next(line for line in allocation.lines
                     if line.org_unit.kind == "grassroots_committee")
    assert committee.members == counts[committee.org_unit_id] > 40


def test_the_calculation_and_its_tie_breaks_are_recorded(ctx, ward):
    allocation = quota.calculate_allocation(user("nhansu"), DEFAULT)
    create, calculate = entries(allocation.id)
    assert (create.action, create.to_state) == ("create", "draft")
    payload = json.loads(calculate.payload)
    assert payload["appointed_seats"] == 223 and payload["ex_officio"] == 27
    assert payload["ties"] == json.loads(allocation.tie_breaks)
    for tie in payload["ties"]:
        assert set(tie["winners"]) < set(tie["candidates"])


def test_recalculating_the_draft_replaces_the_lines(ctx, ward):
    quota.calculate_allocation(user("nhansu"), DEFAULT)
    allocation = quota.calculate_allocation(user("nhansu"), quota.Parameters(200, 1, 2))
    db.session.expire_all()
    allocation = db.session.get(QuotaAllocation, allocation.id)
    assert sum(line.seats for line in allocation.lines) == 173
    assert len(allocation.lines) == 102 and {line.alternates for line in allocation.lines} == {2}


@pytest.mark.parametrize("params, field, text", [
    (quota.Parameters(251, 1, 1), "total", "between 1 and 250"),
    (quota.Parameters(20, 0, 1), "total", "smaller than the 27 ex officio"),
    (quota.Parameters(120, 1, 1), "minimum", "needs 102 seats, but only 93"),
    (quota.Parameters(250, 1, 21), "alternates", "between 0 and 20"),
])
def test_impossible_figures_are_refused_clearly(ctx, ward, params, field, text):
    with pytest.raises(Invalid) as caught:
        quota.calculate_allocation(user("nhansu"), params)
    assert caught.value.details["field"] == field
    assert text in caught.value.message
    assert quota.allocation_of(quota.congress_or_404()) is None


def test_an_adjustment_needs_a_reason_and_is_recorded(ctx, ward):
    allocation = quota.calculate_allocation(user("nhansu"), DEFAULT)
    line = allocation.lines[0]
    with pytest.raises(Invalid):
        quota.adjust_line(user("nhansu"), line.id, seats=line.seats + 1, alternates=2,
                          reason="  ")
    quota.adjust_line(user("nhansu"), line.id, seats=line.seats + 1, alternates=2,
                      reason="Đơn vị có nhiều chi bộ mới thành lập")
    entry = entries(allocation.id)[-1]
    assert entry.action == "adjust" and entry.reason == "Đơn vị có nhiều chi bộ mới thành lập"
    assert json.loads(entry.payload)["alternates"] == [1, 2]


def test_freezing_refuses_seats_that_do_not_add_up(ctx, ward):
    allocation = quota.calculate_allocation(user("nhansu"), DEFAULT)
    line = allocation.lines[0]
    quota.adjust_line(user("nhansu"), line.id, seats=line.seats + 1, alternates=1, reason="x")
    with pytest.raises(GuardFailed) as caught:
        apply_transition(allocation, "freeze", user("nhansu"))
    assert "(224)" in caught.value.message.en and "(223)" in caught.value.message.en


def test_freeze_seals_the_table_then_only_a_reopen_allows_changes(ctx, ward):
    allocation = quota.calculate_allocation(user("nhansu"), DEFAULT)
    apply_transition(allocation, "freeze", user("nhansu"))
    allocation = db.session.get(QuotaAllocation, allocation.id, populate_existing=True)
    assert allocation.state == "frozen" and len(allocation.frozen_digest) == 64
    assert json.loads(entries(allocation.id)[-1].payload)["digest"] == allocation.frozen_digest
    with pytest.raises(Invalid, match="frozen"):
        quota.adjust_line(user("nhansu"), allocation.lines[0].id, seats=3, alternates=1,
                          reason="x")
    with pytest.raises(Invalid, match="frozen"):
        quota.calculate_allocation(user("nhansu"), DEFAULT)
    apply_transition(allocation, "reopen", user("thuongvu"), reason="Điều chỉnh cơ cấu")
    allocation = db.session.get(QuotaAllocation, allocation.id, populate_existing=True)
    assert allocation.state == "draft" and allocation.frozen_digest is None


def test_the_preparer_may_not_publish_it_alone(ctx, ward):
    allocation = quota.calculate_allocation(user("thuongvu"), DEFAULT)
    apply_transition(allocation, "freeze", user("thuongvu"))
    with pytest.raises(NotPermitted):
        apply_transition(allocation, "publish", user("thuongvu"))
    apply_transition(allocation, "publish", user("thuongvu2"))
    assert verify().ok


def test_nominations_wait_for_the_published_allocation(ctx, ward):
    quota.calculate_allocation(user("nhansu"), DEFAULT)
    with pytest.raises(Invalid, match="published"):
        quota.published_allocation()


def test_alternates_are_ranked_and_reordered_while_in_draft(ctx, ward):
    from intranet.personnel import services

    from .conftest import free_members, fresh, unit

    allocation = quota.calculate_allocation(user("nhansu"), quota.Parameters(250, 1, 3))
    apply_transition(allocation, "freeze", user("nhansu"))
    apply_transition(allocation, "publish", user("thuongvu"))
    first, second, third = (services.nominate(user("bithu"), unit("CBTT01").id, m.id,
                                              "alternate") for m in free_members("CBTT01", 3))
    assert [first.rank, second.rank, third.rank] == [1, 2, 3]
    services.move_alternate(user("bithu"), third.id, -1)
    assert [fresh(n).rank for n in (first, second, third)] == [1, 3, 2]
    with pytest.raises(Invalid, match="cannot move further"):
        services.move_alternate(user("bithu"), first.id, -1)
    apply_transition(fresh(second), "submit", user("bithu"))
    with pytest.raises(Invalid, match="draft or returned"):
        services.move_alternate(user("bithu"), second.id, -1)
