"""The actions panel, the generic transition endpoint, diagrams, my tasks and the audit pages."""

import json
import re
from dataclasses import replace

import pytest

from intranet.auth.models import User
from intranet.db import write_transaction
from intranet.extensions import db
from intranet.workflow_service import apply_transition, register, start_item
from tests.support.sample_item import BINDING, SampleItem, sample_workflow
from workflows.roles import Role


@pytest.fixture
def submitted(app, make_user):
    """A submitted sample item, written by the clerk; ids of the people involved."""
    with sample_workflow(app):
        ids = {"standing": make_user("thuongvu", roles=[Role.STANDING]),
               "clerk": make_user("vanthu", roles=[Role.CLERK]),
               "inspector": make_user("kiemtra", roles=[Role.INSPECTOR])}
        with app.app_context():
            clerk = db.session.get(User, ids["clerk"])
            with write_transaction():
                item = SampleItem(title="Đề nghị in tài liệu", author_id=clerk.id)
                start_item(item, clerk)
            apply_transition(item, "submit", clerk)
            ids["item"] = item.id
        yield ids


def url(ids, trigger):
    return f"/items/sample/{ids['item']}/actions/{trigger}"


def state_of(app, ids):
    with app.app_context():
        return db.session.get(SampleItem, ids["item"]).state


def test_the_panel_lists_the_actions_of_the_user(client, submitted):
    client.login("thuongvu")
    page = client.get(f"/items/sample/{submitted['item']}/actions").text
    assert "Phê duyệt → Đã duyệt" in page and "Không duyệt → Không duyệt" in page
    assert 'aria-current="step">Đã trình' in page


def test_a_transition_from_the_panel(app, client, submitted):
    client.login("thuongvu")
    response = client.post(url(submitted, "reject"), data={"reason": "Không cần", "version": 2},
                           htmx=True)
    assert response.status_code == 200
    assert state_of(app, submitted) == "rejected"
    assert "Đã xong: hiện ở “Không duyệt”." in response.text
    assert "1 người đã được thông báo." in response.text
    assert json.loads(response.headers["HX-Trigger"])["tasks-changed"] is True


def test_missing_reason_is_answered_in_the_panel_with_422(app, client, submitted):
    client.login("thuongvu")
    response = client.post(url(submitted, "reject"), data={"version": 2}, htmx=True)
    assert response.status_code == 422
    assert "cần ghi rõ lý do" in response.text
    assert state_of(app, submitted) == "submitted"


def test_a_stale_page_gets_409_and_the_current_state(app, client, submitted):
    client.login("thuongvu")
    client.post(url(submitted, "send_back"), data={"reason": "Sửa", "version": 2}, htmx=True)
    response = client.post(url(submitted, "reject"), data={"reason": "x", "version": 2},
                           htmx=True)
    assert response.status_code == 409
    assert "Dự thảo" in response.text
    assert state_of(app, submitted) == "draft"


def test_a_role_without_the_transition_gets_403(app, client, submitted):
    client.login("vanthu")
    response = client.post(url(submitted, "approve"), data={"version": 2}, htmx=True)
    assert response.status_code == 403
    assert state_of(app, submitted) == "submitted"


def test_a_guard_refusal_is_422(app, client, submitted):
    register(replace(BINDING, facts=lambda item, payload: {"present": 1, "size": 9}))
    client.login("thuongvu")
    response = client.post(url(submitted, "approve"), data={"version": 2}, htmx=True)
    assert response.status_code == 422
    assert "1/9" in response.text


def test_an_item_the_user_may_not_see_is_404(app, client, submitted):
    register(replace(BINDING, can_view=lambda user, item: False))
    client.login("thuongvu")
    assert client.post(url(submitted, "reject"), data={"reason": "x"}).status_code == 404
    assert client.get(f"/items/sample/{submitted['item']}/actions").status_code == 404
    assert state_of(app, submitted) == "submitted"


