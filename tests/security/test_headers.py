"""Security headers and cookie flags on every response: every route of the URL map (as an
anonymous visitor and as a logged-in user, GET and POST), a static file, a 404 and a 500;
over plain HTTP and over TLS (HSTS and Secure cookies only there)."""

import pytest

from intranet.permissions import require
from intranet.security import CSP

from .conftest import SUPERUSER
from .routes import methods, routes, sample_values, url_for_rule

HTTP, TLS = "http://localhost", "https://localhost"


def header_problems(response, tls: bool) -> list[str]:
    h = response.headers
    problems = []
    csp = h.get("Content-Security-Policy", "")
    if csp != CSP:
        problems.append(f"CSP is {csp!r}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp or "frame-ancestors 'none'" not in csp:
        problems.append("CSP allows inline/eval code or framing")
    expected = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                "Referrer-Policy": "same-origin"}
    problems += [f"{k}: {h.get(k)!r}" for k, v in expected.items() if h.get(k) != v]
    hsts = h.get("Strict-Transport-Security")
    if tls and not (hsts and "max-age=31536000" in hsts):
        problems.append("no HSTS over TLS")
    if not tls and hsts:
        problems.append("HSTS over plain HTTP")
    for cookie in h.getlist("Set-Cookie"):
        flags = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")[1:]}
        if "httponly" not in flags or flags.get("samesite", "").strip() != "SameSite=Lax":
            problems.append(f"cookie without HttpOnly/SameSite=Lax: {cookie[:60]}")
        if tls != ("secure" in flags):
            problems.append(f"cookie Secure={'secure' in flags} over {'TLS' if tls else 'HTTP'}")
    return problems


@pytest.fixture
def boom_app(app):
    """The application with one extra route that fails, for the 500 page (added before any
    request, as Flask requires)."""

    @app.route("/__boom", methods=["GET", "POST"])
    @require("public")
    def boom():
        raise RuntimeError("forced failure")

    return app


def logged_in(client, base_url: str) -> bool:
    with client.session_transaction(base_url=base_url) as session:
        return "_user_id" in session


def sweep(app, client, base_url: str, username: str | None) -> dict[str, list[str]]:
    """Every route, every method, and the extra URLs; re-login when a route ended the session."""
    values = sample_values(app)
    urls = [(url_for_rule(rule, values), m) for rule in routes(app) for m in methods(rule)]
    urls += [("/static/app.css", "GET"), ("/static/vendor/htmx/htmx-2.0.11.min.js", "GET"),
             ("/no/such/page", "GET"), ("/__boom", "GET"), ("/__boom", "POST")]
    found = {}
    for url, method in urls:
        if username and not logged_in(client, base_url):
            client.login(username, base_url=base_url)
        for htmx in (False, True):
            response = client.open(url, method=method, base_url=base_url, htmx=htmx)
            response.close()  # static files are streamed from an open file
            problems = header_problems(response, tls=base_url == TLS)
            if problems:
                found[f"{method} {url} htmx={htmx} ({response.status_code})"] = problems
    return found


@pytest.mark.parametrize("base_url", [HTTP, TLS])
def test_every_response_carries_the_security_headers(boom_app, superuser, base_url):
    anonymous = boom_app.test_client()
    user = boom_app.test_client()
    user.login(SUPERUSER, base_url=base_url)
    found = sweep(boom_app, anonymous, base_url, None)
    found |= {f"[logged in] {k}": v for k, v in sweep(boom_app, user, base_url, SUPERUSER).items()}
    assert found == {}


def test_the_sweep_saw_the_error_pages(boom_app, client):
    assert client.get("/no/such/page").status_code == 404
    failed = client.get("/__boom")
    assert failed.status_code == 500 and "Traceback" not in failed.text
    static = client.get("/static/app.css")
    static.close()
    assert static.status_code == 200


@pytest.mark.parametrize("base_url, secure", [(HTTP, False), (TLS, True)])
def test_cookie_flags_at_login(app, superuser, base_url, secure):
    client = app.test_client()
    response = client.post("/login", data={"username": SUPERUSER, "password": "x" * 9},
                           base_url=base_url)
    assert response.status_code == 422
    client.login(SUPERUSER, base_url=base_url)
    for name, path in (("session", "/"), ("known_device", "/login")):
        cookie = client.get_cookie(name, domain="localhost", path=path)
        assert cookie is not None and cookie.http_only and cookie.same_site == "Lax", name
        assert cookie.secure is secure, name


def test_a_detector_that_sees_nothing_proves_nothing():
    """The checker itself flags a response without the headers."""
    from flask import Response

    bare = Response("x", headers={"Set-Cookie": "a=b; Path=/"})
    assert len(header_problems(bare, tls=True)) >= 6


def test_a_views_own_header_is_kept_and_none_is_sent_twice(app, superuser):
    @app.route("/__own-headers")
    @require("public")
    def own_headers():
        return "x", 200, {"Cache-Control": "private, max-age=300", "x-frame-options": "SAMEORIGIN"}

    client = app.test_client()
    client.login(SUPERUSER)
    for response in (client.get("/__own-headers"), client.get("/")):
        names = [key.lower() for key, _value in response.headers]
        assert len(names) == len(set(names)), names
    own = client.get("/__own-headers").headers
    assert own["Cache-Control"] == "private, max-age=300" and own["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get("/").headers["Cache-Control"] == "no-store"  # signed in: never stored
