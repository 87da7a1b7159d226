"""Alembic environment: runs on the connection the kiosk hands over, or on sqlalchemy.url."""

from alembic import context

from andon_kiosk.store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is None:  # never in the kiosk: `store.db.upgrade` always hands one over
    raise RuntimeError("run migrations with andon-kiosk db upgrade")
_run(connection)
