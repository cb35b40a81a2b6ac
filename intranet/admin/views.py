from flask import flash, request, url_for
from flask_login import current_user

from intranet.admin import bp, services
from intranet.admin.forms import CreateUserForm, GrantRoleForm
from intranet.errors import Invalid
from intranet.extensions import gettext as _
from intranet.htmx import redirect_response, render
from intranet.notifications.services import outbox_entries
from intranet.permissions import ROLE_LABELS, require


@bp.route("/users")
@require("users.manage")
def users():
    query = request.args.get("q", "")[:100]
    return render("admin/users.html", "admin/_user_list.html",
                  users=services.list_users(query), q=query)


@bp.route("/users/new", methods=["GET", "POST"])
@require("users.manage")
def new_user():
    form = CreateUserForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.create_user(
                current_user, username=form.username.data, display_name=form.display_name.data,
                password=form.password.data, email=form.email.data)
        except Invalid as exc:
            getattr(form, exc.details.get("field", "username")).errors = [exc.message]
            status = 422
        else:
            flash(_("Account %(name)s created. Now give it its roles.", name=user.username),
                  "success")
            return redirect_response(url_for("admin.user", user_id=user.id))
    elif form.is_submitted():
        status = 422
    return render("admin/new_user.html", form=form, status=status)


def _user_page(user_id: int, form: GrantRoleForm | None = None, status: int = 200,
               fragment: str | None = None):
    user = services.get_user(user_id)
    form = form or GrantRoleForm(services.unit_choices(), formdata=None)
    return render("admin/user.html", fragment, user=user, form=form,
                  role_labels=ROLE_LABELS, status=status)


@bp.route("/users/<int:user_id>")
@require("users.manage")
def user(user_id: int):
    return _user_page(user_id)


@bp.route("/users/<int:user_id>/roles", methods=["POST"])
@require("users.manage")
def grant_role(user_id: int):
    form = GrantRoleForm(services.unit_choices())
    if not form.validate():
        return _user_page(user_id, form, 422, "admin/_roles.html")
    unit = int(form.org_unit_id.data) if form.org_unit_id.data else None
    try:
        services.grant_role(current_user, user_id, form.role.data, unit)
    except Invalid as exc:
        getattr(form, exc.details.get("field", "role")).errors = [exc.message]
        return _user_page(user_id, form, 422, "admin/_roles.html")
    return _user_page(user_id, fragment="admin/_roles.html")


@bp.route("/users/<int:user_id>/roles/<int:assignment_id>/revoke", methods=["POST"])
@require("users.manage")
def revoke_role(user_id: int, assignment_id: int):
    services.revoke_role(current_user, user_id, assignment_id)
    return _user_page(user_id, fragment="admin/_roles.html")


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@require("users.manage")
def set_active(user_id: int):
    active = request.form.get("active") == "1"
    services.set_active(current_user, user_id, active)
    return _user_page(user_id, fragment="admin/_status.html")


@bp.route("/outbox")
@require("users.manage")
def outbox():
    return render("admin/outbox.html", entries=outbox_entries())
