"""Commissioning from the command line, against `andon-kiosk simulate-device` in another process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("uses pseudo-terminals", allow_module_level=True)


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "andon_kiosk", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class Simulator:
    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "andon_kiosk", "simulate-device", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.PIPE,
            text=True,
        )
        first = self.proc.stdout.readline()
        assert first.startswith("simulated "), first + self.proc.stderr.read()
        self.port = first.rsplit(" on ", 1)[1].strip()
        self.proc.stdout.readline()  # "point the kiosk at it…"

    def lines_until(self, text: str) -> list[str]:
        seen = []
        for line in self.proc.stdout:
            seen.append(line)
            if text in line:
                return seen
        raise AssertionError(f"{text!r} never printed: {seen}")

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(10)


@pytest.fixture
def relay_board(tmp_path: Path) -> Iterator[Simulator]:
    sim = Simulator("--protocol", "modbus-rtu", "--link", str(tmp_path / "tower"))
    yield sim
    assert sim.stop() == 0


def test_hw_set_on_a_relay_board_leaves_the_rest(relay_board: Simulator) -> None:
    result = kiosk(
        "hw", "set", "--port", relay_board.port, "--protocol", "modbus-rtu", "red=on", "buzzer=on"
    )
    assert result.returncode == 0, result.stderr
    assert "confirmed by the tower" in result.stdout
    assert "01 05 00 00 ff 00 8c 3a" in result.stdout  # relay 1 on
    assert "● red" in relay_board.lines_until("buzzer continuous")[-1]
    result = kiosk("hw", "set", "--port", relay_board.port, "--protocol", "modbus-rtu", "amber=on")
    assert result.returncode == 0
    line = relay_board.lines_until("● amber")[-1]
    assert "● red" in line  # left as it was


def test_lamp_test_walks_every_output(relay_board: Simulator) -> None:
    result = kiosk(
        "hw",
        "lamp-test",
        "--port",
        relay_board.port,
        "--protocol",
        "modbus-rtu",
        "--step-seconds",
        "0.05",
    )
    assert result.returncode == 0, result.stderr
    steps = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert [s.split("]")[1].split()[0] for s in steps] == [
        "red",
        "amber",
        "green",
        "blue",
        "white",
        "buzzer",
        "all",
    ]
    assert all("confirmed" in s for s in steps)


def test_usage_errors_exit_2(relay_board: Simulator) -> None:
    blink = kiosk("hw", "set", "--port", relay_board.port, "--protocol", "modbus-rtu", "red=blink")
    assert blink.returncode == 2 and "cannot blink by itself" in blink.stderr
    typo = kiosk("hw", "set", "--port", relay_board.port, "--protocol", "modbus-rtu", "rde=on")
    assert typo.returncode == 2 and "LAMP=STATE" in typo.stderr


def test_pns_over_tcp_blinks_by_itself(tmp_path: Path) -> None:
    sim = Simulator("--protocol", "patlite-pns", "--tcp-port", "0")
    try:
        assert sim.port.startswith("socket://127.0.0.1:")
        result = kiosk(
            "hw",
            "set",
            "--port",
            sim.port,
            "--protocol",
            "patlite-pns",
            "red=blink",
            "buzzer=blink",
        )
        assert result.returncode == 0, result.stderr
        assert "41 42 53 00 00 06 02 09 09 09 09 02" in result.stdout
        assert "◉ red (blink)" in sim.lines_until("buzzer pulse")[-1]
    finally:
        assert sim.stop() == 0


def test_usb_tower_is_written_not_confirmed(tmp_path: Path) -> None:
    sim = Simulator("--protocol", "usb-tower", "--link", str(tmp_path / "usb"))
    try:
        result = kiosk("hw", "set", "--port", sim.port, "--protocol", "usb-tower", "green=on")
        assert result.returncode == 0, result.stderr
        assert "written (this tower never answers)" in result.stdout
        assert "● green" in sim.lines_until("● green")[-1]
        blue = kiosk("hw", "set", "--port", sim.port, "--protocol", "usb-tower", "blue=on")
        assert blue.returncode == 2 and "no blue lamp" in blue.stderr
    finally:
        assert sim.stop() == 0


def test_a_missing_port_and_a_silent_device_exit_2(tmp_path: Path) -> None:
    missing = kiosk(
        "hw", "set", "--port", str(tmp_path / "nothing"), "--protocol", "modbus-rtu", "red=on"
    )
    assert missing.returncode == 2 and "cannot open" in missing.stderr
    # a pty with nobody answering on the other end
    master, slave = os.openpty()
    try:
        silent = kiosk(
            "hw",
            "set",
            "--port",
            os.ttyname(slave),
            "--protocol",
            "modbus-rtu",
            "--timeout-ms",
            "100",
            "red=on",
        )
        assert silent.returncode == 2 and "no answer from the tower" in silent.stderr
    finally:
        os.close(master)
        os.close(slave)


def test_hw_ports_lists_without_failing() -> None:
    result = kiosk("hw", "ports")
    assert result.returncode == 0
    assert "PORT" in result.stdout or "no serial ports found" in result.stdout


def test_simulated_counter_counts(tmp_path: Path) -> None:
    sim = Simulator(
        "--protocol", "counter", "--link", str(tmp_path / "counter"), "--parts-per-minute", "600"
    )
    try:
        assert "count" in sim.lines_until("count 2")[-1]
    finally:
        assert sim.stop() == 0


def test_simulated_badge_reader_presents_typed_cards(tmp_path: Path) -> None:
    sim = Simulator("--protocol", "rdm6300", "--link", str(tmp_path / "rdm"))
    try:
        reader = os.open(sim.port, os.O_RDONLY | os.O_NOCTTY)
        sim.proc.stdin.write("0A00456789\n")
        sim.proc.stdin.flush()
        sim.lines_until("presented 0A00456789")
        assert os.read(reader, 64).startswith(b"\x020A00456789A1\x03")
        os.close(reader)
    finally:
        assert sim.stop() == 0


def test_a_service_stop_switches_the_tower_off(relay_board: Simulator, tmp_path: Path) -> None:
    """SIGTERM (what `systemctl stop` sends) ends the kiosk as closing it does: the tower
    goes dark instead of showing "running" with nobody behind it."""
    station = tmp_path / "station.toml"
    station.write_text(
        '[station]\nline = "L7"\nstation = "L7-1"\n'
        f'[devices.light]\nprotocol = "modbus-rtu"\nport = "{relay_board.port}"\n'
        '[devices.counter]\nprotocol = "none"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "andon_kiosk", "--config", str(station)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        relay_board.lines_until("● green")  # the kiosk is up and the line runs
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "stopping on SIGTERM" in err and "the stack light was switched off" in err
    assert "● green" not in relay_board.lines_until("buzzer off")[-1]
