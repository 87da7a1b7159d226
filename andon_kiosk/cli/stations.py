"""`andon-kiosk db add-station`: a station's own login to the shared database.

Run with the database owner's station file (its [shared] url and password are the owner's).
The new password is written to a file only this user can read, never printed: the output
says where it is and where it goes on the station.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from andon_kiosk.config import StationConfig


def add_station(args: argparse.Namespace, cfg: StationConfig) -> int:
    from andon_kiosk.sync import logins

    from .sync_status import shared_database

    login = logins.StationLogin(
        login=logins.login_for(args.station),
        station=args.station,
        lines=None if args.all_lines else tuple(args.lines),
        admin=args.admin,
    )
    shared = shared_database(cfg)
    where = shared.describe()
    target: Path | None = None
    try:
        # the commit is inside: a password file stays only if the server took its password
        with shared.transaction() as connection:
            new_secret = args.rotate or not logins.exists(connection, login.login)
            target = _secret_path(args, login.login) if new_secret else None
            password = logins.new_password() if new_secret else None
            if target is not None:
                _write_secret(target, password, given=args.password_file is not None)
            outcome = logins.add_station(connection, login, password, rotate=args.rotate)
    except BaseException:
        if target is not None:
            target.unlink(missing_ok=True)  # no orphan secret left behind
        raise
    finally:
        shared.dispose()
    scope = "every line" if login.lines is None else "line " + ", ".join(login.lines)
    rights = "; it may add and change users" if login.admin else ""
    verb = {"created": "created", "rotated": "new password for", "updated": "updated"}[outcome]
    print(f"{verb} login {login.login} on {where}: station {login.station} writes {scope}{rights}")
    if target is None:
        print("its password is unchanged (--rotate gives it a new one)")
        return 0
    print(f"its password is in {target} (readable by you only). On the station:")
    print("  copy it to /etc/andon/shared.password (mode 600, owned by the kiosk's user),")
    print(f'  and in its station file: [shared] url = "{shared.url_for(login.login)}"')
    print(f'  password_file = "/etc/andon/shared.password"; then delete {target}')
    return 0


def _secret_path(args: argparse.Namespace, login: str) -> Path:
    return args.password_file or Path(f"{login}.password")


def _write_secret(path: Path, secret: str, *, given: bool) -> None:
    """A new file, 0600; an existing one is never overwritten."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        which = "--password-file" if given else "the password file (the default path)"
        raise ValueError(
            f"{which} {path} exists: move it away or give --password-file PATH"
        ) from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(secret + "\n")
