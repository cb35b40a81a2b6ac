"""What the load benchmark needs beyond the seeded data, made in-process on the bench database:

- a document of the demo ward circulated for comment with 1,000 comments (the demo's largest
  has 569), whose public link takes the public comment POSTs;
- signed public form tokens, served "long enough ago" to pass the minimum fill time, one per
  POST (each is an idempotency key: a resent form would not add a comment);
- nominations awaiting the Standing Committee's approval, for the transition POSTs
  (approve, then reconsider with a reason: the pair can run for as long as the benchmark).
"""

from __future__ import annotations

import random
import time
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from bench.common import bench_app
from intranet.audit.bulk import append_many
from intranet.db import db, write_transaction
from intranet.demo.scale import Clock, add_commented_document
from intranet.documents.comments import issue_form_token
from intranet.documents.models import DocumentSet
from intranet.org.models import OrgUnit
from intranet.org.services import current_congress
from intranet.personnel.models import Nomination, QuotaAllocation

PUBLIC_TAG = "bench-public"


@dataclass
class Prepared:
    document_id: int
    public_token: str
    nominations: list[int]
    session_id: int  # the congress's official session (check-ins)


def prepare(url: str, folder: str) -> Prepared:
    app = bench_app(url, folder)
    with app.app_context():
        congress = current_congress()
        with write_transaction():
            ward = db.session.get(OrgUnit, congress.org_unit_id)
            set_id = db.session.scalar(select(DocumentSet.id).where(
                DocumentSet.congress_id == congress.id))
            entries: list[dict] = []
            # Benchmark data must be reproducible: a seeded generator is the point.
            rng = random.Random(7)  # nosec B311
            ids = add_commented_document(ward, set_id, PUBLIC_TAG, rng,
                                         Clock(datetime(2025, 6, 1, tzinfo=UTC)), entries,
                                         code="BENCH")
            append_many(entries)
        from intranet.auth.models import User
        from intranet.workflow_service import available_actions

        standing = db.session.scalar(select(User).where(User.username == "thuongvu"))
        vetted, organizations = [], set()
        for n in db.session.scalars(
                select(Nomination).join(QuotaAllocation)
                .where(QuotaAllocation.congress_id == congress.id, Nomination.state == "vetted")
                .order_by(Nomination.id)):
            # approvable now (not held by a letter, a seat free), one per organization so two
            # approvals at once never compete for the same seat
            if n.org_unit_id not in organizations and any(
                    a.trigger == "approve" and a.allowed for a in available_actions(n, standing)):
                vetted.append(n.id)
                organizations.add(n.org_unit_id)
        from intranet.congress import services as congress

        session_id = congress.sessions(congress.current_congress())[-1].id
        db.engine.dispose()
    return Prepared(ids[0], f"{PUBLIC_TAG}-round-1", list(vetted), session_id)


def card_scan_bodies(url: str, folder: str, session_id: int, path: str) -> int:
    """One scan form per delegate card of the roster (`code=<token>`), in roster order."""
    from intranet.congress import services as congress
    from intranet.congress.models import Delegate

    app = bench_app(url, folder)
    with app.app_context(), app.test_request_context(), open(path, "w") as out:
        delegates = db.session.scalars(select(Delegate).where(
            Delegate.congress_id == congress.current_congress().id,
            Delegate.left_reason.is_(None)).order_by(Delegate.number)).all()
        for delegate in delegates:
            out.write(urllib.parse.urlencode({"code": congress.card_token(delegate)}) + "\n")
        db.engine.dispose()
    return len(delegates)


def public_form_bodies(url: str, folder: str, count: int, path: str) -> int:
    """Write `count` public comment form bodies, one per line, to `path`."""
    app = bench_app(url, folder)
    served = time.time() - 60  # opened a minute ago: past the minimum fill time
    with app.app_context(), open(path, "w") as out:
        for n in range(count):
            token = issue_form_token(served)
            out.write(urllib.parse.urlencode({
                "section_id": "", "text": f"Góp ý số {n + 1} qua mã QR: đề nghị làm rõ lộ "
                                          "trình thực hiện chỉ tiêu chuyển đổi số.",
                "author_name": "", "area": "", "website": "", "form_token": token}) + "\n")
    return count
