"""The load benchmark's yardsticks (intranet.benchref): served only when asked for, the bare
page renders the rows it is asked for, and its template is compiled once like any page's."""

import pytest

from .conftest import base_config

pytestmark = pytest.mark.demo


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    return base_config(DATABASE_URL=database_url, INSTANCE_PATH=str(tmp_path),
                       BENCH_REFERENCE_ENDPOINTS=True)


def test_the_bare_page_renders_the_rows_asked_for(client):
    assert client.get("/_bench/hello").text == "hello"
    assert client.get("/_bench/rows?n=30").text.count("<tr>") == 30
    assert client.get("/_bench/rows?n=7").text.count("<tr>") == 7


def test_the_bare_page_template_is_compiled_once(app, client, monkeypatch):
    client.get("/_bench/rows?n=3")
    compiled = []
    original = app.jinja_env.compile
    monkeypatch.setattr(app.jinja_env, "compile",
                        lambda *a, **k: compiled.append(a) or original(*a, **k))
    client.get("/_bench/rows?n=3")
    client.get("/_bench/rows?n=5")
    assert compiled == []


def test_without_the_setting_there_is_no_reference_endpoint(app_config, tmp_path):
    from intranet import create_app

    app = create_app({**app_config, "BENCH_REFERENCE_ENDPOINTS": False})
    assert app.test_client().get("/_bench/hello").status_code == 404


def test_the_layout_floor_is_the_layout_with_no_content(client):
    anonymous = client.get("/_bench/layout").text
    assert 'id="main"' in anonymous and "nav-main" not in anonymous  # no menu without a login
    client.login("thuongvu")
    signed_in = client.get("/_bench/layout").text
    assert "nav-main" in signed_in and 'name="csrf_token"' in signed_in  # the menu, logout form
    main = signed_in.split('<main id="main"', 1)[1]
    assert "<table" not in main and "list-group" not in main  # nothing of a page's own
