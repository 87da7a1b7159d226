"""The operation runner: results come back on the GUI thread, in order, under load.

The load test is also a guard against the PySide6 6.12.0 regression that corrupted the
refcounts of None/True/False when a worker thread ran during event processing (a fatal
"none_dealloc" within a few thousand operations on Python 3.11).
"""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from andon_kiosk.app.runner import OperationRunner


def test_results_arrive_on_the_gui_thread_in_submission_order(qtbot: QtBot) -> None:
    runner = OperationRunner()
    gui = threading.get_ident()
    seen: list[tuple[int, int, int]] = []
    for i in range(50):
        runner.submit(
            lambda i=i: (i, threading.get_ident()),
            lambda r: seen.append((r[0], r[1], threading.get_ident())),
        )
    qtbot.waitUntil(lambda: len(seen) == 50)
    assert [s[0] for s in seen] == list(range(50))
    assert all(worker != gui and delivered == gui for _, worker, delivered in seen)
    runner.shutdown()


def test_errors_go_to_the_error_callback(qtbot: QtBot) -> None:
    runner = OperationRunner()
    errors: list[BaseException] = []
    runner.submit(lambda: 1 / 0, lambda _: pytest.fail("no result expected"), errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], ZeroDivisionError)
    runner.shutdown()


def test_many_operations_under_event_processing(qtbot: QtBot) -> None:
    runner = OperationRunner()
    done = [0]
    total = 20_000

    def count(_: object) -> None:
        done[0] += 1

    for _ in range(total):
        runner.submit(lambda: None, count)
    qtbot.waitUntil(lambda: done[0] == total, timeout=60_000)
    assert runner.pending == 0
    runner.shutdown()


def test_what_arrives_after_shutdown_is_not_run_and_raises_nothing(qtbot: QtBot) -> None:
    # a notice's outcome queued to the GUI thread just before the kiosk stopped asked for a
    # reload after the runner was shut down: "cannot schedule new futures after shutdown"
    runner = OperationRunner()
    ran: list[int] = []
    runner.submit(lambda: ran.append(1))
    runner.shutdown()
    runner.submit(lambda: ran.append(2), lambda _: ran.append(3))
    assert ran == [1] and runner.pending <= 1
