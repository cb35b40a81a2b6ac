"""Check-in: signed card tokens (forged, revoked, superseded refused), idempotence even under
concurrency, the token page a phone opens, search by name, absences, audit entries."""

import threading

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import func, select

from intranet.audit.models import AuditEntry
from intranet.congress import services
from intranet.congress.models import CheckIn
from intranet.errors import Invalid
from intranet.extensions import db

from .conftest import check_in_count, delegate, not_checked_in, sessions, user

pytestmark = pytest.mark.demo


def token_and_ids(app, n=1):
    with app.app_context(), app.test_request_context():
        first = sessions()[0]
        people = not_checked_in(first.id, n)
        return first.id, [(d.id, services.card_token(d)) for d in people]


def audit_count(app, action):
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEntry.seq)).where(
            AuditEntry.action == action))


def test_a_scanned_card_checks_in_once_and_shows_the_name(app, client):
    session_id, [(delegate_id, token)] = token_and_ids(app)
    before = audit_count(app, "check_in")
    client.login("thuky")
    first = client.post(f"/congress/checkin/{session_id}/scan", data={"code": token},
                        htmx=True)
    assert first.status_code == 200
    assert "checkin-name" in first.text and "alert-success" in first.text
    assert first.headers.get("HX-Trigger") == "checked-in"
    again = client.post(f"/congress/checkin/{session_id}/scan", data={"code": token},
                        htmx=True)
    assert again.status_code == 200 and "alert-warning" in again.text
    assert "không tính thêm" in again.text  # "not counted again", in Vietnamese
    with app.app_context():
        assert check_in_count(session_id, delegate_id) == 1
    assert audit_count(app, "check_in") == before + 1


def test_the_scanner_may_type_the_whole_address_printed_in_the_code(app, client):
    session_id, [(delegate_id, token)] = token_and_ids(app)
    client.login("thuky")
    response = client.post(f"/congress/checkin/{session_id}/scan",
                           data={"code": f"https://intranet.example/congress/c/{token}\n"},
                           htmx=True)
    assert response.status_code == 200 and "alert-success" in response.text
    with app.app_context():
        assert check_in_count(session_id, delegate_id) == 1


def forged_tokens(app, delegate_id):
    with app.app_context():
        generation = db.session.get(services.Delegate, delegate_id).generation
    good = URLSafeSerializer(app.config["SECRET_KEY"], salt=services.TOKEN_SALT)
    other_key = URLSafeSerializer("not-the-secret", salt=services.TOKEN_SALT)
    other_salt = URLSafeSerializer(app.config["SECRET_KEY"], salt="another-purpose")
    token = good.dumps([delegate_id, generation])
    body, signature = token.rsplit(".", 1)
    return [
        other_key.dumps([delegate_id, generation]),
        other_salt.dumps([delegate_id, generation]),
        f"{good.dumps([delegate_id + 1, generation]).rsplit('.', 1)[0]}.{signature}",
        body + "." + ("A" if signature[0] != "A" else "B") + signature[1:],
        "garbage",
        "",
        good.dumps("not a list"),
    ]


def test_forged_or_damaged_cards_are_refused_with_a_clear_message(app, client):
    session_id, [(delegate_id, _token)] = token_and_ids(app)
    client.login("thuky")
    for forged in forged_tokens(app, delegate_id):
        response = client.post(f"/congress/checkin/{session_id}/scan", data={"code": forged},
                               htmx=True)
        assert response.status_code == 422, forged
        assert "alert-danger" in response.text
        assert "không hợp lệ" in response.text or "không thuộc" in response.text
    with app.app_context():
        assert check_in_count(session_id, delegate_id) == 0


def test_a_reissued_card_revokes_the_old_one(app, client):
    session_id, [(delegate_id, old)] = token_and_ids(app)
    client.login("thuky")
    assert client.post(f"/congress/delegates/{delegate_id}/reissue").status_code == 200
    refused = client.post(f"/congress/checkin/{session_id}/scan", data={"code": old},
                          htmx=True)
    assert refused.status_code == 422 and "thu hồi" in refused.text  # revoked
    with app.app_context(), app.test_request_context():
        new = services.card_token(db.session.get(services.Delegate, delegate_id))
    assert client.post(f"/congress/checkin/{session_id}/scan", data={"code": new},
                       htmx=True).status_code == 200


