"""complaints: letters (đơn thư), the people they are about, their scanned attachments

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 14:15:18.898034

Self-contained and reversible; runs on SQLite (batch mode for the indexes) and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('complaint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=True),
    sa.Column('receipt_no', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=12), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('postmarked_on', sa.Date(), nullable=True),
    sa.Column('sender_status', sa.String(length=12), nullable=False),
    sa.Column('sender_name', sa.String(length=200), nullable=True),
    sa.Column('sender_address', sa.String(length=400), nullable=True),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('not_processed_reason', sa.String(length=20), nullable=True),
    sa.Column('investigator_id', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('concluded_at', sa.DateTime(), nullable=True),
    sa.Column('state', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('state_changed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("channel in ('desk', 'mail', 'email', 'forwarded')", name=op.f('ck_complaint_channel')),
    sa.CheckConstraint("sender_status in ('named', 'anonymous', 'false_name', 'no_address')", name=op.f('ck_complaint_sender_status')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_complaint_author_id_user_account')),
    sa.ForeignKeyConstraint(['congress_id'], ['congress.id'], name=op.f('fk_complaint_congress_id_congress')),
    sa.ForeignKeyConstraint(['investigator_id'], ['user_account.id'], name=op.f('fk_complaint_investigator_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint')),
    sa.UniqueConstraint('receipt_no', name=op.f('uq_complaint_receipt_no'))
    )
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_state'), ['state'], unique=False)
        batch_op.create_index('ix_complaint_state_deadline', ['state', 'deadline'], unique=False)

    op.create_table('complaint_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_complaint_attachment_complaint_id_complaint'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_complaint_attachment_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_attachment'))
    )
    with op.batch_alter_table('complaint_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_attachment_complaint_id'), ['complaint_id'], unique=False)

    op.create_table('complaint_subject',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_complaint_subject_complaint_id_complaint'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_complaint_subject_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_subject'))
    )
    with op.batch_alter_table('complaint_subject', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_subject_member_id'), ['member_id'], unique=False)
        batch_op.create_index('uq_complaint_subject', ['complaint_id', 'member_id'], unique=True)



def downgrade():
    with op.batch_alter_table('complaint_subject', schema=None) as batch_op:
        batch_op.drop_index('uq_complaint_subject')
        batch_op.drop_index(batch_op.f('ix_complaint_subject_member_id'))

    op.drop_table('complaint_subject')
    with op.batch_alter_table('complaint_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_attachment_complaint_id'))

    op.drop_table('complaint_attachment')
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_state_deadline')
        batch_op.drop_index(batch_op.f('ix_complaint_state'))

    op.drop_table('complaint')
