"""Queue notifications (inside the caller's transaction) and deliver the e-mail outbox."""

from __future__ import annotations

import smtplib
from collections.abc import Iterable
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import func, select, update

from intranet.auth.models import User
from intranet.db import db, utcnow, write_transaction
from intranet.notifications.models import Notification, OutboxEmail

MAX_ATTEMPTS = 3


def notify(user_ids: Iterable[int], *, entity_type: str, entity_id, url: str, title_vi: str,
           title_en: str, body_vi: str = "", body_en: str = "") -> int:
    """Add one notification per active user (and an e-mail when SMTP is set); return count."""
    users = db.session.scalars(
        select(User).where(User.id.in_(list(user_ids)), User.active.is_(True))
    ).all()
    send_mail = bool(current_app.config.get("SMTP_HOST"))
    for user in users:
        note = Notification(user_id=user.id, entity_type=entity_type, entity_id=str(entity_id),
                            url=url, title_vi=title_vi, title_en=title_en, body_vi=body_vi,
                            body_en=body_en)
        db.session.add(note)
        if send_mail and user.email:
            db.session.flush()
            english = user.locale.startswith("en")
            db.session.add(OutboxEmail(
                notification_id=note.id, to_address=user.email,
                subject=title_en if english else title_vi,
                body=f"{body_en if english else body_vi}\n\n{url}",
            ))
    db.session.flush()
    return len(users)


def unread_count(user_id: int) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == user_id,
                                                   Notification.read_at.is_(None))
    ) or 0


def recent_notifications(user_id: int, limit: int = 30) -> list[Notification]:
    return db.session.scalars(
        select(Notification).where(Notification.user_id == user_id)
        .order_by(Notification.id.desc()).limit(limit)
    ).all()


def mark_read(user_id: int, notification_id: int | None = None) -> int:
    """Mark one (or all) of this user's notifications read; another user's id changes nothing."""
    with write_transaction() as session:
        stmt = update(Notification).where(Notification.user_id == user_id,
                                          Notification.read_at.is_(None))
        if notification_id is not None:
            stmt = stmt.where(Notification.id == notification_id)
        return session.execute(stmt.values(read_at=utcnow())).rowcount


def deliver_outbox(limit: int = 100) -> dict[str, int]:
    """Send queued e-mails; each ends sent, or failed after MAX_ATTEMPTS tries."""
    cfg = current_app.config
    if not cfg.get("SMTP_HOST"):
        return {"sent": 0, "failed": 0}
    pending = db.session.scalars(
        select(OutboxEmail).where(OutboxEmail.status == "queued")
        .order_by(OutboxEmail.id).limit(limit)
    ).all()
    outcome = {"sent": 0, "failed": 0}
    for mail in [(m.id, m.to_address, m.subject, m.body) for m in pending]:
        mail_id, to_address, subject, body = mail
        error = _send(cfg, to_address, subject, body)
        with write_transaction() as session:
            row = session.get(OutboxEmail, mail_id)
            row.attempts += 1
            if error is None:
                row.status, row.sent_at, row.last_error = "sent", utcnow(), None
                outcome["sent"] += 1
            else:
                row.last_error = error
                if row.attempts >= MAX_ATTEMPTS:
                    row.status = "failed"
                    outcome["failed"] += 1
    return outcome


def _send(cfg, to_address: str, subject: str, body: str) -> str | None:
    message = EmailMessage()
    message["From"] = cfg["SMTP_FROM"]
    message["To"] = to_address
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(cfg["SMTP_HOST"], int(cfg["SMTP_PORT"]), timeout=10) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def outbox_entries(limit: int = 200) -> list[OutboxEmail]:
    return db.session.scalars(
        select(OutboxEmail).order_by(OutboxEmail.id.desc()).limit(limit)).all()
