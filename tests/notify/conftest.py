"""Local receivers for the notify tests live in tests/conftest.py (`receiver`); the real
Mosquitto (`broker`) here."""

from __future__ import annotations

import os
import socket

import pytest

from ..conftest import Receiver

__all__ = ["HOST", "PORT", "Receiver"]

HOST, PORT = "127.0.0.1", 1883


@pytest.fixture
def broker() -> None:
    """Mosquitto on 127.0.0.1:1883; skipped without it, a failure without it when CI=true."""
    try:
        socket.create_connection((HOST, PORT), timeout=2).close()
    except OSError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but Mosquitto is not reachable at {HOST}:{PORT}: {exc}")
        pytest.skip(f"no MQTT broker at {HOST}:{PORT}")
