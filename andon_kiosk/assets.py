"""Where the Designer forms (`ui/`) and resources (fonts, translations, samples) are found.

In a source checkout (and an editable install) they sit next to the package; a built wheel or
a PyInstaller bundle carries them inside the package as `_data/`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _root(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the kiosk's {name}/ folder is missing next to {_PACKAGE}")


def ui_file(name: str) -> Path:
    return _root("ui") / name


def resource(*parts: str) -> Path:
    return _root("resources").joinpath(*parts)
