"""Stateful property test: random sequences of actions by random people on a sample item."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import func, select

from intranet.audit.models import AuditEntry
from intranet.audit.verify import verify
from intranet.auth.models import User
from intranet.db import write_transaction
from intranet.errors import AppError
from intranet.extensions import db
from intranet.org.models import OrgUnit
from intranet.workflow_service import apply_transition, start_item
from tests.support.sample_item import SampleItem, sample_workflow
from tests.support.sample_workflow import SAMPLE
from workflows import WorkflowError
from workflows.roles import Role

PEOPLE = {"bithu": [Role.SECRETARY], "thuongvu": [Role.STANDING],
          "thuongvu-hai": [Role.STANDING], "nhansu": [Role.PERSONNEL], "vanthu": [Role.CLERK]}


def make_unit() -> int:
    with write_transaction():
        unit = OrgUnit(code="CB01", name="Chi bộ 1", kind="affiliated_cell")
        db.session.add(unit)
    return unit.id


def test_random_action_sequences_keep_every_promise(app, make_user):
    with sample_workflow(app):
        with app.app_context():
            unit_id = make_unit()
        ids = {name: make_user(name, roles=roles, unit=unit_id if name == "bithu" else None)
               for name, roles in PEOPLE.items()}

        class Lifecycle(RuleBasedStateMachine):
            @initialize(author=st.sampled_from(sorted(PEOPLE)))
            def create(self, author):
                self.ctx = app.app_context()
                self.ctx.push()
                with write_transaction():
                    item = SampleItem(title="Đề nghị", author_id=ids[author],
                                      org_unit_id=unit_id)
                    start_item(item, db.session.get(User, ids[author]))
                self.item_id = item.id
                self.successes = 0
                self.terminal_state = None

            def teardown(self):
                if hasattr(self, "ctx"):
                    report = verify()
                    assert report.ok, report.findings
                    self.ctx.pop()

            @rule(trigger=st.sampled_from([*SAMPLE.triggers, "bogus"]),
                  who=st.sampled_from(sorted(PEOPLE)),
                  reason=st.sampled_from([None, "", "lý do"]),
                  stale=st.booleans())
            def act(self, trigger, who, reason, stale):
                item = db.session.get(SampleItem, self.item_id, populate_existing=True)
                version = item.version - 1 if stale else item.version
                try:
                    apply_transition(item, trigger, db.session.get(User, ids[who]),
                                     reason=reason, expected_version=version)
                except (WorkflowError, AppError):
                    return
                self.successes += 1

            @invariant()
            def state_is_defined_and_audited(self):
                if not hasattr(self, "item_id"):
                    return
                item = db.session.get(SampleItem, self.item_id, populate_existing=True)
                assert item.state in SAMPLE.states
                entries = db.session.scalar(select(func.count(AuditEntry.seq)).where(
                    AuditEntry.entity_type == "sample",
                    AuditEntry.entity_id == str(self.item_id)))
                assert entries == self.successes + 1  # + its creation
                assert item.version == self.successes + 1
                if self.terminal_state is not None:
                    assert item.state == self.terminal_state  # terminal items never change
                if SAMPLE.states[item.state].terminal:
                    self.terminal_state = item.state

        Lifecycle.TestCase.settings = settings(
            max_examples=25, stateful_step_count=15, deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture,
                                   HealthCheck.too_slow])
        Lifecycle.TestCase().runTest()
