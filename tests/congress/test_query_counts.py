"""Congress lists and reports answer in a fixed number of queries at two data sizes."""

import pytest

from intranet.congress import services

from .conftest import not_checked_in, sessions, user

pytestmark = pytest.mark.demo


def grow(app):
    """Many more check-ins and an absence."""
    with app.app_context():
        first = sessions()[0]
        people = not_checked_in(first.id, 60)
        for person in people[:55]:
            services.check_in(user("thuky"), first.id, person, "qr")
        services.record_absence(user("thuky"), first.id, people[-1].id, "Ốm")


def queries_for(client, count_queries, url):
    client.get(url)
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("login, url", [
    ("thuky", "/congress/attendance"),
    ("thuky", "/congress/attendance?page=2"),
    ("thuky", "/congress/delegates"),
    ("thuky", "/congress/cards"),
    ("thuky", "/congress/checkin"),
    ("thuky", "/congress/sessions/1"),
    ("thamtra", "/congress/credentials"),
    ("thuongvu", "/congress/subordinate"),
    ("thuongvu", "/congress/dashboard"),
])
def test_the_same_number_of_queries_at_two_sizes(app, client, count_queries, login, url):
    client.login(login)
    before = queries_for(client, count_queries, url)
    grow(app)
    assert queries_for(client, count_queries, url) == before