def test_unknown_workflow_or_item_is_404(client, submitted):
    client.login("thuongvu")
    assert client.post("/items/nothing/1/actions/approve").status_code == 404
    assert client.post("/items/sample/999/actions/approve").status_code == 404


def test_extra_form_fields_change_nothing(app, client, submitted):
    client.login("thuongvu")
    client.post(url(submitted, "send_back"), data={
        "reason": "Sửa", "version": 2, "state": "approved", "author_id": 1, "role": "admin"})
    with app.app_context():
        item = db.session.get(SampleItem, submitted["item"])
        assert (item.state, item.author_id) == ("draft", submitted["clerk"])


def test_workflow_diagrams_page(client, submitted):
    client.login("vanthu")
    page = client.get("/workflows").text
    assert "<svg" in page and "Đề nghị mẫu" in page
    assert "Cần quá nửa số ủy viên có mặt (có …/…)." in page
    source = client.get("/workflows/sample.mmd")
    assert source.mimetype == "text/plain" and "draft --> submitted" in source.text


def test_my_tasks_lists_the_items_waiting_for_the_user(client, submitted):
    client.login("thuongvu")
    page = client.get("/").text
    assert "Đề nghị in tài liệu" in page
    assert re.search(r'id="task-count"[^>]*>1<', page)


def test_my_tasks_is_empty_for_someone_with_nothing_to_do(client, submitted):
    client.login("vanthu")
    assert "Hiện chưa có việc nào chờ bạn" in client.get("/").text


def test_the_task_badge_refreshes_after_an_action(client, submitted):
    client.login("thuongvu")
    client.post(url(submitted, "reject"), data={"reason": "x", "version": 2})
    assert re.search(r'class="[^"]*d-none[^"]*"[^>]*>0<', client.get("/tasks/badge").text)


def test_notifications_page_and_mark_read(client, submitted):
    client.login("thuongvu")
    client.post(url(submitted, "reject"), data={"reason": "Không cần", "version": 2})
    client.logout()
    client.login("vanthu")
    page = client.get("/notifications").text
    assert "Đề nghị #" in page and "Không duyệt" in page and "list-group-item-warning" in page
    page = client.post("/notifications/read", htmx=True).text
    assert "list-group-item-warning" not in page


def test_task_and_notification_links_follow_the_mount_point(client, submitted):
    """Mounted under a prefix (SCRIPT_NAME), "my tasks" and the notifications link inside it."""
    mounted = {"environ_overrides": {"SCRIPT_NAME": "/dai-hoi"}}
    client.login("thuongvu")
    page = client.get("/", **mounted).text
    task_links = re.findall(r'list-group-item-action[^>]*href="([^"]+)"', page)
    assert task_links and all(link.startswith("/dai-hoi/") for link in task_links), task_links
    client.post(url(submitted, "reject"), data={"reason": "Không cần", "version": 2})
    client.logout()
    client.login("vanthu")
    page = client.get("/notifications", **mounted).text
    links = re.findall(r'<a href="([^"]+)" class="fw-semibold">', page)
    assert links and all(link.startswith("/dai-hoi/") for link in links), links


def test_audit_trail_filters_and_pages(client, submitted):
    client.login("kiemtra")
    page = client.get("/audit/?entity_type=sample").text
    assert "submit" in page and "user_create" not in page
    page = client.get("/audit/?actor=vanthu&action=submit", htmx=True).text
    assert page.startswith('<div id="audit-entries">')
    assert page.count("<tr>") == 2  # header + the one submit
    first = client.get("/audit/").text
    assert "Bản ghi cũ hơn" not in first  # fewer than a page


def test_audit_trail_is_for_inspectors_and_the_standing_committee(client, submitted):
    client.login("vanthu")
    assert client.get("/audit/").status_code == 403


def test_timeline_shows_each_stage_with_who_and_why(client, submitted):
    client.login("thuongvu")
    client.post(url(submitted, "send_back"), data={"reason": "Bổ sung dự toán", "version": 2})
    page = client.get(f"/items/sample/{submitted['item']}/actions").text
    assert 'class="done' in page  # submitted was passed
