"""Language (Vietnamese first, English second), time zone, and display filters."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol
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
from intranet.extensions import babel, install_template_gettext, per_language


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The request's language code ("vi", "en"), kept per request (a list asks once a row)."""
    return per_language("intranet_language", lambda: str(get_locale() or "vi"))


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories="translations")
    install_template_gettext(app.jinja_env)
    app.jinja_env.filters.update(
        date=_date,
        datetime=_datetime,
        number=number,
        percent=percent,
        audit_time=_audit_time,
        duration=_duration,
    )
    app.jinja_env.globals.update(current_language=current_language, share_of=share_of)


# -- numbers ----------------------------------------------------------------------------------
#
# A list of a hundred organizations shows a hundred member counts: Babel formats each in about
# 8 µs (it looks the locale up and walks its number pattern every time). Whole numbers and the
# shares (#,##0.#%) are written here with the locale's symbols, found once per request; the
# result is Babel's own (tests/test_i18n.py compares the two over many values).

PERCENT_STEP = Decimal("0.1")


def _number_symbols() -> tuple[str, str, str] | None:
    """(group, decimal, minus) symbols of the request's language; None outside a request."""
    return per_language("intranet_number_symbols", _find_number_symbols)


def _find_number_symbols() -> tuple[str, str, str] | None:
    locale = get_locale()
    if locale is None:
        return None
    return get_group_symbol(locale), get_decimal_symbol(locale), get_minus_sign_symbol(locale)


def _grouped(digits: str, symbols: tuple[str, str, str]) -> str:
    """Python's "1,234.5" (or "-1,234") in the locale's symbols."""
    group, decimal, minus = symbols
    return digits.translate({44: group, 46: decimal, 45: minus})


def number(value) -> str:
    """A number in the user's language: 2.846 in Vietnamese, 2,846 in English."""
    if value is None:
        return ""
    symbols = _number_symbols() if type(value) is int else None
    if symbols is None:
        return format_decimal(value)
    return _grouped(f"{value:,}", symbols)


def share_of(part: int, whole: int) -> Decimal | None:
    """A share for the percent filter, computed exactly (Decimal, never a float); none of
    nothing."""
    return Decimal(part) / Decimal(whole) if whole else None


def percent(value) -> str:
    """A share as a percentage to one decimal at most: 12,5% in Vietnamese, 12.5% in English."""
    if value is None:
        return ""
    symbols = _number_symbols() if isinstance(value, int | float | Decimal) else None
    if symbols is None:
        return format_percent(value, format="#,##0.#%")
    share = value if isinstance(value, Decimal) else Decimal(str(value))
    text = f"{(share * 100).quantize(PERCENT_STEP, rounding=ROUND_HALF_EVEN):,f}"
    if text.endswith(".0"):
        text = text[:-2]
    return _grouped(text, symbols) + "%"


# Dates are digits in both languages (dd/MM/yyyy, HH:mm dd/MM/yyyy): written with strftime in
# the ward's zone, as Babel would write them (tests/test_i18n.py), without Babel's pattern walk
# (a comment list shows a date on every row). Other patterns go to Babel.
_DIGIT_PATTERNS = {"dd/MM/yyyy": "%d/%m/%Y", "HH:mm dd/MM/yyyy": "%H:%M %d/%m/%Y",
                   "HH:mm": "%H:%M", "HH:mm:ss": "%H:%M:%S"}


def _date(value: date | datetime | None, fmt: str = "dd/MM/yyyy") -> str:
    if value is None:
        return ""
    digits = _DIGIT_PATTERNS.get(fmt)
    if isinstance(value, datetime):
        if digits is None or value.tzinfo is None or value.year < 1000:
            return format_datetime(value, fmt)
        return value.astimezone(local_zone()).strftime(digits)
    if digits is None or value.year < 1000:
        return format_date(value, fmt)
    return value.strftime(digits)


def _datetime(value: datetime | None, fmt: str = "HH:mm dd/MM/yyyy") -> str:
    return "" if value is None else _date(value, fmt)


def _audit_time(stamp: str) -> str:
    """An audit entry's UTC stamp ("…Z"), shown in the ward's time to the second. Digits only,
    the same in both languages: no Babel pattern needed (an audit page shows 50 of them)."""
    return datetime.fromisoformat(stamp).astimezone(local_zone()).strftime("%H:%M:%S %d/%m/%Y")


def _duration(delta: timedelta) -> str:
    return format_timedelta(delta, threshold=1.1, add_direction=False)
