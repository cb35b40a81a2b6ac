"""What the document page shows, gathered once for the page and for each of its regions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import request
from flask_login import current_user
from sqlalchemy import or_, select

from intranet.clock import local_minutes, local_today
from intranet.db import db, utcnow
from intranet.documents import comments as intake
from intranet.documents import dispositions as disposing
from intranet.documents import lookups, services
from intranet.documents.access import reads_all_comments, secretary_units
from intranet.documents.forms import ApproveForm, CirculateForm, ClerkCommentForm, CommentForm
from intranet.documents.models import Audience, Channel, Disposition, Source
from intranet.documents.qr import public_url
from intranet.flow.services import panel_context
from intranet.org.models import OrgUnit
from intranet.permissions import user_may
from intranet.security import parse_id
from intranet.web import id_url, page_number
from workflows.document import EDITABLE_STATES

COMMENTS_PER_PAGE = 30


def default_forms(document) -> dict[str, Any]:
    """The transition forms as they first appear: a deadline in two weeks, today's meeting."""
    from intranet.documents.workflow import DEFAULT_COMMENT_DAYS

    deadline = (local_minutes(utcnow()).replace(hour=17, minute=0)
                + timedelta(days=DEFAULT_COMMENT_DAYS))
    last = lookups.last_round(document.id)
    audiences = last.audience_list if last else [a.value for a in Audience]
    circulate = CirculateForm(formdata=None, deadline=deadline, audiences=audiences)
    size = lookups.committee_size(document) if document.state == "revision" else 0
    approve = ApproveForm(formdata=None, meeting_date=local_today(), members_present=size,
                          votes_for=None, votes_against=0)
    return {"circulate": circulate, "recirculate": circulate, "approve": approve}


def panel(document, user, *, error=None, done=None, forms=None) -> dict[str, Any]:
    """Context of the actions panel; `forms` replaces the blank form of a transition (to show
    what was typed, with its errors)."""
    context = panel_context(document, user, error=error, done=done)
    context["forms"] = {**context["forms"], **(forms or {})}
    return context


def comment_filters() -> intake.CommentFilters:
    values = request.values
    channel = values.get("channel", "")
    source = values.get("source", "")
    section = values.get("section", "")
    disposition = values.get("disposition", "")
    return intake.CommentFilters(
        channel=channel if channel in set(Channel) else "",
        source=source if source in set(Source) else "",
        section=section if section == "general" or parse_id(section) else "",
        disposition=disposition if disposition == "pending" or disposition in set(Disposition)
        else "")


def row_flags(document, user) -> dict[str, Any]:
    """What a comment row needs besides the comment, its links' builders among them (built
    once for a list of rows: `url_for` costs microseconds a call)."""
    return {"document": document, "reads_all": reads_all_comments(user),
            "may_dispose": user_may(user, "documents.dispose")
            and document.state in EDITABLE_STATES,
            "disposition_form_url": id_url("documents.disposition_form", "comment_id",
                                           document_id=document.id),
            "ungroup_url": id_url("documents.ungroup", "comment_id", document_id=document.id)}


def comments_context(document, user, **extra) -> dict[str, Any]:
    """The comments panel: filters, one page of comments, what the user may do with them."""
    filters = comment_filters()
    page = page_number()
    found = intake.comment_page(user, document, filters, page, COMMENTS_PER_PAGE)
    flags = row_flags(document, user)
    return {
        **flags, "filters": filters, "page": page, "found": found,
        "per_page": COMMENTS_PER_PAGE, "filter_sections": intake.circulated_sections(document),
        "bulk_targets": disposing.revision_targets(document) if flags["may_dispose"] else [],
        **extra}


def comment_form_for(document, user, open_round) -> CommentForm | None:
    """The member/organization comment form, when this user may comment now."""
    if open_round is None or document.state != "circulated" or open_round.deadline <= utcnow():
        return None
    audiences = open_round.audience_list
    units = []
    if Audience.ORGANIZATIONS.value in audiences and secretary_units(user):
        units = db.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(secretary_units(user)))
                                   .order_by(OrgUnit.sort_order)).all()
    if not units and Audience.MEMBERS.value not in audiences:
        return None
    form = CommentForm(services.sections_of(open_round.version), units, formdata=None)
    if Audience.MEMBERS.value not in audiences:
        form.org_unit_id.choices = form.org_unit_id.choices[1:]
    return form


def clerk_intake_open(document, user, open_round) -> bool:
    """May this user type in comments received elsewhere (media, former leaders…) now?"""
    return (open_round is not None and document.state == "circulated"
            and user_may(user, "documents.intake"))


def clerk_form_for(document, user, open_round) -> ClerkCommentForm | None:
    if not clerk_intake_open(document, user, open_round):
        return None
    return ClerkCommentForm(services.sections_of(open_round.version), unit_choices(document),
                            formdata=None, received_on=local_today())


def unit_choices(document) -> list[OrgUnit]:
    """The organizations under the document's committee (and the cells under them): at city
    scale the table holds every ward's, which this form must not list."""
    ward = document.org_unit_id
    return db.session.scalars(
        select(OrgUnit).where(or_(OrgUnit.parent_id == ward, OrgUnit.parent_id.in_(
            select(OrgUnit.id).where(OrgUnit.parent_id == ward).scalar_subquery())))
        .order_by(OrgUnit.sort_order, OrgUnit.code)).all()


def document_page(document, **extra) -> dict[str, Any]:
    user = current_user
    versions = services.versions_of(document)
    open_round = lookups.open_round(document.id)
    frozen = [v for v in versions if v.frozen]
    reviewed = services.last_reviewed(user, document)
    comments = comments_context(document, user)
    unfiltered = comments["filters"] == intake.CommentFilters()
    context = {
        **panel(document, user),
        **comments,
        "versions": versions,
        "latest_frozen": frozen[-1] if frozen else None,
        "reviewed": reviewed,
        "open_round": open_round,
        "rounds": services.rounds_of(document),
        "decision": services.decision_of(document),
        "public_link": public_url(open_round.token) if open_round
        and Audience.PUBLIC.value in open_round.audience_list else None,
        "comment_form": comment_form_for(document, user, open_round),
        # The clerk's form (a hundred organizations to choose from) is fetched when its
        # section is opened: most visits to the page never open it.
        "clerk_intake": clerk_intake_open(document, user, open_round),
        "clerk_form": None,
        "batches": intake.batch_rows(document) if user_may(user, "documents.intake") else [],
        "undisposed": lookups.undisposed_count(document.id),
        # Without filters, the comment list has just counted them.
        "comment_total": comments["found"].total if unfiltered
        else intake.visible_count(user, document),
        "now": utcnow(),
    }
    context.update(extra)
    return context
