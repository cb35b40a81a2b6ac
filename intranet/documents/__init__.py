"""Congress documents: drafting, circulation for comment, dispositions, reports."""

from flask import Blueprint

bp = Blueprint("documents", __name__)


@bp.app_template_global("doc_label")
def doc_label(kind: str, value):
    from intranet.documents.labels import label

    return label(kind, value)


@bp.app_template_global("channel_options")
def channel_options():
    from intranet.documents.labels import CHANNEL_LABELS

    return [(k.value, str(v)) for k, v in CHANNEL_LABELS.items()]


@bp.app_template_global("source_options")
def source_options():
    from intranet.documents.labels import SOURCE_LABELS

    return [(k.value, str(v)) for k, v in SOURCE_LABELS.items()]


@bp.app_template_global("disposition_options")
def disposition_options():
    from intranet.documents.labels import DISPOSITION_LABELS

    return [(k.value, str(v)) for k, v in DISPOSITION_LABELS.items()]


@bp.app_template_global("section_form")
def section_form(section):
    """The editing form of one section (field ids prefixed: many on one page)."""
    from intranet.documents.forms import SectionForm

    return SectionForm(formdata=None, obj=section, prefix=f"s{section.id}")


@bp.app_template_global("doc_may")
def doc_may(permission: str) -> bool:
    """May the current user use this permission of the documents area?"""
    from flask_login import current_user

    from intranet.permissions import user_may

    return user_may(current_user, permission)


from intranet.documents import (  # noqa: E402,F401  (routes and the workflow binding)
    views,
    views_comments,
    views_public,
    views_reports,
    workflow,
)
