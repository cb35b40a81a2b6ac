"""Error pages and htmx error fragments: translated, with a request id, never a traceback."""

import pytest

from intranet.errors import Conflict, Invalid
from intranet.permissions import require


@pytest.fixture
def broken_app(app):
    @app.route("/boom")
    @require("public")
    def boom():
        raise RuntimeError("secret internal detail")

    @app.route("/conflict")
    @require("public")
    def conflict():
        raise Conflict()

    @app.route("/invalid")
    @require("public")
    def invalid():
        raise Invalid("Thiếu thông tin bắt buộc.")

    return app


def test_500_page_has_a_request_id_and_no_traceback(broken_app):
    client = broken_app.test_client()
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Traceback" not in response.text and "secret internal detail" not in response.text
    request_id = response.headers["X-Request-ID"]
    assert request_id in response.text
    assert "Đã có lỗi phía hệ thống" in response.text


def test_500_for_htmx_is_an_alert_fragment_aimed_at_the_alerts_region(broken_app):
    response = broken_app.test_client().get("/boom", headers={"HX-Request": "true"})
    assert response.status_code == 500
    assert response.headers["HX-Retarget"] == "#alerts"
    assert response.text.lstrip().startswith('<div class="alert')
    assert response.headers["X-Request-ID"] in response.text


@pytest.mark.parametrize("path, status, text", [
    ("/conflict", 409, "Hồ sơ này đã được người khác thay đổi"),
    ("/invalid", 422, "Thiếu thông tin bắt buộc."),
    ("/no-such-page", 404, "không tồn tại"),
])
def test_error_pages_are_translated(broken_app, path, status, text):
    client = broken_app.test_client()
    page = client.get(path)
    fragment = client.get(path, headers={"HX-Request": "true"})
    assert page.status_code == fragment.status_code == status
    assert text in page.text and text in fragment.text
    assert "<html" in page.text and "<html" not in fragment.text


def test_403_page(client, make_user):
    from workflows.roles import Role

    make_user("vanthu", roles=[Role.CLERK])
    client.login("vanthu")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "Bạn không có quyền thực hiện thao tác này." in response.text


def test_405_names_the_allowed_methods(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_oversized_body_is_413(client):
    response = client.post("/login", data={"username": "x" * (17 * 1024 * 1024)})
    assert response.status_code == 413
    assert "quá lớn" in response.text


def test_create_user_command_makes_a_first_administrator(app, runner):
    result = runner.invoke(args=["create-user", "--username", "quantri",
                                 "--display-name", "Nguyễn Văn Quản",
                                 "--password", "một cụm mật khẩu dài"])
    assert result.exit_code == 0, result.output
    client = app.test_client()
    client.login("quantri", "một cụm mật khẩu dài")
    assert client.get("/admin/users").status_code == 200


def test_create_user_command_refuses_a_weak_password(runner):
    result = runner.invoke(args=["create-user", "--username", "quantri",
                                 "--display-name", "Quản trị", "--password", "password"])
    assert result.exit_code == 2
    assert "error:" in result.output
