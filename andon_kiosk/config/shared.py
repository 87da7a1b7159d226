"""The `[shared]` section: where the plant's PostgreSQL is and how to get its password.

The password is never written in the station file (files get copied, mailed and printed): it
comes from an environment variable or from a file readable only by the kiosk's account. It is
resolved here, once, into a `Secret` that no log line or repr shows.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from .calendar import Fail
from .schema import SharedSection
from .types import Secret, SharedConfig

_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg"}


def shared(section: SharedSection, source: str, fail: Fail) -> SharedConfig | None:
    if not section.url:
        if section.password_env or section.password_file:
            raise fail("shared.url", "a password is given but no url")
        return None
    url = _url(section.url, fail)
    if section.password_env and section.password_file:
        raise fail("shared.password_env", "give password_env or password_file, not both")
    password = None
    if section.password_env:
        value = os.environ.get(section.password_env)
        if value is None:
            raise fail(
                "shared.password_env",
                f"the environment variable {section.password_env} is not set",
            )
        password = Secret(value)
    elif section.password_file:
        password = Secret(_read_password(section.password_file, source, fail))
    return SharedConfig(
        url=url,
        password=password,
        connect_timeout_s=section.connect_timeout_seconds,
        operation_timeout_s=section.operation_timeout_seconds,
        batch_size=section.batch_size,
        poll_s=section.poll_seconds,
        max_clock_ahead_s=section.max_clock_ahead_seconds,
        admin_station=section.admin_station,
    )


def _url(text: str, fail: Fail) -> str:
    """postgresql://user@host:port/db?options, checked, with the psycopg driver named."""
    example = "postgresql://andon@db-host:5432/andon"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise fail("shared.url", f"expected a URL like {example}") from None
    if parts.scheme not in _SCHEMES:
        # only the scheme is echoed: whatever follows may hold a password
        got = f" (got {parts.scheme!r})" if parts.scheme else ""
        raise fail("shared.url", f"the shared database is PostgreSQL, like {example}{got}")
    if parts.password is not None:
        # Refuse rather than strip it: the file holding it must be cleaned, not trusted.
        raise fail(
            "shared.url", "remove the password from the url; use password_env or password_file"
        )
    database = parts.path.lstrip("/")
    if not parts.hostname or not database:
        raise fail("shared.url", f"the url needs a host and a database name, like {example}")
    user = f"{parts.username}@" if parts.username else ""
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    where = f"{host}:{port}" if port else host
    query = f"?{parts.query}" if parts.query else ""
    return f"postgresql+psycopg://{user}{where}/{database}{query}"


PASSWORD_FILE_MAX = 4096


def _read_password(name: str, source: str, fail: Fail, key: str = "shared.password_file") -> str:
    """The first line of a secret's file (only a newline ends it), relative to the station
    file; errors name `key`."""
    path = Path(name).expanduser()
    if not path.is_absolute() and source.endswith(".toml"):
        path = Path(source).parent / path  # relative to the station file
    try:
        if path.exists() and not path.is_file():  # a FIFO or /dev/zero: hangs, never ends
            raise fail(key, f"{path} is not a regular file")
        with path.open("rb") as f:
            raw = f.read(PASSWORD_FILE_MAX + 1)
    except OSError as exc:
        raise fail(key, f"cannot read {path} ({exc.strerror})") from None
    if len(raw) > PASSWORD_FILE_MAX:
        raise fail(key, f"{path} is longer than a password file can be")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise fail(key, f"{path} is not UTF-8 text") from None
    lines = text.split("\n")  # only a newline ends the password (not U+2028, \f, …)
    lines = [line.removesuffix("\r") for line in lines]
    if not lines or not lines[0]:
        raise fail(key, f"{path} is empty")
    return lines[0]
