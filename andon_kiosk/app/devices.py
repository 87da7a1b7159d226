"""The station's devices, from its configuration: a worker per configured device, and for a
`simulated` one an in-process simulator on a pseudo-terminal (TCP on Windows) that the worker
drives exactly as it would drive the real thing.

Workers call back from their own threads; `DeviceSignals` turns those calls into Qt signals
delivered on the GUI thread.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from andon_kiosk.config import BadgeDevice, CounterDevice, Devices, LightDevice
from andon_kiosk.core.light import LightState
from andon_kiosk.hw.badge_worker import BadgeWorker
from andon_kiosk.hw.counter import CountTracker, ModbusCounter
from andon_kiosk.hw.counter_worker import CounterWorker
from andon_kiosk.hw.line_worker import LineWorker
from andon_kiosk.hw.link import PortSpec
from andon_kiosk.hw.patlite import PatlitePns
from andon_kiosk.hw.relay_tower import RelayTower
from andon_kiosk.hw.sim.devices import BadgeReaderSim, ModbusDeviceSim
from andon_kiosk.hw.sim.endpoints import PTYS, PtyEndpoint, TcpEndpoint
from andon_kiosk.hw.sim.runner import SimulatedDevice
from andon_kiosk.hw.tower_worker import TowerProtocol, TowerWorker
from andon_kiosk.hw.usb_tower import UsbTower

log = logging.getLogger(__name__)


class DeviceSignals(QObject):
    """Listener for every worker; each callback (worker thread) becomes a queued signal."""

    towerConfirmed = Signal(object)  # LightState
    towerStatus = Signal(bool, str)
    partsCounted = Signal(int, int)  # parts, counter reading
    counterStatus = Signal(bool, str)
    badgeRead = Signal(str)
    badgeStatus = Signal(bool, str)

    def tower_confirmed(self, state: LightState) -> None:
        self.towerConfirmed.emit(state)

    def tower_status(self, online: bool, detail: str) -> None:
        self.towerStatus.emit(online, detail)

    def counted(self, parts: int, reading: int) -> None:
        self.partsCounted.emit(parts, reading)

    def counter_status(self, online: bool, detail: str) -> None:
        self.counterStatus.emit(online, detail)

    def badge_read(self, badge: str) -> None:
        self.badgeRead.emit(badge)

    def badge_status(self, online: bool, detail: str) -> None:
        self.badgeStatus.emit(online, detail)


def tower_protocol(light: LightDevice) -> TowerProtocol:
    if light.protocol in ("modbus-rtu", "simulated"):
        return RelayTower(light.unit, dict(light.coils), light.board, light.lease_s)
    if light.protocol == "patlite-pns":
        return PatlitePns()
    if light.protocol == "usb-tower":
        return UsbTower()
    raise ValueError(f"no tower protocol {light.protocol!r}")


def _endpoint() -> PtyEndpoint | TcpEndpoint:
    return PtyEndpoint() if PTYS else TcpEndpoint()


class StationDevices:
    """Starts, feeds and stops the station's device workers (and simulators)."""

    def __init__(self, config: Devices, signals: DeviceSignals) -> None:
        self.config, self.signals = config, signals
        self.simulators: dict[str, SimulatedDevice] = {}
        self.workers: list[LineWorker] = []
        self.tower: TowerWorker | None = None
        self.has_counter = config.counter.protocol != "none"
        self._counting: tuple[ModbusDeviceSim, float] | None = None  # a simulated line
        self._stopped = False
        self.has_badge = config.badge.protocol != "none"
        self._build_tower(config.light)
        self._build_counter(config.counter)
        self._build_badge(config.badge)

    @property
    def has_tower(self) -> bool:
        return self.tower is not None

    @property
    def tower_confirms(self) -> bool:
        return self.tower is not None and self.tower.confirms

    def start(self) -> None:
        for simulator in self.simulators.values():
            simulator.start()
        for worker in self.workers:
            worker.start()

    def show(self, state: LightState) -> None:
        if self.tower is not None:
            self.tower.show(state)

    def line_stopped(self, stopped: bool) -> None:
        """A simulated counter makes parts only while the line runs (a real line's counter
        does that by itself): the demo's output no longer grew during a stop."""
        if self._counting is not None and stopped != self._stopped:
            self._stopped = stopped
            sim, rate = self._counting
            sim.run_line(0.0 if stopped else rate)

    def stop(self) -> None:
        """Stop every worker; the tower is switched off first: with nobody driving it, it
        must not go on showing "running"."""
        if self.tower is not None:
            self.tower.stop(all_off=True)
        for worker in self.workers:
            worker.stop()
        for simulator in self.simulators.values():
            simulator.stop()

    def _port(self, name: str, protocol: str, port: str, model: object) -> str:
        if protocol != "simulated":
            return port
        simulator = SimulatedDevice(_endpoint(), model)  # type: ignore[arg-type]
        self.simulators[name] = simulator
        log.info("simulated %s on %s", name, simulator.path)
        return simulator.path

    def _build_tower(self, light: LightDevice) -> None:
        if light.protocol == "none":
            return
        coils = dict(light.coils)
        board = ModbusDeviceSim(unit=light.unit, coils=max(coils.values()) + 1, coil_map=coils)
        port = self._port("tower", light.protocol, light.port, board)
        spec = PortSpec(port, baudrate=light.baudrate, reply_timeout_s=light.reply_timeout_s)
        self.tower = TowerWorker(
            spec,
            tower_protocol(light),
            self.signals,
            blink_s=light.blink_s,
            heartbeat_s=light.heartbeat_s,
        )
        self.workers.append(self.tower)

    def _build_counter(self, counter: CounterDevice) -> None:
        if counter.protocol == "none":
            return
        sim = ModbusDeviceSim(unit=counter.unit, coils=1)
        sim.word_order = counter.word_order
        sim.run_line(counter.parts_per_minute)
        port = self._port("counter", counter.protocol, counter.port, sim)
        if counter.protocol == "simulated":
            self._counting = (sim, counter.parts_per_minute)
        spec = PortSpec(port, baudrate=counter.baudrate, reply_timeout_s=counter.reply_timeout_s)
        device = ModbusCounter(counter.unit, counter.address, counter.function, counter.word_order)
        self.workers.append(
            CounterWorker(
                spec,
                device,
                self.signals,
                poll_s=counter.poll_s,
                tracker=CountTracker(max_step=counter.max_step),
            )
        )

    def _build_badge(self, badge: BadgeDevice) -> None:
        if badge.protocol == "none":
            return
        port = self._port("badge", badge.protocol, badge.port, BadgeReaderSim())
        spec = PortSpec(port, baudrate=badge.baudrate)
        self.workers.append(
            BadgeWorker(
                spec,
                self.signals,
                id_format=badge.id_format,
                repeat_s=badge.repeat_s,
            )
        )
