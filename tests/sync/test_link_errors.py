"""What the sync link says when it stops: a full disk under this station's own store is not
the shared database being unreachable (the plant engineer would look in the wrong place)."""

from __future__ import annotations

import sqlite3

import psycopg
from sqlalchemy.exc import OperationalError

from andon_kiosk.sync.link import _local


def test_a_failing_local_store_is_told_apart_from_the_link() -> None:
    full = sqlite3.OperationalError("database or disk is full")
    assert _local(full)
    assert _local(OperationalError("INSERT …", {}, full))  # as SQLAlchemy wraps it
    refused = psycopg.OperationalError("connection refused")
    assert not _local(refused)
    assert not _local(OperationalError("SELECT 1", {}, refused))
    assert not _local(TimeoutError("timed out"))
