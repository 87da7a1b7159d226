"""Options every station sub-command shares, and turning them into a configuration."""

from __future__ import annotations

import argparse
from pathlib import Path

from andon_kiosk import config as station_config
from andon_kiosk.config import ConfigError, StationConfig

LANGUAGES = ("en", "zh_CN")


def station_options(parser: argparse.ArgumentParser, sub: bool = False) -> None:
    """--config/--demo/--store; on sub-commands they default to "not given" so that the same
    option may also be written before the sub-command."""
    default = argparse.SUPPRESS if sub else None
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        default=default,
        help="the station's TOML configuration",
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


def load_config(args: argparse.Namespace) -> StationConfig:
    if getattr(args, "demo", False):
        from andon_kiosk.app.demo import demo_config

        if args.config:
            raise ConfigError(str(args.config), "", "--demo runs on the embedded defaults only")
        return demo_config()
    return station_config.load(args.config)


def store_path(args: argparse.Namespace) -> Path | None:
    if getattr(args, "store", None):
        return args.store
    if getattr(args, "demo", False):
        from andon_kiosk.app.station import data_dir

        return data_dir() / "demo.sqlite3"
    return None
