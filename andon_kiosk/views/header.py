"""The header: line, station, shift, clock, who is signed in, the light, the other devices,
the local store's and the shared database's state."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.light import Link
from andon_kiosk.app.sync import SharedState
from andon_kiosk.core.permissions import Action

from . import labels, scale
from .scale import px
from .tower import StackLightWidget
from .widgets import FitLabel, button, label, set_tone, styled


class HeaderBar(QFrame):
    signInRequested = Signal()
    exitRequested = Signal()  # an administrator closes the kiosk (kiosk mode only)

    def __init__(self, vm: KioskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        styled(self, "header", "header")
        # room for its buttons, which are never under 15 mm where they can grow (scale.touch)
        self.setFixedHeight(max(px(80), scale.touch(64) + 2 * px(6) + px(4)))

        # the line's name shrinks before the header pushes the window past the screen
        self._line = styled(FitLabel(self._title(vm)), "header-line", "header.line")
        self._where = label(kind="header-muted", name="header.station")
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self._line)
        names.addWidget(self._where)

        self._clock = label(kind="header-clock", name="header.clock")
        self._minute: datetime | None = None
        self._light = StackLightWidget(vm.lights.shown, compact=True)
        self._light.setObjectName("header.light")
        self._tower = label(kind="status", name="header.tower")
        self._devices = label(kind="status", name="header.devices")
        self._store = label(kind="status", name="header.store")
        self._shared = label(kind="status", name="header.shared")
        self._user = label(kind="header-muted", name="header.user")
        self._user.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._sign_in = button(self.tr("Sign in"), "header.signIn", "header-button")
        self._sign_out = button(self.tr("Sign out"), "header.signOut", "header-button")
        self._sign_in.clicked.connect(self.signInRequested)
        self._sign_out.clicked.connect(vm.sign_out)
        # kiosk mode has no window frame and no keyboard: an administrator leaves it here
        self.exit = button(self.tr("Close kiosk"), "header.exit", "header-button")
        self.exit.clicked.connect(self.exitRequested)
        self.kiosk_mode = False

        layout = QHBoxLayout(self)
        layout.setContentsMargins(px(20), px(6), px(14), px(6))
        layout.setSpacing(px(14))
        layout.addLayout(names)
        layout.addStretch(1)
        layout.addWidget(self._clock)
        layout.addStretch(1)
        layout.addWidget(self._light)
        for chip in (self._tower, self._devices, self._store, self._shared):
            chip.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            layout.addWidget(chip, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self._user)
        layout.addWidget(self._sign_in)
        layout.addWidget(self._sign_out)
        layout.addWidget(self.exit)

        if vm.config.kind != "line":  # a board drives no tower: its lamps would mean nothing
            self._light.hide()
            self._tower.hide()
        self._devices.setVisible(vm.lights.counter.configured or vm.lights.badge.configured)
        self._follow(vm)

    def _follow(self, vm: KioskModel) -> None:
        vm.ticked.connect(self._on_tick)
        vm.session.changed.connect(self._on_session_changed)
        vm.healthChanged.connect(self._on_health_changed)
        vm.lights.changed.connect(self._on_lights_changed)
        vm.shared.changed.connect(self._on_shared_changed)
        self._on_tick()
        self._on_session_changed()
        self._on_health_changed()
        self._on_lights_changed()
        self._on_shared_changed(vm.shared.state)

    def _title(self, vm: KioskModel) -> str:
        cfg = vm.config
        if cfg.kind == "line":
            return cfg.line_name
        lines = ", ".join(cfg.lines) if cfg.lines else self.tr("all lines")
        if cfg.kind == "board":
            return (
                self.tr("Plant board")
                if not cfg.lines
                else self.tr("Board: %1").replace("%1", lines)
            )
        return self.tr("Maintenance: %1").replace("%1", lines)

    def _on_tick(self) -> None:
        """The clock reads to the minute: repainting it every second was most of what an
        idle kiosk spent its CPU on (the ticket cards' times still count seconds)."""
        now = self._vm.local_time().replace(second=0, microsecond=0)
        if now == self._minute:
            return
        self._minute = now
        self._clock.setText(now.strftime("%H:%M"))
        shift = self._vm.current_shift()
        shift_text = labels.shift(shift.shift.name) if shift else self.tr("Between shifts")
        self._where.setText(f"{self._vm.config.station}  ·  {shift_text}")

    def _on_session_changed(self) -> None:
        session = self._vm.session
        if session.signed_in:
            role = labels.tr(labels.ROLE[session.role])
            self._user.setText(f"{session.user.name}\n{role}")
        else:
            self._user.setText(self.tr("Not signed in"))
        self._sign_in.setVisible(not session.signed_in)
        self._sign_out.setVisible(session.signed_in)
        self.exit.setVisible(self.kiosk_mode and session.may(Action.EXIT_KIOSK))

    def set_kiosk_mode(self, on: bool) -> None:
        self.kiosk_mode = on
        self._on_session_changed()

    def _on_health_changed(self) -> None:
        fault = self._vm.store_fault
        if fault is None:
            text = self.tr("Store OK")
        elif fault.readable:
            text = self.tr("Store FAILING\nnot saving")
        else:
            text = self.tr("Store FAILING\ncannot be read")
        self._store.setText(text)
        self._store.setToolTip(fault.describe() if fault else "")
        set_tone(self._store, "bad" if fault else "")

    def _on_lights_changed(self) -> None:
        lights = self._vm.lights
        self._light.set_state(lights.shown)
        tower = lights.tower
        if not tower.configured:
            text, bad = self.tr("No stack light"), False
        elif tower.failing:
            text, bad = self.tr("Light NOT\nCONFIRMED"), True
        elif lights.shown is None:
            text, bad = self.tr("Light:\nconnecting…"), False
        elif not lights.confirms:
            text, bad = self.tr("Light sent\n(no replies)"), False
        elif lights.simulated("tower"):
            text, bad = self.tr("Simulated\nlight"), False  # never "OK": there is no tower
        else:
            text, bad = self.tr("Light OK"), False
        self._tower.setText(text)
        self._tower.setToolTip(tower.detail)
        set_tone(self._tower, "bad" if bad else "")
        counter = (self.tr("Counter …"), self.tr("Counter OK"), self.tr("Counter OFFLINE"))
        if lights.simulated("counter"):
            counter = (counter[0], self.tr("Simulated counter"), counter[2])
        badge = (self.tr("Badges …"), self.tr("Badges OK"), self.tr("Badges OFFLINE"))
        devices = [(lights.counter, counter), (lights.badge, badge)]
        shown = [(link, texts) for link, texts in devices if link.configured]
        self._devices.setText("\n".join(self._device_line(link, *t) for link, t in shown))
        self._devices.setToolTip("\n".join(link.detail for link, _ in shown if link.detail))
        set_tone(self._devices, "bad" if any(link.failing for link, _ in shown) else "")

    @staticmethod
    def _device_line(link: Link, waiting: str, ok: str, down: str) -> str:
        if link.online is None:
            return waiting
        return ok if link.online else down

    def _on_shared_changed(self, state: SharedState) -> None:
        """Two short lines, so the chip fits beside the others: the state, then the details."""
        details = [self.tr("%n to send", "", state.queued)] if state.queued else []
        tip = state.where
        if state.parked:  # refused or unusable records: someone must look (sync status)
            details.insert(0, self.tr("%n not sent, see sync status", "", state.parked))
        silent = self.tr(
            "NO NOTICES: the plant service, which tells people off the floor, is silent"
        )
        if state.plant_service_silent:  # nobody off the floor is told of escalations
            details.insert(0, self.tr("NO NOTICES"))  # short: the chip shares the header
        if not state.configured:
            text, bad = self.tr("Shared DB: not set up"), False
        elif state.online is None:
            text, bad = self.tr("Shared DB: connecting…"), False
        elif state.online:
            text, bad = self.tr("Shared DB online"), False
        else:
            since = self._vm.local_time(state.offline_since).strftime("%H:%M")
            text, bad = self.tr("Shared DB OFFLINE"), True
            details.insert(0, self.tr("since %1").replace("%1", since))
            tip = labels.pair(state.where, state.detail)
        self._shared.setText("\n".join([text, " · ".join(details)]) if details else text)
        self._shared.setToolTip(f"{silent}\n{tip}" if state.plant_service_silent else tip)
        set_tone(self._shared, "bad" if bad or state.parked or state.plant_service_silent else "")
