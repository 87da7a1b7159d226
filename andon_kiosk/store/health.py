"""Can the local store be trusted? What is wrong with it, in words a person can act on.

The store is the kiosk's memory of every stop. A file that cannot be read, is damaged, is not
a database, cannot be written or sits on a full disk must never look like an empty, healthy
store ("no open tickets, the line runs"): it is found at start (an integrity check and a
write probe) and named, and errors met later are named the same way.

Some faults leave the store readable (read-only, disk full): the kiosk still shows the open
tickets it holds and refuses only what it cannot record. The others leave nothing to read.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import NoReturn

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError


class StoreProblem(StrEnum):
    NOT_A_DATABASE = "not_a_database"
    DAMAGED = "damaged"
    READ_ONLY = "read_only"
    NO_ACCESS = "no_access"
    DISK_FULL = "disk_full"
    IS_A_FOLDER = "is_a_folder"
    IN_USE = "in_use"
    OTHER = "other"


# What each problem leaves the kiosk: True when the tickets can still be read.
READABLE = {StoreProblem.READ_ONLY, StoreProblem.DISK_FULL, StoreProblem.IN_USE}

_WORDS = {
    StoreProblem.NOT_A_DATABASE: "is not a kiosk store (not an SQLite database)",
    StoreProblem.DAMAGED: "is damaged (its integrity check failed)",
    StoreProblem.READ_ONLY: "cannot be written (read-only)",
    StoreProblem.NO_ACCESS: "cannot be opened (no permission, or its folder is missing)",
    StoreProblem.DISK_FULL: "cannot be written: the disk is full",
    StoreProblem.IS_A_FOLDER: "is a folder, not a file",
    StoreProblem.IN_USE: "is locked by another program",
    StoreProblem.OTHER: "cannot be used",
}


@dataclass(frozen=True)
class StoreFault:
    problem: StoreProblem
    path: Path
    detail: str  # the driver's or the OS's own words

    @property
    def readable(self) -> bool:
        return self.problem in READABLE

    def describe(self) -> str:
        """One line for a terminal and the log."""
        return f"the store {self.path} {_WORDS[self.problem]}: {self.detail}"


class StoreUnusable(Exception):
    """The store cannot be used at all; `fault` says why."""

    def __init__(self, fault: StoreFault) -> None:
        super().__init__(fault.describe())
        self.fault = fault


_SQLITE = {
    "SQLITE_NOTADB": StoreProblem.NOT_A_DATABASE,
    "SQLITE_CORRUPT": StoreProblem.DAMAGED,
    "SQLITE_FULL": StoreProblem.DISK_FULL,
    "SQLITE_CANTOPEN": StoreProblem.NO_ACCESS,
    "SQLITE_PERM": StoreProblem.NO_ACCESS,
    "SQLITE_AUTH": StoreProblem.NO_ACCESS,
    "SQLITE_BUSY": StoreProblem.IN_USE,
    "SQLITE_LOCKED": StoreProblem.IN_USE,
}
_ERRNO = {
    errno.EACCES: StoreProblem.NO_ACCESS,
    errno.EPERM: StoreProblem.NO_ACCESS,
    errno.ENOENT: StoreProblem.NO_ACCESS,
    errno.ENOTDIR: StoreProblem.NO_ACCESS,
    errno.EROFS: StoreProblem.READ_ONLY,
    errno.ENOSPC: StoreProblem.DISK_FULL,
    errno.EDQUOT: StoreProblem.DISK_FULL,
    errno.EFBIG: StoreProblem.DISK_FULL,
    errno.EISDIR: StoreProblem.IS_A_FOLDER,
}


def is_store_error(error: BaseException) -> bool:
    """An error that means the store (file, disk, database) failed, not the request."""
    return isinstance(error, SQLAlchemyError | OSError | StoreUnusable)


def classify(error: BaseException, path: Path) -> StoreFault:
    """Name what `error` says about the store at `path`."""
    if isinstance(error, StoreUnusable):
        return error.fault
    inner = error.orig if isinstance(error, DBAPIError) else error
    detail = (str(inner).strip().splitlines() or [type(inner).__name__])[0][:200]
    name = getattr(inner, "sqlite_errorname", "") or ""
    problem = _SQLITE.get(name)
    if problem is None and name.startswith("SQLITE_READONLY"):
        problem = StoreProblem.READ_ONLY
    if problem is None and name.startswith("SQLITE_IOERR"):
        problem = StoreProblem.DISK_FULL if "full" in detail.lower() else StoreProblem.OTHER
    if problem is None and isinstance(inner, OSError) and inner.errno in _ERRNO:
        problem = _ERRNO[inner.errno]
    if problem is None and path.is_dir():
        problem = StoreProblem.IS_A_FOLDER
    return StoreFault(problem or StoreProblem.OTHER, path, detail)


def integrity(engine: Engine, path: Path) -> StoreFault | None:
    """SQLite's quick check of every page and index (PRAGMA quick_check)."""
    try:
        with engine.connect() as connection:
            rows = [r[0] for r in connection.exec_driver_sql("PRAGMA quick_check").fetchall()]
    except SQLAlchemyError as exc:
        return classify(exc, path)
    if rows == ["ok"]:
        return None
    return StoreFault(StoreProblem.DAMAGED, path, "; ".join(rows[:3])[:200])


def write_probe(engine: Engine, path: Path) -> StoreFault | None:
    """Whether the store takes a write: one header write inside a transaction rolled back."""
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            try:
                version = connection.execute(text("PRAGMA user_version")).scalar_one()
                connection.execute(text(f"PRAGMA user_version = {int(version)}"))
            finally:
                transaction.rollback()
    except SQLAlchemyError as exc:
        return classify(exc, path)
    return None


class UnusableSessions:
    """Stands in for the session factory of a store that cannot be used: every operation
    that would open a session fails with the fault found at start, so each service refuses
    with the same clear reason instead of a `None` engine's AttributeError."""

    def __init__(self, fault: StoreFault) -> None:
        self.fault = fault

    def __call__(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise StoreUnusable(self.fault)

    def begin(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise StoreUnusable(self.fault)
