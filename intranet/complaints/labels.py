"""Labels of the codes stored on a letter, translated."""

from __future__ import annotations

from intranet.extensions import lazy_gettext as _l

CHANNEL_LABELS = {
    "desk": _l("Reception desk"),
    "mail": _l("Mail"),
    "email": _l("Email"),
    "forwarded": _l("Forwarded by another body"),
}
SENDER_LABELS = {
    "named": _l("Named, with an address"),
    "anonymous": _l("Anonymous"),
    "false_name": _l("False name"),
    "no_address": _l("No address"),
}
REASON_LABELS = {
    "anonymous": _l("Anonymous letter"),
    "false_name": _l("False name"),
    "no_address": _l("No address"),
    "no_content": _l("No specific content"),
    "repeat": _l("Repeat without new evidence"),
}
KIND_LABELS = {
    "complaint": _l("Complaint"),
    "denunciation": _l("Denunciation"),
    "petition": _l("Petition"),
}
OUTCOME_LABELS = {
    "founded": _l("Founded"),
    "partly_founded": _l("Partly founded"),
    "unfounded": _l("Unfounded"),
}


def label(table: dict, code: str | None) -> str:
    return str(table.get(code, code or "—"))
