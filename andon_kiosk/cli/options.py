"""Options every station sub-command shares, and turning them into a configuration.

A command that needs a station (the kiosk, a report, sync status) never invents one: it runs
on `--config PATH`, on `--demo`, or on the first station file found in the usual places
(`ANDON_KIOSK_CONFIG`, the user's config folder, the machine's); without any it says how to
give one. A command that only needs a store (`db upgrade`, `users …`) also runs on `--store`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import platformdirs

from andon_kiosk import config as station_config
from andon_kiosk.config import ConfigError, StationConfig

LANGUAGES = ("en", "zh_CN")
CONFIG_ENV = "ANDON_KIOSK_CONFIG"


def station_options(parser: argparse.ArgumentParser, sub: bool = False) -> None:
    """--config/--demo/--store; on sub-commands they default to "not given" so that the same
    option may also be written before the sub-command."""
    default = argparse.SUPPRESS if sub else None
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        default=default,
        help=f"the station's TOML configuration (default: ${CONFIG_ENV}, then "
        + ", then ".join(str(p) for p in default_config_paths()[1:])
        + ")",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS if sub else False,
        help="run on the embedded defaults with demo users",
    )
    parser.add_argument(
        "--store",
        type=Path,
        metavar="PATH",
        default=default,
        help="local SQLite store (default: from the config, else the data dir)",
    )


def default_config_paths() -> list[Path]:
    """Where a station file is looked for when no --config is given, in order."""
    paths = []
    if os.environ.get(CONFIG_ENV):
        paths.append(Path(os.environ[CONFIG_ENV]))
    else:
        paths.append(Path(f"${CONFIG_ENV}"))  # shown in help only; never exists
    paths.append(platformdirs.user_config_path("andon-kiosk", appauthor=False) / "station.toml")
    if sys.platform == "win32":
        program_data = Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData"))
        paths.append(program_data / "andon" / "station.toml")
    else:
        paths.append(Path("/etc/andon/station.toml"))  # where installer/linux puts it
    return paths


class NoStation(Exception):
    """No station file was given or found."""

    def __init__(self) -> None:
        places = ", ".join(str(p) for p in default_config_paths()[1:])
        super().__init__(
            "no station configuration: give --config station.toml (or put it at "
            f"{places}, or name it in {CONFIG_ENV}), or try the kiosk with --demo"
        )


def load_config(args: argparse.Namespace, *, store_only: bool = False) -> StationConfig:
    """The station this command runs as. `store_only`: the command only needs a store, so
    `--store` alone will do (on the embedded defaults)."""
    if getattr(args, "demo", False):
        from andon_kiosk.app.demo import demo_config

        if args.config:
            raise ConfigError(str(args.config), "", "--demo runs on the embedded defaults only")
        return demo_config()
    if args.config:
        return station_config.load(args.config)
    if os.environ.get(CONFIG_ENV):
        return station_config.load(Path(os.environ[CONFIG_ENV]))
    for path in default_config_paths()[1:]:
        if path.is_file():
            return station_config.load(path)
    if store_only and getattr(args, "store", None):
        return station_config.load(None)
    raise NoStation()


def store_path(args: argparse.Namespace) -> Path | None:
    if getattr(args, "store", None):
        return args.store
    if getattr(args, "demo", False):
        from andon_kiosk.app.station import data_dir

        return data_dir() / "demo.sqlite3"
    return None


def output_path(path: Path, option: str) -> Path:
    """`path` if a file can be written there; else a clear error (before any work)."""
    if path.is_dir():
        raise ValueError(f"{option} {path} is a folder: name the file to write")
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"{option} {path}: {folder} is a file, not a folder")
    if not folder.is_dir():
        raise ValueError(f"{option} {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ValueError(f"{option} {path}: the folder {folder} cannot be written")
    return path
