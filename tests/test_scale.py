"""City scale: `seed-demo --scale N` adds bulk wards; pages cost the same number of queries
whatever the data size; the filters' indexes exist (EXPLAIN on PostgreSQL)."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select, text

from intranet import create_app
from intranet.audit.models import AuditEntry
from intranet.documents.models import Comment, Document
from intranet.extensions import db
from intranet.org.models import Congress, Member, OrgUnit, UnitKind
from intranet.personnel.models import Nomination, QuotaAllocation

from .conftest import DEMO_PASSWORD, CSRFClient, base_config

DEMO_WARD = "DBP-TN"


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.city
def test_each_added_ward_carries_a_wards_volume(ctx):
    wards = db.session.scalars(select(OrgUnit).where(
        OrgUnit.kind == UnitKind.WARD_COMMITTEE).order_by(OrgUnit.code)).all()
    assert [w.code for w in wards] == ["DBP-002", "DBP-003", DEMO_WARD]
    for ward in wards[:2]:
        (congress,) = db.session.scalars(select(Congress).where(Congress.org_unit_id == ward.id))
        (document,) = db.session.scalars(select(Document).where(Document.org_unit_id == ward.id))
        assert count(Comment, Comment.document_id == document.id) == 1000
        allocation = db.session.scalar(select(QuotaAllocation).where(
            QuotaAllocation.congress_id == congress.id))
        assert count(Nomination, Nomination.allocation_id == allocation.id) == 250
    assert count(Member) == 3 * 2846
    assert count(AuditEntry) > 2 * 10_000


@pytest.mark.city
def test_the_demo_congress_stays_the_one_being_prepared(ctx):
    current = db.session.scalar(select(Congress).order_by(Congress.opens_on.desc()).limit(1))
    assert current.org_unit.code == DEMO_WARD


@pytest.mark.city
def test_the_city_audit_log_verifies_with_every_history_replayed(ctx):
    from intranet.audit.verify import verify

    report = verify()
    assert report.ok, report.findings[:3]
    assert report.entries == count(AuditEntry)


@pytest.mark.city
def test_seeding_the_city_again_adds_nothing(ctx, runner):
    before = [count(m) for m in (OrgUnit, Member, Comment, Nomination, AuditEntry)]
    result = runner.invoke(args=["seed-demo", "--password", DEMO_PASSWORD, "--scale", "3"])
    assert result.exit_code == 0, result.output
    assert [count(m) for m in (OrgUnit, Member, Comment, Nomination, AuditEntry)] == before


# -- query budgets: the same page, the demo database and the city database ------------------

PAGES = [
    ("thuongvu", "/"),
    ("thuongvu", "/documents/"),
    ("vankien", "/documents/{big}"),
    ("vankien", "/documents/{big}/comments"),
    ("vankien", "/documents/{big}/report"),
    ("nhansu", "/personnel/"),
    ("nhansu", "/personnel/quota"),
    ("nhansu", "/personnel/review/vetting"),
    ("thuongvu", "/personnel/review/approval"),
    ("thuongvu", "/personnel/review/appointment"),
    ("thuongvu", "/personnel/delegates"),
    ("kiemtra", "/audit/"),
    ("thuongvu", "/org/"),
    ("thuongvu", "/notifications"),
]


@contextmanager
def site(backends, backend_name: str, kind: str, tmp_path):
    url = backends(backend_name).fresh(kind)
    app = create_app(base_config(DATABASE_URL=url, INSTANCE_PATH=str(tmp_path / kind)))
    app.test_client_class = CSRFClient
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()
        backends(backend_name).drop(url)


def biggest_demo_document(app) -> int:
    with app.app_context():
        return db.session.execute(
            select(Document.id).join(Comment, Comment.document_id == Document.id)
            .join(OrgUnit, OrgUnit.id == Document.org_unit_id).where(OrgUnit.code == DEMO_WARD)
            .group_by(Document.id).order_by(func.count(Comment.id).desc()).limit(1)
        ).scalar_one()


def statements(app, login: str, url: str) -> int:
    client = app.test_client()
    client.login(login)
    client.get(url)  # warm: first-request caches are not what we measure
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        if not statement.startswith(("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE")):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200, (url, response.status_code)
    return len(seen)


@pytest.mark.parametrize("backend_name", ["sqlite", "postgres"])
def test_pages_cost_the_same_queries_for_a_ward_and_for_three(backends, backend_name,
                                                              tmp_path):
    with site(backends, backend_name, "demo", tmp_path) as demo, \
            site(backends, backend_name, "city", tmp_path) as city:
        big = biggest_demo_document(demo)
        assert biggest_demo_document(city) == big
        for login, page in PAGES:
            url = page.format(big=big)
            assert statements(demo, login, url) == statements(city, login, url), url


@pytest.mark.city
def test_three_thousand_comments_cost_what_a_thousand_do(app):
    with app.app_context():
        small, large = db.session.scalars(select(Document.id).join(
            OrgUnit, OrgUnit.id == Document.org_unit_id)
            .where(OrgUnit.code.in_(("DBP-002", "DBP-003"))).order_by(OrgUnit.code)).all()
        table = Comment.__table__
        rows = [dict(r._mapping) for r in db.session.execute(
            select(table).where(table.c.document_id == large))]
        for copy in (1, 2):
            db.session.execute(table.insert(), [
                {**{k: v for k, v in r.items() if k != "id"},
                 "receipt_no": r["receipt_no"] and f"{r['receipt_no']}-{copy}"} for r in rows])
        db.session.commit()
        assert count(Comment, Comment.document_id == small) == 1000
        assert count(Comment, Comment.document_id == large) == 3000
    for page in ("/documents/{id}", "/documents/{id}/comments", "/documents/{id}/report",
                 "/documents/{id}/comments?disposition=pending&channel=paper",
                 "/documents/{id}/comments?page=3"):
        assert (statements(app, "vankien", page.format(id=small))
                == statements(app, "vankien", page.format(id=large))), page


# -- indexes: what the filters ask for is answered by an index on PostgreSQL ----------------

FILTERS = {
    "comments of a document by disposition":
        "SELECT id FROM document_comment WHERE document_id = {doc} AND disposition IS NULL",
    "comments of a document by channel":
        "SELECT id FROM document_comment WHERE document_id = {doc} AND channel = 'public_qr'",
    "a congress's nominations by state":
        "SELECT id FROM nomination WHERE allocation_id = {alloc} AND state = 'submitted'",
    "an organization's nominations":
        "SELECT id FROM nomination WHERE allocation_id = {alloc} AND org_unit_id = {org} "
        "AND kind = 'official'",
    "a person's nominations": "SELECT id FROM nomination WHERE member_id = {member}",
    "an item's audit trail":
        "SELECT seq FROM audit_entry WHERE entity_type = 'nomination' AND entity_id = '7'",
    "an organization's members": "SELECT id FROM member WHERE org_unit_id = {org}",
    "units under a unit": "SELECT id FROM org_unit WHERE parent_id = {org}",
}


@pytest.mark.city
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
@pytest.mark.parametrize("name", list(FILTERS))
def test_the_filters_use_an_index(ctx, name):
    doc = db.session.scalar(select(func.max(Document.id)))
    alloc = db.session.scalar(select(func.max(QuotaAllocation.id)))
    org, member = db.session.execute(select(Nomination.org_unit_id, Nomination.member_id)
                                     .where(Nomination.allocation_id == alloc).limit(1)).one()
    sql = FILTERS[name].format(doc=doc, alloc=alloc, org=org, member=member)
    db.session.execute(text("ANALYZE"))
    db.session.execute(text("SET enable_seqscan = off"))  # small tables: ask whether one exists
    plan = "\n".join(db.session.scalars(text(f"EXPLAIN {sql}")))  # nosec B608
    assert "Seq Scan" not in plan, plan


@pytest.mark.city
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_the_ward_committees_are_found_by_their_kind_in_an_index(ctx):
    db.session.execute(text("ANALYZE"))
    db.session.execute(text("SET enable_seqscan = off"))  # small tables: ask whether one exists
    plan = "\n".join(db.session.scalars(text(
        "EXPLAIN SELECT id FROM org_unit WHERE kind = 'ward_committee' ORDER BY code LIMIT 50")))
    assert any("Index Cond" in line and "kind" in line for line in plan.splitlines()), plan


@pytest.mark.city
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_the_ward_chooser_keeps_its_index_once_its_statement_is_prepared(ctx):
    """psycopg prepares a statement after its fifth run; PostgreSQL may then plan it once for
    any value of its parameters (a generic plan). With the kind as a parameter, that plan
    walked every organization in code order and kept the wards (1.5 ms at N=100): the kind is
    written into the statement, and the generic plan still finds the wards by the index."""
    from intranet.org.services import ward_page

    sent = []
    engine = db.engine
    listener = lambda conn, cursor, sql, params, *a: sent.append((sql, params))  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        ward_page(1, 50)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    sql, params = sent[-1]
    assert "'ward_committee'" in sql
    names = list(dict.fromkeys(re.findall(r"%\((\w+)\)s", sql)))
    for number, name in enumerate(names, 1):
        sql = sql.replace(f"%({name})s", f"${number}")
    db.session.execute(text("ANALYZE"))
    db.session.execute(text("SET enable_seqscan = off"))  # small tables: ask whether one exists
    db.session.execute(text("SET plan_cache_mode = force_generic_plan"))
    db.session.execute(text(f"PREPARE wards AS {sql}"))  # nosec B608
    arguments = ", ".join(str(int(params[name])) for name in names)  # LIMIT and OFFSET
    plan = "\n".join(db.session.scalars(text(f"EXPLAIN EXECUTE wards({arguments})")))
    assert any("Index Cond" in line and "kind" in line for line in plan.splitlines()), plan


@pytest.mark.city
def test_my_tasks_are_the_congress_being_prepared_not_other_wards(app):
    """The bulk wards' circulated documents and vetted nominations are theirs, not tasks of
    the demo ward's subcommittees and Standing Committee."""
    from intranet.auth.models import User
    from intranet.home.services import task_count, task_groups

    with app.test_request_context():
        current = db.session.scalar(select(Congress).order_by(Congress.opens_on.desc()).limit(1))
        allocation = db.session.scalar(select(QuotaAllocation.id).where(
            QuotaAllocation.congress_id == current.id))
        for username in ("thuongvu", "vankien", "nhansu"):
            user = db.session.scalar(select(User).where(User.username == username))
            groups = task_groups(user)
            assert groups, username
            assert task_count(user) == sum(g.total for g in groups) < 200
            for group in groups:
                for item in group.items:
                    if isinstance(item, Document):
                        assert item.org_unit_id == current.org_unit_id, username
                    if isinstance(item, Nomination):
                        assert item.allocation_id == allocation, username


@pytest.mark.city
def test_the_audit_filter_lists_every_entity_type_without_reading_the_log(ctx):
    from intranet.audit.services import known_entity_types

    expected = sorted(db.session.scalars(select(AuditEntry.entity_type).distinct()))
    assert known_entity_types() == expected and "nomination" in expected


@pytest.mark.city
def test_the_ward_chooser_pages_through_every_ward_with_its_count(ctx):
    from intranet.org.services import ward_page

    codes = lambda wards: [w.code for w in wards]  # noqa: E731
    first, total = ward_page(1, 2)
    assert (codes(first), total) == (["DBP-002", "DBP-003"], 3)
    second, total = ward_page(2, 2)
    assert (codes(second), total) == ([DEMO_WARD], 3)
    assert ward_page(5, 2) == ([], 3)  # past the end: nothing, and still how many there are
