"""No password in any message, whatever characters it holds; store paths with any character
open as themselves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from sqlalchemy.engine import make_url

from andon_kiosk.store import db
from andon_kiosk.sync.retry import hide

PASSWORD = "p%40ss@w/rd:%x #?"


def andon(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "ANDON_KIOSK_CONFIG": "",
        "ANDON_PW": PASSWORD,
    }
    return subprocess.run(
        [sys.executable, "-m", "andon_kiosk", *args],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip


def station_file(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "station.toml"
    path.write_text(
        f'[station]\nline = "L1"\nstation = "L1-1"\n'
        f'[shared]\nurl = "{url}"\npassword_env = "ANDON_PW"\nconnect_timeout_seconds = 2\n',
        encoding="utf-8",
    )
    return path


def assert_no_password(result: subprocess.CompletedProcess) -> None:
    said = result.stdout + result.stderr
    for form in {PASSWORD, quote(PASSWORD, safe=""), quote(PASSWORD), quote_plus(PASSWORD)}:
        assert form not in said, said
    assert "Traceback" not in said


@pytest.mark.parametrize("reachable", [True, False], ids=["reachable", "refused"])
def test_db_upgrade_shared_never_shows_the_password(
    tmp_path: Path, pg_url: str, reachable: bool
) -> None:
    url = make_url(pg_url).set(drivername="postgresql")
    if not reachable:
        url = url.set(port=1)
    station = station_file(tmp_path, url.render_as_string(hide_password=True))
    result = andon(tmp_path, "db", "upgrade", "--shared", "--config", str(station))
    assert_no_password(result)
    if reachable:  # trust auth here: the password is sent and ignored
        assert result.returncode == 0, result.stderr
        assert f"schema at revision {db.head_revision()}" in result.stdout
    else:
        assert result.returncode == 2 and result.stderr.count("\n") == 1


def test_sync_status_never_shows_the_password(tmp_path: Path, pg_url: str) -> None:
    url = make_url(pg_url).set(drivername="postgresql", port=1)
    station = station_file(tmp_path, url.render_as_string(hide_password=True))
    andon(tmp_path, "db", "upgrade", "--config", str(station))
    result = andon(tmp_path, "sync", "status", "--json", "--config", str(station))
    assert result.returncode == 2
    assert_no_password(result)


def test_hide_takes_the_password_out_in_every_form() -> None:
    for form in (PASSWORD, quote(PASSWORD, safe=""), quote_plus(PASSWORD)):
        assert hide(f"failed for postgresql://a:{form}@db/x", PASSWORD) == (
            "failed for postgresql://a:***@db/x"
        )


@pytest.mark.parametrize("name", ["a%20b%.sqlite3", "line #7?.sqlite3", "线 7 100%.sqlite3"])
def test_a_store_path_with_any_character_opens_as_itself(tmp_path: Path, name: str) -> None:
    store = tmp_path / name
    made = andon(tmp_path, "db", "upgrade", "--store", str(store))
    assert made.returncode == 0, made.stderr
    assert store.exists() and {p.name for p in tmp_path.glob("*.sqlite3")} == {name}
    listed = andon(tmp_path, "users", "list", "--store", str(store))
    assert listed.returncode == 0, listed.stderr
