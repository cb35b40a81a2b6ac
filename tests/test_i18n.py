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
