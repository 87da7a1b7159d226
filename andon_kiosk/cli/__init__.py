"""The `andon-kiosk` command: the kiosk itself, and the station's maintenance sub-commands.

    andon-kiosk --demo                      embedded defaults, demo users, simulated devices
    andon-kiosk --config station.toml       a configured station
    andon-kiosk config check PATH           validate a configuration file and exit
    andon-kiosk db upgrade [--shared]       migrate the local store (or the shared database)
    andon-kiosk db add-station --station S --lines L...   a station's own shared-DB login
    andon-kiosk plant-service               escalation and notices for every line (headless)
    andon-kiosk sync status                 outbox, feed position, stations the plant heard
    andon-kiosk sync retry|discard [ID...]  records the shared database refused, or that
                                            arrived unusable (parked: see sync status)
    andon-kiosk users add|list|disable      people who sign in
    andon-kiosk report --shift D/S          a shift's numbers as CSV or PDF
    andon-kiosk hw ports|set|lamp-test      find and commission the stack light
    andon-kiosk simulate-device             a simulated tower, counter or badge reader

Qt is imported only when a window is needed, so sub-commands run on a headless box.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from andon_kiosk import __version__
from andon_kiosk.config import ConfigError
from andon_kiosk.core.permissions import Role

from . import admin, hw, kiosk, plant, report, sync_status
from .options import LANGUAGES, NoStation, load_config, station_options

SCREENS = ("home", "ticket", "sign-in", "reasons", "production")  # home of --board: the board


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().replace("×", "x").split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: write WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (1024 <= width <= 7680 and 600 <= height <= 4320) or height > width:
        raise argparse.ArgumentTypeError(
            f"{text!r}: a landscape screen from 1024x600 to 7680x4320 (the kiosk's layout is "
            "made for landscape panels and TVs)"
        )
    return width, height


def _inches(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: a diagonal in inches, e.g. 15.6") from None
    if not 5 <= value <= 150:
        raise argparse.ArgumentTypeError(f"{text!r}: a screen from 5 to 150 inches")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="andon-kiosk", description="Touch-screen andon station for one production line."
    )
    station_options(parser)
    parser.add_argument("--language", choices=LANGUAGES, help="override the configured language")
    parser.add_argument("--fullscreen", action="store_true", help="full-screen kiosk mode")
    parser.add_argument(
        "--board",
        action="store_true",
        help="the plant board: every line (or the configured lines) at a glance, full screen",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--log-level",
        choices=kiosk.LOG_LEVELS,
        default="info",
        help="what the kiosk and the plant service log (default: info)",
    )
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
        "--size",
        type=_size,
        default=(1280, 800),
        metavar="WxH",
        help="the window size --screenshot renders at (default: 1280x800)",
    )
    parser.add_argument(
        "--inches",
        type=_inches,
        metavar="N",
        help="the screen's diagonal in inches, for millimetre sizes (default: [display] inches, "
        "else as the screen reports it); with --screenshot, the panel it is drawn for",
    )
    parser.add_argument(
        "--as",
        dest="as_role",
        choices=[r.value for r in Role],
        help="with --demo: sign in a demo user of this role first",
    )
    parser.add_argument("--first-frame-probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--test-hang-after", type=float, metavar="S", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _admin_commands(commands)
    _hw_commands(commands)
    return parser


def _add_station_command(db_commands: argparse._SubParsersAction) -> None:
    add_station = db_commands.add_parser(
        "add-station",
        help="give a station its own login to the shared database (run as its owner)",
    )
    station_options(add_station, sub=True)
    add_station.add_argument("--station", required=True, help="the station's name, as in its file")
    scope = add_station.add_mutually_exclusive_group(required=True)
    scope.add_argument("--lines", nargs="+", metavar="LINE", help="the lines it may write")
    scope.add_argument("--all-lines", action="store_true", help="every line (maintenance, board)")
    add_station.add_argument(
        "--admin", action="store_true", help="it may also add and change users"
    )
    add_station.add_argument(
        "--password-file",
        type=Path,
        metavar="PATH",
        help="where to write a new password (default: ./LOGIN.password, mode 600)",
    )
    add_station.add_argument(
        "--rotate",
        action="store_true",
        help="give the login a new password (without it, an existing login only gets the new "
        "lines and rights)",
    )


def _parked_id(text: str) -> int:
    """A parked entry's number as `sync status` prints it (#3) or bare (3)."""
    try:
        return int(text.removeprefix("#"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an entry number: {text!r} (as #3)") from None


def _sync_commands(commands: argparse._SubParsersAction) -> None:
    sync = commands.add_parser("sync", help="the link to the plant's shared database")
    sync_commands = sync.add_subparsers(dest="sync_command", required=True, metavar="ACTION")
    status = sync_commands.add_parser(
        "status", help="what waits to be sent, how far the feed was read, who the plant heard"
    )
    station_options(status, sub=True)
    status.add_argument("--json", action="store_true", help="print it as JSON")
    retry = sync_commands.add_parser(
        "retry", help="queue records the shared database refused again (after a fix)"
    )
    station_options(retry, sub=True)
    retry.add_argument(
        "ids", nargs="*", type=_parked_id, metavar="ID", help="parked entries, as #3 or 3 (all)"
    )
    discard = sync_commands.add_parser(
        "discard", help="forget parked records once someone has decided (they stay local)"
    )
    station_options(discard, sub=True)
    chosen = discard.add_mutually_exclusive_group(required=True)
    chosen.add_argument("ids", nargs="*", type=_parked_id, default=[], metavar="ID")
    chosen.add_argument("--all", action="store_true", help="every parked entry")


def _admin_commands(commands: argparse._SubParsersAction) -> None:
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = db_commands.add_parser("upgrade", help="migrate to the newest schema")
    station_options(upgrade, sub=True)
    target = upgrade.add_mutually_exclusive_group()
    target.add_argument(
        "--shared",
        action="store_true",
        help="migrate the shared database of the station's [shared] section",
    )
    target.add_argument("--url", help="a database URL to migrate instead of the local store")
    _add_station_command(db_commands)

    _sync_commands(commands)
    plant = commands.add_parser(
        "plant-service", help="escalation and notices for every line, headless (one per plant)"
    )
    station_options(plant, sub=True)

    users = commands.add_parser("users", help="people who sign in at the kiosk")
    user_commands = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = user_commands.add_parser("add", help="add a user (asks for the PIN)")
    station_options(add, sub=True)
    add.add_argument("--id", required=True, help="employee number, typed on the keypad")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--badge", default=None, help="badge id as the reader sends it")
    add.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")
    listing = user_commands.add_parser("list", help="list users")
    station_options(listing, sub=True)
    disable = user_commands.add_parser("disable", help="stop a user from signing in")
    station_options(disable, sub=True)
    disable.add_argument("id")
    hashing = user_commands.add_parser("hash-pin", help="print a PIN hash for a config file")
    hashing.add_argument("--pin-stdin", action="store_true")

    report = commands.add_parser("report", help="a shift's production report (CSV or PDF)")
    station_options(report, sub=True)
    report.add_argument(
        "--shift", required=True, metavar="DATE/SHIFT", help="the shift, as 2026-11-21/day"
    )
    report.add_argument("--format", choices=("csv", "pdf"), default="csv")
    report.add_argument(
        "--out",
        help="PDF: the file (default STATION_DATE_SHIFT.pdf); CSV: the files' common stem or a "
        "folder (default STATION_DATE_SHIFT, giving STATION_DATE_SHIFT_summary.csv, _hours, "
        "_losses, _stops)",
    )

    check = commands.add_parser("config", help="configuration files")
    check_commands = check.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    check_file = check_commands.add_parser("check", help="validate a configuration file")
    check_file.add_argument("path", type=Path)


def _hw_commands(commands: argparse._SubParsersAction) -> None:
    hw_parser = commands.add_parser("hw", help="find and commission the stack light")
    hw_commands = hw_parser.add_subparsers(dest="hw_command", required=True, metavar="ACTION")
    hw_commands.add_parser("ports", help="serial ports, with USB ids and serial numbers")
    setter = hw_commands.add_parser(
        "set",
        help="set lamps, leave the rest: LAMP=STATE (red amber green blue white buzzer; "
        "on off blink)",
    )
    hw.add_tower_options(setter)
    setter.add_argument("settings", nargs="+", metavar="LAMP=STATE")
    test = hw_commands.add_parser("lamp-test", help="each lamp and the buzzer in turn")
    hw.add_tower_options(test)
    test.add_argument("--step-seconds", type=hw.within(0.01, 60, float), default=1.0)

    sim = commands.add_parser(
        "simulate-device", help="a simulated tower, counter or badge reader on a pty or TCP"
    )
    sim.add_argument("--protocol", required=True, choices=hw.SIM_PROTOCOLS)
    sim.add_argument("--link", type=Path, help="a stable path (symlink) to the pty")
    sim.add_argument(
        "--tcp-port",
        type=hw.within(0, 65535),
        help="listen on TCP instead (patlite-pns: 10000; 0: any free port)",
    )
    sim.add_argument("--unit", type=hw.within(1, 247), default=1, help="Modbus unit (1-247)")
    sim.add_argument("--board", choices=("waveshare", "generic"), default="waveshare")
    sim.add_argument(
        "--parts-per-minute", type=hw.within(0, 6000, float), default=30.0, help="counter only"
    )
    sim.add_argument("--word-order", choices=("big", "little"), default="big", help="counter only")
    sim.add_argument(
        "--fault",
        choices=("nak", "mute", "garble"),
        help="misbehave for good (towers with replies, counter): refuse every frame (nak), "
        "answer nothing (mute) or only garbage (garble)",
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a clear line for the person at the terminal, not a traceback
        from .errors import EXIT_BUG, exit_code, report

        print(report(exc), file=sys.stderr)
        code = exit_code(exc)
        if code == EXIT_BUG:
            kiosk.log_to_file_only(exc)  # the traceback, for whoever maintains it
        return code


def gui_main(argv: list[str] | None = None) -> int:
    """The kiosk started without a console (`andon-kiosk-gui`, Windows' pythonw): there is no
    stdout or stderr to print to, so what would be printed is dropped (the log file has it)."""
    import os

    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, Path(os.devnull).open("w", encoding="utf-8"))  # noqa: SIM115
    return main(argv)


def _version(_args: argparse.Namespace) -> int:
    print(f"andon-kiosk {__version__}")
    return 0


def _without_station(args: argparse.Namespace) -> Callable[[argparse.Namespace], int] | None:
    """The command, if it runs without a station (a file to check, a port to try)."""
    if args.version:
        return _version
    by_command: dict[str | None, Callable[[argparse.Namespace], int]] = {
        "config": admin.check_config,
        "simulate-device": hw.simulate,
    }
    if args.command == "users" and args.users_command == "hash-pin":
        by_command["users"] = admin.hash_pin
    if args.command == "hw":
        by_command["hw"] = {"ports": hw.ports, "set": hw.set_lamps, "lamp-test": hw.lamp_test}[
            args.hw_command
        ]
    if args.command == "db" and getattr(args, "url", None):
        by_command["db"] = admin.upgrade_url
    return by_command.get(args.command)


def _dispatch(args: argparse.Namespace) -> int:
    alone = _without_station(args)
    if alone is not None:
        return alone(args)
    store_only = args.command == "users" or (
        args.command == "db" and args.db_command == "upgrade" and not args.shared
    )
    try:
        cfg = load_config(args, store_only=store_only)
    except (ConfigError, NoStation) as exc:
        if args.command is None and args.fullscreen and not args.screenshot:
            return kiosk.config_error(args, exc)  # a kiosk in kiosk mode: on its screen
        raise
    run = {
        "db": admin.db,
        "users": admin.users,
        "report": report.run,
        "sync": sync_status.run,
        "plant-service": plant.run,
    }.get(args.command, kiosk.run)
    return run(args, cfg)
