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


def test_a_list_builds_its_row_links_once_and_they_are_url_for_s(app):
    from flask import url_for

    from intranet.web import id_url

    with app.test_request_context():
        unit_url = id_url("org.unit", "unit_id")
        assert [unit_url(i) for i in (1, 42, 90817263)] == [
            url_for("org.unit", unit_id=i) for i in (1, 42, 90817263)]
        version_url = id_url("documents.version", "number", document_id=7)
        assert version_url(3) == url_for("documents.version", document_id=7, number=3)
        with pytest.raises(ValueError):
            unit_url("1 OR 1=1")  # an id is a number, nothing else


def test_the_layout_links_are_built_once_per_mount_point(client):
    """intranet.web.layout_url keeps the layout's fixed URLs (stylesheets, scripts, menu),
    built once per application and per mount point (SCRIPT_NAME)."""
    login_page = client.get("/login").text
    mounted = client.get("/login", environ_overrides={"SCRIPT_NAME": "/dai-hoi"}).text
    assert 'href="/static/app.css"' in login_page
    assert 'href="/dai-hoi/static/app.css"' in mounted
    assert 'src="/dai-hoi/static/app.js"' in mounted
    assert 'href="/static/app.css"' in client.get("/login").text  # the first one, kept


def test_the_menu_lists_what_the_roles_open_with_its_links(client, make_user):
    from workflows.roles import Role

    make_user("thuky", roles=[Role.CLERK])
    client.login("thuky")
    page = client.get("/").text
    assert 'href="/documents/"' in page
    assert 'href="/admin/users"' not in page  # accounts: administrators only
