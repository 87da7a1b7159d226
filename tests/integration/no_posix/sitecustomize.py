"""Makes this interpreter look like Windows to andon_kiosk's own code, for
tests/integration/test_without_posix.py: POSIX-only modules cannot be imported *by
andon_kiosk* (third-party packages keep theirs: pyserial picks its backend by platform, as it
does on Windows), and `os` has no pseudo-terminals.

Loaded by the interpreter at start through PYTHONPATH (the `site` module imports it).
"""

import os
import sys

BLOCKED = frozenset(
    {"tty", "termios", "fcntl", "pty", "grp", "pwd", "resource", "posix", "syslog", "crypt"}
)


class _NotOnWindows:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] not in BLOCKED:
            return None
        frame = sys._getframe(1)
        while frame is not None and frame.f_globals.get("__name__", "").startswith(
            ("importlib", "_frozen_importlib")
        ):
            frame = frame.f_back
        importer = frame.f_globals.get("__name__", "") if frame is not None else ""
        if importer.partition(".")[0] == "andon_kiosk":
            raise ModuleNotFoundError(f"No module named {name!r} (not on Windows)", name=name)
        return None


sys.meta_path.insert(0, _NotOnWindows())
for _name in ("openpty", "forkpty", "ttyname"):
    if hasattr(os, _name):
        delattr(os, _name)
