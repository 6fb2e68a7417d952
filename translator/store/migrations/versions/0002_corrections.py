"""Corrections: approved translations, the pairs they are found by, and their change log.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "corrections",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("source_language", sa.Text(), nullable=False),
        sa.Column("target_language", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("level", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Text(), nullable=True),
        sa.Column("block_id", sa.Text(), nullable=True),
        sa.Column("editor", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
    )
    op.create_index("ix_corrections_created_at", "corrections", ["created_at"])
    op.create_index("ix_corrections_article_id", "corrections", ["article_id"])
    op.create_table(
        "correction_pairs",
        sa.Column("id", _ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("correction_id", sa.Text(), sa.ForeignKey("corrections.id", ondelete="CASCADE",
                                                            name="fk_correction_pairs_correction_id"),
                  nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("source_language", sa.Text(), nullable=False),
        sa.Column("target_language", sa.Text(), nullable=False),
        sa.Column("source_hash", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("level", sa.Text(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_correction_pairs_lookup", "correction_pairs",
                    ["source_language", "target_language", "source_hash"])
    op.create_index("ix_correction_pairs_correction_id", "correction_pairs", ["correction_id"])
    op.create_table(
        "correction_events",
        sa.Column("id", _ROW_ID, primary_key=True, autoincrement=True),
        sa.Column("correction_id", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("editor", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_correction_events_correction_id", "correction_events", ["correction_id"])


def downgrade() -> None:
    op.drop_index("ix_correction_events_correction_id", table_name="correction_events")
    op.drop_table("correction_events")
    op.drop_index("ix_correction_pairs_correction_id", table_name="correction_pairs")
    op.drop_index("ix_correction_pairs_lookup", table_name="correction_pairs")
    op.drop_table("correction_pairs")
    op.drop_index("ix_corrections_article_id", table_name="corrections")
    op.drop_index("ix_corrections_created_at", table_name="corrections")
    op.drop_table("corrections")
