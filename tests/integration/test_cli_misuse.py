"""Every way a person at a terminal can get a command wrong ends in one clear line, exit 2.

Real processes, real files: a store that is a folder or a text file, a report into a folder
that does not exist, an unknown user, a URL that is not one, a device that is not there.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from andon_kiosk.assets import resource

from .conftest import run


def prepare(folder: Path) -> None:
    (folder / "a-folder").mkdir()
    (folder / "notes.txt").write_text("not a database\n" * 20, encoding="utf-8")
    (folder / "empty.sqlite3").write_bytes(b"")
    (folder / "station.toml").write_text(
        '[station]\nline = "L7"\nstation = "L7-1"\nlanguage = "en"\n', encoding="utf-8"
    )


# (arguments, what the one line must say)
MISUSES: list[tuple[list[str], str]] = [
    (["users", "disable", "--store", "empty.sqlite3", "4040"], "no user '4040'"),
    (  # a folder takes the CSV files (STATION_DATE_SHIFT_summary.csv, …), not a PDF
        [
            "report",
            "--config",
            "station.toml",
            "--shift",
            "2026-11-20/day",
            "--format",
            "pdf",
            "--out",
            "a-folder",
        ],
        "is a folder",
    ),
    (
        ["report", "--config", "station.toml", "--shift", "2026-11-20/day", "--out", "no/x.csv"],
        "the folder no does not exist",
    ),
    (
        [
            "report",
            "--config",
            "station.toml",
            "--shift",
            "2026-11-20/day",
            "--format",
            "pdf",
            "--out",
            "no/x.pdf",
        ],
        "the folder no does not exist",
    ),
    (
        [
            "report",
            "--config",
            "station.toml",
            "--store",
            "empty.sqlite3",
            "--shift",
            "9999-12-31/day",
        ],
        "has not started",
    ),
    (
        ["report", "--demo", "--store", "empty.sqlite3", "--shift", "9999-12-31/night"],
        "beyond the calendar",
    ),
    (  # a slash means a folder: not new-folder_summary.csv beside it
        ["report", "--demo", "--shift", "2026-11-20/day", "--out", "new-folder/"],
        "the folder new-folder does not exist",
    ),
    (
        [
            *("report", "--demo", "--shift", "2026-11-20/day"),
            *("--format", "pdf", "--out", "station.toml/x.pdf"),
        ],
        "station.toml is a file, not a folder",
    ),
    (["users", "list", "--store", "typo.sqlite3"], "does not exist (a typo in --store"),
    (
        [
            "users",
            "add",
            "--store",
            "empty.sqlite3",
            "--id",
            "9" * 40,
            "--name",
            "N",
            "--role",
            "operator",
            "--pin-stdin",
        ],
        "an employee number is at most 32 characters",
    ),
    (
        [
            "users",
            "add",
            "--store",
            "empty.sqlite3",
            "--id",
            " ",
            "--name",
            "N",
            "--role",
            "operator",
            "--pin-stdin",
        ],
        "an employee number is needed",
    ),
    (
        ["report", "--config", "station.toml", "--shift", "2026-11-20/day"],
        "L7-1.sqlite3 does not exist",
    ),
    (["sync", "status", "--config", "station.toml", "--store", "nope/s.sqlite3"], "does not"),
    (["db", "upgrade", "--url", "notaurl"], "not a database URL"),
    (["users", "list", "--store", "a-folder"], "is a folder, not a file"),
    (["users", "list", "--store", "notes.txt"], "is not a kiosk store"),
    (["db", "upgrade", "--store", "notes.txt"], "is not a kiosk store"),
    (["sync", "status", "--config", "station.toml", "--store", "a-folder"], "is a folder"),
    (["report", "--shift", "2026-11-20/day"], "no station configuration"),
    (["--screenshot", "x.png"], "no station configuration: give --config"),
    (["sync", "status"], "no station configuration"),
    (["--config", "missing.toml"], "cannot read the file"),
    (
        ["hw", "set", "--port", "/dev/no-such-tower", "--protocol", "modbus-rtu", "red=on"],
        "cannot open /dev/no-such-tower",
    ),
    (["hw", "set", "--port", "/dev/null", "--protocol", "modbus-rtu", "red=purple"], "LAMP=STATE"),
]

# argparse's own refusals: usage, then the error; never a traceback
USAGE_ERRORS: list[tuple[list[str], str]] = [
    (["hw", "set", "--port", "/dev/x", "--protocol", "modbus-rtu", "--unit", "300", "red=on"],
     "argument --unit: 1 to 247"),
    (["hw", "set", "--port", "socket://", "--protocol", "patlite-pns", "red=on"],
     "needs a host and a port"),
    (["hw", "set", "--port", "/dev/x", "--protocol", "modbus-rtu", "--baudrate", "7", "red=on"],
     "not a standard baudrate"),
    (["simulate-device", "--protocol", "patlite-pns", "--tcp-port", "70000"],
     "argument --tcp-port: 0 to 65535"),
    (["simulate-device", "--protocol", "usb-tower", "--fault", "nak"], "never answers"),
    (["simulate-device", "--protocol", "modbus-rtu", "--link", "/no/such/folder/tower"],
     "the folder /no/such/folder does not exist"),
]  # fmt: skip


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr, result.stderr
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(("args", "says"), MISUSES, ids=lambda v: " ".join(v)[:60])
def test_misuse_ends_in_one_line_and_exit_2(
    env: dict[str, str], tmp_path: Path, args: list[str], says: str
) -> None:
    prepare(tmp_path)
    result = run(env, *args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    line = one_line(result)
    assert line.startswith("andon-kiosk: ") and says in line, line
    assert not (tmp_path / "no").exists()  # nothing half-written anywhere
    assert not (tmp_path / "typo.sqlite3").exists() and not (tmp_path / "nope").exists()


@pytest.mark.parametrize(("args", "says"), USAGE_ERRORS, ids=lambda v: " ".join(v)[:60])
def test_bad_arguments_are_refused_by_the_parser(
    env: dict[str, str], tmp_path: Path, args: list[str], says: str
) -> None:
    result = run(env, *args, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and says in result.stderr, result.stderr


def test_a_default_station_file_is_found_without_config(
    env: dict[str, str], tmp_path: Path
) -> None:
    prepare(tmp_path)
    config_dir = tmp_path / "config" / "andon-kiosk"
    config_dir.mkdir(parents=True)
    (config_dir / "station.toml").write_text(
        (tmp_path / "station.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = run(env, "sync", "status", "--store", "empty.sqlite3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "station L7-1 (line L7, line)" in result.stdout


StatusCheck = Callable[[dict], None]


def test_sync_status_on_a_store_alone_and_as_json(env: dict[str, str], tmp_path: Path) -> None:
    import json

    prepare(tmp_path)
    sample = str(resource("config", "station.sample.toml"))
    text = run(env, "sync", "status", "--config", sample, "--store", "empty.sqlite3", cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert "outbox: 0 records waiting to be sent" in text.stdout
    assert "shared database: not set up" in text.stdout
    as_json = run(
        env,
        "sync",
        "status",
        "--config",
        sample,
        "--store",
        "empty.sqlite3",
        "--json",
        cwd=tmp_path,
    )
    assert as_json.returncode == 0, as_json.stderr
    status = json.loads(as_json.stdout)
    assert status["station"] == "L3-ST1" and status["outbox"] == 0
    assert status["shared"] == {"configured": False} and status["store_fault"] is None
