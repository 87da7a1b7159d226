"""A store that cannot be trusted, met by real processes: the kiosk still starts (full
screen, in kiosk mode) and says so; every other command refuses it in one line, exit 2.

"No permission" needs a process that file permissions apply to: as root (CI here) the
command runs in a user namespace (`unshare --user`), where root's powers are gone.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from andon_kiosk.app.demo import demo_config
from andon_kiosk.app.station import Station
from andon_kiosk.core.accounts import STATION_OPERATOR

from .conftest import run

STATION = '[station]\nline = "L7"\nstation = "L7-1"\nlanguage = "en"\n'


def kiosk(env: dict[str, str], *args: str, unprivileged: bool = False) -> CompletedProcess:
    prefix: tuple[str, ...] = ()
    if unprivileged and os.geteuid() == 0:
        if shutil.which("unshare") is None:
            pytest.skip("running as root without unshare: permissions cannot be tested")
        prefix = ("unshare", "--user")
    return run(env, *args, prefix=prefix)


def damaged_store(path: Path, stops: int = 20) -> None:
    station = Station.open(demo_config(prehashed=True), store_path=path)
    for _ in range(stops):
        station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    station.close()
    with sqlite3.connect(path) as db:
        page = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
        size = db.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    data[(page - 1) * size + 8 : page * size] = b"\x5a" * (size - 8)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("fault", ["damaged", "not_a_database"])
def test_the_kiosk_starts_full_screen_on_a_broken_store_and_says_so(
    env: dict[str, str], tmp_path: Path, fault: str
) -> None:
    station = tmp_path / "station.toml"
    station.write_text(STATION + "fullscreen = true\n", encoding="utf-8")
    store = tmp_path / "kiosk.sqlite3"
    if fault == "damaged":
        damaged_store(store)
    else:
        store.write_text("id;line\n1;L7\n", encoding="utf-8")
    shot = tmp_path / "kiosk.png"
    result = kiosk(env, "--config", str(station), "--store", str(store), "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 10_000
    words = "is damaged" if fault == "damaged" else "is not a kiosk store"
    assert words in result.stderr  # the log names the file and the fault
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["users", "list"],
        ["db", "upgrade"],
        ["report", "--shift", "2026-11-20/day", "--config", "{station}"],
        ["sync", "status", "--config", "{station}"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_every_command_refuses_a_damaged_store_in_one_line(
    env: dict[str, str], tmp_path: Path, command: list[str]
) -> None:
    station = tmp_path / "station.toml"
    station.write_text(STATION, encoding="utf-8")
    store = tmp_path / "kiosk.sqlite3"
    damaged_store(store)
    before = store.read_bytes()
    args = [a.replace("{station}", str(station)) for a in command]
    result = kiosk(env, *args, "--store", str(store))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "is damaged" in lines[0] and str(store) in lines[0], lines
    assert store.read_bytes() == before  # not "repaired", not migrated, not touched


def test_a_store_the_kiosk_may_not_open_is_named_as_such(
    env: dict[str, str], tmp_path: Path
) -> None:
    station = tmp_path / "station.toml"
    station.write_text(STATION, encoding="utf-8")
    store = tmp_path / "kiosk.sqlite3"
    Station.open(demo_config(prehashed=True), store_path=store).close()
    store.chmod(0)
    for folder in (tmp_path, tmp_path / "data", tmp_path / "home"):
        folder.mkdir(exist_ok=True)
        folder.chmod(0o777)  # the unprivileged process may write its logs and screenshot
    try:
        listing = kiosk(env, "users", "list", "--store", str(store), unprivileged=True)
        assert listing.returncode == 2
        assert "cannot be opened (no permission" in listing.stderr, listing.stderr
        shot = tmp_path / "kiosk.png"
        started = kiosk(
            env, "--config", str(station), "--store", str(store), "--screenshot", str(shot),
            unprivileged=True,
        )  # fmt: skip
        assert started.returncode == 0, started.stderr
        assert "cannot be opened" in started.stderr and shot.is_file()
    finally:
        store.chmod(0o600)


def test_a_deleted_store_is_not_quietly_replaced_but_can_be_started_anew(
    env: dict[str, str], tmp_path: Path
) -> None:
    station = tmp_path / "station.toml"
    station.write_text(STATION, encoding="utf-8")
    store = tmp_path / "kiosk.sqlite3"
    assert kiosk(env, "db", "upgrade", "--store", str(store)).returncode == 0
    for file in tmp_path.glob("kiosk.sqlite3*"):
        file.unlink()
    shot = tmp_path / "kiosk.png"
    started = kiosk(env, "--config", str(station), "--store", str(store), "--screenshot", str(shot))
    assert started.returncode == 0, started.stderr
    assert "is gone now: restore it" in started.stderr and not store.exists()
    again = kiosk(env, "db", "upgrade", "--store", str(store))  # an empty store, on purpose
    assert again.returncode == 0, again.stderr
    assert kiosk(env, "users", "list", "--store", str(store)).returncode == 0
