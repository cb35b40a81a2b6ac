"""The citizens' page (no login): every abuse answered clearly, with nothing or one stored."""

import re
import time

import pytest
from sqlalchemy import func, select

from intranet import create_app
from intranet.audit.models import AuditEntry
from intranet.documents import lookups
from intranet.documents.comments import issue_form_token
from intranet.documents.models import Comment
from intranet.extensions import db
from intranet.workflow_service import apply_transition
from tests.conftest import CSRFClient, base_config
from tests.documents.helpers import doc, user


@pytest.fixture
def circulated(app, docs):
    """(document id, public URL) of a document circulated to everyone."""
    with app.app_context():
        document_id = docs.circulated()
        token = lookups.open_round(document_id).token
    return document_id, f"/gop-y/{token}"


def stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Comment.id)))


def form_token(app, seconds_ago: float = 10) -> str:
    with app.test_request_context():
        return issue_form_token(time.time() - seconds_ago)


def send(client, app, url, token=None, **fields):
    data = {"text": "Đề nghị bổ sung giải pháp thoát nước cho tổ dân phố.", "section_id": "",
            "author_name": "Nguyễn Văn An", "area": "Tổ dân phố Dương Quan 1", "website": "",
            "form_token": token or form_token(app)}
    data.update(fields)
    return client.post(url, data=data)


def test_the_page_shows_the_frozen_text_and_a_form_without_login(app, client, circulated):
    document_id, url = circulated
    page = client.get(url)
    assert page.status_code == 200
    assert "Kết quả đạt được nhiệm kỳ 2020 - 2025" in page.text
    assert 'name="form_token"' in page.text and 'name="website"' in page.text
    assert "Đăng nhập" not in page.text.split("<main", 1)[1]
    with app.app_context():
        section = lookups.open_round(document_id).version.sections[1]
    page = client.get(f"{url}?section={section.id}").text  # "comment on this section"
    assert f'<option selected value="{section.id}">' in page


def test_a_comment_gets_a_receipt_number(app, client, circulated):
    _, url = circulated
    response = send(client, app, url)
    assert response.status_code == 200
    receipt = re.search(r'receipt-number">([^<]+)<', response.text).group(1)
    with app.app_context():
        comment = db.session.scalar(select(Comment))
        assert comment.receipt_no == receipt == f"D1-{comment.id:06d}"
        assert (comment.channel, comment.source, comment.created_by_id) == (
            "public_qr", "citizen", None)
        assert comment.author_name == "Nguyễn Văn An — Tổ dân phố Dương Quan 1"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "comment_add"))
        assert entry.actor_name == "public" and entry.actor_id is None


def test_a_double_submit_stores_one_comment(app, client, circulated):
    _, url = circulated
    token = form_token(app)
    first, second = send(client, app, url, token), send(client, app, url, token)
    assert first.status_code == second.status_code == 200
    receipts = [re.search(r'receipt-number">([^<]+)<', r.text).group(1) for r in (first, second)]
    assert receipts[0] == receipts[1]
    assert "đã được gửi trước đó" in second.text
    assert stored(app) == 1


def test_bot_like_submissions_are_answered_clearly_and_store_nothing(app, client,
                                                                     circulated):
    _, url = circulated
    honeypot = send(client, app, url, website="http://spam.example")
    assert honeypot.status_code == 422 and "Không thể tiếp nhận ý kiến" in honeypot.text
    too_fast = send(client, app, url, form_token(app, seconds_ago=0))
    assert too_fast.status_code == 422 and "quá nhanh" in too_fast.text
    assert "thoát nước" in too_fast.text  # what the person wrote is kept
    for token in ("", "forged.token.value"):
        forged = client.post(url, data={"text": "x", "form_token": token})
        assert forged.status_code == 422 and "hết hiệu lực" in forged.text
    assert stored(app) == 0


def test_size_limits_413_for_the_request_422_for_the_comment(app, client, circulated):
    _, url = circulated
    assert send(client, app, url, text="ý" * 40_000).status_code == 413
    too_long = send(client, app, url, text="x" * 5001)
    assert too_long.status_code == 422 and "5.000" in too_long.text
    assert stored(app) == 0


def test_an_unknown_link_is_404_and_a_round_not_sent_to_the_public_410(app, client, docs):
    assert client.get("/gop-y/not-a-real-token").status_code == 404
    assert send(client, app, "/gop-y/not-a-real-token").status_code == 404
    with app.app_context():
        document_id = docs.circulated(audiences=["members"])
        token = lookups.open_round(document_id).token
    assert client.get(f"/gop-y/{token}").status_code == 410
    assert stored(app) == 0


def test_after_the_deadline_the_link_answers_410_and_stores_nothing(app, client, circulated,
                                                                    docs):
    document_id, url = circulated
    with app.app_context():
        docs.pass_deadline(document_id)
    page = client.get(url)
    assert page.status_code == 410 and "Thời gian góp ý đã kết thúc" in page.text
    assert send(client, app, url).status_code == 410
    assert stored(app) == 0


def test_once_comments_are_closed_the_link_expires(app, client, circulated):
    document_id, url = circulated
    with app.app_context():
        apply_transition(doc(document_id), "close_early", user("vankien"), reason="Đủ")
    assert client.get(url).status_code == 410
    assert send(client, app, url).status_code == 410
    assert stored(app) == 0


@pytest.fixture
def limited_client(database_url, tmp_path, circulated):
    """The same database served by an app with rate limits on (the suite runs without)."""
    app = create_app(base_config(DATABASE_URL=database_url, INSTANCE_PATH=str(tmp_path),
                                 RATELIMIT_ENABLED=True,
                                 DOCUMENTS_PUBLIC_RATE_PER_IP="3 per minute",
                                 DOCUMENTS_PUBLIC_RATE_PER_LINK="1000 per hour"))
    app.test_client_class = CSRFClient
    yield app, app.test_client()
    with app.app_context():
        db.engine.dispose()


def test_rate_limits_per_address(limited_client, circulated):
    app, client = limited_client
    _, url = circulated
    answers = [send(client, app, url).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.get(url).status_code == 200  # reading is not limited
    assert stored(app) == 3
