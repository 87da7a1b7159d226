"""Opening the local store: checked, migrated, and remembered.

A store is checked before it is used (integrity, then a write probe) and migrated to the
newest schema. A store that has existed is remembered by a small marker beside it
(`.<name>.created`): if the store is later missing, the kiosk says so instead of quietly
starting an empty one and showing "running" over stops it has lost. `andon-kiosk db upgrade`
starts an empty store on purpose.

The file opened is also remembered by its identity (device and inode), so a store deleted,
moved or replaced while the kiosk runs is noticed (writes would otherwise go on into a file
that no longer has a name, and vanish at the next start).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from . import db, health
from .health import StoreFault, StoreProblem, StoreUnusable

# Problems that stop writes but leave a store that is already at the newest schema readable.
_WRITES_ONLY = {StoreProblem.READ_ONLY, StoreProblem.DISK_FULL, StoreProblem.IN_USE}


@dataclass(frozen=True)
class StoreFile:
    path: Path
    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> StoreFile | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return cls(path, st.st_dev, st.st_ino)

    def vanished(self) -> StoreFault | None:
        """A fault if the path no longer names the file that was opened."""
        now = StoreFile.of(self.path)
        if now is None:
            detail = "it was deleted or moved while the kiosk ran: what it records now is lost"
        elif (now.device, now.inode) != (self.device, self.inode):
            detail = "it was replaced by another file while the kiosk ran"
        else:
            return None
        return StoreFault(StoreProblem.MISSING, self.path, detail)


def marker(path: Path) -> Path:
    return path.with_name(f".{path.name}.created")


def open_store(path: Path, *, new: bool = False) -> tuple[Engine, StoreFault | None, StoreFile]:
    """An engine on the store at `path`, checked and migrated; what is wrong with it if it
    can be read but not written; and the file opened. Raises StoreUnusable when it cannot
    be read, or when a store that existed is gone (unless `new`: start an empty one)."""
    if path.is_dir():
        raise StoreUnusable(StoreFault(StoreProblem.IS_A_FOLDER, path, "Is a directory"))
    existed = path.exists()
    if not existed and not new and marker(path).exists():
        raise StoreUnusable(StoreFault(StoreProblem.MISSING, path, _gone(path)))
    try:
        engine = db.make_engine(db.sqlite_url(path))
        db.private_file(path)
    except OSError as exc:  # its folder (or the file) cannot be created
        raise StoreUnusable(health.classify(exc, path)) from None
    try:
        fault = _check_and_migrate(engine, path)
    except StoreUnusable:
        engine.dispose()
        raise
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise StoreUnusable(health.classify(exc, path)) from None
    if not existed:
        _remember(path)
    file = StoreFile.of(path)
    assert file is not None
    return engine, fault, file


def _check_and_migrate(engine: Engine, path: Path) -> StoreFault | None:
    fault = health.integrity(engine, path)
    if fault is not None:
        raise StoreUnusable(fault)
    try:
        db.upgrade(engine)
    except (SQLAlchemyError, OSError) as exc:
        fault = health.classify(exc, path)
        if fault.problem not in _WRITES_ONLY or not _schema_current(engine):
            raise StoreUnusable(fault) from None
    return fault or health.write_probe(engine, path)


def _schema_current(engine: Engine) -> bool:
    try:
        return db.current_revision(engine) == db.head_revision()
    except SQLAlchemyError:
        return False


def _remember(path: Path) -> None:
    with contextlib.suppress(OSError):  # a folder we cannot write to cannot hold it either
        marker(path).write_text(f"{datetime.now().isoformat(timespec='seconds')}\n", "utf-8")


def _gone(path: Path) -> str:
    try:
        since = marker(path).read_text("utf-8").strip()
    except OSError:
        since = "earlier"
    return (
        f"a store was created here on {since} and is gone now: restore it, or start an "
        f"empty one with `andon-kiosk db upgrade --store {path}`"
    )
