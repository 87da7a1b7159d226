"""The open-ticket list: one card per ticket with its state colour, elapsed time and level."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.core.tickets import Ticket

from . import labels
from .scale import px
from .widgets import PartsLabel, button, label, passthrough, scrolling, set_tone, styled


def ticket_title(vm: KioskModel, ticket: Ticket) -> tuple[str, str]:
    """(symbol, "Machine · Breakdown") in the kiosk's language."""
    language = vm.config.language
    try:
        category = vm.config.reasons.category(ticket.category)
    except KeyError:  # raised at a station with another reason tree
        return "?", ticket.category
    title = category.name.get(language)
    if ticket.reason:
        try:
            title += " · " + category.reason(ticket.reason).name.get(language)
        except KeyError:
            title += " · " + ticket.reason
    return category.symbol, title


def state_text(vm: KioskModel, ticket: Ticket) -> str:
    """The ticket's state, and for a safety event when its written report is due."""
    due = vm.config.escalation.report_due_at(ticket)
    if due is None:
        return labels.state(ticket)
    return f"{labels.report_due(vm.local_time(due).strftime('%H:%M'))}\n{labels.state(ticket)}"


def show_wait(
    vm: KioskModel, ticket: Ticket, elapsed: QLabel, level: QLabel, *, escalated_only: bool = False
) -> None:
    """How long the line has waited (until containment) and the escalation level, on a stop;
    `escalated_only` shows the level from L1 up (the board, where space is short)."""
    elapsed.setText(labels.elapsed(vm.config.escalation.unrecovered_s(ticket, vm.now())))
    n = vm.level(ticket)
    level.setText(f"L{n}")
    level.setVisible(ticket.state.line_stopped and (n >= 1 or not escalated_only))
    set_tone(level, "escalated" if n >= 1 else "")


class TicketCard(QPushButton):
    def __init__(self, vm: KioskModel, ticket: Ticket, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        styled(self, "ticket", "tickets.card")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)  # as wide as the list, as tall as its words need
        self.setSizePolicy(policy)
        self._stripe = passthrough(styled(QFrame(), "stripe"))
        self._stripe.setFixedWidth(px(12))
        self._symbol = passthrough(label(kind="ticket-symbol"))
        self._title = passthrough(styled(PartsLabel(), "ticket-title"))
        self._state = passthrough(label(kind="ticket-state"))
        self._elapsed = passthrough(label(kind="ticket-elapsed"))
        self._level = passthrough(label(kind="level"))
        top = QHBoxLayout()
        top.setSpacing(px(12))
        top.addWidget(self._symbol)
        top.addWidget(self._title, 1)
        top.addWidget(self._elapsed)
        bottom = QHBoxLayout()
        bottom.addWidget(self._state, 1)
        bottom.addWidget(self._level, 0, Qt.AlignmentFlag.AlignVCenter)
        text = QVBoxLayout()
        text.setContentsMargins(0, px(6), 0, px(8))  # the level badge clear of the edge
        text.setSpacing(px(2))
        text.addLayout(top)
        text.addLayout(bottom)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, px(14), 0)
        layout.setSpacing(px(12))
        layout.addWidget(self._stripe)
        layout.addLayout(text, 1)
        # Fixed sizes, so the time and level changing every second repaint two labels
        # instead of laying the whole list out again (with many open stops that was most
        # of what the kiosk spent its CPU on).
        for widget, widest in ((self._elapsed, "88:88:88"), (self._level, "L8")):
            widget.ensurePolished()
            metrics = widget.fontMetrics()
            margins = widget.contentsMargins()
            widget.setFixedSize(
                metrics.horizontalAdvance(widest) + margins.left() + margins.right() + px(16),
                metrics.height() + margins.top() + margins.bottom() + px(6),
            )
        self.show_ticket(ticket)

    # A button sizes itself by its own text, not by the layout inside it: without these a
    # title that wraps to three lines ran over the state line under it.
    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.minimumHeight(), self.layout().totalHeightForWidth(width))

    def sizeHint(self) -> QSize:
        hint = self.layout().totalSizeHint()
        return QSize(hint.width(), self.heightForWidth(hint.width()))

    def minimumSizeHint(self) -> QSize:
        return self.layout().totalMinimumSize().expandedTo(self.minimumSize())

    @property
    def ticket_id(self) -> str:
        return self._ticket.id

    @property
    def ticket(self) -> Ticket:
        return self._ticket

    def show_ticket(self, ticket: Ticket) -> None:
        self._ticket = ticket
        self.setProperty("ticketId", ticket.id)
        symbol, title = ticket_title(self._vm, ticket)
        self._symbol.setText(symbol)
        self._title.set_parts(title.split(" · "))
        self._state.setText(state_text(self._vm, ticket))
        set_tone(self._stripe, self._vm.tone(ticket))
        self.refresh_time()

    def refresh_time(self) -> None:
        show_wait(self._vm, self._ticket, self._elapsed, self._level)


