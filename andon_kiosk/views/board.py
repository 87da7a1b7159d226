"""The plant board: one tile per line, read from across the hall.

A running line is a calm white tile with a green mark; an abnormal one is headed in its
colour with what is wrong in words. Each tile lists the line's most urgent open tickets (tap
one to open it and act, when signed in with a role that may) and its plan against actual.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.plant_board import LineView, PlantBoardModel
from andon_kiosk.app.sync import PLANT_SILENT_S, SharedState
from andon_kiosk.core.light import Situation
from andon_kiosk.core.tickets import Ticket

from . import labels
from .scale import px
from .tickets import show_wait, ticket_title
from .widgets import FitLabel, clear_layout, label, passthrough, scrolling, set_tone, styled

ROWS_PER_TILE = 3


class BoardTicketRow(QPushButton):
    def __init__(self, vm: KioskModel, ticket: Ticket, name: str) -> None:
        super().__init__()
        styled(self, "board-ticket", name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ticket_id = ticket.id
        self._vm = vm
        self._ticket = ticket
        symbol, title = ticket_title(vm, ticket)
        title = title.split(" · ", 1)[-1]  # the symbol says the category; room for the reason
        self._stripe = passthrough(styled(QFrame(), "stripe"))
        self._stripe.setFixedWidth(px(8))
        set_tone(self._stripe, self._vm.tone(ticket))
        # one line: what is too long shrinks rather than breaks a word or loses its end
        self._title = passthrough(styled(FitLabel(f"{symbol} {title}"), "board-ticket-title"))
        self._state = passthrough(label(labels.state(ticket), "board-ticket-state"))
        self._elapsed = passthrough(label(kind="board-ticket-elapsed"))
        self._level = passthrough(label(kind="level"))
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self._title)
        text.addWidget(self._state)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, px(10), 0)
        layout.setSpacing(px(10))
        layout.addWidget(self._stripe)
        layout.addLayout(text, 1)
        layout.addWidget(self._elapsed)
        layout.addWidget(self._level, 0, Qt.AlignmentFlag.AlignVCenter)
        self.refresh_time()

    def refresh_time(self) -> None:
        show_wait(self._vm, self._ticket, self._elapsed, self._level, escalated_only=True)


class LineTile(QFrame):
    ticketActivated = Signal(str)

    def __init__(self, vm: KioskModel, line: str) -> None:
        super().__init__()
        self._vm = vm
        self.line = line
        styled(self, "line-tile", f"board.line.{line}")
        self._head = styled(QFrame(), "line-head")
        self._id = label(line, "line-id", f"board.line.{line}.id")
        self._name = label(kind="line-name", name=f"board.line.{line}.name")
        self._status = label(kind="line-status", name=f"board.line.{line}.status")
        head = QHBoxLayout(self._head)
        head.setContentsMargins(px(14), px(8), px(14), px(8))
        head.setSpacing(px(12))
        head.addWidget(self._id)
        head.addWidget(self._name, 1)
        head.addWidget(self._status)
        self._silent = label(kind="line-silent", name=f"board.line.{line}.silent", wrap=True)
        self._numbers = label(kind="line-numbers", name=f"board.line.{line}.numbers")
        self._rows = QVBoxLayout()
        self._rows.setSpacing(px(6))
        self._more = label(kind="line-more", name=f"board.line.{line}.more")
        body = QVBoxLayout()
        body.setContentsMargins(px(12), px(8), px(12), px(10))
        body.setSpacing(px(6))
        body.addWidget(self._numbers)
        body.addWidget(self._silent)
        body.addLayout(self._rows)
        body.addWidget(self._more)
        body.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._head)
        layout.addLayout(body, 1)
        self._shown: tuple[tuple[str, str], ...] = ()

    def rows(self) -> list[BoardTicketRow]:
        items = (self._rows.itemAt(i).widget() for i in range(self._rows.count()))
        return [w for w in items if isinstance(w, BoardTicketRow)]

    def show_line(self, view: LineView) -> None:
        self._name.setText(view.name if view.name != view.line else "")
        self._status.setText(self._status_text(view))
        set_tone(self._head, view.tone, children=True)
        set_tone(self, view.tone)
        if view.silent_s is not None:
            self._silent.setText(
                self.tr("Kiosk not heard from for %1: its stops may not show here").replace(
                    "%1", labels.elapsed(view.silent_s)
                )
            )
        self._silent.setVisible(view.silent_s is not None)
        self._numbers.setText(self._numbers_text(view))
        shown = tuple((t.id, t.state.value) for t in view.tickets[:ROWS_PER_TILE])
        if shown != self._shown:
            self._shown = shown
            clear_layout(self._rows)
            for index, ticket in enumerate(view.tickets[:ROWS_PER_TILE]):
                row = BoardTicketRow(self._vm, ticket, f"board.line.{self.line}.ticket.{index}")
                row.clicked.connect(lambda _=False, tid=ticket.id: self.ticketActivated.emit(tid))
                self._rows.addWidget(row)
        hidden = len(view.tickets) - ROWS_PER_TILE
        self._more.setText(self.tr("+ %n more open", "", hidden) if hidden > 0 else "")
        self._more.setVisible(hidden > 0)

    def refresh_time(self) -> None:
        for row in self.rows():
            row.refresh_time()

    def _status_text(self, view: LineView) -> str:
        if view.tone == "silent":
            return self.tr("NO WORD")
        return {
            Situation.SAFETY: self.tr("SAFETY"),
            Situation.UNACKNOWLEDGED_STOP: self.tr("STOPPED"),
            Situation.STOP_IN_PROGRESS: self.tr("Being fixed"),
            Situation.CALL: self.tr("Call"),
            Situation.RUNNING: self.tr("Running"),
        }[view.situation]

    def _numbers_text(self, view: LineView) -> str:
        stats = view.stats
        if stats is None or stats.takt_s is None:
            return self.tr("No shift running")
        ahead = round(-stats.gap.pieces)  # Gap.pieces counts pieces behind plan
        sign = "+" if ahead >= 0 else "−"
        return (
            self.tr("Plan %1 · Actual %2 · Gap %3")
            .replace("%1", f"{stats.planned:.0f}")
            .replace("%2", str(stats.actual))
            .replace("%3", f"{sign}{abs(ahead)}")
        )


class BoardPage(QWidget):
    """Every line of the station's scope; the home page of a maintenance station or board."""

    ticketActivated = Signal(str)

    def __init__(self, vm: KioskModel, model: PlantBoardModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self._vm = vm
        self._model = model
        self.tiles: dict[str, LineTile] = {}
        self._heading = label(kind="section", name="board.heading")
        self._empty = label(
            self.tr("No lines seen yet. Lines appear as their kiosks report."),
            "empty",
            "board.empty",
            wrap=True,
        )
        self._grid = QGridLayout()
        self._grid.setSpacing(px(14))
        scroll = scrolling(self._grid, self._empty)
        scroll.setObjectName("board.scroll")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # whether anyone off the floor is told: the plant service's heartbeat (issue 10)
        self.plant_service = label(kind="status", name="board.plantService")
        top = QHBoxLayout()
        top.addWidget(self._heading, 1)
        top.addWidget(self.plant_service, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(px(18), px(12), px(18), px(18))
        layout.setSpacing(px(10))
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        # Many per-line models report each second: draw once per burst.
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(0)
        self._redraw.timeout.connect(self.refresh)
        model.changed.connect(self._redraw.start)
        vm.ticked.connect(self._on_tick)
        vm.shared.changed.connect(self._show_plant_service)
        self._show_plant_service(vm.shared.state)
        self.refresh()

    def _show_plant_service(self, state: SharedState) -> None:
        """The plant service escalates and sends for every line: say whether it is heard."""
        self.plant_service.setVisible(state.configured)
        age = state.plant_service_age
        if state.online is not True:  # cannot tell from here
            text, tone = self.tr("Plant service: unknown (shared database not reached)"), ""
        elif age is None:
            text, tone = self.tr("NO NOTICES: plant service never heard"), "bad"
        elif age > PLANT_SILENT_S:
            minutes = str(max(1, round(age / 60)))
            text = self.tr("NO NOTICES: plant service silent for %1 min").replace("%1", minutes)
            tone = "bad"
        else:
            text, tone = self.tr("Plant service running: escalations are sent"), ""
        self.plant_service.setText(text)
        set_tone(self.plant_service, tone)

    def refresh(self) -> None:
        views = self._model.lines()
        columns = 3 if len(views) <= 9 else 4
        wanted = [v.line for v in views]
        for gone in set(self.tiles) - set(wanted):
            tile = self.tiles.pop(gone)
            self._grid.removeWidget(tile)
            tile.hide()
            tile.deleteLater()
        for index, view in enumerate(views):
            tile = self.tiles.get(view.line)
            if tile is None:
                tile = LineTile(self._vm, view.line)
                tile.ticketActivated.connect(self.ticketActivated)
                self.tiles[view.line] = tile
            self._grid.addWidget(tile, index // columns, index % columns)
            tile.show_line(view)
        for column in range(4):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        stopped = sum(1 for v in views if v.stopped)
        heading = self.tr("LINES (%1)").replace("%1", str(len(views)))
        if stopped:
            heading += "  ·  " + self.tr("%n stopped", "", stopped)
        self._heading.setText(heading)
        self._empty.setVisible(not views)

    def _on_tick(self) -> None:
        for tile in self.tiles.values():
            tile.refresh_time()
