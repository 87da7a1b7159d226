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
    target = args.password_file or Path(f"andon-{logins.login_for(args.station)[6:]}.password")
    password = logins.new_password()
    shared = shared_database(cfg)
    try:
        _write_secret(target, password)  # first: a password nobody can find is no use
        try:
            with shared.transaction() as connection:
                created = logins.add_station(connection, login, password, rotate=args.rotate)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    finally:
        shared.dispose()
    scope = "every line" if login.lines is None else "line " + ", ".join(login.lines)
    rights = "; it may add and change users" if login.admin else ""
    print(
        f"{'created' if created else 'new password for'} login {login.login} on "
        f"{shared.describe()}: station {login.station} writes {scope}{rights}"
    )
    print(f"its password is in {target} (readable by you only). On the station:")
    print("  copy it to /etc/andon/shared.password (mode 600, owned by the kiosk's user),")
    print(f'  and in its station file: [shared] url = "postgresql://{login.login}@HOST/DATABASE"')
    print(f'  password_file = "/etc/andon/shared.password"; then delete {target}')
    return 0


def _write_secret(path: Path, secret: str) -> None:
    """A new file, 0600; an existing one is never overwritten."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise ValueError(f"--password-file {path} exists: choose another path") from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(secret + "\n")
