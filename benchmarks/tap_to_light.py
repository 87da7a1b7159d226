"""Tap on a category button → the last byte of the lamp frame at the tower (issue: serial).

    python benchmarks/tap_to_light.py --json [--protocol modbus-rtu|usb-tower] [--taps 220]

The real kiosk runs (window, view-model, store worker, tower worker) against a simulated tower
on a pseudo-terminal. A pty moves bytes instantly, so the 9600 8N1 line is modelled at the
device end: each chunk the kiosk wrote occupies the line for 10 bits per byte, queued behind
the previous one, and the lamp is lit when the frame's last byte has crossed the wire.

p50_ms, p99_ms      tap → last byte of the lamp frame at the tower, wire time included
wire_ms             the lamp frame's own time on the wire
taps                taps measured (each raise is cancelled, untimed, before the next)
gui_block_ms_max    the longest the GUI thread went without processing events (a 1 ms timer)
gui_block_at        when that was: seconds into the run, which tap, and the benchmark's step
gui_block_doing     what the GUI thread was doing then (its Python stack, sampled by another
                    thread while the timer was late)
page_ms_p50, _p99   tap → the reason picker showing (how much of a double tap's window the
                    page switch already takes: the tap guard starts counting from it)
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BAUD = 9600
BITS_PER_BYTE = 10  # start + 8 data + stop
FRAMES = {  # the frame that lights red, per protocol
    "modbus-rtu": bytes.fromhex("01 05 00 00 FF 00 8C 3A"),
    "usb-tower": bytes([0x11]),  # red on (the buzzer's pulse is a separate 0x48)
}


def wire_s(n_bytes: int) -> float:
    return n_bytes * BITS_PER_BYTE / BAUD


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def last_byte_at(arrivals: list, start: int, frame: bytes) -> float | None:
    """When the last byte of `frame` (written after arrival `start`) left the wire."""
    line_free = 0.0
    data = b""
    ends = []  # (cumulative byte count, time its last byte was on the device side)
    for arrival in arrivals[start:]:
        begin = max(line_free, arrival.at)  # written now, or when the line is free
        line_free = begin + wire_s(len(arrival.data))
        data += arrival.data
        ends.append((len(data), begin))
        index = data.find(frame)
        if index >= 0:
            last = index + len(frame)
            offset = 0
            for count, chunk_begin in ends:
                if count >= last:
                    return chunk_begin + wire_s(last - offset)
                offset = count
    return None


class StallWatch:
    """Samples the GUI thread's Python stack whenever its 1 ms timer is late, so the longest
    stall comes with what the kiosk was doing (the sampler runs on its own thread)."""

    LATE_S = 0.016

    def __init__(self) -> None:
        self.beat = time.perf_counter()
        self.step = "start"  # what the benchmark is doing: set by the loop
        self.stalls: list[tuple[float, float, str, str]] = []  # (start, length, step, stack)
        self._gui = threading.get_ident()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._origin = time.perf_counter()
        self._thread.start()

    def tick(self) -> None:
        now = time.perf_counter()
        if now - self.beat > self.LATE_S and self.stalls and self.stalls[-1][1] < 0:
            start, _, step, stack = self.stalls[-1]
            self.stalls[-1] = (start, now - self.beat, step, stack)
        self.beat = now

    def _run(self) -> None:
        while not self._stop.wait(0.002):
            beat = self.beat
            late = time.perf_counter() - beat
            if late <= self.LATE_S:
                continue
            frame = sys._current_frames().get(self._gui)
            stack = " < ".join(
                f"{Path(f.filename).name}:{f.lineno} {f.name}"
                for f in reversed(traceback.extract_stack(frame)[-8:])
            )
            if not self.stalls or self.stalls[-1][0] != beat - self._origin:
                self.stalls.append((beat - self._origin, -1.0, self.step, stack))
            elif late > 0.05 and stack != self.stalls[-1][3]:
                start, length, step, _ = self.stalls[-1]  # deeper into it: the latest stack
                self.stalls[-1] = (start, length, step, stack)

    def stop(self) -> tuple[float, str, str]:
        self._stop.set()
        self._thread.join()
        done = [s for s in self.stalls if s[1] >= 0]
        if not done:
            return 0.0, f"no stall over {self.LATE_S * 1000:.0f} ms", ""
        start, _length, step, stack = max(done, key=lambda s: s[1])
        return start, f"{start:.1f} s in, {step}", stack


def main() -> int:  # noqa: PLR0915 (one straight-line measurement)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--taps", type=int, default=220)
    parser.add_argument("--protocol", choices=sorted(FRAMES), default="modbus-rtu")
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtTest import QTest

    from andon_kiosk.app.demo import demo_config, demo_user
    from andon_kiosk.app.station import Station
    from andon_kiosk.config import Devices, LightDevice
    from andon_kiosk.core.events import EventKind
    from andon_kiosk.core.light import Lamp, LampMode
    from andon_kiosk.core.permissions import Role
    from andon_kiosk.hw.sim.devices import UsbTowerSim
    from andon_kiosk.hw.sim.endpoints import PtyEndpoint
    from andon_kiosk.hw.sim.runner import SimulatedDevice
    from andon_kiosk.views import launch

    launch.application("zh_CN")
    tmp = Path(tempfile.mkdtemp(prefix="andon-bench-"))
    extra = None
    if args.protocol == "usb-tower":
        extra = SimulatedDevice(PtyEndpoint(tmp / "usb"), UsbTowerSim()).start()
        light = LightDevice("usb-tower", port=extra.path)
    else:
        light = LightDevice("simulated")
    cfg = replace(demo_config(prehashed=True), devices=replace(Devices.none(), light=light))
    station = Station.open(cfg, store_path=tmp / "bench.sqlite3")
    vm, window = launch.open_window(station)
    window.resize(1280, 800)
    window.show()
    launch.settle(vm)
    device = extra or vm.devices.simulators["tower"]
    launch.wait_until(lambda: vm.lights.shown is not None)
    vm.session.sign_in(demo_user(Role.ADMIN))  # to cancel each benchmark ticket afterwards

    ticks: list[float] = []
    watch = StallWatch()
    watchdog = QTimer()
    watchdog.setTimerType(Qt.TimerType.PreciseTimer)
    watchdog.setInterval(1)
    clock = QElapsedTimer()
    clock.start()

    def beat() -> None:
        ticks.append(clock.nsecsElapsed() / 1e6)
        watch.tick()

    watchdog.timeout.connect(beat)
    watchdog.start()

    frame = FRAMES[args.protocol]
    button = window.home.category_button("machine")
    latencies, page_ms = [], []
    for n in range(args.taps):
        start = len(device.arrivals)
        watch.step = f"tap {n + 1}: raise"
        t0 = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        found: list[float] = []

        def arrived(start: int = start, found: list[float] = found) -> bool:
            at = last_byte_at(device.arrivals, start, frame)
            if at is not None:
                found.append(at)
            return bool(found)

        if not launch.wait_until(arrived, timeout_s=5):
            got = b"".join(a.data for a in device.arrivals[start:]).hex(" ")
            raise SystemExit(f"the lamp frame never reached the tower (got {got})")
        latencies.append((found[0] - t0) * 1000)
        launch.wait_until(lambda: window.current_page() is window.reason_page, timeout_s=5)
        page_ms.append((time.perf_counter() - t0) * 1000)
        ticket = window.reason_page.ticket_id
        watch.step = f"tap {n + 1}: cancel (untimed clean-up)"
        window.show_home()
        vm.act(ticket, EventKind.CANCELLED, {"text": "benchmark"})  # untimed clean-up
        launch.wait_until(
            lambda: (
                device.model.outputs().lamps.get(Lamp.RED) is LampMode.OFF
                and vm.lights.shown is not None
                and vm.lights.shown.mode(Lamp.GREEN) is LampMode.ON
            )
        )
    watchdog.stop()
    _, when, doing = watch.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    vm.stop()
    window.close()
    station.close()
    if extra is not None:
        extra.stop()

    figures = {
        "protocol": args.protocol,
        "baud": BAUD,
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "max_ms": round(max(latencies), 2),
        "wire_ms": round(wire_s(len(frame)) * 1000, 2),
        "taps": len(latencies),
        "gui_block_ms_max": round(max(gaps), 2),
        "gui_block_ms_p99": round(percentile(gaps, 99), 2),
        "gui_block_at": when,
        "gui_block_doing": doing,
        "page_ms_p50": round(statistics.median(page_ms), 2),
        "page_ms_p99": round(percentile(page_ms, 99), 2),
        "goals": {"p99_ms": 50, "gui_block_ms_max": 16},
    }
    print(json.dumps(figures) if args.json else json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
