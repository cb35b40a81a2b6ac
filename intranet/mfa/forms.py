from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from intranet.extensions import lazy_gettext as _l


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[
        DataRequired(_l("Enter the code.")), Length(max=32, message=_l("Too long."))])


class EnrolForm(FlaskForm):
    code = StringField(_l("The 6-digit code the app shows"), validators=[
        DataRequired(_l("Enter the code.")), Length(max=32, message=_l("Too long."))])


class PasswordForm(FlaskForm):
    """Turning the second factor off, or new recovery codes: the password again."""

    password = PasswordField(_l("Your password"), validators=[
        DataRequired(_l("Enter your password.")), Length(max=128, message=_l("Too long."))])
