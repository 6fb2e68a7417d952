"""Glossaries and their entries.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "glossaries",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name", name="uq_glossaries_name"),
    )
    op.create_table(
        "glossary_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("glossary_id", sa.Text(), sa.ForeignKey("glossaries.id", ondelete="CASCADE",
                                                          name="fk_glossary_entries_glossary_id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("he", sa.Text(), nullable=True),
        sa.Column("ru", sa.Text(), nullable=True),
        sa.Column("en", sa.Text(), nullable=True),
        sa.Column("keep", sa.Boolean(), nullable=False),
        sa.Column("case_sensitive", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_glossary_entries_glossary_id_position", "glossary_entries", ["glossary_id", "position"])


def downgrade() -> None:
    op.drop_index("ix_glossary_entries_glossary_id_position", table_name="glossary_entries")
    op.drop_table("glossary_entries")
    op.drop_table("glossaries")
