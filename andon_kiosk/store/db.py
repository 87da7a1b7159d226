"""Engines, sessions and migrations for the local and shared databases.

SQLite is opened in WAL mode with `synchronous=FULL`: a transaction that returned from commit
survives a power cut, and readers never block the writer. Both databases are brought to the
newest schema by the same Alembic history (`andon-kiosk db upgrade`, and at every start).
"""

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")


def private_folder(path: Path) -> None:
    """Create `path` and any missing parents for this user only (0700): the store holds PIN
    hashes, the logs names. Folders that exist are left as they are."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)


def private_file(path: Path) -> None:
    """Create an empty `path` readable by this user only (0600), unless it exists. SQLite
    takes an empty file as an empty database, and gives its -wal and -shm files the same
    permissions."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def sqlite_url(path: Path) -> URL:
    """The store's URL, built from parts: a path holding `%`, `?` or `#` stays that path
    (as text, "sqlite:///a%20b" would open "a b")."""
    return URL.create("sqlite", database=str(path))


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Take transaction control away from pysqlite, which would run DDL (a migration) outside
    # any transaction; `_sqlite_begin` opens every transaction explicitly instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
    finally:
        cursor.close()


def _sqlite_begin(connection) -> None:
    # IMMEDIATE takes the write lock up front: an operation that reads a ticket and then
    # appends to it can never fail half-way with SQLITE_BUSY because another writer got in.
    # A reader (`session_factory(read_only=True)`) takes a snapshot instead and never waits
    # for a writer, nor makes one wait (WAL).
    if connection.get_execution_options().get(_READ_ONLY):
        connection.exec_driver_sql("BEGIN DEFERRED")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | URL, **kwargs: object) -> Engine:
    """An engine for `url`; SQLite files get their parent folder and the WAL pragmas.
    Raises ValueError for a URL that names no database."""
    try:
        parsed = make_url(url)
        parsed.get_dialect()
    except (ArgumentError, NoSuchModuleError) as exc:
        raise ValueError(
            f"not a database URL: {url!r} (write postgresql://user@host:5432/andon)"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            private_folder(Path(parsed.database).parent)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


_READ_ONLY = "andon_read_only"


def session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """Sessions on `engine`; `read_only` ones read a snapshot without the write lock (for
    threads that only look, so they never queue behind a writer)."""
    if read_only:
        engine = engine.execution_options(**{_READ_ONLY: True})
    return sessionmaker(engine, expire_on_commit=False)


def _alembic_config(connection):
    """Alembic runs on the connection handed over: its config never holds the URL (which
    would put the password where an error message can show it), and `%` in a path is
    escaped (Alembic's config file syntax reads it as an interpolation)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database behind `engine` to `revision` (idempotent)."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@functools.cache
def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()
