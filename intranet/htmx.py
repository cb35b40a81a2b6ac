"""The one place that knows about htmx: full page or fragment, and the HX-* response headers.

flask-htmx is imported here only (see the README for why flask-htmx rather than htmx-flask).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, redirect, render_template, request
from flask import make_response as flask_make_response
from flask_htmx import HTMX
from flask_htmx import make_response as htmx_make_response

htmx = HTMX()


def is_htmx_request() -> bool:
    return bool(htmx)


def wants_fragment() -> bool:
    """An htmx swap gets the fragment; a normal, boosted or history-restore request the page."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(page: str, fragment: str | None = None, /, *, status: int = 200,
           trigger: dict | str | None = None, **context) -> Response:
    """Render the full page, or only its fragment for an htmx swap (same context for both).

    The two templates are positional-only, so the context may hold a `page` (a page number).
    """
    template = fragment if fragment and wants_fragment() else page
    response = flask_make_response(render_template(template, **context), status)
    if trigger:
        response = htmx_make_response(response, trigger=trigger)
    return response


def retargeted(body: str, status: int, target: str, swap: str = "innerHTML") -> Response:
    """A fragment the client swaps into `target` instead of the element that asked."""
    return htmx_make_response(body, status, retarget=target, reswap=swap)


def redirect_response(url: str) -> Response:
    """Navigate to url: HX-Redirect for htmx requests (a 302 would be swapped in), else 302."""
    if bool(htmx):
        return htmx_make_response("", redirect=url)
    return redirect(url)


def page_path() -> str:
    """The path of the page the user is on: for an htmx request, the page that made it."""
    if bool(htmx) and htmx.current_url:
        parts = urlsplit(htmx.current_url)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.full_path.rstrip("?")


def add_vary(response: Response) -> Response:
    response.vary.add("HX-Request")
    return response
