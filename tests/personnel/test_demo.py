"""The personnel demo: a published allocation of 223 seats, nominations at every stage, all
made through the services (the audit chain verifies), and loading it twice adds nothing."""

import pytest
from sqlalchemy import func, select

from intranet.audit.verify import verify
from intranet.extensions import db
from intranet.personnel import allocation as quota
from intranet.personnel.models import CommitteeCandidate, Nomination
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.demo


def test_the_demo_allocation_is_published_with_223_appointed_seats(ctx):
    allocation = quota.allocation_of(quota.congress_or_404())
    assert allocation.state == "published" and allocation.frozen_digest
    assert (allocation.total_delegates, allocation.ex_officio_count) == (250, 27)
    assert len(allocation.lines) == 102
    assert sum(line.seats for line in allocation.lines) == 223
    assert len(allocation.ex_officio) == 27


def test_nominations_at_every_stage(ctx):
    states = set(db.session.scalars(select(Nomination.state).distinct()))
    assert {"draft", "submitted", "vetted", "approved", "appointed", "returned",
            "not_summoned", "replaced"} <= states
    organizations = db.session.scalar(select(func.count(Nomination.org_unit_id.distinct())))
    assert organizations >= 20


def test_the_audit_chain_verifies_after_the_demo(ctx, runner):
    assert verify().ok
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output


def test_loading_the_demo_again_adds_nothing(ctx, runner):
    def totals():
        return [db.session.scalar(select(func.count()).select_from(m))
                for m in (Nomination, CommitteeCandidate)]

    before = totals()
    result = runner.invoke(args=["seed-demo", "--password", DEMO_PASSWORD])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert totals() == before
