"""The durable store of editors' work (glossaries, corrections): SQLite under the instance directory, or PostgreSQL.

``database`` opens the database (and migrates it, lazily, on first use),
``schema`` draws its tables, ``glossaries`` and ``corrections`` keep them,
``approvals`` answers the pipeline from the corrections.
"""

from translator.store.approvals import Approvals
from translator.store.corrections import CorrectionStore, Search
from translator.store.database import Database, open_database
from translator.store.glossaries import MAX_ENTRIES, GlossaryStore, GlossarySummary

__all__ = ["MAX_ENTRIES", "Approvals", "CorrectionStore", "Database", "GlossaryStore", "GlossarySummary", "Search",
           "open_database"]
