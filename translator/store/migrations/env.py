"""Alembic's environment for the store: run by :func:`translator.store.database.Database.migrate`.

The database module passes its connection in ``config.attributes["connection"]``
(already holding the migration lock); without one, the ``sqlalchemy.url``
option is used, for Alembic's own command line.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from translator.store.schema import metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def run_migrations() -> None:
    """Upgrade (or downgrade) the database on the connection given, else on ``sqlalchemy.url``."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as own:
        _run(own)
        own.commit()
    engine.dispose()


run_migrations()