# Cards built at a time: a line with hundreds of tickets waiting for their root cause must
# not build hundreds of widgets (1 500 froze the start for 8 s), and the most urgent come
# first anyway; "Show more" adds the next ones.
CARDS_AT_ONCE = 40


class TicketList(QFrame):
    """Open tickets, most urgent first. Cards are reused, so a refresh does not flicker."""

    ticketActivated = Signal(str)

    def __init__(self, vm: KioskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        styled(self, "panel", "tickets")
        self._heading = label(kind="section", name="tickets.heading")
        self._empty = label(kind="empty", name="tickets.empty", wrap=True)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._cards: dict[str, TicketCard] = {}
        self._limit = CARDS_AT_ONCE
        self._column = QVBoxLayout()
        self._column.setSpacing(px(10))
        self._more = button("", "tickets.more")
        self._more.clicked.connect(self._show_more)
        self._column.addWidget(self._more)
        scroll = scrolling(self._column, self._empty, right_margin=4)
        scroll.verticalScrollBar().valueChanged.connect(self._on_tick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(px(14), px(12), px(10), px(12))
        layout.addWidget(self._heading)
        layout.addWidget(scroll, 1)
        vm.ticketsChanged.connect(self._on_tickets_changed)
        vm.healthChanged.connect(self._on_tickets_changed)
        vm.ticked.connect(self._on_tick)
        self._on_tickets_changed()

    def cards(self) -> list[TicketCard]:
        """The cards in screen order."""
        items = (self._column.itemAt(i).widget() for i in range(self._column.count()))
        return [w for w in items if isinstance(w, TicketCard)]

    def _show_more(self) -> None:
        self._limit += CARDS_AT_ONCE
        self._on_tickets_changed()

    def _on_tickets_changed(self) -> None:
        every = self._vm.tickets()
        tickets = every[: self._limit]
        hidden = len(every) - len(tickets)
        self._more.setText(self.tr("Show %n more (less urgent)", "", min(hidden, CARDS_AT_ONCE)))
        self._more.setVisible(hidden > 0)
        for gone in set(self._cards) - {t.id for t in tickets}:
            card = self._cards.pop(gone)
            self._column.removeWidget(card)  # off the screen now, not at the next loop pass
            card.hide()
            card.deleteLater()
        for index, ticket in enumerate(tickets):
            card = self._cards.get(ticket.id)
            if card is None:
                card = TicketCard(self._vm, ticket)
                card.clicked.connect(lambda _=False, tid=ticket.id: self.ticketActivated.emit(tid))
                self._cards[ticket.id] = card
            else:
                card.show_ticket(ticket)
            card.setObjectName(f"tickets.card.{index}")
            self._column.insertWidget(index, card)
        vm = self._vm
        if vm.loaded:
            heading = self.tr("OPEN TICKETS (%1)").replace("%1", str(len(every)))
            empty = (
                self.tr("No open tickets. The line is running.")
                if vm.store_fault is None
                else self.tr(  # it read them, but cannot record a new one: do not vouch
                    "No open tickets were saved, and new stops cannot be recorded here: "
                    "look at the line."
                )
            )
        elif vm.store_fault is not None:
            # Never "no open tickets": the store may hold stops we cannot read.
            heading = self.tr("OPEN TICKETS: UNKNOWN")
            empty = self.tr(
                "The tickets cannot be read from this kiosk's storage. The line may be "
                "stopped: look at the line."
            )
        else:
            heading, empty = self.tr("OPEN TICKETS"), self.tr("Reading tickets…")
        self._heading.setText(heading)
        self._empty.setText(empty)
        self._empty.setVisible(not tickets)

    def _on_tick(self) -> None:
        for card in self._cards.values():
            # the others' times stand still, or nobody sees them (scrolling refreshes them)
            if card.ticket.escalation_clock_running and not card.visibleRegion().isEmpty():
                card.refresh_time()
