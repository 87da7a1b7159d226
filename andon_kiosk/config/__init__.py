"""The station's TOML configuration: parsing, validation and the embedded defaults.

A kiosk must not start half-configured: any unknown key, wrong type or impossible value stops
it with one line that names the file and the key, e.g.

    station.toml: station.lnie: unknown key (did you mean 'line'?)

Every section is optional; what is left out takes the embedded default (DOMAIN.md's reason
tree, escalation times and light policy), so `andon-kiosk --demo` needs no file at all.

    schema.py   the file's sections and keys (strict pydantic models)
    build.py    file → domain objects, with the cross-reference checks
    types.py    StationConfig, BootstrapUser, ConfigError
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .build import build
from .schema import COLOUR_PATTERN, KEY_PATTERN, StationFile
from .types import (
    EMBEDDED,
    BadgeDevice,
    BootstrapUser,
    ConfigError,
    CounterDevice,
    Devices,
    DisplayConfig,
    LightDevice,
    StationConfig,
)

__all__ = [
    "EMBEDDED",
    "BadgeDevice",
    "BootstrapUser",
    "ConfigError",
    "CounterDevice",
    "Devices",
    "DisplayConfig",
    "LightDevice",
    "StationConfig",
    "load",
    "parse",
]


CONFIG_FILE_MAX = 1_000_000


def load(path: Path | None) -> StationConfig:
    """The configuration in `path`, or the embedded defaults when `path` is None."""
    if path is None:
        return parse({}, EMBEDDED)
    source = str(path)
    try:
        if path.exists() and not path.is_file():  # a FIFO or a device would hang or not end
            raise ConfigError(source, "", "not a regular file")
        with path.open("rb") as f:
            raw = f.read(CONFIG_FILE_MAX + 1)
    except OSError as exc:
        raise ConfigError(source, "", f"cannot read the file ({exc.strerror})") from None
    if len(raw) > CONFIG_FILE_MAX:
        raise ConfigError(source, "", "larger than a station file can be (1 MB)")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(source, "", "the file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, "", f"not valid TOML: {exc}") from None
    return parse(data, source)


_PATTERN_HELP = {
    KEY_PATTERN: "use lowercase letters, digits and _, starting with a letter",
    COLOUR_PATTERN: "write a colour as #rrggbb, for example #d7261e",
}


def _key(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _suggestion(loc: tuple[Any, ...]) -> str:
    """ " (did you mean 'line'?)" for a misspelt key, found by walking the schema along `loc`."""
    model: Any = StationFile
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if isinstance(model, type) else None
        if field is None:
            return ""
        annotation = field.annotation
        inner = getattr(annotation, "__args__", (annotation,))
        model = next((a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if model is None:
            return ""
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse(data: dict[str, Any], source: str) -> StationConfig:
    try:
        model = StationFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(
            p
            for p in first["loc"]
            if p not in ("function-after", "[key]") and not str(p).startswith("literal[")
        )
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = "unknown key" + _suggestion(loc)
        elif first["type"] == "string_pattern_mismatch":
            message = _PATTERN_HELP.get(first.get("ctx", {}).get("pattern", ""), message)
        if "input" in first and first["type"] not in ("missing", "extra_forbidden", "value_error"):
            message += f" (got {first['input']!r})"
        raise ConfigError(source, _key(loc), message) from None
    return build(model, source)
