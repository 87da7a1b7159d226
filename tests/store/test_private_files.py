"""The store holds PIN hashes: created for the kiosk's user only, as are its folders."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from andon_kiosk.store.opening import open_store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_store_and_its_folders_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual desktop umask: files 0644, folders 0755
    tmp_path.chmod(0o755)  # a folder that exists is left as it is
    try:
        path = tmp_path / "data" / "andon-kiosk" / "L1-1.sqlite3"
        engine, fault, _ = open_store(path, new=True)
        with engine.begin() as c:
            c.exec_driver_sql("SELECT 1")
        engine.dispose()
    finally:
        os.umask(old)
    assert fault is None
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
    assert mode(tmp_path) == 0o755
    for side in path.parent.glob("L1-1.sqlite3-*"):  # -wal, -shm: as the store
        assert mode(side) == 0o600, side


def test_the_systemd_unit_sets_a_private_umask() -> None:
    unit = Path(__file__).parents[2] / "installer" / "linux" / "andon-kiosk.service"
    assert "\nUMask=0077\n" in unit.read_text(encoding="utf-8")
