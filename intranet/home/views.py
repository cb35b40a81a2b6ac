from flask import request
from flask_login import current_user

from intranet.home import bp, services
from intranet.htmx import render
from intranet.notifications import services as notifications
from intranet.permissions import require
from intranet.security import parse_id


@bp.route("/")
@require("authenticated")
def index():
    return render("home/index.html", groups=services.task_groups(current_user))


@bp.route("/tasks/badge")
@require("authenticated")
def task_badge():
    return render("home/_task_badge.html", count=services.task_count(current_user))


@bp.route("/notifications")
@require("authenticated")
def notifications_page():
    return render("home/notifications.html", "home/_notifications.html",
                  notifications=notifications.recent_notifications(current_user.id))


@bp.route("/notifications/read", methods=["POST"])
@require("authenticated")
def mark_notifications_read():
    notifications.mark_read(current_user.id, parse_id(request.form.get("id")))
    return render("home/notifications.html", "home/_notifications.html",
                  notifications=notifications.recent_notifications(current_user.id),
                  trigger={"notifications-changed": True})
