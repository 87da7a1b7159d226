"""One line on the plant board: its state in colour and words, plan / actual / gap in figures
read across the hall, and its most urgent open tickets (tap one to open it and act, when signed
in with a role that may). As many tickets as the tile has room for; the rest are counted.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.plant_board import LineView
from andon_kiosk.core.light import Situation
from andon_kiosk.core.tickets import Ticket

from . import labels, scale
from .figures import Figure
from .scale import px
from .shift_widgets import DASH, pieces, signed_pieces
from .tickets import show_wait, ticket_title
from .widgets import FitLabel, clear_layout, label, passthrough, set_tone, styled

MOST_ROWS = 3  # a tile lists at most this many tickets, fewer when it has less room
ROW_HEIGHT = 64  # a ticket row, in layout pixels (a touch target: never under 15 mm)


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
        self._state = passthrough(styled(FitLabel(labels.state(ticket)), "board-ticket-state"))
        self._elapsed = passthrough(label(kind="board-ticket-elapsed"))
        self._level = passthrough(label(kind="level"))
        # what and how long on the first line; the state under them, the row's whole width
        text = QGridLayout()
        text.setSpacing(0)
        text.setHorizontalSpacing(px(10))
        text.addWidget(self._title, 0, 0)
        text.addWidget(self._elapsed, 0, 1)
        text.addWidget(self._level, 0, 2, Qt.AlignmentFlag.AlignVCenter)
        text.addWidget(self._state, 1, 0, 1, 3)
        text.setColumnStretch(0, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, px(4), px(10), px(4))
        layout.setSpacing(px(10))
        layout.addWidget(self._stripe)
        layout.addLayout(text, 1)
        self.refresh_time()

    def refresh_time(self) -> None:
        show_wait(self._vm, self._ticket, self._elapsed, self._level, escalated_only=True)


class LineFigures(QWidget):
    """PLAN · ACTUAL · GAP of the line's running shift, read across the hall."""

    def __init__(self, line: str) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(px(6))
        grid.setVerticalSpacing(0)
        # the production page's captions, in their words (one translation for both)
        captions = {
            "plan": QCoreApplication.translate("BigNumbers", "PLAN"),
            "actual": QCoreApplication.translate("BigNumbers", "ACTUAL"),
            "gap": QCoreApplication.translate("BigNumbers", "GAP"),
        }
        self.values: list[Figure] = []
        for column, (key, caption) in enumerate(captions.items()):
            words = label(caption, "tile-caption")
            words.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value = Figure("line-figure", f"board.line.{line}.{key}", 40, 110)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setContentsMargins(px(5), 0, px(5), 0)  # three figures never run together
            grid.addWidget(words, 0, column)
            grid.addWidget(value, 1, column)
            grid.setColumnStretch(column, 1)
            self.values.append(value)

    def show_numbers(self, plan: str, actual: str, gap: str, behind: bool) -> None:
        widest = max((plan, actual, gap), key=len)
        for value, text in zip(self.values, (plan, actual, gap), strict=True):
            value.measure = widest  # the three side by side in one size
            value.setText(text)
            value.updateGeometry()
        set_tone(self.values[2], "bad" if behind else "")


