"""A small ward to test the documents area on: a committee, two cells, nine Standing Committee
seats, a congress with its document set, and one login per role involved."""

from __future__ import annotations

from datetime import date

import pytest

from intranet.auth.models import RoleAssignment, User
from intranet.auth.passwords import hash_password
from intranet.db import write_transaction
from intranet.documents.models import DocumentSet
from intranet.org.models import Body, BodyMembership, Congress, Member, OrgUnit
from tests.conftest import DEMO_PASSWORD
from tests.documents.helpers import Docs
from workflows.roles import Role

LOGINS = {
    "vankien": [Role.DOCUMENTS],
    "thuongvu": [Role.STANDING],
    "vanthu": [Role.CLERK],
    "uvbch": [Role.EXECUTIVE],
    "kiemtra": [Role.INSPECTOR],
}


@pytest.fixture
def world(app):
    """Ids of the ward's units and of the logins, made in one transaction (fast)."""
    with app.app_context(), write_transaction() as session:
        ward = OrgUnit(code="DBP-T", name="Đảng bộ phường Thử nghiệm", kind="ward_committee")
        session.add(ward)
        session.flush()
        cell_a = OrgUnit(code="CB-A", name="Chi bộ Tổ dân phố Dương Quan 1",
                         kind="affiliated_cell", parent_id=ward.id, sort_order=1)
        cell_b = OrgUnit(code="CB-B", name="Chi bộ Trường THPT Thủy Sơn",
                         kind="grassroots_cell", parent_id=ward.id, sort_order=2)
        session.add_all([cell_a, cell_b])
        session.flush()
        congress = Congress(org_unit_id=ward.id, term="2025-2030", opens_on=date(2025, 8, 18),
                            name="Đại hội thử nghiệm")
        members = [Member(full_name=f"Ủy viên {i + 1}", org_unit_id=cell_a.id, gender="M",
                          birth_year=1970, joined_year=1995) for i in range(9)]
        session.add_all([congress, *members])
        session.flush()
        session.add_all([BodyMembership(org_unit_id=ward.id, body=Body.STANDING,
                                        member_id=m.id, term="2025-2030") for m in members])
        session.add(DocumentSet(congress_id=congress.id, title="Văn kiện thử nghiệm"))
        ids = {"ward": ward.id, "cell_a": cell_a.id, "cell_b": cell_b.id}
        password = hash_password(DEMO_PASSWORD)
        logins = [(name, roles, None) for name, roles in LOGINS.items()] + [
            ("bithu", [Role.SECRETARY], cell_a.id), ("bithu2", [Role.SECRETARY], cell_b.id)]
        for name, roles, unit in logins:
            account = User(username=name, display_name=name.title(), password_hash=password)
            session.add(account)
            session.flush()
            session.add_all([RoleAssignment(user_id=account.id, role=r, org_unit_id=unit)
                             for r in roles])
            ids[name] = account.id
    return ids


@pytest.fixture
def docs(world) -> Docs:
    """Needs an app context: `ctx` in service tests, `with app.app_context()` around page
    tests' setup (a request must not share the test's session)."""
    return Docs(world)
