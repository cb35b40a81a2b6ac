"""Forms of the complaints area, every validator with its own translated message."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import DateField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from intranet.clock import local_today
from intranet.complaints.labels import (
    CHANNEL_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    REASON_LABELS,
    SENDER_LABELS,
)
from intranet.complaints.models import SenderStatus
from intranet.extensions import lazy_gettext as _l
from intranet.security import parse_id

CONTENT_MAX = 20_000


class IntakeForm(FlaskForm):
    channel = SelectField(_l("Channel"), validators=[DataRequired(_l("Choose the channel."))])
    received_on = DateField(_l("Date received"), validators=[
        DataRequired(_l("Enter the date the letter was received."))])
    postmarked_on = DateField(_l("Postmark date"), validators=[Optional()])
    sender_status = SelectField(_l("Identity of the sender"), validators=[
        DataRequired(_l("Say whether the sender is named."))])
    sender_name = StringField(_l("Sender's name"), validators=[
        Optional(), Length(max=200, message=_l("At most 200 characters."))])
    sender_address = StringField(_l("Sender's address"), validators=[
        Optional(), Length(max=400, message=_l("At most 400 characters."))])
    subjects = SelectMultipleField(_l("People the letter is about"), coerce=int,
                                   validate_choice=False, render_kw={"size": 8})
    summary = StringField(_l("Subject line"), validators=[
        DataRequired(_l("Enter a short subject line.")),
        Length(max=300, message=_l("At most 300 characters."))])
    content = TextAreaField(_l("Content"), validators=[
        DataRequired(_l("Enter the content of the letter.")),
        Length(max=CONTENT_MAX, message=_l("At most 20,000 characters."))],
        render_kw={"rows": 6})
    attachments = MultipleFileField(_l("Scanned pages (PDF or images)"))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.channel.choices = [("", _l("— choose —")), *list(CHANNEL_LABELS.items())]
        self.sender_status.choices = list(SENDER_LABELS.items())
        self.subjects.choices = list(people)

    def validate_received_on(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("The date received cannot be in the future."))

    def validate_postmarked_on(self, field):
        if field.data and self.received_on.data and field.data > self.received_on.data:
            raise ValidationError(_l("The postmark cannot be later than the date received."))

    def validate_sender_name(self, field):
        if self.sender_status.data == SenderStatus.NAMED and not (field.data or "").strip():
            raise ValidationError(_l("Enter the sender's name, or mark the letter anonymous."))

    def validate_subjects(self, field):
        known = {value for value, _label in self.subjects.choices}
        if any(v not in known for v in field.data or ()):
            raise ValidationError(_l("Choose people from the list."))


class SetAsideForm(FlaskForm):
    category = SelectField(_l("Why it is not processed"), validators=[
        DataRequired(_l("Choose why the letter is not processed."))])
    reason = TextAreaField(_l("Explanation"), validators=[
        DataRequired(_l("Explain the decision.")),
        Length(max=2000, message=_l("At most 2,000 characters."))], render_kw={"rows": 2})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [("", _l("— choose —")), *list(REASON_LABELS.items())]


class ClassifyForm(FlaskForm):
    kind = SelectField(_l("Kind of letter"), validators=[
        DataRequired(_l("Choose the kind of letter."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _l("— choose —")), *list(KIND_LABELS.items())]


class AssignForm(FlaskForm):
    investigator = SelectField(_l("Investigator"), coerce=lambda v: parse_id(str(v)),
                               validators=[DataRequired(_l("Choose the investigator."))])
    deadline = DateField(_l("Verification deadline"), validators=[
        DataRequired(_l("Set the deadline."))])

    def __init__(self, *args, investigators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.investigator.choices = [("", _l("— choose —")), *list(investigators)]
        if self.deadline.data is None and not self.is_submitted():
            days = current_app.config.get("COMPLAINTS_VERIFY_DAYS", 15)
            self.deadline.data = local_today() + timedelta(days=days)


class ConcludeForm(FlaskForm):
    outcome = SelectField(_l("Conclusion"), validators=[
        DataRequired(_l("Choose the conclusion."))])
    findings = TextAreaField(_l("Findings"), validators=[
        DataRequired(_l("Write the findings.")),
        Length(max=CONTENT_MAX, message=_l("At most 20,000 characters."))], render_kw={"rows": 4})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = [("", _l("— choose —")), *list(OUTCOME_LABELS.items())]


FORMS = {"set_aside": SetAsideForm, "classify": ClassifyForm, "assign": AssignForm,
         "conclude": ConcludeForm}


def action_forms(item, **filled) -> dict[str, FlaskForm]:
    """Empty forms of the panel's own-form transitions (`filled` replaces some of them)."""
    from intranet.complaints.services import investigator_choices

    forms: dict[str, FlaskForm] = {}
    for trigger, cls in FORMS.items():
        if trigger in filled:
            forms[trigger] = filled[trigger]
        elif trigger == "assign":
            forms[trigger] = cls(formdata=None, investigators=investigator_choices()
                                 if item.state == "classified" else ())
        else:
            forms[trigger] = cls(formdata=None)
    return forms
