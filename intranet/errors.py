"""Domain errors raised by services, and the pages and htmx fragments that answer them.

Every error answers with a translated message and never a traceback; 500 pages carry the
request id that the log line carries too.
"""

from __future__ import annotations

from flask import Flask, current_app, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from intranet.db import db
from intranet.extensions import gettext as _
from intranet.extensions import lazy_gettext as _l
from intranet.htmx import is_htmx_request, retargeted
from intranet.i18n import current_language
from workflows import GuardFailed, InvalidTransition, NotPermitted, ReasonRequired, WorkflowError


class AppError(Exception):
    """A refusal the user can understand. `message` is already translated."""

    status = 400

    def __init__(self, message: str | None = None, **details) -> None:
        super().__init__(message)
        self.message = message or str(DEFAULT_MESSAGES.get(self.status, ""))
        self.details = details


class NotFound(AppError):
    status = 404


class Forbidden(AppError):
    status = 403


class Conflict(AppError):
    """Someone else changed the item first (compare-and-set found nothing to update)."""

    status = 409


class Invalid(AppError):
    status = 422


class Unavailable(AppError):
    status = 503


DEFAULT_MESSAGES = {
    400: _l("The request could not be understood. Reload the page and try again."),
    403: _l("You do not have permission to do this."),
    404: _l("This page or item does not exist, or you cannot see it."),
    405: _l("This action is not allowed here."),
    409: _l("This item was changed by someone else. Reload to see its current state."),
    413: _l("What you sent is too large."),
    422: _l("Some information is missing or not valid."),
    429: _l("Too many attempts. Wait a moment and try again."),
    500: _l("Something went wrong on our side. Nothing was changed."),
    503: _l("The system is busy. Try again in a few seconds."),
}

TITLES = {
    400: _l("Bad request"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Not allowed"),
    409: _l("Changed by someone else"),
    413: _l("Too large"),
    422: _l("Cannot be done yet"),
    429: _l("Too many attempts"),
    500: _l("Error"),
    503: _l("Busy"),
}

WORKFLOW_STATUS = {InvalidTransition: 409, NotPermitted: 403, GuardFailed: 422,
                   ReasonRequired: 422}


def error_response(status: int, message: str | None = None, headers: dict | None = None):
    """The error page, or for htmx the alert fragment aimed at #alerts."""
    message = message or str(DEFAULT_MESSAGES.get(status, DEFAULT_MESSAGES[500]))
    context = {"status": status, "title": TITLES.get(status, TITLES[500]), "message": message,
               "request_id": g.get("request_id")}
    if is_htmx_request():
        body = render_template("errors/_alert.html", **context)
        response = retargeted(body, status, "#alerts")
    else:
        response = current_app.make_response(
            (render_template("errors/page.html", **context), status))
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(AppError)
    def app_error(exc: AppError):
        headers = {"Retry-After": "2"} if exc.status == 503 else None
        return error_response(exc.status, exc.message, headers)

    @app.errorhandler(WorkflowError)
    def workflow_error(exc: WorkflowError):
        status = WORKFLOW_STATUS.get(type(exc), 422)
        return error_response(status, exc.message.get(current_language()))

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return error_response(400, _("Your form has expired or was not sent from this site. "
                                     "Reload the page and try again."))

    @app.errorhandler(OperationalError)
    def database_busy(exc: OperationalError):
        if "locked" in str(exc.orig).lower() or "busy" in str(exc.orig).lower():
            return error_response(503, headers={"Retry-After": "2"})
        return internal_error(exc)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if exc.response is not None:
            return exc.response  # already rendered (e.g. the login throttle's 429)
        status = exc.code or 500
        headers = {"Retry-After": "60"} if status == 429 else None
        if status == 405 and getattr(exc, "valid_methods", None):
            headers = {"Allow": ", ".join(exc.valid_methods)}
        return error_response(status, None, headers)

    @app.errorhandler(Exception)
    def internal_error(exc: Exception):
        app.logger.exception("request %s failed: %s %s", g.get("request_id"), request.method,
                             request.path)
        # The page's layout reads the database (counters): after a failed statement,
        # PostgreSQL refuses every query until the transaction is rolled back.
        db.session.rollback()
        return error_response(500)
