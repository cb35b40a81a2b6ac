"""Every UI string has its Vietnamese translation; dates and numbers follow Vietnamese format."""

from datetime import UTC, date, datetime
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask_babel import force_locale

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "intranet" / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def ui_strings() -> set[str]:
    found = set()
    method_map = [("intranet/**.py", "python"), ("templates/**.html", "jinja2")]
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=method_map, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_ui_string_has_a_vietnamese_translation():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    missing = sorted(s for s in ui_strings() if s not in translated
                     or not translated[s].string or "fuzzy" in translated[s].flags)
    assert missing == [], f"untranslated (run `make extract-messages`, then fill vi): {missing}"


def test_english_is_the_source_language(client):
    # Messages are written in English in the code; English pages show them as they are.
    client.post("/language", data={"lang": "en"})
    assert "Log in" in client.get("/login").text


def test_vietnamese_is_the_default_language(client):
    page = client.get("/login").text
    assert '<html lang="vi">' in page and "Đăng nhập" in page


def test_dates_and_numbers_in_vietnamese_format(app):
    with app.test_request_context(), force_locale("vi"):
        filters = app.jinja_env.filters
        assert filters["number"](2846) == "2.846"
        assert filters["date"](date(2025, 8, 18)) == "18/08/2025"
        moment = datetime(2025, 8, 19, 7, 0, tzinfo=UTC)
        assert filters["datetime"](moment) == "14:00 19/08/2025"  # Asia/Ho_Chi_Minh
        assert filters["percent"](1) == "100%"


def test_the_catalog_kept_for_a_request_follows_a_change_of_language(app):
    """The catalog is looked up once per request (intranet.extensions.RequestDomain), yet a
    forced locale (the Vietnamese exports) or a refreshed one is honoured at once."""
    from flask import session
    from flask_babel import gettext, refresh

    with app.test_request_context():
        session["locale"] = "en"
        assert gettext("Log in") == "Log in"
        with force_locale("vi"):
            assert gettext("Log in") == "Đăng nhập"
        assert gettext("Log in") == "Log in"
        session["locale"] = "vi"
        assert gettext("Log in") == "Log in"  # kept for the request…
        refresh()
        assert gettext("Log in") == "Đăng nhập"  # …until the language is looked up again
        template = app.jinja_env.from_string(
            "{{ _('Log in') }}|"
            "{{ ngettext('%(num)d comment matches', '%(num)d comments match', 2) }}")
        assert template.render() == "Đăng nhập|2 ý kiến phù hợp"
        with force_locale("en"):  # templates read the request's catalog too, and follow it
            assert template.render() == "Log in|2 comments match"
        assert template.render() == "Đăng nhập|2 ý kiến phù hợp"
    assert app.jinja_env.from_string("{{ _('Log in') }}").render() == "Log in"  # no request



def test_templates_translate_exactly_as_jinjas_own_newstyle_gettext(app):
    """`_`, `gettext` and `ngettext` in templates are one call each (intranet.extensions), not
    Jinja's three: the same text, the variables escaped, a literal %% kept, with and without
    autoescaping."""
    from jinja2 import Environment

    from intranet.extensions import request_translations

    source = ("{{ _('Select %(name)s', name=who) }}|{{ gettext('Log in') }}|"
              "{{ ngettext('%(num)d comment matches', '%(num)d comments match', n) }}|"
              "{{ ngettext('%(num)d nomination done.', '%(num)d nominations done.', 1) }}|"
              "{{ _('100%% of %(x)s', x=who) }}")
    values = {"who": "<b>Hoa & Lan</b>", "n": 3}
    with app.test_request_context():
        for autoescape in (True, False):
            jinjas = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
            jinjas.install_gettext_translations(request_translations(), newstyle=True)
            ours = app.jinja_env.overlay(autoescape=autoescape)
            expected = jinjas.from_string(source).render(values)
            assert ours.from_string(source).render(values) == expected
        assert "&lt;b&gt;Hoa &amp; Lan&lt;/b&gt;" in app.jinja_env.from_string(
            source).render(values)
        assert "3 ý kiến phù hợp" in expected and "100% of" in expected

