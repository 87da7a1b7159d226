"""`andon-kiosk db …`, `users …` and `config check`: looking after a station from a shell."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from andon_kiosk import config as station_config
from andon_kiosk.config import StationConfig
from andon_kiosk.core.accounts import User
from andon_kiosk.core.permissions import Role

from .options import store_path

if TYPE_CHECKING:
    from andon_kiosk.app.station import Station


def read_pin(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().strip()
    if not sys.stdin.isatty():
        raise ValueError("no terminal to ask for the PIN on: give --pin-stdin and pipe it in")
    pin = getpass.getpass("PIN: ")
    if getpass.getpass("PIN again: ") != pin:
        raise ValueError("the two PINs differ")
    return pin


def check_config(args: argparse.Namespace) -> int:
    cfg = station_config.load(args.path)
    print(f"{args.path}: ok (line {cfg.line}, station {cfg.station})")
    return 0


def hash_pin(args: argparse.Namespace) -> int:
    from andon_kiosk.core.accounts import DEFAULT_MIN_PIN, check_pin_format
    from andon_kiosk.core.accounts import hash_pin as make_hash

    pin = read_pin(args.pin_stdin)
    check_pin_format(pin, DEFAULT_MIN_PIN)  # for a new user in a station file
    print(make_hash(pin))
    return 0


def db(args: argparse.Namespace, cfg: StationConfig) -> int:
    if args.db_command == "add-station":
        from .stations import add_station

        return add_station(args, cfg)
    return _upgrade_store(args, cfg)


def _upgrade_store(args: argparse.Namespace, cfg: StationConfig) -> int:
    from andon_kiosk.app.station import default_store_path
    from andon_kiosk.store import db as store
    from andon_kiosk.store.health import StoreUnusable
    from andon_kiosk.store.opening import open_store

    if args.shared:
        from .sync_status import shared_database

        shared = shared_database(cfg)
        return _upgrade(shared.engine, shared.describe())
    path = store_path(args) or cfg.store_path or default_store_path(cfg.station)
    # checked, then migrated; refuses a broken file; starts an empty one if there is none
    engine, fault, _ = open_store(path, new=True)
    try:
        if fault is not None:
            raise StoreUnusable(fault)
        print(f"{path}: schema at revision {store.current_revision(engine)}")
    finally:
        engine.dispose()
    return 0


def upgrade_url(args: argparse.Namespace) -> int:
    """`db upgrade --url URL`: another database, by URL."""
    from andon_kiosk.store import db as store

    engine = store.make_engine(args.url)
    return _upgrade(engine, engine.url.render_as_string(hide_password=True))


def _upgrade(engine, where: str) -> int:
    from andon_kiosk.store import db as store

    try:
        store.upgrade(engine)
        print(f"{where}: schema at revision {store.current_revision(engine)}")
    finally:
        engine.dispose()
    return 0


@contextlib.contextmanager
def store_errors_named(station: Station) -> Iterator[None]:
    """A store error met by a command, named like one found at start ("the store … cannot be
    written: the disk is full")."""
    from andon_kiosk.store.health import StoreUnusable, classify, is_store_error

    try:
        yield
    except Exception as exc:
        if not is_store_error(exc) or isinstance(exc, StoreUnusable):
            raise
        raise StoreUnusable(classify(exc, station.store_path)) from exc


def users(args: argparse.Namespace, cfg: StationConfig) -> int:
    from andon_kiosk.app.accounts import SHELL_ADMIN
    from andon_kiosk.app.station import Station

    station = Station.open(cfg, store_path=store_path(args), create=False)
    try:
        with store_errors_named(station):
            return _users(args, station, SHELL_ADMIN)
    finally:
        station.close()


def _users(args: argparse.Namespace, station: Station, shell: User) -> int:
    accounts = station.accounts
    if args.users_command == "add":
        user = User(args.id, args.name, Role(args.role), args.badge or None)
        accounts.add_user(shell, user, read_pin(args.pin_stdin))
        print(f"added {user.id} ({user.name}, {user.role.value})")
    elif args.users_command == "disable":
        accounts.set_active(shell, args.id, False)
        print(f"disabled {args.id}")
    else:
        _list_users(station)
        return 0
    shared = station.config.shared
    if shared is not None and not shared.admin_station:
        print(
            "this station is not an admin station ([shared] admin_station = false): the change "
            "stays here; users reach the whole plant from the admin station"
        )
    return 0


def _list_users(station: Station) -> None:
    for u in station.accounts.users():
        state = "active" if u.active else "disabled"
        print(f"{u.id:<10} {u.role.value:<10} {state:<9} {u.badge or '-':<14} {u.name}")
