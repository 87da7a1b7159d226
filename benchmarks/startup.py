"""Start-up and tap-to-commit figures for the kiosk (issue: kiosk core).

    python benchmarks/startup.py --json

first_frame_s         process start → the main window's first painted frame, offscreen, on the
                      demo configuration with an existing store (median of --runs starts;
                      first_frame_s_first is the very first start, which also creates and
                      migrates the store and hashes the demo PINs)
tap_to_commit_ms_*    a tap on a category button → the ticket committed to SQLite (WAL,
                      synchronous=FULL) and shown (reason picker up, card in the list, window
                      repainted), over --taps taps
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def first_frame(store: Path, env: dict[str, str]) -> float:
    started = time.time()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "andon_kiosk",
            "--demo",
            "--store",
            str(store),
            "--first-frame-probe",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("first_frame_at="))
    return float(line.split("=", 1)[1]) - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def tap_to_commit(store: Path, taps: int) -> list[float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from andon_kiosk.app.demo import demo_config, demo_user
    from andon_kiosk.app.station import Station
    from andon_kiosk.core.events import EventKind
    from andon_kiosk.core.permissions import Role
    from andon_kiosk.views import launch

    launch.application("zh_CN")
    station = Station.open(demo_config(prehashed=True), store_path=store)
    vm, window = launch.open_window(station)
    window.resize(1280, 800)
    window.show()
    launch.settle(vm)
    vm.session.sign_in(demo_user(Role.ADMIN))  # to cancel each benchmark ticket afterwards
    buttons = window.home.category_buttons
    timings = []
    for i in range(taps):
        button = buttons[i % len(buttons)]
        before = {t.id for t in vm.tickets()}
        t0 = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        launch.wait_until(
            lambda before=before: (
                window.current_page() is window.reason_page
                and window.reason_page.ticket_id not in before
            )
        )
        window.repaint()
        timings.append((time.perf_counter() - t0) * 1000)
        new_id = window.reason_page.ticket_id
        window.show_home()
        vm.act(new_id, EventKind.CANCELLED, {"text": "benchmark"})  # untimed clean-up
        launch.wait_until(
            lambda new_id=new_id: vm.ticket(new_id) is not None and not vm.ticket(new_id).is_open
        )
        QApplication.processEvents()
    vm.stop()
    window.close()
    station.close()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--taps", type=int, default=220)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="andon-bench-") as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": tmp}
        frames = [first_frame(Path(tmp) / "startup.sqlite3", env) for _ in range(args.runs + 1)]
        taps = tap_to_commit(Path(tmp) / "taps.sqlite3", args.taps)
    figures = {
        "first_frame_s": round(statistics.median(frames[1:]), 3),
        "first_frame_s_first": round(frames[0], 3),
        "first_frame_s_max": round(max(frames[1:]), 3),
        "tap_to_commit_ms_p50": round(percentile(taps, 50), 2),
        "tap_to_commit_ms_p99": round(percentile(taps, 99), 2),
        "tap_to_commit_ms_max": round(max(taps), 2),
        "taps": len(taps),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "goals": {"first_frame_s": 2.0, "tap_to_commit_ms_p99": 50},
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>24}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
