"""The `andon-kiosk` command as a plant engineer runs it."""

from __future__ import annotations

import struct
from pathlib import Path

from andon_kiosk import __version__
from andon_kiosk.assets import resource
from andon_kiosk.store.db import head_revision

from .conftest import run


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_version(env: dict[str, str]) -> None:
    result = run(env, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"andon-kiosk {__version__}"


def test_bad_config_exits_non_zero_naming_file_and_key(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "station.toml"
    bad.write_text("[station]\nline = 'L1'\nfulscreen = true\n", encoding="utf-8")
    result = run(env, "--config", str(bad))
    assert result.returncode == 2
    assert f"{bad}: station.fulscreen: unknown key (did you mean 'fullscreen'?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_check_accepts_the_sample(env: dict[str, str]) -> None:
    result = run(env, "config", "check", str(resource("config", "station.sample.toml")))
    assert result.returncode == 0, result.stderr
    assert "ok (line L3, station L3-ST1)" in result.stdout


def test_screenshot_of_the_demo_in_both_languages(env: dict[str, str], tmp_path: Path) -> None:
    for language, screen in (("en", "home"), ("zh_CN", "ticket")):
        shot = tmp_path / f"{screen}_{language}.png"
        result = run(
            env,
            "--demo",
            "--language",
            language,
            "--as",
            "leader",
            "--screen",
            screen,
            "--screenshot",
            str(shot),
        )
        assert result.returncode == 0, result.stderr
        assert png_size(shot) == (1280, 800)
    assert not (tmp_path / "data" / "andon-kiosk" / "demo.sqlite3").exists()  # throw-away store


def test_a_screenshot_at_a_screen_size_and_sizes_refused_in_words(
    env: dict[str, str], tmp_path: Path
) -> None:
    shot = tmp_path / "tv.png"
    result = run(env, "--demo", "--board", "--size", "3840x2160", "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    assert png_size(shot) == (3840, 2160)
    for bad, words in (
        ("800x1280", "a landscape screen from 1024x600"),  # portrait
        ("640x480", "a landscape screen from 1024x600"),
        ("1920x", "write WIDTHxHEIGHT"),
        ("abc", "write WIDTHxHEIGHT"),
    ):
        result = run(env, "--demo", "--size", bad, "--screenshot", str(tmp_path / "x.png"))
        assert result.returncode == 2, (bad, result.stderr)
        assert words in result.stderr and "Traceback" not in result.stderr


def test_db_upgrade_and_user_administration(env: dict[str, str], tmp_path: Path) -> None:
    store = str(tmp_path / "station.sqlite3")
    result = run(env, "db", "upgrade", "--store", store)
    assert result.returncode == 0, result.stderr
    assert f"schema at revision {head_revision()}" in result.stdout

    added = run(
        env,
        "users",
        "add",
        "--store",
        store,
        "--id",
        "5001",
        "--name",
        "赵磊",
        "--role",
        "responder",
        "--badge",
        "0005001001",
        "--pin-stdin",
        stdin="432187\n",
    )
    assert added.returncode == 0, added.stderr
    again = run(
        env,
        "users",
        "add",
        "--store",
        store,
        "--id",
        "5001",
        "--name",
        "x",
        "--role",
        "operator",
        "--pin-stdin",
        stdin="432187\n",
    )
    assert again.returncode == 2 and "already exists" in again.stderr
    short = run(
        env,
        "users",
        "add",
        "--store",
        store,
        "--id",
        "5002",
        "--name",
        "y",
        "--role",
        "operator",
        "--pin-stdin",
        stdin="1234\n",  # new users: 6 digits by default
    )
    assert short.returncode == 2 and "a PIN is 6 to 8 digits" in short.stderr

    listing = run(env, "users", "list", "--store", store)
    assert "5001" in listing.stdout and "responder" in listing.stdout and "active" in listing.stdout
    assert "432187" not in listing.stdout
    assert run(env, "users", "disable", "--store", store, "5001").returncode == 0
    assert "disabled" in run(env, "users", "list", "--store", store).stdout


def test_hash_pin_for_config_files(env: dict[str, str]) -> None:
    result = run(env, "users", "hash-pin", "--pin-stdin", stdin="246813\n")
    short = run(env, "users", "hash-pin", "--pin-stdin", stdin="2468\n")
    assert short.returncode == 2 and "a PIN is 6 to 8 digits" in short.stderr
    assert result.returncode == 0
    assert result.stdout.startswith("scrypt$16384$8$1$")
