"""The `andon-kiosk` command: the kiosk itself, and the station's maintenance sub-commands.

    andon-kiosk --demo                      embedded defaults, demo users, simulated devices
    andon-kiosk --config station.toml       a configured station
    andon-kiosk db upgrade                  migrate the local store (or --url a shared one)
    andon-kiosk users add|list|disable      people who sign in
    andon-kiosk config check PATH           validate a configuration file and exit

Qt is imported only when a window is needed, so sub-commands run on a headless box.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import logging.handlers
import sys
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from andon_kiosk import __version__
from andon_kiosk import config as station_config
from andon_kiosk.config import ConfigError, StationConfig
from andon_kiosk.core.accounts import User
from andon_kiosk.core.permissions import PermissionDenied, Role

log = logging.getLogger("andon_kiosk")
LANGUAGES = ("en", "zh_CN")
SCREENS = ("home", "ticket", "sign-in", "reasons")


def _station_options(parser: argparse.ArgumentParser, sub: bool = False) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="andon-kiosk", description="Touch-screen andon station for one production line."
    )
    _station_options(parser)
    parser.add_argument("--language", choices=LANGUAGES, help="override the configured language")
    parser.add_argument("--fullscreen", action="store_true", help="full-screen kiosk mode")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--screenshot", type=Path, metavar="PATH", help="render the main window to a PNG and exit"
    )
    parser.add_argument(
        "--screen",
        choices=SCREENS,
        default="home",
        help="which screen --screenshot renders (default: home)",
    )
    parser.add_argument(
        "--as",
        dest="as_role",
        choices=[r.value for r in Role],
        help="with --demo: sign in a demo user of this role first",
    )
    parser.add_argument("--first-frame-probe", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = db_commands.add_parser("upgrade", help="migrate to the newest schema")
    _station_options(upgrade, sub=True)
    upgrade.add_argument("--url", help="a database URL to migrate instead of the local store")

    users = commands.add_parser("users", help="people who sign in at the kiosk")
    user_commands = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = user_commands.add_parser("add", help="add a user (asks for the PIN)")
    _station_options(add, sub=True)
    add.add_argument("--id", required=True, help="employee number, typed on the keypad")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--badge", default=None, help="badge id as the reader sends it")
    add.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")
    listing = user_commands.add_parser("list", help="list users")
    _station_options(listing, sub=True)
    disable = user_commands.add_parser("disable", help="stop a user from signing in")
    _station_options(disable, sub=True)
    disable.add_argument("id")
    hashing = user_commands.add_parser("hash-pin", help="print a PIN hash for a config file")
    hashing.add_argument("--pin-stdin", action="store_true")

    check = commands.add_parser("config", help="configuration files")
    check_commands = check.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    check_file = check_commands.add_parser("check", help="validate a configuration file")
    check_file.add_argument("path", type=Path)
    return parser


def load_config(args: argparse.Namespace) -> StationConfig:
    if getattr(args, "demo", False):
        from andon_kiosk.app.demo import demo_config

        if args.config:
            raise ConfigError(str(args.config), "", "--demo runs on the embedded defaults only")
        return demo_config()
    return station_config.load(args.config)


def store_path(args: argparse.Namespace, cfg: StationConfig) -> Path | None:
    if getattr(args, "store", None):
        return args.store
    if getattr(args, "demo", False):
        from andon_kiosk.app.station import data_dir

        return data_dir() / "demo.sqlite3"
    return None


def _read_pin(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().strip()
    pin = getpass.getpass("PIN: ")
    if getpass.getpass("PIN again: ") != pin:
        raise ValueError("the two PINs differ")
    return pin


def _setup_logging(verbose: bool = False) -> None:
    from andon_kiosk.app.station import data_dir

    handlers: list[logging.Handler] = [logging.StreamHandler()]
    try:
        logs = data_dir() / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                logs / "andon-kiosk.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
            )
        )
    except OSError:
        pass  # a read-only data dir must not stop the kiosk
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per start is enough


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except ConfigError as exc:
        print(f"andon-kiosk: configuration error: {exc}", file=sys.stderr)
        return 2
    except (ValueError, LookupError, PermissionDenied) as exc:
        print(f"andon-kiosk: {exc}", file=sys.stderr)
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    if args.version:
        print(f"andon-kiosk {__version__}")
        return 0
    if args.command == "config":
        cfg = station_config.load(args.path)
        print(f"{args.path}: ok (line {cfg.line}, station {cfg.station})")
        return 0
    if args.command == "users" and args.users_command == "hash-pin":
        from andon_kiosk.core.accounts import hash_pin

        print(hash_pin(_read_pin(args.pin_stdin)))
        return 0
    cfg = load_config(args)
    run = {"db": _db, "users": _users}.get(args.command, _kiosk)
    return run(args, cfg)


def _db(args: argparse.Namespace, cfg: StationConfig) -> int:
    from andon_kiosk.app.station import default_store_path
    from andon_kiosk.store import db

    if args.url:
        engine = db.make_engine(args.url)
        where = engine.url.render_as_string(hide_password=True)
    else:
        path = store_path(args, cfg) or cfg.store_path or default_store_path(cfg.station)
        engine = db.make_engine(db.sqlite_url(path))
        where = str(path)
    try:
        db.upgrade(engine)
        print(f"{where}: schema at revision {db.current_revision(engine)}")
    finally:
        engine.dispose()
    return 0


def _users(args: argparse.Namespace, cfg: StationConfig) -> int:
    from andon_kiosk.app.accounts import SHELL_ADMIN
    from andon_kiosk.app.station import Station

    station = Station.open(cfg, store_path=store_path(args, cfg))
    try:
        accounts = station.accounts
        if args.users_command == "add":
            user = User(args.id, args.name, Role(args.role), args.badge or None)
            accounts.add_user(SHELL_ADMIN, user, _read_pin(args.pin_stdin))
            print(f"added {user.id} ({user.name}, {user.role.value})")
        elif args.users_command == "disable":
            accounts.set_active(SHELL_ADMIN, args.id, False)
            print(f"disabled {args.id}")
        else:
            for u in accounts.users():
                state = "active" if u.active else "disabled"
                print(f"{u.id:<10} {u.role.value:<10} {state:<9} {u.badge or '-':<14} {u.name}")
    finally:
        station.close()
    return 0


def _kiosk(args: argparse.Namespace, cfg: StationConfig) -> int:
    from andon_kiosk.app.station import Station
    from andon_kiosk.core.clock import Clock, ManualClock
    from andon_kiosk.views import launch

    _setup_logging()
    cfg = replace(cfg, language=args.language or cfg.language)
    if args.as_role and not args.demo:
        raise ValueError("--as works with --demo only")
    app = launch.application(cfg.language)
    clock: Clock | None = None
    path = store_path(args, cfg)
    scratch = None
    if args.demo and args.screenshot:
        # A reproducible, lived-in line at 10:00 local time, in a throw-away store.
        scratch = tempfile.TemporaryDirectory(prefix="andon-shot-")
        path = Path(scratch.name) / "shot.sqlite3"
        start = datetime.now().replace(hour=9, minute=3, second=0, microsecond=0)
        clock = ManualClock(start.timestamp())
    station = Station.open(cfg, clock=clock, store_path=path)
    try:
        if isinstance(clock, ManualClock):
            from andon_kiosk.app.demo import seed_scenario

            seed_scenario(station, clock)
        vm, window = launch.open_window(station, kiosk_mode=args.fullscreen or cfg.fullscreen)
        if args.as_role:
            from andon_kiosk.app.demo import demo_user

            vm.session.sign_in(demo_user(Role(args.as_role)))
        if args.screenshot:
            launch.screenshot(window, vm, args.screenshot, args.screen)
            print(f"wrote {args.screenshot}")
            rc = 0
        else:
            if args.first_frame_probe:
                launch.FirstFrameProbe(window)
            launch.show(window, args.fullscreen or cfg.fullscreen)
            log.info(
                "kiosk %s on line %s started, store %s", cfg.station, cfg.line, station.store_path
            )
            rc = app.exec()
        vm.stop()
        window.close()
        return rc
    finally:
        station.close()
        if scratch is not None:
            scratch.cleanup()


if __name__ == "__main__":
    sys.exit(main())
