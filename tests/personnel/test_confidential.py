"""Vetting notes are confidential: only four roles read them, each read is audited, and the
text never reaches the audit log, a page or a fragment of anyone else."""

import json

import pytest
from sqlalchemy import select

from intranet.audit.models import AuditEntry
from intranet.extensions import db
from intranet.personnel.models import Nomination, VettingNote

pytestmark = pytest.mark.demo

SECRET = "Đã đối chiếu lý lịch"  # the demo's note on a vetted nomination


def noted(app) -> int:
    with app.app_context():
        return db.session.scalar(select(VettingNote.nomination_id))


@pytest.mark.parametrize("login", ["nhansu", "donthu", "thuongvu", "kiemtra"])
def test_the_four_roles_read_the_notes_and_the_read_is_recorded(app, client, login):
    item = noted(app)
    client.login(login)
    page = client.get(f"/personnel/nominations/{item}").text
    assert SECRET not in page  # not shown until asked for
    notes = client.get(f"/personnel/nominations/{item}/notes", htmx=True)
    assert notes.status_code == 200 and SECRET in notes.text
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "read_notes").order_by(AuditEntry.seq.desc()))
        assert (entry.actor_name, entry.entity_id) == (login, str(item))
        assert SECRET not in entry.payload


@pytest.mark.parametrize("login", ["bch", "bcd", "vanthu", "thamtra", "thuky"])
def test_other_roles_never_see_them(app, client, login):
    item = noted(app)
    client.login(login)
    assert client.get(f"/personnel/nominations/{item}/notes").status_code == 403
    page = client.get(f"/personnel/nominations/{item}")
    assert page.status_code in (200, 403, 404)
    assert SECRET not in page.text and "Vetting notes" not in page.text
    assert "Ghi chú thẩm định" not in page.text


def test_the_secretary_of_the_organization_does_not_see_them_either(app, client):
    with app.app_context():
        item = db.session.scalar(select(Nomination).where(Nomination.org_unit.has(code="CBCS01")))
        note = VettingNote(nomination_id=item.id, body="Ghi chú mật về người được giới thiệu")
        db.session.add(note)
        db.session.commit()
        item_id = item.id
    client.login("bithu2")
    page = client.get(f"/personnel/nominations/{item_id}")
    assert page.status_code == 200 and "Ghi chú mật" not in page.text
    assert client.get(f"/personnel/nominations/{item_id}/notes").status_code == 403


def test_a_note_is_added_by_the_personnel_subcommittee_without_its_text_in_the_log(app, client):
    item = noted(app)
    client.login("nhansu")
    response = client.post(f"/personnel/nominations/{item}/notes",
                           data={"body": "Xác minh thêm tại nơi cư trú"}, htmx=True)
    assert response.status_code == 200 and "Xác minh thêm tại nơi cư trú" in response.text
    with app.app_context():
        added = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "add_note")
                                  .order_by(AuditEntry.seq.desc()))
        assert "Xác minh thêm" not in added.payload
        assert set(json.loads(added.payload)) == {"note_id"}


def test_an_empty_note_is_422(app, client):
    client.login("nhansu")
    response = client.post(f"/personnel/nominations/{noted(app)}/notes", data={"body": " "},
                           htmx=True)
    assert response.status_code == 422


def test_the_standing_committee_reads_but_does_not_write_notes(app, client):
    client.login("thuongvu")
    response = client.post(f"/personnel/nominations/{noted(app)}/notes", data={"body": "x"})
    assert response.status_code == 403
