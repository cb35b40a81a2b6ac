"""audit: the chain head follows the log (a trigger moves it on every insert)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 18:20:00

An append locks the head, reads the previous hash, and inserts the entry; the database moves
the head in the same statement. One round trip fewer on every transition and login, and the
head can never lag behind the entries of a committed transaction.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SQLITE = (
    """CREATE TRIGGER audit_entry_moves_head AFTER INSERT ON audit_entry
       BEGIN UPDATE audit_head SET seq = NEW.seq, entry_hash = NEW.entry_hash WHERE id = 1; END""",
)

POSTGRES = (
    # A bulk append (intranet/audit/bulk.py) sends a statement per row and moves the head
    # once at the end: a million updates of one row in one transaction would walk an ever
    # longer chain of row versions.
    """CREATE FUNCTION audit_head_follow() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF current_setting('intranet.bulk_append', true) = 'on' THEN
           RETURN NULL;
         END IF;
         UPDATE audit_head SET seq = last.seq, entry_hash = last.entry_hash
         FROM (SELECT seq, entry_hash FROM appended ORDER BY seq DESC LIMIT 1) AS last
         WHERE audit_head.id = 1;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER audit_entry_moves_head AFTER INSERT ON audit_entry
       REFERENCING NEW TABLE AS appended
       FOR EACH STATEMENT EXECUTE FUNCTION audit_head_follow()""",
)


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES if postgres else SQLITE:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_entry_moves_head ON audit_entry")
        op.execute("DROP FUNCTION audit_head_follow()")
    else:
        op.execute("DROP TRIGGER audit_entry_moves_head")
