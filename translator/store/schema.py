"""The store's tables, in SQLAlchemy Core: what the migrations build (a test holds them equal).

A glossary is a row of ``glossaries``; its entries are rows of
``glossary_entries`` in ``position`` order, one nullable column per language
(``terms.LANGUAGES``), so a new language is a migration.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# A row id is never reused (SQLite's AUTOINCREMENT), so "gl_…:<row id>" names one entry for good;
# 64-bit on PostgreSQL, as replacing a large glossary again and again burns through ids.
ENTRY_ID = BigInteger().with_variant(Integer(), "sqlite")

glossaries = Table(
    "glossaries",
    metadata,
    Column("id", Text, primary_key=True),  # "gl_" and 12 hex digits
    Column("name", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("name", name="uq_glossaries_name"),
)

glossary_entries = Table(
    "glossary_entries",
    metadata,
    Column("id", ENTRY_ID, primary_key=True, autoincrement=True),
    Column("glossary_id", Text, ForeignKey("glossaries.id", ondelete="CASCADE",
                                           name="fk_glossary_entries_glossary_id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("he", Text, nullable=True),
    Column("ru", Text, nullable=True),
    Column("en", Text, nullable=True),
    Column("keep", Boolean, nullable=False),
    Column("case_sensitive", Boolean, nullable=False),
    Column("note", Text, nullable=True),
    # A glossary's entries, read in order: the index serves the filter and the sort.
    Index("ix_glossary_entries_glossary_id_position", "glossary_id", "position"),
    sqlite_autoincrement=True,
)
