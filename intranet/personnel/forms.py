"""Forms of the personnel pages, every validator with its own translated message."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from intranet.extensions import lazy_gettext as _l
from intranet.security import parse_id
from workflows.committee_nomination import BODIES
from workflows.nomination import NOT_SUMMONED_REASONS

WHOLE_NUMBER = _l("Enter a whole number.")
NOT_A_DATE = _l("Enter a date (day, month, year).")


def count_field(label, low: int, high: int, message) -> IntegerField:
    return IntegerField(label, invalid_value_message=WHOLE_NUMBER, validators=[
        InputRequired(message=WHOLE_NUMBER), NumberRange(low, high, message=message)],
        render_kw={"inputmode": "numeric", "min": low, "max": high})


def int_or_none(value) -> int | None:
    """Coerce a posted id without WTForms' own (untranslated) error."""
    return parse_id(str(value))


class QuotaForm(FlaskForm):
    total = count_field(_l("Official delegates in total"), 1, 250,
                        _l("Between 1 and 250 (the maximum for a merged ward)."))
    minimum = count_field(_l("Minimum seats per organization"), 0, 50,
                          _l("Between 0 and 50."))
    alternates = count_field(_l("Alternate delegates per organization"), 0, 20,
                             _l("Between 0 and 20."))


class AdjustForm(FlaskForm):
    seats = count_field(_l("Official seats"), 0, 250, _l("Between 0 and 250."))
    alternates = count_field(_l("Alternates"), 0, 20, _l("Between 0 and 20."))
    reason = TextAreaField(_l("Reason for the adjustment"), validators=[
        DataRequired(message=_l("Give the reason for the adjustment.")),
        Length(max=2000, message=_l("At most 2,000 characters."))])


class NominateForm(FlaskForm):
    member_id = SelectField(_l("Member"), coerce=int_or_none, validate_choice=False,
                            validators=[DataRequired(
                                message=_l("Choose a member of the organization."))])
    kind = RadioField(_l("As"), default="official",
                      validators=[InputRequired(message=_l("Choose official or alternate."))])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Set after construction: WTForms 3.3 warns about choices passed as tuples.
        self.kind.choices = [("official", _l("Official delegate")),
                             ("alternate", _l("Alternate delegate"))]


class ReasonMixin:
    reason = TextAreaField(_l("Reason"), validators=[
        Optional(), Length(max=2000, message=_l("At most 2,000 characters."))])


class DecisionFields:
    number = StringField(_l("Decision number"), validators=[
        Optional(), Length(max=40, message=_l("At most 40 characters."))],
        render_kw={"placeholder": "125-QĐ/ĐU"})
    decided_on = DateField(_l("Decision date"), validators=[Optional()],
                           format="%Y-%m-%d", invalid_value_message=NOT_A_DATE)


class BulkForm(ReasonMixin, DecisionFields, FlaskForm):
    action = HiddenField()


class NotSummonForm(FlaskForm):
    category = SelectField(_l("Why the delegate is not summoned"), choices=[], validators=[
        DataRequired(message=_l("Choose the reason."))])
    reason = TextAreaField(_l("Details"), validators=[
        DataRequired(message=_l("Give the details (the decision or the facts).")),
        Length(max=2000, message=_l("At most 2,000 characters."))])

    def __init__(self, *args, language: str = "vi", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.category.choices = [("", "—")] + [
            (key, text.get(language)) for key, text in NOT_SUMMONED_REASONS.items()]


class AppointForm(DecisionFields, FlaskForm):
    pass


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Confidential vetting note"), validators=[
        DataRequired(message=_l("Write the note.")),
        Length(max=5000, message=_l("At most 5,000 characters."))])


class CandidateForm(FlaskForm):
    body = SelectField(_l("Body or post"), validators=[
        DataRequired(message=_l("Choose the body or post."))])
    member_id = SelectField(_l("Member"), coerce=int_or_none, validate_choice=False,
                            validators=[DataRequired(
                                message=_l("Search for the member, then choose them."))])

    def __init__(self, *args, language: str = "vi", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.body.choices = [(key, text.get(language)) for key, text in BODIES.items()]


class PollForm(FlaskForm):
    voters = count_field(_l("Entitled to vote"), 1, 100_000, _l("At least 1."))
    ballots = count_field(_l("Ballots cast"), 0, 100_000, _l("Cannot be negative."))
    votes_for = count_field(_l("For"), 0, 100_000, _l("Cannot be negative."))
    votes_against = count_field(_l("Against"), 0, 100_000, _l("Cannot be negative."))


class CommitteeDecisionForm(DecisionFields, FlaskForm):
    pass
