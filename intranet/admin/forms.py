from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from intranet.extensions import lazy_gettext as _l
from intranet.permissions import ROLE_LABELS


class CreateUserForm(FlaskForm):
    username = StringField(_l("Login name"), validators=[
        DataRequired(_l("Enter a login name.")),
        Length(min=3, max=64, message=_l("Between 3 and 64 characters.")),
        Regexp(r"^[a-z0-9][a-z0-9._-]*$",
               message=_l("Lower-case letters without accents, digits, dot, dash, underscore.")),
    ])
    display_name = StringField(_l("Full name"), validators=[
        DataRequired(_l("Enter the person's full name.")),
        Length(max=120, message=_l("At most 120 characters."))])
    email = EmailField(_l("E-mail (optional)"), validators=[
        Optional(), Email(message=_l("This is not an e-mail address.")),
        Length(max=254, message=_l("Too long."))])
    password = PasswordField(_l("Initial password"), validators=[
        DataRequired(_l("Enter an initial password."))])


class GrantRoleForm(FlaskForm):
    role = SelectField(_l("Role"), validators=[DataRequired(_l("Choose a role."))])
    org_unit_id = SelectField(_l("Organization (for a secretary)"), coerce=str,
                              validators=[Optional()])

    def __init__(self, units: list[tuple[int, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [("", _l("— choose —"))] + [(r.value, label)
                                                        for r, label in ROLE_LABELS.items()]
        self.org_unit_id.choices = [("", _l("— none —"))] + [(str(i), n) for i, n in units]
