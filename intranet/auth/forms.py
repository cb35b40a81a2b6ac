from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from intranet.extensions import lazy_gettext as _l


class LoginForm(FlaskForm):
    username = StringField(_l("Login name"), validators=[
        DataRequired(_l("Enter your login name.")), Length(max=64, message=_l("Too long."))])
    password = PasswordField(_l("Password"), validators=[
        DataRequired(_l("Enter your password.")), Length(max=128, message=_l("Too long."))])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[
        DataRequired(_l("Enter your current password."))])
    new_password = PasswordField(_l("New password"), validators=[
        DataRequired(_l("Enter a new password."))])
    confirm_password = PasswordField(_l("Repeat the new password"), validators=[
        DataRequired(_l("Repeat the new password.")),
        EqualTo("new_password", message=_l("The two passwords are not the same."))])
