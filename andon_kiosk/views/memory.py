"""Keeping the garbage collector from stalling the GUI thread."""

from __future__ import annotations

import gc


def settle_memory() -> None:
    """Move everything start-up created out of the garbage collector's way.

    A full collection walks every tracked object; with Qt, SQLAlchemy and pymodbus loaded that
    took 30-90 ms, stalling the GUI thread mid-tap. Frozen objects are never walked again, so
    later collections only look at what the running kiosk creates. (No collection first: that
    alone costs as much as the stall it prevents, and start-up leaves little garbage.)
    """
    gc.freeze()
