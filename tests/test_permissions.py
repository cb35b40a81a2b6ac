"""Every route declares a permission, and every role gets the answer the table promises."""

import pytest

from intranet.permissions import AUTHENTICATED, PERMISSIONS, PUBLIC, endpoint_permission
from workflows.roles import Role

ROLES = list(Role)


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        yield rule


def fill(rule) -> str:
    values = {}
    for arg in rule.arguments:
        converter = rule._converters[arg].__class__.__name__
        values[arg] = 999999 if converter == "IntegerConverter" else "x"
    return rule.build(values, append_unknown=False)[1]


def method_of(rule) -> str:
    return "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]


def test_every_route_declares_a_known_permission(app):
    with app.test_request_context():
        missing = [r.endpoint for r in routes(app) if endpoint_permission(r.endpoint) is None]
        unknown = [r.endpoint for r in routes(app)
                   if endpoint_permission(r.endpoint) not in (None, *PERMISSIONS)]
    assert missing == [], f"routes without @require: {missing}"
    assert unknown == []


def test_a_route_without_permission_is_refused(app, client, make_user):
    @app.route("/undeclared")
    def undeclared():
        return "should never be served"

    make_user("admin", roles=[r for r in Role if r != Role.SECRETARY])
    client.login("admin")
    assert client.get("/undeclared").status_code == 403


def expected(permission: str, role: Role | None) -> str:
    allowed = PERMISSIONS[permission]
    if allowed == PUBLIC:
        return "allowed"
    if role is None:
        return "login"
    if allowed == AUTHENTICATED or role in allowed:
        return "allowed"
    return "forbidden"


def answer(response) -> str:
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith("/login"):
        return "login"
    if response.status_code == 403:
        return "forbidden"
    return "allowed"


@pytest.mark.demo
def test_route_by_role_matrix(app, make_user):
    clients = {None: app.test_client()}
    for role in ROLES:
        unit = 2 if role == Role.SECRETARY else None
        make_user(f"matrix-{role.value.replace('_', '-')}", roles=[role], unit=unit)
        clients[role] = app.test_client()
        clients[role].login(f"matrix-{role.value.replace('_', '-')}")
    failures = []
    with app.test_request_context():
        table = [(rule, endpoint_permission(rule.endpoint)) for rule in routes(app)]
    for rule, permission in table:
        if rule.endpoint in ("auth.logout",):
            continue  # would end the session the rest of the matrix uses
        url, method = fill(rule), method_of(rule)
        for role, client in clients.items():
            got = answer(client.open(url, method=method))
            want = expected(permission, role)
            if got != want:
                failures.append(f"{method} {url} as {role}: {got}, expected {want}")
    assert failures == []
