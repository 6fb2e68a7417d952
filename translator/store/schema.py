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

# A correction: an editor's approved translation of a block or a sentence, as posted.
corrections = Table(
    "corrections",
    metadata,
    Column("id", Text, primary_key=True),  # "co_" and 12 hex digits
    Column("source_language", Text, nullable=False),
    Column("target_language", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("level", Text, nullable=False),  # "sentence" (its sentences lined up) or "block"
    Column("origin", Text, nullable=False),  # "api", "suggest" (LibreTranslate) or "tmx"
    Column("article_id", Text, nullable=True),
    Column("block_id", Text, nullable=True),
    Column("editor", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # The source and the text, case-folded in Python: searched alike on SQLite and PostgreSQL, whatever the locale.
    Column("folded", Text, nullable=False),
    Index("ix_corrections_created_at", "created_at"),
    Index("ix_corrections_article_id", "article_id"),
)

# The pairs a correction is found by: the whole block, and its sentences where they lined up.
correction_pairs = Table(
    "correction_pairs",
    metadata,
    Column("id", ENTRY_ID, primary_key=True, autoincrement=True),
    Column("correction_id", Text, ForeignKey("corrections.id", ondelete="CASCADE",
                                             name="fk_correction_pairs_correction_id"), nullable=False),
    Column("number", Integer, nullable=False),  # 1: the whole correction; then its sentences in order
    Column("source_language", Text, nullable=False),
    Column("target_language", Text, nullable=False),
    Column("source_hash", Text, nullable=False),  # SHA-256 of the normalised source (corrections.keys)
    Column("source", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("level", Text, nullable=False),
    # The lookup: a language pair and a batch of hashes; the newest row wins.
    Index("ix_correction_pairs_lookup", "source_language", "target_language", "source_hash"),
    Index("ix_correction_pairs_correction_id", "correction_id"),
    sqlite_autoincrement=True,
)

# Every change, with who and when: kept when the correction is deleted (processes follow it to stay current).
correction_events = Table(
    "correction_events",
    metadata,
    Column("id", ENTRY_ID, primary_key=True, autoincrement=True),
    Column("correction_id", Text, nullable=False),
    Column("action", Text, nullable=False),  # "created" or "deleted"
    Column("editor", Text, nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_correction_events_correction_id", "correction_id"),
    sqlite_autoincrement=True,
)