def test_a_delegate_no_longer_summoned_is_refused(app, ctx):
    _session_id, [(delegate_id, token)] = token_and_ids(app)
    from intranet.db import write_transaction

    with write_transaction():
        db.session.get(services.Delegate, delegate_id).left_reason = "not_summoned"
    with pytest.raises(Invalid, match="no longer summoned"):
        services.delegate_for_token(token)


def test_simultaneous_scans_of_one_card_count_once(app):
    session_id, [(delegate_id, _token)] = token_and_ids(app)
    barrier = threading.Barrier(4)
    outcomes, errors = [], []

    def scan():
        try:
            with app.app_context(), app.test_request_context():
                desk = user("thuky")
                person = db.session.get(services.Delegate, delegate_id)
                barrier.wait(5)
                outcomes.append(services.check_in(desk, session_id, person, "qr").already)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=scan) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert sorted(outcomes) == [False, True, True, True]
    with app.app_context():
        assert check_in_count(session_id, delegate_id) == 1
        assert db.session.scalar(select(func.count(AuditEntry.seq)).where(
            AuditEntry.action == "check_in", AuditEntry.entity_id == str(delegate_id))) == 1


def test_the_token_page_a_phone_opens_shows_the_name_then_checks_in(app, client):
    session_id, [(delegate_id, token)] = token_and_ids(app)
    client.login("thuky")
    page = client.get(f"/congress/c/{token}")
    assert page.status_code == 200 and "checkin-name" in page.text
    with app.app_context():
        assert check_in_count(session_id, delegate_id) == 0  # a GET changes nothing
        name = db.session.get(services.Delegate, delegate_id).member.full_name
    assert name in page.text
    done = client.post(f"/congress/c/{token}", data={"session": session_id})
    assert done.status_code == 200 and "alert-success" in done.text
    with app.app_context():
        assert check_in_count(session_id, delegate_id) == 1
    assert client.get("/congress/c/forged.token").status_code == 422


def test_search_by_name_then_check_in_by_hand(app, client):
    with app.app_context():
        first = sessions()[0]
        person = not_checked_in(first.id)[0]
        name, delegate_id = person.member.full_name, person.id
    client.login("thuky")
    found = client.get(f"/congress/checkin/{first.id}/search", query_string={"q": name},
                       htmx=True)
    assert found.status_code == 200 and name in found.text
    done = client.post(f"/congress/checkin/{first.id}/delegates/{delegate_id}", htmx=True)
    assert done.status_code == 200 and name in done.text
    with app.app_context():
        assert db.session.scalar(select(CheckIn.method).where(
            CheckIn.delegate_id == delegate_id, CheckIn.session_id == first.id)) == "manual"


def test_an_absence_needs_a_reason_and_not_a_check_in(app, client):
    with app.app_context():
        first = sessions()[0]
        person = not_checked_in(first.id)[0].id
        present = delegate(1).id
    client.login("thuky")
    url = f"/congress/checkin/{first.id}/delegates/{person}/absence"
    assert client.post(url, data={"reason": " "}, htmx=True).status_code == 422
    assert client.post(url, data={"reason": "Ốm"}, htmx=True).status_code == 200
    assert client.post(url, data={"reason": "Ốm"}, htmx=True).status_code == 409
    assert client.post(f"/congress/checkin/{first.id}/delegates/{present}/absence",
                       data={"reason": "Ốm"}, htmx=True).status_code == 409


def test_only_the_desk_roles_check_in(app, client):
    session_id, [(_delegate_id, token)] = token_and_ids(app)
    client.login("vankien")
    assert client.post(f"/congress/checkin/{session_id}/scan",
                       data={"code": token}).status_code == 403
    assert client.get(f"/congress/c/{token}").status_code == 403


def test_the_desk_page_title_is_plain_text_and_its_scripts_load_once(client):
    client.login("thuky")
    page = client.get("/congress/checkin").text
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("Điểm danh · ") and "<" not in title
    assert page.count("congress-scan.js") == 1
    assert page.count("jsQR-1.4.0.js") == 1
