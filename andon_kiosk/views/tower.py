"""The stack light mirrored on screen: what the tower on the pole shows, lamp by lamp."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from andon_kiosk.core.light import Buzzer, Lamp, LampMode, LightState

from . import scale
from .labels import BUZZER, LAMP, MODE, pair, tr
from .scale import px
from .theme import LAMP_COLOURS, LAMP_OFF

BLINK_MS = 500


class StackLightWidget(QWidget):
    """Paints the tower as the device confirmed it. None draws "unknown" (before the first
    confirmation, and whenever the tower does not confirm): every lamp dark with its own
    colour as a thick rim and a "?" in it, so it cannot be read as "all off" (dark grey
    lamps) nor as any state. `compact` is the header's small horizontal version."""

    def __init__(
        self, state: LightState | None, compact: bool = False, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._state = state
        self._compact = compact
        self._phase_on = True
        self._blink = QTimer(self)
        self._blink.setInterval(BLINK_MS)
        self._blink.timeout.connect(self._on_blink)
        if compact:
            self.setFixedSize(px(5 * 22 + 8), px(28))
        else:
            self.setMinimumSize(px(104), px(330))
            self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.set_state(state)

    @property
    def state(self) -> LightState | None:
        return self._state

    @property
    def unknown(self) -> bool:
        return self._state is None

    def lit(self, lamp: Lamp) -> bool:
        """Whether `lamp` is drawn lit right now (a blinking lamp alternates)."""
        if self._state is None:
            return False
        mode = self._state.mode(lamp)
        return mode is LampMode.ON or (mode is LampMode.BLINK and self._phase_on)

    def set_state(self, state: LightState | None) -> None:
        self._state = state
        if state is None:
            self._blink.stop()
            self.setToolTip(self.tr("What the tower shows is not known: it has not confirmed."))
            self.update()
            return
        blinking = any(m is LampMode.BLINK for m in state.lamps.values())
        if blinking and not self._blink.isActive():
            self._phase_on = True
            self._blink.start()
        elif not blinking:
            self._blink.stop()
            self._phase_on = True
        described = [pair(tr(LAMP[lamp]), tr(MODE[mode])) for lamp, mode in state.lamps.items()]
        self.setToolTip("\n".join([*described, tr(BUZZER[state.buzzer])]))
        self.update()

    def _on_blink(self) -> None:
        self._phase_on = not self._phase_on
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale.factor(), scale.factor())  # drawn in layout pixels
        lamps = list(Lamp)
        if self._compact:
            for i, lamp in enumerate(lamps):
                self._lamp(painter, QRectF(4 + i * 22, 5, 18, 18), lamp)
            return
        w, h = self.width() / scale.factor(), self.height() / scale.factor()
        body = QRectF(w / 2 - 34, 4, 68, h - 58)
        painter.setPen(QPen(QColor("#4b535c"), 2))
        painter.setBrush(QColor("#2b3036"))
        painter.drawRoundedRect(body, 14, 14)
        step = (body.height() - 12) / len(lamps)
        for i, lamp in enumerate(lamps):
            size = min(52.0, step - 8)
            cell = QRectF(
                w / 2 - size / 2, body.top() + 6 + i * step + (step - size) / 2, size, size
            )
            self._lamp(painter, cell, lamp)
        pole = QRectF(w / 2 - 6, body.bottom(), 12, 14)
        painter.setBrush(QColor("#4b535c"))
        painter.drawRect(pole)
        buzz = self._state.buzzer if self._state is not None else Buzzer.OFF
        painter.setPen(QColor("#d7261e") if buzz is not Buzzer.OFF else QColor("#6b737c"))
        font = painter.font()
        font.setPixelSize(15)
        font.setBold(buzz is not Buzzer.OFF)
        painter.setFont(font)
        caption = self.tr("Not confirmed") if self._state is None else tr(BUZZER[buzz])
        painter.drawText(
            QRectF(0, h - 42, w, 40),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            caption,
        )

    def _lamp(self, painter: QPainter, rect: QRectF, lamp: Lamp) -> None:
        if self._state is None:
            self._unknown_lamp(painter, rect, lamp)
            return
        on = self.lit(lamp)
        colour = LAMP_COLOURS[lamp] if on else LAMP_OFF.darker(160)
        if not on and self._state.mode(lamp) is LampMode.BLINK:
            # the dark half of a blink: a dim glow of its colour, never plain "off" grey
            colour = LAMP_COLOURS[lamp].darker(260)
        painter.setPen(QPen(QColor("#1f2328"), 1.5))
        painter.setBrush(colour)
        painter.drawEllipse(rect)
        if on:  # a highlight so a lit lamp reads as light, not as paint
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 90))
            painter.drawEllipse(
                rect.adjusted(
                    rect.width() * 0.2,
                    rect.height() * 0.12,
                    -rect.width() * 0.45,
                    -rect.height() * 0.5,
                )
            )

    def _unknown_lamp(self, painter: QPainter, rect: QRectF, lamp: Lamp) -> None:
        rim = max(2.5, rect.width() * 0.12)
        painter.setPen(QPen(LAMP_COLOURS[lamp], rim))
        painter.setBrush(QColor("#2b3036"))
        painter.drawEllipse(rect.adjusted(rim / 2, rim / 2, -rim / 2, -rim / 2))
        font = painter.font()
        font.setPixelSize(max(9, int(rect.height() * 0.62)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#eef0f2"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "?")
