"""The stack light and the station's devices as the screen knows them.

Three things, kept apart on purpose: what the light policy asks the tower to show (`wanted`),
what the tower confirmed it shows (`shown`), and how each device's line is (`tower`,
`counter`, `badge`). The screen draws `shown`, never `wanted`: a tower that refuses, stays
silent, answers garbage or lost its cable is drawn as unknown, never as the state we hoped
for. Until the kiosk has read its tickets nothing is sent (it does not know yet what the
tower should say).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal, Slot

from andon_kiosk.core.light import LightState

from .devices import DeviceSignals, StationDevices


@dataclass(frozen=True)
class Link:
    """One device's line, as the header tells it."""

    configured: bool
    online: bool | None = None  # None: not heard from yet
    detail: str = ""  # the last thing its worker said, for maintenance

    @property
    def failing(self) -> bool:
        return self.configured and self.online is False


class LightModel(QObject):
    """Signals: `changed()` whenever `wanted`, `shown` or a device's `Link` changed."""

    changed = Signal()

    def __init__(
        self, devices: StationDevices, signals: DeviceSignals, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._devices = devices
        self._wanted: LightState | None = None
        self._confirmed: LightState | None = None
        self.tower = Link(devices.has_tower)
        self.counter = Link(devices.has_counter)
        self.badge = Link(devices.has_badge)
        signals.towerConfirmed.connect(self._on_tower_confirmed)
        signals.towerStatus.connect(self._on_tower_status)
        signals.counterStatus.connect(self._on_counter_status)
        signals.badgeStatus.connect(self._on_badge_status)

    @property
    def wanted(self) -> LightState | None:
        """What the light policy asks for; None until the kiosk knows its tickets."""
        return self._wanted

    @property
    def shown(self) -> LightState | None:
        """What the tower on the pole shows as far as we know: its last confirmed state, or
        None (unknown) before the first confirmation and whenever it is not confirmed. Without
        a tower, the state the policy asks for (the screen is the only light)."""
        return self._confirmed if self.tower.configured else self._wanted

    def simulated(self, device: str) -> bool:
        """`device` ("tower", "counter", "badge") is the kiosk's own simulator (`--demo`):
        the screen must not call it OK, there is nothing on a pole."""
        return device in self._devices.simulators

    @property
    def confirms(self) -> bool:
        """Whether the tower answers each frame; one that cannot is only ever "written"."""
        return self._devices.tower_confirms

    def set_wanted(self, state: LightState) -> None:
        if state == self._wanted:
            return
        self._wanted = state
        self._devices.show(state)
        self.changed.emit()

    # ---- the device workers' reports (queued to the GUI thread) ---------------------------
    @Slot(object)
    def _on_tower_confirmed(self, state: LightState) -> None:
        self._confirmed = state
        self.changed.emit()

    @Slot(bool, str)
    def _on_tower_status(self, online: bool, detail: str) -> None:
        if not online:
            self._confirmed = None  # the pole may show anything now: say we do not know
        self.tower = replace(self.tower, online=online, detail=detail)
        self.changed.emit()

    @Slot(bool, str)
    def _on_counter_status(self, online: bool, detail: str) -> None:
        self.counter = replace(self.counter, online=online, detail=detail)
        self.changed.emit()

    @Slot(bool, str)
    def _on_badge_status(self, online: bool, detail: str) -> None:
        self.badge = replace(self.badge, online=online, detail=detail)
        self.changed.emit()
