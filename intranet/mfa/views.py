from flask import current_app, flash, url_for
from flask_login import current_user

from intranet.auth import throttle
from intranet.auth.sessions import start_session
from intranet.errors import Invalid
from intranet.extensions import gettext as _
from intranet.htmx import redirect_response, render, wants_fragment
from intranet.mfa import bp, pending, services, totp
from intranet.mfa.forms import CodeForm, EnrolForm, PasswordForm
from intranet.permissions import require


def _record_throttled(scope: str) -> None:
    waiting = pending.pending_login() or {}
    services.record_second_step_throttled(waiting.get("user"), scope)


second_step_limit = throttle.limit("SECOND_STEP_LIMIT", pending.pending_user_key,
                                   "second-step", _record_throttled)


@bp.route("/login/verify", methods=["GET", "POST"])
@require("login.second_step")
@second_step_limit
def verify():
    if current_user.is_authenticated:
        return redirect_response(url_for("home.index"))
    waiting = pending.pending_login()
    if waiting is None:  # nothing waiting, or its few minutes have passed
        return render("mfa/verify.html", form=None)
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        user = services.complete_login(waiting["user"], waiting["token"], form.code.data)
        if user is not None:
            start_session(user)
            throttle.remember_device(user.username)
            return redirect_response(waiting.get("next") or url_for("home.index"))
        throttle.failed_attempt()
        form.code.errors = [_("This code is not correct, or it has been used already.")]
        status = 422
    elif form.is_submitted():
        status = 422
    return render("mfa/verify.html", form=form, status=status)


def _status_page(status: int = 200, **forms):
    return render("mfa/status.html", status=status,
                  codes_left=services.recovery_codes_left(current_user.id),
                  disable_form=forms.get("disable_form") or PasswordForm(prefix="off",
                                                                         formdata=None),
                  codes_form=forms.get("codes_form") or PasswordForm(prefix="codes",
                                                                     formdata=None))


@bp.route("/account/two-factor")
@require("account.two_factor")
def status():
    return _status_page()


@bp.route("/account/two-factor/enrol", methods=["GET", "POST"])
@require("account.two_factor")
def enrol():
    if current_user.totp_enabled:
        return redirect_response(url_for("mfa.status"))
    secret = pending.enrolment_secret()
    form = EnrolForm()
    status = 200
    if form.validate_on_submit():
        try:
            user, codes = services.enable(current_user, secret, form.code.data)
        except Invalid as exc:
            form.code.errors = [exc.message]
            status = 422
        else:
            start_session(user)  # this session continues; every other one has ended
            return render("mfa/recovery_codes.html", codes=codes, first_time=True)
    elif form.is_submitted():
        status = 422
    uri = totp.provisioning_uri(secret, current_user.username, current_app.config["TOTP_ISSUER"])
    return render("mfa/enrol.html", form=form, qr=totp.qr_data_uri(uri),
                  key=totp.grouped(secret), required=services.enrolment_required(current_user),
                  status=status)


@bp.route("/account/two-factor/disable", methods=["POST"])
@require("account.two_factor")
def disable():
    form = PasswordForm(prefix="off")
    if not form.validate_on_submit():
        return _status_page(422, disable_form=form)
    try:
        user = services.disable(current_user, form.password.data)
    except Invalid as exc:
        form.password.errors = [exc.message]
        return _status_page(422, disable_form=form)
    start_session(user)
    flash(_("Two-step verification is off. Your other sessions have been logged out."),
          "success")
    return redirect_response(url_for("mfa.status"))


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@require("account.two_factor")
def new_recovery_codes():
    form = PasswordForm(prefix="codes")
    if not form.validate_on_submit():
        return _status_page(422, codes_form=form)
    try:
        codes = services.regenerate_recovery_codes(current_user, form.password.data)
    except Invalid as exc:
        form.password.errors = [exc.message]
        return _status_page(422, codes_form=form)
    return render("mfa/recovery_codes.html", codes=codes, first_time=False)


@bp.route("/admin/users/<int:user_id>/two-factor/reset", methods=["POST"])
@require("users.manage")
def reset(user_id: int):
    user = services.reset_for(current_user, user_id)
    if not wants_fragment():
        return redirect_response(url_for("admin.user", user_id=user.id))
    return render("admin/_status.html", user=user)
