from flask import current_app, flash, request, session, url_for
from flask_login import current_user, logout_user

from intranet.auth import bp, services, throttle
from intranet.auth.forms import ChangePasswordForm, LoginForm
from intranet.auth.sessions import safe_next, start_session
from intranet.errors import Invalid
from intranet.extensions import gettext as _
from intranet.htmx import redirect_response, render
from intranet.mfa.pending import begin_second_step
from intranet.permissions import require


@bp.route("/login", methods=["GET", "POST"])
@require("public")
@throttle.login_limits
def login():
    if current_user.is_authenticated:
        return redirect_response(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        next_url = safe_next(request.args.get("next"))
        if user is not None and user.totp_enabled:
            begin_second_step(user, next_url)
            return redirect_response(url_for("mfa.verify"))
        if user is not None:
            start_session(user)
            throttle.remember_device(user.username)
            return redirect_response(next_url or url_for("home.index"))
        throttle.failed_attempt()
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
