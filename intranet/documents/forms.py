"""Forms of the documents area, every validator with its own translated message."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from intranet.documents.labels import (
    AUDIENCE_LABELS,
    CHANNEL_LABELS,
    DISPOSITION_LABELS,
    KIND_LABELS,
    SOURCE_LABELS,
)
from intranet.documents.models import CLERK_CHANNELS
from intranet.extensions import lazy_gettext as _l
from intranet.security import parse_id

TEXT_MAX = 5000


def optional_int(value):
    return parse_id(str(value)) if value not in (None, "", "None") else None


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DocumentForm(FlaskForm):
    kind = SelectField(_l("Kind"), validators=[DataRequired(_l("Choose the kind of document."))])
    code = StringField(_l("Short code"), validators=[
        DataRequired(_l("Enter a short code, e.g. BCCT.")),
        Length(max=20, message=_l("At most 20 characters."))])
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Enter the title.")), Length(max=400, message=_l("At most 400 "
                                                                          "characters."))])
    issuer = StringField(_l("Issued by (higher-level drafts)"), validators=[
        Optional(), Length(max=300, message=_l("At most 300 characters."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [("", _l("— choose —"))] + [(k.value, v)
                                                        for k, v in KIND_LABELS.items()]


class SectionForm(FlaskForm):
    number = StringField(_l("Number"), validators=[Length(max=20, message=_l(
        "At most 20 characters."))])
    heading = StringField(_l("Heading"), validators=[
        DataRequired(_l("Enter the heading.")),
        Length(max=500, message=_l("At most 500 characters."))])
    level = SelectField(_l("Level"), coerce=int,
                        validators=[InputRequired(_l("Choose a level."))])
    body = TextAreaField(_l("Text"), validators=[Length(max=100_000, message=_l(
        "At most 100,000 characters."))], render_kw={"rows": 8})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.level.choices = [(1, "1"), (2, "2"), (3, "3")]


class ImportForm(FlaskForm):
    file = FileField(_l("Word file (.docx)"), validators=[
        DataRequired(_l("Choose a .docx file."))])


class CirculateForm(FlaskForm):
    deadline = DateTimeLocalField(_l("Comment deadline"), format="%Y-%m-%dT%H:%M",
                                  validators=[InputRequired(_l("Set the comment deadline."))])
    audiences = CheckboxesField(_l("Sent to"))
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000, message=_l(
        "At most 2,000 characters."))])
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.audiences.choices = [(a.value, v) for a, v in AUDIENCE_LABELS.items()]


class ApproveForm(FlaskForm):
    meeting_date = DateField(_l("Meeting date"), validators=[
        InputRequired(_l("Enter the date of the meeting."))])
    members_present = IntegerField(_l("Members present"), validators=[
        InputRequired(_l("Enter how many members were present.")),
        NumberRange(min=0, max=100, message=_l("A number between 0 and 100."))])
    votes_for = IntegerField(_l("Votes for"), validators=[
        InputRequired(_l("Enter the votes for.")),
        NumberRange(min=0, max=100, message=_l("A number between 0 and 100."))])
    votes_against = IntegerField(_l("Votes against"), validators=[
        InputRequired(_l("Enter the votes against.")),
        NumberRange(min=0, max=100, message=_l("A number between 0 and 100."))])
    note = TextAreaField(_l("Note (decision number, conclusions)"), validators=[
        Length(max=2000, message=_l("At most 2,000 characters."))])
    version = HiddenField()


def section_choices(sections) -> list[tuple[str, str]]:
    return [("", _l("General (the whole document)"))] + [(str(s.id), s.title) for s in sections]


class CommentForm(FlaskForm):
    """A member's or an organization's comment (org_unit_id only for secretaries)."""

    section_id = SelectField(_l("Section"), coerce=optional_int, validate_choice=False)
    org_unit_id = SelectField(_l("On behalf of"), coerce=optional_int, validate_choice=False)
    text = TextAreaField(_l("Comment"), validators=[
        DataRequired(_l("Write the comment.")),
        Length(max=TEXT_MAX, message=_l("At most 5,000 characters."))])

    def __init__(self, sections, units=(), *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_id.choices = section_choices(sections)
        self.org_unit_id.choices = [("", _l("Myself, as a Party member"))] + [
            (str(u.id), u.name) for u in units]


def _source_choices():
    return [("", _l("— choose —"))] + [(s.value, v) for s, v in SOURCE_LABELS.items()]


class ClerkCommentForm(FlaskForm):
    channel = SelectField(_l("Arrived by"), validators=[DataRequired(_l(
        "Choose how the comment arrived."))])
    source = SelectField(_l("Source"), validators=[DataRequired(_l(
        "Choose who the comment is from."))])
    org_unit_id = SelectField(_l("Organization (if any)"), coerce=optional_int,
                              validate_choice=False)
    author_name = StringField(_l("Name of the person (if given)"), validators=[
        Length(max=120, message=_l("At most 120 characters."))])
    received_on = DateField(_l("Date received"), validators=[
        InputRequired(_l("Enter the date received."))])
    section_id = SelectField(_l("Section"), coerce=optional_int, validate_choice=False)
    text = TextAreaField(_l("Comment"), validators=[
        DataRequired(_l("Write the comment.")),
        Length(max=TEXT_MAX, message=_l("At most 5,000 characters."))])

    def __init__(self, sections, units, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel.choices = [("", _l("— choose —"))] + [(c.value, CHANNEL_LABELS[c])
                                                          for c in CLERK_CHANNELS]
        self.source.choices = _source_choices()
        self.org_unit_id.choices = [("", _l("— none —"))] + [(str(u.id), u.name) for u in units]
        self.section_id.choices = section_choices(sections)
        # Same page as the member's comment form: its own ids (the names stay), so that each
        # label points at its own field.
        for f in self:
            f.id = f.label.field_id = f"clerk-{f.name}"


class BatchForm(FlaskForm):
    label = StringField(_l("Label of the batch"), validators=[
        DataRequired(_l("Name the batch, e.g. where the forms came from.")),
        Length(max=200, message=_l("At most 200 characters."))])
    declared_count = IntegerField(_l("Number of comments declared"), validators=[
        InputRequired(_l("Enter the number of comments written on the forms.")),
        NumberRange(min=1, max=10000, message=_l("Between 1 and 10,000 comments."))])
    received_on = DateField(_l("Date received"), validators=[
        InputRequired(_l("Enter the date received."))])
    org_unit_id = SelectField(_l("Collected by (organization)"), coerce=optional_int,
                              validate_choice=False)

    def __init__(self, units, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.org_unit_id.choices = [("", _l("— none —"))] + [(str(u.id), u.name) for u in units]


class BatchEntryForm(FlaskForm):
    section_id = SelectField(_l("Section"), coerce=optional_int, validate_choice=False)
    source = SelectField(_l("Source"), validators=[DataRequired(_l(
        "Choose who the comment is from."))])
    author_name = StringField(_l("Name on the form (if any)"), validators=[
        Length(max=120, message=_l("At most 120 characters."))])
    text = TextAreaField(_l("Comment"), validators=[
        DataRequired(_l("Write the comment.")),
        Length(max=TEXT_MAX, message=_l("At most 5,000 characters."))])

    def __init__(self, sections, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_id.choices = section_choices(sections)
        self.source.choices = _source_choices()


class BatchCompleteForm(FlaskForm):
    note = TextAreaField(_l("Note (required when the counts differ)"), validators=[
        Length(max=2000, message=_l("At most 2,000 characters."))])


class DispositionForm(FlaskForm):
    disposition = SelectField(_l("Disposition"), validators=[
        DataRequired(_l("Choose a disposition."))])
    explanation = TextAreaField(_l("Reason / explanation"), validators=[
        Length(max=4000, message=_l("At most 4,000 characters."))])
    revised_section_id = SelectField(_l("Changed in the revised version"), coerce=optional_int,
                                     validate_choice=False)
    meeting = StringField(_l("Deciding meeting (if any)"), validators=[
        Length(max=200, message=_l("At most 200 characters."))])

    def __init__(self, targets, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.disposition.choices = [("", _l("— choose —"))] + [
            (d.value, v) for d, v in DISPOSITION_LABELS.items()]
        self.revised_section_id.choices = [("", _l("— no link —"))] + [
            (str(s.id), s.title) for s in targets]


class PublicCommentForm(FlaskForm):
    section_id = SelectField(_l("Which part of the text"), coerce=optional_int,
                             validate_choice=False)
    text = TextAreaField(_l("Your comment"), validators=[
        DataRequired(_l("Write your comment.")),
        Length(max=TEXT_MAX, message=_l("At most 5,000 characters."))])
    author_name = StringField(_l("Your name (optional)"), validators=[
        Length(max=80, message=_l("At most 80 characters."))])
    area = StringField(_l("Residential group or address (optional)"), validators=[
        Length(max=80, message=_l("At most 80 characters."))])
    website = StringField(_l("Leave this field empty"))  # the honeypot
    form_token = HiddenField()

    def __init__(self, sections, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_id.choices = section_choices(sections)
