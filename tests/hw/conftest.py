"""Real lines for device tests: pseudo-terminals, loopback TCP, an independent Modbus server."""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import sys
import threading
import time
import tty
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from andon_kiosk.core.light import LightState
from andon_kiosk.hw.sim.endpoints import PtyEndpoint, Unplugged

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals need a POSIX system", allow_module_level=True)


def wait_for(condition: Callable[[], bool], timeout: float = 3.0) -> bool:
    """Poll a condition on state that worker threads change (no Qt here, no event loop)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


class Recorder:
    """A tower listener that remembers what the worker reported."""

    def __init__(self) -> None:
        self.confirmed: list[LightState] = []
        self.status: list[tuple[bool, str]] = []

    def tower_confirmed(self, state: LightState) -> None:
        self.confirmed.append(state)

    def tower_status(self, online: bool, detail: str) -> None:
        self.status.append((online, detail))

    @property
    def online(self) -> bool | None:
        return self.status[-1][0] if self.status else None


class Counted:
    """A counter listener that remembers what the worker reported."""

    def __init__(self) -> None:
        self.parts: list[tuple[int, int]] = []
        self.status: list[tuple[bool, str]] = []

    def counted(self, parts: int, reading: int) -> None:
        self.parts.append((parts, reading))

    def counter_status(self, online: bool, detail: str) -> None:
        self.status.append((online, detail))

    @property
    def total(self) -> int:
        return sum(p for p, _ in self.parts)


class NullModem:
    """Two pseudo-terminals joined like a null-modem cable.

    The kiosk opens `kiosk_path` (a stable link, like /dev/serial/by-id/...), the device opens
    `device_path`. `unplug()`/`plug()` pull and replug the kiosk's adapter. Bytes from the
    kiosk are recorded with the moment they got through.
    """

    def __init__(self, link: Path) -> None:
        self.kiosk = PtyEndpoint(link)
        master, slave = os.openpty()
        tty.setraw(master)
        tty.setraw(slave)
        self._device_master, self._device_slave = master, slave
        self.device_path = os.ttyname(slave)
        self.sent: list[tuple[float, bytes]] = []
        self.corrupt_next_reply = b""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    @property
    def kiosk_path(self) -> str:
        return self.kiosk.path

    def unplug(self) -> None:
        self.kiosk.unplug()

    def plug(self) -> None:
        self.kiosk.plug()

    def wire(self) -> bytes:
        return b"".join(data for _, data in self.sent)

    def _pump(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.kiosk.read(0.002)
            except Unplugged:
                data = b""
                time.sleep(0.005)
            if data:
                self.sent.append((time.perf_counter(), data))
                os.write(self._device_master, data)
            ready, _, _ = select.select([self._device_master], [], [], 0.002)
            if ready:
                reply = os.read(self._device_master, 4096)
                with contextlib.suppress(Unplugged):
                    self.kiosk.write(self.corrupt_next_reply + reply)
                self.corrupt_next_reply = b""

    def close(self) -> None:
        self._stop.set()
        self._thread.join(1)
        self.kiosk.close()
        for fd in (self._device_master, self._device_slave):
            with contextlib.suppress(OSError):
                os.close(fd)


class PymodbusBoard:
    """pymodbus's own RTU server as the relay board: an implementation that is not ours."""

    def __init__(self, port: str, unit: int = 1) -> None:
        from pymodbus.server import ModbusSerialServer
        from pymodbus.simulator import DataType, SimData, SimDevice

        self.coils: dict[int, bool] = {}
        self.writes = 0
        self.count = 0  # what a part counter on registers 0-1 shows (high word first)
        self.count_reads = 0

        async def watch(function_code, start_address, address, count, current, set_values):
            if set_values is not None and function_code in (5, 15):
                self.writes += 1
                for offset, value in enumerate(set_values):
                    self.coils[address + offset] = bool(value)
            if set_values is None and function_code in (3, 4) and address == 0:
                self.count_reads += 1
                current[0:2] = [(self.count >> 16) & 0xFFFF, self.count & 0xFFFF]

        bits = [SimData(0, count=256, values=False, datatype=DataType.BITS)]
        regs = [SimData(0, count=8, values=0, datatype=DataType.REGISTERS)]
        device = SimDevice(id=unit, simdata=(bits, list(bits), regs, list(regs)), action=watch)
        self._loop = asyncio.new_event_loop()
        self._server = None
        started = threading.Event()

        async def serve() -> None:
            self._server = ModbusSerialServer(device, port=port, baudrate=9600)
            started.set()
            await self._server.serve_forever()

        self._thread = threading.Thread(
            target=lambda: self._loop.run_until_complete(serve()), daemon=True
        )
        self._thread.start()
        started.wait(3)

    def lit(self, coil_map: dict[str, int]) -> set[str]:
        return {name for name, coil in coil_map.items() if self.coils.get(coil)}

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._server.shutdown(), self._loop).result(3)
        self._thread.join(2)


@pytest.fixture
def null_modem(tmp_path: Path) -> Iterator[NullModem]:
    modem = NullModem(tmp_path / "by-id-tower")
    yield modem
    modem.close()


@pytest.fixture
def pymodbus_board(null_modem: NullModem) -> Iterator[PymodbusBoard]:
    board = PymodbusBoard(null_modem.device_path)
    yield board
    board.close()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()