def test_the_kept_language_and_labels_follow_a_change_of_language(app):
    """current_language() and the documents' labels are kept per request, like the catalog,
    in Flask-Babel's own namespace (reached by intranet.extensions.babel_context)."""
    from flask import session
    from flask_babel import _get_current_context, refresh

    from intranet.documents.labels import label
    from intranet.extensions import babel_context
    from intranet.i18n import current_language

    assert babel_context() is None  # no application context
    with app.app_context():
        assert babel_context() is _get_current_context()
    with app.test_request_context():
        assert babel_context() is _get_current_context()
        session["locale"] = "en"
        assert (current_language(), label("source", "citizen")) == ("en", "Citizen")
        with force_locale("vi"):
            assert (current_language(), label("source", "citizen")) == ("vi", "Nhân dân")
        assert (current_language(), label("source", "citizen")) == ("en", "Citizen")
        session["locale"] = "vi"
        refresh()
        assert (current_language(), label("source", "citizen")) == ("vi", "Nhân dân")
        assert label("disposition", None) == "Chưa tiếp thu, giải trình"
        assert label("source", "no-such-code") == "no-such-code"


def test_numbers_and_shares_are_written_as_babel_writes_them(app):
    """The number and percent filters write whole numbers and shares themselves (a list shows
    hundreds); whatever they write is what Babel would."""
    import random
    from decimal import Decimal

    from flask_babel import format_decimal, format_percent

    from intranet.i18n import number, percent

    rng = random.Random(20261129)
    whole = [0, 1, -1, 999, 1000, -1000, 2846, 10**12] + [rng.randint(-10**8, 10**8)
                                                          for _ in range(500)]
    shares = [0, 1, 0.5, 0.125, 0.0005, 0.00049, 0.9995, Decimal("0.1235"), Decimal("0.1245"),
              Decimal(1) / Decimal(3), 12.3456, -0.25, -0.00001, 1000, Decimal("0.5")]
    shares += [Decimal(rng.randint(0, 10**6)) / Decimal(rng.randint(1, 10**6))
               for _ in range(500)]
    shares += [rng.randint(0, 50) / rng.randint(1, 50) for _ in range(500)]
    with app.test_request_context():
        for language in ("vi", "en"):
            with force_locale(language):
                assert [number(n) for n in whole] == [format_decimal(n) for n in whole]
                assert [percent(x) for x in shares] == [
                    format_percent(x, format="#,##0.#%") for x in shares]
                assert number(Decimal("2.5")) == format_decimal(Decimal("2.5"))
        with force_locale("vi"):
            assert (number(1234567), percent(Decimal("0.125"))) == ("1.234.567", "12,5%")


def test_dates_are_written_as_babel_writes_them(app):
    """The date and datetime filters write their digit-only patterns with strftime in the
    ward's zone; whatever they write is what Babel would."""
    import random
    from datetime import timedelta

    from flask_babel import format_date, format_datetime

    rng = random.Random(7)
    moments = [datetime(2025, 8, 19, 17, 0, tzinfo=UTC), datetime(2025, 12, 31, 17, 0, tzinfo=UTC),
               datetime(2026, 1, 1, 0, 0, tzinfo=UTC)]
    moments += [datetime(2020, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randint(0, 10**9))
                for _ in range(300)]
    filters = app.jinja_env.filters
    with app.test_request_context():
        for language in ("vi", "en"):
            with force_locale(language):
                for moment in moments:
                    for pattern in ("dd/MM/yyyy", "HH:mm dd/MM/yyyy", "HH:mm", "HH:mm:ss"):
                        assert filters["datetime"](moment, pattern) == format_datetime(
                            moment, pattern)
                    assert filters["date"](moment) == format_datetime(moment, "dd/MM/yyyy")
                    day = moment.date()
                    assert filters["date"](day) == format_date(day, "dd/MM/yyyy")
                assert filters["datetime"](moments[0]) == "00:00 20/08/2025"
