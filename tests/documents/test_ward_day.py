"""Early in the morning in Hải Phòng the UTC date is still yesterday; the documents area counts
days in the ward's time."""

import time_machine

from tests.documents.helpers import doc
from tests.support.ward_day import MORNING, WARD_TODAY


def test_a_paper_batch_received_this_morning_is_within_a_round_opened_this_morning(
        app, client, docs):
    with time_machine.travel(MORNING):
        with app.app_context():
            document_id = docs.circulated()
        client.login("vanthu")
        response = client.post(f"/documents/{document_id}/batches", data={
            "label": "Phiếu TDP Dương Quan 1", "declared_count": 1,
            "received_on": WARD_TODAY.isoformat(), "org_unit_id": ""})
    assert response.status_code == 302, response.text


def test_the_standing_committee_approves_at_a_meeting_held_this_morning(app, client, docs):
    with time_machine.travel(MORNING):
        with app.app_context():
            document_id = docs.revision(comments=0)
        client.login("thuongvu")
        page = client.get(f"/documents/{document_id}").text
        assert f'value="{WARD_TODAY.isoformat()}"' in page  # the form proposes today's meeting
        done = client.post(f"/documents/{document_id}/approve", data={
            "meeting_date": WARD_TODAY.isoformat(), "members_present": 9, "votes_for": 9,
            "votes_against": 0}, htmx=True)
    assert done.status_code == 200, done.text
    with app.app_context():
        assert doc(document_id).state == "approved"
