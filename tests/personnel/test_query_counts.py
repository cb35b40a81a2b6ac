"""Lists answer in a fixed number of queries, whatever their length (two data sizes)."""

from datetime import date

import pytest

from intranet.personnel import committee, services
from intranet.workflow_service import apply_transition

from .conftest import free_members, unit, user

pytestmark = pytest.mark.demo

FRESH_ORGS = ("CBTT30", "CBTT31", "CBTT32", "CBTT33", "CBTT34", "CBTT35")


def grow(app):
    """More organizations nominate: officials and alternates, submitted, one appointed."""
    with app.app_context():
        clerk = user("vanthu")
        for code in FRESH_ORGS:
            for member, kind in zip(free_members(code, 2), ("official", "alternate"),
                                    strict=True):
                item = services.nominate(clerk, unit(code).id, member.id, kind)
                apply_transition(item, "submit", clerk)
        people = free_members("CBTT36", 3)
        for member in people:
            committee.add_candidate(user("nhansu"), "executive_committee", member.id)


def queries_for(client, count_queries, url):
    client.get(url)  # warm up: caches, lazy config
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("login, url", [
    ("nhansu", "/personnel/review/vetting"),
    ("nhansu", "/personnel/review/vetting?kind=official"),
    ("thuongvu", "/personnel/delegates"),
    ("thuongvu", "/personnel/"),
    ("nhansu", "/personnel/committee"),
])
def test_the_same_number_of_queries_at_two_sizes(app, client, count_queries, login, url):
    client.login(login)
    before = queries_for(client, count_queries, url)
    grow(app)
    assert queries_for(client, count_queries, url) == before


def test_an_organization_page_at_two_sizes(app, client, count_queries):
    client.login("bithu")
    url = f"/personnel/orgs/{_id(app, 'CBTT01')}"
    before = queries_for(client, count_queries, url)
    with app.app_context():
        for member, kind in zip(free_members("CBTT01", 2), ("official", "alternate"),
                                strict=True):
            services.nominate(user("bithu"), unit("CBTT01").id, member.id, kind)
    assert queries_for(client, count_queries, url) == before


def test_the_appointment_queue_at_two_sizes(app, client, count_queries):
    client.login("thuongvu")
    url = "/personnel/review/appointment"
    before = queries_for(client, count_queries, url)
    grow(app)
    with app.app_context():
        from sqlalchemy import select

        from intranet.extensions import db
        from intranet.personnel.models import Nomination

        for item in db.session.scalars(select(Nomination).where(
                Nomination.state == "submitted")).all():
            apply_transition(item, "vet", user("nhansu"))
            apply_transition(item, "approve", user("thuongvu"))
        services.record_decision(user("thuongvu"), "150-QĐ/ĐU", date(2025, 8, 12))
    assert queries_for(client, count_queries, url) == before


def _id(app, code):
    with app.app_context():
        return unit(code).id
