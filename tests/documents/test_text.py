"""Versions of the text: editing the working copy, freezing, new drafts, review markers."""

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from intranet.audit.models import AuditEntry
from intranet.documents import lookups, services
from intranet.documents.compare import compare_sections
from intranet.documents.models import DocumentSection, DocumentVersion
from intranet.errors import Conflict, Invalid
from intranet.extensions import db
from tests.documents.helpers import SECTIONS, user


def sections(document_id, number):
    version = services.get_version(services.get_document(document_id, user("vankien")), number)
    return services.sections_of(version)


def test_editing_a_section_is_saved_audited_and_safe_from_stale_forms(ctx, docs):
    document_id = docs.draft()
    first = sections(document_id, 1)[0]
    services.edit_section(user("vankien"), document_id, first.id, number="I.",
                          heading="Kết quả nổi bật", body="Nội dung mới.", level=1,
                          seen=first.edit_count)
    assert sections(document_id, 1)[0].heading == "Kết quả nổi bật"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "section_edit"))
    assert entry.entity_type == "document" and entry.entity_id == str(document_id)
    with pytest.raises(Conflict):  # a form built on the text before that edit
        services.edit_section(user("vankien"), document_id, first.id, number="I.",
                              heading="B", body="", level=1, seen=first.edit_count - 1)
    assert sections(document_id, 1)[0].heading == "Kết quả nổi bật"


def test_adding_moving_and_deleting_sections_keeps_the_order(ctx, docs):
    document_id = docs.draft()
    a, b, c = sections(document_id, 1)
    added = services.add_section(user("vankien"), document_id, after_id=a.id)
    services.move_section(user("vankien"), document_id, c.id, -1)
    assert [s.id for s in sections(document_id, 1)] == [a.id, added.id, c.id, b.id]
    services.delete_section(user("vankien"), document_id, added.id)
    assert [(s.id, s.position) for s in sections(document_id, 1)] == [
        (a.id, 1), (c.id, 2), (b.id, 3)]


def test_a_frozen_version_refuses_every_change(ctx, docs):
    document_id = docs.frozen()
    first = sections(document_id, 1)[0]
    for change in (
        lambda: services.edit_section(user("vankien"), document_id, first.id, number="",
                                      heading="x", body="", level=1, seen=first.edit_count),
        lambda: services.add_section(user("vankien"), document_id),
        lambda: services.delete_section(user("vankien"), document_id, first.id),
        lambda: services.freeze_version(user("vankien"), document_id),
    ):
        with pytest.raises(Invalid):
            change()
    assert sections(document_id, 1)[0].heading == SECTIONS[0].heading


TAMPERING = (
    "UPDATE document_section SET heading = 'sửa lén' WHERE id = :section",
    "DELETE FROM document_section WHERE id = :section",
    "INSERT INTO document_section (version_id, key, position, level, number, heading, body, "
    "edit_count) VALUES (:version, 'k', 9, 1, '', 'thêm lén', '', 0)",
    "UPDATE document_version SET frozen_at = NULL WHERE id = :version",
    "DELETE FROM document_version WHERE id = :version",
)


def test_the_database_itself_refuses_to_change_a_frozen_version(ctx, docs):
    document_id = docs.frozen()
    first = sections(document_id, 1)[0]
    for statement in TAMPERING:
        with pytest.raises(DBAPIError, match="frozen document version is immutable"):
            db.session.execute(text(statement), {"section": first.id,
                                                 "version": first.version_id})
        db.session.rollback()
    assert sections(document_id, 1)[0].heading == SECTIONS[0].heading
    working = docs.draft(code="W")  # a working version may still change at the database
    section = sections(working, 1)[0]
    db.session.execute(update(DocumentSection).where(DocumentSection.id == section.id)
                       .values(heading="được phép"))
    db.session.commit()


def test_a_new_draft_copies_the_frozen_text_with_the_same_section_keys(ctx, docs):
    document_id = docs.frozen()
    with pytest.raises(Invalid):  # the draft being edited must be frozen first
        services.start_new_draft(user("vankien"), services.create_document(
            user("vankien"), kind="resolution", code="NQ", title="Nghị quyết").id)
    version = services.start_new_draft(user("vankien"), document_id, "Sau đợt 1")
    assert version.number == 2 and not version.frozen and version.note == "Sau đợt 1"
    assert [(s.key, s.heading) for s in sections(document_id, 2)] == [
        (s.key, s.heading) for s in sections(document_id, 1)]
    assert lookups.working_version(document_id).id == version.id


def test_comparing_two_drafts_marks_words_and_folds_what_did_not_change(ctx, docs):
    document_id = docs.frozen()
    services.start_new_draft(user("vankien"), document_id)
    first, _, third = sections(document_id, 2)
    services.edit_section(user("vankien"), document_id, first.id, number=first.number,
                          heading=first.heading, body=first.body.replace("tiếp tục", "vẫn"),
                          level=1, seen=first.edit_count)
    services.delete_section(user("vankien"), document_id, third.id)
    services.add_section(user("vankien"), document_id)
    diffs = compare_sections(sections(document_id, 1), sections(document_id, 2))
    assert [d.status for d in diffs] == ["changed", "unchanged", "removed", "added"]
    ops = {(seg.op, seg.text) for seg in diffs[0].body}
    assert ("delete", "tiếp tục") in ops and ("insert", "vẫn") in ops


def test_reviewing_a_version_is_remembered_per_user(ctx, docs):
    document_id = docs.frozen()
    services.start_new_draft(user("vankien"), document_id)
    with pytest.raises(Invalid):  # a version that may still change cannot be reviewed
        services.mark_reviewed(user("thuongvu"), document_id, 2)
    services.mark_reviewed(user("thuongvu"), document_id, 1)
    services.freeze_version(user("vankien"), document_id)
    services.mark_reviewed(user("uvbch"), document_id, 2)
    document = services.get_document(document_id, user("thuongvu"))
    assert services.last_reviewed(user("thuongvu"), document).number == 1
    assert services.last_reviewed(user("uvbch"), document).number == 2
    services.mark_reviewed(user("thuongvu"), document_id, 2)
    assert services.last_reviewed(user("thuongvu"), document).number == 2
    assert db.session.scalar(select(DocumentVersion.number).where(
        DocumentVersion.document_id == document_id).order_by(DocumentVersion.number.desc())
        .limit(1)) == 2
