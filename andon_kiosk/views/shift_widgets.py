"""The production numbers as a team leader reads them from 3 m: plan, actual, gap, takt;
OEE with its parts; the shift's losses biggest first."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from andon_kiosk.core.production import Oee
from andon_kiosk.core.shift_stats import ShiftStats

from . import scale
from .figures import Figure
from .labels import pair
from .scale import px
from .widgets import FitLabel, label, set_tone, styled

DASH = "—"


def pieces(value: float) -> str:
    """A count as read from the aisle: 1019, not 1 019 (grouped, by a thin space, from 10 000:
    a separator in a four-digit number reads as two numbers)."""
    n = round(value)
    return str(n) if abs(n) < 10_000 else f"{n:,}".replace(",", "\u2009")


def signed_pieces(value: float) -> str:
    """A gap as read from the aisle: + ahead, − behind (a true minus sign)."""
    n = round(value)
    return f"{'+' if n >= 0 else '−'}{pieces(abs(n))}"


class NumberTile(QFrame):
    """A caption over a big number, with a small line under it."""

    def __init__(self, name: str, big: bool) -> None:
        super().__init__()
        styled(self, "tile", f"numbers.{name}")
        self.caption = label(kind="tile-caption")
        if big:  # the production page: read from the aisle, the chart gives way
            self.value: FitLabel = Figure("tile-value-big", f"numbers.{name}.value", 56, 150)
        else:  # the home strip: a reminder at arm's length, the stop buttons come first
            self.value = styled(FitLabel(DASH), "tile-value", f"numbers.{name}.value")
        self.note = label(kind="tile-note", name=f"numbers.{name}.note")
        self.note.setVisible(big)  # the compact strip has room for the number only
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(px(n) for n in ((16, 8, 16, 8) if big else (10, 6, 10, 6))))
        layout.setSpacing(0)
        for widget in (self.caption, self.value, self.note):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)


class BigNumbers(QWidget):
    """PLAN · ACTUAL · GAP · TAKT. `big` for the production page, compact on the home screen."""

    def __init__(self, big: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = NumberTile("plan", big)
        self.actual = NumberTile("actual", big)
        self.gap = NumberTile("gap", big)
        self.takt = NumberTile("takt", big)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(px(12))
        for tile in (self.plan, self.actual, self.gap, self.takt):
            layout.addWidget(tile, 1)
        self.plan.caption.setText(self.tr("PLAN"))
        self.actual.caption.setText(self.tr("ACTUAL"))
        self.gap.caption.setText(self.tr("GAP"))
        self.takt.caption.setText(self.tr("TAKT"))

    def show_counting(self, counting: bool) -> None:
        """A part counter that is offline: the actual is what was counted before it went."""
        caption = self.tr("ACTUAL") if counting else self.tr("COUNTER OFFLINE")
        self.actual.caption.setText(caption)
        set_tone(self.actual, "" if counting else "bad", children=True)

    def show_stats(self, stats: ShiftStats | None, closed: bool = False) -> None:
        if stats is None or stats.takt_s is None:
            for tile in (self.plan, self.actual, self.gap, self.takt):
                tile.value.setText(DASH)
                tile.note.setText("")
            self.plan.note.setText(self.tr("No production planned") if closed else "")
            set_tone(self.gap.value, "")
            return
        self.plan.value.setText(pieces(stats.planned))
        self.plan.note.setText(self.tr("pcs by now"))
        self.actual.value.setText(pieces(stats.actual))
        self.actual.note.setText(self.tr("good · %1 scrap").replace("%1", str(stats.scrap)))
        ahead = -stats.gap.pieces
        self.gap.value.setText(signed_pieces(ahead))
        minutes = abs(stats.gap.minutes)
        self.gap.note.setText(
            (self.tr("%1 min ahead") if ahead >= 0 else self.tr("%1 min behind")).replace(
                "%1", f"{minutes:.1f}"
            )
        )
        set_tone(self.gap.value, "bad" if ahead <= -1 else "")
        self.takt.value.setText(f"{stats.takt_s:.1f}")
        # the four side by side in one size, as wide as the widest needs
        tiles = (self.plan, self.actual, self.gap, self.takt)
        widest = max((t.value.text() for t in tiles), key=len)
        for tile in tiles:
            tile.value.measure = widest
            tile.value.updateGeometry()
        self.takt.note.setText(self.tr("s per piece"))


def _percent(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:.0f}%"


class OeePanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        styled(self, "panel", "oee")
        self.value = label(DASH, "tile-value-big", "oee.value")
        self.parts = {
            "availability": label(DASH, "value", "oee.availability"),
            "performance": label(DASH, "value", "oee.performance"),
            "quality": label(DASH, "value", "oee.quality"),
        }
        captions = {
            "availability": self.tr("Availability"),
            "performance": self.tr("Performance"),
            "quality": self.tr("Quality"),
        }
        grid = QGridLayout()
        for row, (key, widget) in enumerate(self.parts.items()):
            grid.addWidget(label(captions[key], "field"), row, 0)
            widget.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, row, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(px(16), px(10), px(16), px(10))
        left = QVBoxLayout()
        left.addWidget(label(self.tr("OEE"), "section"))
        left.addWidget(self.value)
        layout.addLayout(left)
        layout.addSpacing(px(12))
        layout.addLayout(grid, 1)

    def show_oee(self, oee: Oee | None) -> None:
        self.value.setText(_percent(oee.oee if oee else None))
        self.parts["availability"].setText(_percent(oee.availability if oee else None))
        self.parts["performance"].setText(_percent(oee.performance if oee else None))
        quality = oee.quality if oee and oee.total_count else None
        self.parts["quality"].setText(_percent(quality))


class ParetoBars(QWidget):
    """The shift's downtime by reason, biggest loss first: a bar per reason, in its colour."""

    ROW = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("losses.pareto")
        self.rows: list[tuple[str, float, QColor]] = []  # (label, seconds, colour)
        self.setMinimumHeight(px(self.ROW * 3))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_rows(self, rows: Sequence[tuple[str, float, QColor]], limit: int = 6) -> None:
        self.rows = list(rows)[:limit]
        self.setToolTip("\n".join(pair(text, self._minutes(seconds)) for text, seconds, _ in rows))
        self.update()

    def split_rows(self) -> tuple[list, list]:
        """The rows drawn and the rest, counted on a last line: as many as the height holds
        (the page gives the losses what the figures and the chart leave)."""
        fits = max(1, int(self.height() / scale.factor() // self.ROW))
        if len(self.rows) <= fits:
            return self.rows, []
        return self.rows[: fits - 1], self.rows[fits - 1 :]

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale.factor(), scale.factor())  # drawn in layout pixels
        font = painter.font()
        font.setPixelSize(15)
        painter.setFont(font)
        if not self.rows:
            painter.setPen(QColor("#5f6670"))
            room = QRectF(0, 0, self.width() / scale.factor(), self.height() / scale.factor())
            painter.drawText(room, Qt.AlignmentFlag.AlignCenter, self.tr("No losses"))
            return
        width = self.width() / scale.factor()
        label_w, value_w = width * 0.42, 64
        longest = max(seconds for _, seconds, _ in self.rows) or 1
        metrics = painter.fontMetrics()
        shown, rest = self.split_rows()
        if rest:
            painter.setPen(QColor("#5f6670"))
            painter.drawText(
                QRectF(0, len(shown) * self.ROW, width, self.ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                self.tr("+ %n more: %1", "", len(rest)).replace(
                    "%1", self._minutes(sum(seconds for _, seconds, _ in rest))
                ),
            )
        for i, (text, seconds, colour) in enumerate(shown):
            top = i * self.ROW
            painter.setPen(QColor("#1f2328"))
            painter.drawText(
                QRectF(0, top, label_w - 8, self.ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(label_w - 8)),
            )
            bar = (width - label_w - value_w) * seconds / longest
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(label_w, top + 7, max(bar, 2), self.ROW - 14), 3, 3)
            painter.setPen(QColor("#1f2328"))
            painter.drawText(
                QRectF(label_w + bar + 6, top, value_w, self.ROW),
                Qt.AlignmentFlag.AlignVCenter,
                self._minutes(seconds),
            )

    def _minutes(self, seconds: float) -> str:
        return self.tr("%1 min").replace("%1", f"{seconds / 60:.0f}")
