"""Run transitions one after another until killed (tests/test_kill.py kills it with SIGKILL).

python -m tests.support.transition_loop <database url> <instance folder>
Prints "ready" and then one line per committed transition.
"""

import sys

from intranet import create_app
from intranet.auth.models import User
from intranet.db import db, write_transaction
from intranet.workflow_service import apply_transition, register, start_item
from tests.conftest import base_config
from tests.support.sample_item import BINDING, SampleItem


def main(url: str, folder: str) -> None:
    app = create_app(base_config(DATABASE_URL=url, INSTANCE_PATH=folder))
    register(BINDING)
    with app.app_context():
        clerk = db.session.scalar(db.select(User).where(User.username == "vanthu"))
        standing = db.session.scalar(db.select(User).where(User.username == "thuongvu"))
        with write_transaction():
            item = SampleItem(title="Đề nghị", author_id=clerk.id)
            start_item(item, clerk)
        print("ready", flush=True)
        for n in range(1, 100_000):
            apply_transition(item, "submit", clerk)
            apply_transition(item, "send_back", standing, reason=f"vòng {n}")
            print(n, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
