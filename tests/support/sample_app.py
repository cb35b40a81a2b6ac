"""The application with the sample workflow registered, for tests that run a real server.

gunicorn 'tests.support.sample_app:create()' — configuration comes from INTRANET_* variables.
"""

from intranet import create_app
from intranet.workflow_service import register
from tests.support.sample_item import BINDING


def create():
    app = create_app()
    register(BINDING)
    return app
