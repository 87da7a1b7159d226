"""Can the local store be trusted? What is wrong with it, in words a person can act on.

The store is the kiosk's memory of every stop. A file that cannot be read, is damaged, is not
a database, cannot be written or sits on a full disk must never look like an empty, healthy
store ("no open tickets, the line runs"): it is found at start (an integrity check and a
write probe) and named, and errors met later are named the same way.

Some faults leave the store readable (read-only, disk full): the kiosk still shows the open
tickets it holds and refuses only what it cannot record. A store that cannot even be opened
(`StoreUnusable`) leaves nothing to read.
"""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass, replace
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
    MISSING = "missing"
    OTHER = "other"


_WORDS = {
    StoreProblem.NOT_A_DATABASE: "is not a kiosk store (not an SQLite database)",
    StoreProblem.DAMAGED: "is damaged (its integrity check failed)",
    StoreProblem.READ_ONLY: "cannot be written (read-only)",
    StoreProblem.NO_ACCESS: "cannot be opened (no permission, or its folder is missing)",
    StoreProblem.DISK_FULL: "cannot be written: the disk is full",
    StoreProblem.IS_A_FOLDER: "is a folder, not a file",
    StoreProblem.IN_USE: "is locked by another program",
    StoreProblem.MISSING: "does not exist (a typo in --store, or the kiosk never ran here?)",
    StoreProblem.OTHER: "cannot be used",
}


@dataclass(frozen=True)
class StoreFault:
    problem: StoreProblem
    path: Path
    detail: str  # the driver's or the OS's own words
    readable: bool = True  # the tickets it holds can still be read (False: StoreUnusable)

    def describe(self) -> str:
        """One line for a terminal and the log."""
        words = f"the store {self.path} {_WORDS[self.problem]}"
        return f"{words}: {self.detail}" if self.detail else words


class StoreUnusable(Exception):
    """The store cannot be used at all; `fault` says why."""

    def __init__(self, fault: StoreFault) -> None:
        super().__init__(fault.describe())
        self.fault = replace(fault, readable=False)


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
    # SQLite says "unable to open" or "disk I/O error" for these too
    if problem in (StoreProblem.NO_ACCESS, StoreProblem.OTHER, None) and _on_read_only_filesystem(
        path
    ):
        problem = StoreProblem.READ_ONLY
    elif problem in (StoreProblem.OTHER, None) and _free_bytes(path) < NEARLY_FULL:
        problem = StoreProblem.DISK_FULL
    return StoreFault(problem or StoreProblem.OTHER, path, detail)


NEARLY_FULL = 64 * 1024  # less free than this, and SQLite cannot even make its -shm file


def _existing_folder(path: Path) -> Path:
    folder = path if path.is_dir() else path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _free_bytes(path: Path) -> int:
    try:
        return shutil.disk_usage(_existing_folder(path)).free
    except OSError:
        return NEARLY_FULL


def _on_read_only_filesystem(path: Path) -> bool:
    try:
        return bool(os.statvfs(_existing_folder(path)).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        return False


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


def integrity_from_disk(path: Path) -> StoreFault | None:
    """The integrity check on a connection of its own: a pooled one answers from its page
    cache, and would not see pages damaged behind SQLite's back."""
    from sqlalchemy.pool import NullPool

    from .db import make_engine, sqlite_url

    engine = make_engine(sqlite_url(path), poolclass=NullPool)
    try:
        return integrity(engine, path)
    finally:
        engine.dispose()


def write_probe(engine: Engine, path: Path) -> StoreFault | None:
    """Whether the store takes a write: one committed write of the header's user_version
    (with its own value, so nothing changes; a rolled-back write would never reach the
    disk, and so could not notice a full one)."""
    try:
        with engine.begin() as connection:
            version = connection.execute(text("PRAGMA user_version")).scalar_one()
            connection.execute(text(f"PRAGMA user_version = {int(version)}"))
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
