"""The comment list of a document page on the demo data: each filter, alone and together, and
each reader's scope, keep exactly the comments the rules name (checked against the comments
read one by one and the object-level rule, not against the list's own statement)."""

import re

import pytest
from sqlalchemy import select

from intranet.auth.models import User
from intranet.documents.access import can_view_comment
from intranet.documents.models import Comment, Document
from intranet.extensions import db

pytestmark = pytest.mark.demo

PER_PAGE = 30


def ward_report(app):
    with app.app_context():
        document = db.session.scalar(select(Document).where(Document.code == "BCCT"))
        return document.id, db.session.scalars(
            select(Comment).where(Comment.document_id == document.id)).all()


def shown(client, document_id, query=""):
    page = client.get(f"/documents/{document_id}/comments?{query}", htmx=True)
    assert page.status_code == 200, query
    ids = [int(i) for i in re.findall(r'<article id="comment-(\d+)"', page.text)]
    total = re.search(r"(\d+) ý kiến phù hợp", page.text)
    return ids, int(total.group(1)) if total else 0


def first_page(comments):
    ids = sorted((c.id for c in comments), reverse=True)
    return ids[:PER_PAGE], len(ids)


def test_each_filter_alone_and_together_keeps_the_comments_it_names(app, client):
    document_id, comments = ward_report(app)
    some = next(c for c in comments if c.section_id and c.disposition)
    cases = {
        f"channel={some.channel}": lambda c: c.channel == some.channel,
        f"source={some.source}": lambda c: c.source == some.source,
        f"section={some.section_id}": lambda c: c.section_id == some.section_id,
        "section=general": lambda c: c.section_id is None,
        "disposition=pending": lambda c: c.disposition is None,
        f"disposition={some.disposition}": lambda c: c.disposition == some.disposition,
        f"channel={some.channel}&section={some.section_id}&disposition={some.disposition}":
            lambda c: (c.channel, c.section_id, c.disposition)
            == (some.channel, some.section_id, some.disposition),
    }
    client.login("vankien")
    for query, keeps in cases.items():
        expected = first_page([c for c in comments if keeps(c)])
        assert expected[1], query
        assert shown(client, document_id, query) == expected, query


def test_past_the_last_page_the_list_is_empty_and_still_counts(app, client):
    document_id, comments = ward_report(app)
    client.login("vankien")
    assert shown(client, document_id, "page=999") == ([], len(comments))


@pytest.mark.parametrize("username", ["vankien", "bithu", "bithu2", "nhansu"])
def test_each_reader_sees_the_comments_their_scope_allows(app, client, username):
    document_id, _ = ward_report(app)
    with app.app_context():
        reader = db.session.scalar(select(User).where(User.username == username))
        comments = db.session.scalars(
            select(Comment).where(Comment.document_id == document_id)).all()
        expected = first_page([c for c in comments if can_view_comment(reader, c)])
    client.login(username)
    assert shown(client, document_id) == expected
