"""Language (Vietnamese first, English second), time zone, and display filters."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Flask, current_app, has_request_context, session
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_percent,
    format_timedelta,
    get_locale,
)
from flask_login import current_user

from intranet.clock import local_zone
from intranet.extensions import babel


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or "vi")


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories="translations")
    app.jinja_env.filters.update(
        date=_date,
        datetime=_datetime,
        number=lambda n: "" if n is None else format_decimal(n),
        percent=lambda x: "" if x is None else format_percent(x, format="#,##0.#%"),
        audit_time=_audit_time,
        duration=_duration,
    )
    app.jinja_env.globals["current_language"] = current_language


def _date(value: date | datetime | None, fmt: str = "dd/MM/yyyy") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, fmt)
    return format_date(value, fmt)


def _datetime(value: datetime | None, fmt: str = "HH:mm dd/MM/yyyy") -> str:
    return "" if value is None else format_datetime(value, fmt)


def _audit_time(stamp: str) -> str:
    """An audit entry's UTC stamp ("…Z"), shown in the ward's time to the second. Digits only,
    the same in both languages: no Babel pattern needed (an audit page shows 50 of them)."""
    return datetime.fromisoformat(stamp).astimezone(local_zone()).strftime("%H:%M:%S %d/%m/%Y")


def _duration(delta: timedelta) -> str:
    return format_timedelta(delta, threshold=1.1, add_direction=False)
