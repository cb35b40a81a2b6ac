"""personnel: quota allocation, delegate nominations, vetting notes, appointment decisions,
committee candidates and their polls

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 11:10:51.712179

Self-contained and reversible; runs on SQLite and PostgreSQL. Two partial unique indexes keep
one active nomination per person and congress, and one active candidacy per person and body.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('appointment_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['congress_id'], ['congress.id'], name=op.f('fk_appointment_decision_congress_id_congress')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_appointment_decision_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointment_decision')),
    sa.UniqueConstraint('congress_id', 'number', name=op.f('uq_appointment_decision_congress_id_number'))
    )
    op.create_table('committee_candidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.String(length=30), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decision_number', sa.String(length=40), nullable=True),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('state', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('state_changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_committee_candidate_author_id_user_account')),
    sa.ForeignKeyConstraint(['congress_id'], ['congress.id'], name=op.f('fk_committee_candidate_congress_id_congress')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_committee_candidate_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_candidate'))
    )
    op.create_index('ix_committee_candidate_body', 'committee_candidate', ['congress_id', 'body', 'state'], unique=False)
    op.create_index(op.f('ix_committee_candidate_member_id'), 'committee_candidate', ['member_id'], unique=False)
    op.create_index(op.f('ix_committee_candidate_state'), 'committee_candidate', ['state'], unique=False)
    op.create_index('uq_committee_candidate_active', 'committee_candidate', ['congress_id', 'body', 'member_id'], unique=True, sqlite_where=sa.text("state <> 'dropped'"), postgresql_where=sa.text("state <> 'dropped'"))

    op.create_table('quota_allocation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('congress_id', sa.Integer(), nullable=False),
    sa.Column('total_delegates', sa.Integer(), nullable=False),
    sa.Column('minimum_per_org', sa.Integer(), nullable=False),
    sa.Column('alternates_per_org', sa.Integer(), nullable=False),
    sa.Column('ex_officio_count', sa.Integer(), nullable=False),
    sa.Column('members_total', sa.Integer(), nullable=False),
    sa.Column('rounds', sa.Integer(), nullable=False),
    sa.Column('tie_breaks', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('calculated_at', sa.DateTime(), nullable=True),
    sa.Column('frozen_digest', sa.String(length=64), nullable=True),
    sa.Column('state', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('state_changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_quota_allocation_author_id_user_account')),
    sa.ForeignKeyConstraint(['congress_id'], ['congress.id'], name=op.f('fk_quota_allocation_congress_id_congress')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quota_allocation')),
    sa.UniqueConstraint('congress_id', name=op.f('uq_quota_allocation_congress_id'))
    )
    op.create_index(op.f('ix_quota_allocation_state'), 'quota_allocation', ['state'], unique=False)

    op.create_table('committee_poll',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('voters', sa.Integer(), nullable=False),
    sa.Column('ballots', sa.Integer(), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=False),
    sa.Column('votes_against', sa.Integer(), nullable=False),
    sa.Column('base', sa.String(length=10), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('votes_for >= 0 AND votes_against >= 0 AND votes_for + votes_against <= ballots AND ballots <= voters', name=op.f('ck_committee_poll_counts')),
    sa.ForeignKeyConstraint(['candidate_id'], ['committee_candidate.id'], name=op.f('fk_committee_poll_candidate_id_committee_candidate')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_committee_poll_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_poll')),
    sa.UniqueConstraint('candidate_id', 'stage', name=op.f('uq_committee_poll_candidate_id_stage'))
    )
    op.create_table('ex_officio_delegate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('allocation_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['allocation_id'], ['quota_allocation.id'], name=op.f('fk_ex_officio_delegate_allocation_id_quota_allocation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_ex_officio_delegate_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ex_officio_delegate')),
    sa.UniqueConstraint('allocation_id', 'member_id', name=op.f('uq_ex_officio_delegate_allocation_id_member_id'))
    )
    op.create_table('nomination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('allocation_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('appointed_as', sa.String(length=10), nullable=True),
    sa.Column('not_summoned_reason', sa.String(length=20), nullable=True),
    sa.Column('replacement_reason', sa.Text(), nullable=True),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('promoted_at', sa.DateTime(), nullable=True),
    sa.Column('state', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('state_changed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind in ('official','alternate')", name=op.f('ck_nomination_kind')),
    sa.ForeignKeyConstraint(['allocation_id'], ['quota_allocation.id'], name=op.f('fk_nomination_allocation_id_quota_allocation')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_nomination_author_id_user_account')),
    sa.ForeignKeyConstraint(['decision_id'], ['appointment_decision.id'], name=op.f('fk_nomination_decision_id_appointment_decision')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_nomination_member_id_member')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_nomination_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['nomination.id'], name=op.f('fk_nomination_replaced_by_id_nomination')),
    sa.ForeignKeyConstraint(['replaces_id'], ['nomination.id'], name=op.f('fk_nomination_replaces_id_nomination')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination'))
    )
    op.create_index('ix_nomination_allocation_state', 'nomination', ['allocation_id', 'state'], unique=False)
    op.create_index(op.f('ix_nomination_member_id'), 'nomination', ['member_id'], unique=False)
    op.create_index('ix_nomination_org_kind', 'nomination', ['allocation_id', 'org_unit_id', 'kind'], unique=False)
    op.create_index(op.f('ix_nomination_state'), 'nomination', ['state'], unique=False)
    op.create_index('uq_nomination_active_member', 'nomination', ['allocation_id', 'member_id'], unique=True, sqlite_where=sa.text("state NOT IN ('withdrawn', 'not_summoned', 'replaced')"), postgresql_where=sa.text("state NOT IN ('withdrawn', 'not_summoned', 'replaced')"))

    op.create_table('quota_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('allocation_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    sa.Column('quota_num', sa.BigInteger(), nullable=False),
    sa.Column('quota_den', sa.BigInteger(), nullable=False),
    sa.Column('final_num', sa.BigInteger(), nullable=False),
    sa.Column('final_den', sa.BigInteger(), nullable=False),
    sa.Column('floor_seats', sa.Integer(), nullable=False),
    sa.Column('computed_seats', sa.Integer(), nullable=False),
    sa.Column('held_at_minimum', sa.Boolean(), nullable=False),
    sa.Column('remainder_seat', sa.Boolean(), nullable=False),
    sa.Column('tied', sa.Boolean(), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('alternates', sa.Integer(), nullable=False),
    sa.Column('adjustment_reason', sa.Text(), nullable=True),
    sa.Column('adjusted_by_id', sa.Integer(), nullable=True),
    sa.Column('adjusted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('seats >= 0 AND alternates >= 0', name=op.f('ck_quota_line_seats')),
    sa.ForeignKeyConstraint(['adjusted_by_id'], ['user_account.id'], name=op.f('fk_quota_line_adjusted_by_id_user_account')),
    sa.ForeignKeyConstraint(['allocation_id'], ['quota_allocation.id'], name=op.f('fk_quota_line_allocation_id_quota_allocation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_quota_line_org_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quota_line')),
    sa.UniqueConstraint('allocation_id', 'org_unit_id', name=op.f('uq_quota_line_allocation_id_org_unit_id'))
    )
    op.create_table('vetting_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_vetting_note_author_id_user_account')),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_vetting_note_nomination_id_nomination')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vetting_note'))
    )
    op.create_index(op.f('ix_vetting_note_nomination_id'), 'vetting_note', ['nomination_id'], unique=False)


def downgrade():
    # Dropping a table drops its indexes; children before the tables they reference.
    for table in ("vetting_note", "committee_poll", "nomination", "quota_line",
                  "ex_officio_delegate", "quota_allocation", "committee_candidate",
                  "appointment_decision"):
        op.drop_table(table)
