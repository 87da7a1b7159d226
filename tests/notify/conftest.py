"""Local receivers for the notify tests live in tests/conftest.py (`receiver`)."""

from __future__ import annotations

from ..conftest import Receiver

__all__ = ["Receiver"]
