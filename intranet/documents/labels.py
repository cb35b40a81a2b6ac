"""Translated labels of the documents area's codes (kinds, audiences, channels, sources…)."""

from __future__ import annotations

from intranet.documents.models import Audience, Channel, Disposition, DocumentKind, Source
from intranet.extensions import lazy_gettext as _l
from intranet.extensions import per_language

KIND_LABELS = {
    DocumentKind.POLITICAL_REPORT: _l("Political Report"),
    DocumentKind.REVIEW_REPORT: _l("Review Report"),
    DocumentKind.RESOLUTION: _l("Resolution"),
    DocumentKind.HIGHER_LEVEL: _l("Higher-level draft"),
}
AUDIENCE_LABELS = {
    Audience.ORGANIZATIONS: _l("Subordinate Party organizations"),
    Audience.MEMBERS: _l("Cadres and Party members"),
    Audience.PUBLIC: _l("The public (QR code page)"),
    Audience.FORMER_LEADERS: _l("Former leaders"),
    Audience.MEDIA: _l("Mass media"),
}
CHANNEL_LABELS = {
    Channel.ORG_SUBMISSION: _l("Organization submission"),
    Channel.MEMBER_ONLINE: _l("Member, online"),
    Channel.PUBLIC_QR: _l("Public page (QR code)"),
    Channel.PAPER: _l("Paper form"),
    Channel.MASS_MEDIA: _l("Mass media"),
    Channel.FORMER_LEADERS: _l("Former leaders"),
    Channel.CONFERENCE: _l("Conference"),
}
SOURCE_LABELS = {
    Source.ORGANIZATION: _l("Party organization"),
    Source.MEMBER: _l("Cadre or Party member"),
    Source.CITIZEN: _l("Citizen"),
    Source.FORMER_LEADER: _l("Former leader"),
    Source.MASS_ORGANIZATION: _l("Fatherland Front or mass organization"),
}
DISPOSITION_LABELS = {
    Disposition.ACCEPTED: _l("Accepted"),
    Disposition.PARTLY: _l("Partly accepted"),
    Disposition.NOT_ACCEPTED: _l("Not accepted"),
    Disposition.NOTED: _l("Noted"),
}
PENDING_LABEL = _l("No disposition yet")


TABLES = {"kind": KIND_LABELS, "audience": AUDIENCE_LABELS, "channel": CHANNEL_LABELS,
          "source": SOURCE_LABELS, "disposition": DISPOSITION_LABELS}


def label(kind: str, value: str | None) -> str:
    """The translated label of a code of the given kind (for templates and reports)."""
    if value is None:
        return str(PENDING_LABEL) if kind == "disposition" else ""
    return _translated()[kind].get(value) or str(value)


def _translated() -> dict[str, dict[str, str]]:
    """Every label in the request's language, translated once per request and language (a
    page of comments shows three labels a comment)."""
    return per_language("intranet_document_labels", _translate_all)


def _translate_all() -> dict[str, dict[str, str]]:
    return {kind: {code: str(text) for code, text in table.items()}
            for kind, table in TABLES.items()}
