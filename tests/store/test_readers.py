"""Threads that only look (the notice senders, the escalation clock's reads) take a snapshot
and never queue behind a writer: every store transaction otherwise holds the write lock."""

from __future__ import annotations

import sqlite3
import time

from sqlalchemy import text

from andon_kiosk.store import db


def test_a_reader_reads_the_last_commit_while_a_writer_holds_the_lock(tmp_path):
    engine = db.make_engine(db.sqlite_url(tmp_path / "store.sqlite3"))
    with engine.begin() as c:
        c.execute(text("CREATE TABLE t (n INTEGER)"))
        c.execute(text("INSERT INTO t VALUES (1)"))
    writers, readers = db.session_factory(engine), db.session_factory(engine, read_only=True)
    with writers.begin() as writing:
        writing.execute(text("INSERT INTO t VALUES (2)"))  # holds the write lock, uncommitted
        started = time.monotonic()
        with readers() as reading:
            seen = reading.scalar(text("SELECT count(*) FROM t"))
        waited = time.monotonic() - started
        # a second writer would wait for the lock (busy_timeout: 10 s) and then fail
        assert seen == 1  # the snapshot: the last commit, not the uncommitted row
        assert waited < 5.0
    with readers() as reading:
        assert reading.scalar(text("SELECT count(*) FROM t")) == 2
    engine.dispose()


def test_a_writer_still_takes_the_lock_up_front_and_a_reader_does_not(tmp_path):
    path = tmp_path / "store.sqlite3"
    engine = db.make_engine(db.sqlite_url(path))
    other = sqlite3.connect(path, timeout=0.1, isolation_level=None)

    def another_writer_gets_in() -> bool:
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # database is locked
            return False
        other.execute("ROLLBACK")
        return True

    with db.session_factory(engine)() as session:
        session.execute(text("SELECT 1"))  # only read so far, yet the lock is taken
        assert not another_writer_gets_in()
    with db.session_factory(engine, read_only=True)() as session:
        session.execute(text("SELECT 1"))
        assert another_writer_gets_in()
    other.close()
    engine.dispose()
