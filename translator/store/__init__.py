"""The durable store of editors' work (glossaries): SQLite under the instance directory, or PostgreSQL.

``database`` opens the database (and migrates it, lazily, on first use),
``schema`` draws its tables, ``glossaries`` keeps glossaries in them.
"""

from translator.store.database import Database, open_database
from translator.store.glossaries import MAX_ENTRIES, GlossaryStore, GlossarySummary

__all__ = ["MAX_ENTRIES", "Database", "GlossaryStore", "GlossarySummary", "open_database"]
