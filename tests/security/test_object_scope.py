"""Object scope across every workflow: what a user may not see answers 404 — on the item's own
page and on the generic actions endpoint (GET the panel, POST any trigger) — and what they may
see does not. Generated from the registered bindings, so a new workflow is covered at once."""

from __future__ import annotations

import pytest
from flask_login import login_user
from sqlalchemy import select

from intranet.auth.models import User
from intranet.extensions import db
from intranet.workflow_service import bindings

pytestmark = pytest.mark.demo

# The demo's scoped and confidential readers: a secretary of one organization, a clerk, and the
# Complaints Subcommittee (who may read letters but not, say, another unit's private notes).
USERS = ("bithu", "vanthu", "tuyentruyen")


def hidden_and_visible(app, username: str) -> list[tuple[str, int, str, bool]]:
    """(entity type, id, url, visible) for a sample of every binding's items."""
    found = []
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.username == username))
        login_user(user)
        for binding in bindings():
            items = db.session.scalars(select(binding.model).order_by(binding.model.id)
                                       .limit(400)).all()
            seen = {True: 0, False: 0}
            for item in items:
                visible = bool(binding.can_view(user, item))
                if seen[visible] < 3:  # a few of each kind per workflow is enough
                    seen[visible] += 1
                    found.append((binding.entity_type, item.id, binding.url(item), visible))
    return found


@pytest.mark.parametrize("username", USERS)
def test_what_a_user_may_not_see_answers_404_everywhere(app, client, username):
    cases = hidden_and_visible(app, username)
    assert any(not visible for *_rest, visible in cases), "the demo hides something from each"
    client.login(username)
    for entity_type, item_id, url, visible in cases:
        panel = client.get(f"/items/{entity_type}/{item_id}/actions")
        fire = client.post(f"/items/{entity_type}/{item_id}/actions/approve",
                           data={"reason": "thử"})
        page = client.get(url)
        # A page whose route the role may not use at all answers 403 for any id (nothing is
        # learnt about the item); otherwise a hidden item is indistinguishable from none.
        if visible:
            assert page.status_code in (200, 403), (username, url, page.status_code)
            assert panel.status_code == 200, (username, entity_type, item_id)
            assert fire.status_code != 404, (username, entity_type, item_id)
        else:
            assert page.status_code in (403, 404), (username, url, page.status_code)
            assert panel.status_code == 404, (username, entity_type, item_id)
            assert fire.status_code == 404, (username, entity_type, item_id)
