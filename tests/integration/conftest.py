"""The `andon-kiosk` command run as a separate process, in a private home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A private data dir, config dir and home; offscreen Qt; no station file found."""
    return {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "HOME": str(tmp_path / "home"),
        "QT_QPA_PLATFORM": "offscreen",
        "ANDON_KIOSK_CONFIG": "",
    }


def run(
    env: dict[str, str],
    *args: str,
    stdin: str = "",
    cwd: Path | None = None,
    prefix: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """`andon-kiosk ARGS` (after `prefix`, e.g. `unshare --user`), waited for."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "andon_kiosk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )
