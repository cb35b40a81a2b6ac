"""intranet.htmx.render: page or fragment, and a context that may name a `page` number."""

import pytest

from intranet.htmx import render


def test_the_context_may_hold_a_page_number(app):
    with app.test_request_context():
        response = render("errors/page.html", status=404, title="x", message="y", page=3)
    assert response.status_code == 404


@pytest.mark.demo
def test_the_organization_page_with_its_member_pages(client):
    client.login("thuongvu")
    assert client.get("/org/2?page=2").status_code == 200


def test_form_fields_carry_no_attribute_printed_as_none(client):
    page = client.get("/login").text
    assert '="None"' not in page
    assert page.count("autofocus") == 1  # only the first field
