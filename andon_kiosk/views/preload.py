"""The chart library (pyqtgraph, numpy) takes a quarter of a second to import: do it on a
thread of its own from the moment the application starts, so the GUI thread never stalls on it.

The production page used to be built 1.5 s after the window appeared, and its import froze
the GUI thread for 300-470 ms at that moment (the longest stall of the tap benchmark). Now
the import overlaps the store's opening, and the window builds the page before its first
frame (it then only waits for what is left of the import).
"""

from __future__ import annotations

import functools
import threading


def _import() -> None:
    import numpy  # noqa: F401
    import pyqtgraph  # noqa: F401


@functools.cache
def _loader() -> threading.Thread:
    thread = threading.Thread(target=_import, name="preload-charts", daemon=True)
    thread.start()
    return thread


def start() -> None:
    """Begin importing the chart library in the background (once)."""
    _loader()


def wait() -> None:
    """Until the chart library is imported (at once if it already is)."""
    _loader().join()
