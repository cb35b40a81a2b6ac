"""Notification e-mails go through an outbox: queued, then sent or failed (real SMTP server)."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from intranet.auth.models import User
from intranet.db import write_transaction
from intranet.extensions import db
from intranet.notifications.models import OutboxEmail
from intranet.notifications.services import MAX_ATTEMPTS, deliver_outbox
from intranet.workflow_service import apply_transition, start_item
from tests.conftest import base_config
from tests.support.sample_item import SampleItem, sample_workflow
from workflows.roles import Role


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def app_config(database_url, tmp_path, smtp):
    controller, _ = smtp
    return base_config(DATABASE_URL=database_url, INSTANCE_PATH=str(tmp_path),
                       SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port,
                       SMTP_FROM="daihoi@thuynguyen.local")


@pytest.fixture
def rejected(app, make_user):
    """A clerk (with an e-mail address) whose item the Standing Committee has just rejected."""
    with sample_workflow(app):
        clerk_id = make_user("vanthu", roles=[Role.CLERK])
        standing_id = make_user("thuongvu", roles=[Role.STANDING])
        with app.app_context():
            with write_transaction():
                clerk = db.session.get(User, clerk_id)
                clerk.email = "vanthu@thuynguyen.local"
                item = SampleItem(title="Đề nghị", author_id=clerk_id)
                start_item(item, clerk)
            apply_transition(item, "submit", clerk)
            apply_transition(item, "reject", db.session.get(User, standing_id), reason="Không")
        yield


def outbox(app):
    with app.app_context():
        return [(m.status, m.attempts, m.to_address)
                for m in db.session.scalars(select(OutboxEmail))]


def test_a_transition_queues_an_email_that_delivery_sends(app, smtp, rejected):
    assert outbox(app) == [("queued", 0, "vanthu@thuynguyen.local")]
    with app.app_context():
        assert deliver_outbox() == {"sent": 1, "failed": 0}
    assert outbox(app) == [("sent", 1, "vanthu@thuynguyen.local")]
    _, inbox = smtp
    (message,) = inbox.messages
    assert message.rcpt_tos == ["vanthu@thuynguyen.local"]
    parsed = message_from_bytes(message.content, policy=policy.default)
    assert parsed["Subject"] == "Đề nghị #1: Đề nghị: Không duyệt"
    assert "Thuongvu — Không duyệt" in parsed.get_content()


def test_an_unreachable_server_fails_after_its_attempts(app, rejected):
    app.config["SMTP_PORT"] = free_port()  # nothing listens there
    with app.app_context():
        for attempt in range(1, MAX_ATTEMPTS + 1):
            deliver_outbox()
            expected = "failed" if attempt == MAX_ATTEMPTS else "queued"
            assert outbox(app) == [(expected, attempt, "vanthu@thuynguyen.local")]
        assert db.session.scalar(select(OutboxEmail.last_error)).startswith("ConnectionRefused")


def test_administrators_see_the_outbox(app, client, make_user, rejected):
    make_user("admin", roles=[Role.ADMIN])
    client.login("admin")
    page = client.get("/admin/outbox").text
    assert "vanthu@thuynguyen.local" in page and "đang chờ gửi" in page


def test_the_cli_delivers(app, runner, rejected):
    result = runner.invoke(args=["outbox", "deliver"])
    assert result.exit_code == 0 and "sent 1" in result.output


def test_no_mail_is_queued_without_smtp(app_config, database_url, tmp_path):
    from intranet import create_app

    plain = create_app(base_config(DATABASE_URL=database_url, INSTANCE_PATH=str(tmp_path)))
    with plain.app_context():
        assert deliver_outbox() == {"sent": 0, "failed": 0}
