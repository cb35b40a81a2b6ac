from urllib.parse import urlsplit

from flask import current_app, flash, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from intranet.auth import bp, services
from intranet.auth.forms import ChangePasswordForm, LoginForm
from intranet.db import utcnow
from intranet.errors import Invalid
from intranet.htmx import redirect_response, render
from intranet.permissions import require


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host, never a scheme."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def start_session(user) -> None:
    """A new session at every login (nothing carried over from before)."""
    session.clear()
    login_user(user)
    now = utcnow().timestamp()
    session["login_at"] = now
    session["last_seen"] = now
    session["locale"] = user.locale


@bp.route("/login", methods=["GET", "POST"])
@require("public")
def login():
    if current_user.is_authenticated:
        return redirect_response(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        if user is not None:
            start_session(user)
            return redirect_response(safe_next(request.args.get("next"))
                                     or url_for("home.index"))
        form.form_errors.append(_("The login name or password is not correct."))
        status = 422
    elif form.is_submitted():
        status = 422
    expired = session.pop("expired", False)
    return render("auth/login.html", form=form, expired=expired, status=status)


@bp.route("/logout", methods=["POST"])
@require("authenticated")
def logout():
    services.log_out(current_user)
    locale = session.get("locale")
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale  # the language chosen stays for the login page
    flash(_("You have logged out."), "info")
    return redirect_response(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@require("authenticated")
def change_password():
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.change_password(current_user, form.current_password.data,
                                            form.new_password.data)
        except Invalid as exc:
            field = getattr(form, exc.details.get("field", "new_password"))
            field.errors = [exc.message if exc.details.get("field") == "new_password"
                            else _("The current password is not correct.")]
            status = 422
        else:
            start_session(user)  # this session continues; every other copy has ended
            flash(_("Your password has been changed. Other sessions have been logged out."),
                  "success")
            return redirect_response(url_for("home.index"))
    elif form.is_submitted():
        status = 422
    return render("auth/password.html", form=form, status=status)


@bp.route("/language", methods=["POST"])
@require("public")
def set_language():
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        raise Invalid(_("Unknown language."))
    session["locale"] = lang
    if current_user.is_authenticated:
        services.set_language(current_user, lang)
    return redirect_response(safe_next(request.form.get("next")) or url_for("home.index"))