class LineTile(QFrame):
    ticketActivated = Signal(str)

    def __init__(self, vm: KioskModel, line: str) -> None:
        super().__init__()
        self._vm = vm
        self.line = line
        styled(self, "line-tile", f"board.line.{line}")
        self._head = styled(QFrame(), "line-head")
        self._id = styled(FitLabel(line), "line-id", f"board.line.{line}.id")
        # a long name shrinks in its place (a tile wider than its column pushed others off)
        self._name = styled(FitLabel(), "line-name", f"board.line.{line}.name")
        self._name.setMinimumWidth(1)
        self._status = label(kind="line-status", name=f"board.line.{line}.status")
        head = QHBoxLayout(self._head)
        head.setContentsMargins(px(14), px(8), px(14), px(8))
        head.setSpacing(px(12))
        head.addWidget(self._id)
        head.addWidget(self._name, 1)
        head.addWidget(self._status)
        self._silent = label(kind="line-silent", name=f"board.line.{line}.silent", wrap=True)
        self.figures = LineFigures(line)
        self._no_shift = label(kind="line-numbers", name=f"board.line.{line}.numbers")
        # the tickets take what the tile has left (they never make it taller): as many rows
        # as fit are listed, the rest counted under them
        self._list = QWidget()
        self._list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self._list.setMinimumHeight(scale.touch(ROW_HEIGHT))  # one ticket, however large
        self._list.installEventFilter(self)
        self._rows = QVBoxLayout(self._list)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(px(6))
        self._rows.addStretch(1)
        self._more = label(kind="line-more", name=f"board.line.{line}.more")
        body = QVBoxLayout()
        body.setContentsMargins(px(6), px(8), px(6), px(10))
        body.setSpacing(px(6))
        body.addWidget(self.figures)
        body.addWidget(self._no_shift)
        body.addWidget(self._silent)
        body.addWidget(self._list, 1)
        body.addWidget(self._more)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._head)
        layout.addLayout(body, 1)
        self._room = MOST_ROWS
        self._view: LineView | None = None
        self._shown: tuple[tuple[str, str], ...] = ()

    def rows(self) -> list[BoardTicketRow]:
        items = (self._rows.itemAt(i).widget() for i in range(self._rows.count()))
        return [w for w in items if isinstance(w, BoardTicketRow)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # the list's own size: the tile's resize comes before its layout has sized the list
        if watched is self._list and event.type() == QEvent.Type.Resize:
            self._fit_rows()
        return False

    def _fit_rows(self) -> None:
        """List as many tickets as the tile has room for (a row is as tall as its words or
        a touch target, whichever is taller)."""
        rows = self.rows()
        row = max(scale.touch(ROW_HEIGHT), rows[0].sizeHint().height() if rows else 0)
        room = max(1, min(MOST_ROWS, (self._list.height() + px(6)) // (row + px(6))))
        if room != self._room:
            self._room = room
            if self._view is not None:
                self.show_line(self._view)

    def show_line(self, view: LineView) -> None:
        self._view = view
        self._name.setText(view.name if view.name != view.line else "")
        self._status.setText(self._status_text(view))
        set_tone(self._head, view.tone, children=True)
        set_tone(self, view.tone)
        if view.never_heard:
            self._silent.setText(self.tr("No kiosk of this line has reported: no stops show here"))
        elif view.silent_s is not None:
            self._silent.setText(
                self.tr("Kiosk not heard from for %1: its stops may not show here").replace(
                    "%1", labels.elapsed(view.silent_s)
                )
            )
        self._silent.setVisible(view.silent_s is not None)
        self._show_numbers(view)
        listed = view.tickets[: self._room]
        shown = tuple((t.id, t.state.value) for t in listed)
        if shown != self._shown:
            self._shown = shown
            clear_layout(self._rows)
            for index, ticket in enumerate(listed):
                row = BoardTicketRow(self._vm, ticket, f"board.line.{self.line}.ticket.{index}")
                row.clicked.connect(lambda _=False, tid=ticket.id: self.ticketActivated.emit(tid))
                self._rows.addWidget(row)
            self._rows.addStretch(1)
            self._fit_rows()
        hidden = len(view.tickets) - len(listed)
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

    def _show_numbers(self, view: LineView) -> None:
        stats = view.stats
        running = stats is not None and stats.takt_s is not None
        self.figures.setVisible(running)
        self._no_shift.setVisible(not running)
        if stats is None or not running:
            self._no_shift.setText(self.tr("No shift running"))
            self.figures.show_numbers(DASH, DASH, DASH, False)
            return
        ahead = -stats.gap.pieces  # one sign everywhere: actual − plan, negative = behind
        self.figures.show_numbers(
            pieces(stats.planned),
            pieces(stats.actual),
            signed_pieces(ahead),
            ahead <= -1,
        )
