"""organizations: an index on (kind, code), for the list of ward committees

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 21:50:00

The organization tree's ward chooser lists the ward committees in code order. At city scale
(11,800 organizations, 100 of them wards) the unique index on the code alone made PostgreSQL
read every organization to keep the wards (measured: docs/performance.md).
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_org_unit_kind_code", "org_unit", ["kind", "code"])


def downgrade():
    op.drop_index("ix_org_unit_kind_code", table_name="org_unit")
