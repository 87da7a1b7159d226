"""After the one-tap raise: "what happened?" with a big button per reason. Optional.

The ticket is already committed and the light already red when this page shows; skipping it,
or walking away (it closes itself), loses nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.core.reasons import Category

from .scale import px
from .tickets import ticket_title
from .widgets import button, label

AUTO_CLOSE_MS = 45_000


class ReasonPage(QWidget):
    finished = Signal()

    def __init__(self, vm: KioskModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self._vm = vm
        self._ticket_id = ""
        self._title = label(kind="title", name="reason.title", wrap=True)
        self._subtitle = label(kind="subtitle", name="reason.subtitle", wrap=True)
        self._grids = QStackedWidget()  # one page of reason buttons per category, built once
        self._grid_for: dict[str, QWidget] = {}
        for category in vm.config.reasons.categories:
            self._grid_for[category.key] = self._build_grid(category)
            self._grids.addWidget(self._grid_for[category.key])
        skip = button(self.tr("Skip: no reason now"), "reason.skip")
        skip.clicked.connect(self._done)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(skip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(px(28), px(20), px(28), px(24))
        layout.setSpacing(px(14))
        layout.addWidget(self._title)
        layout.addWidget(self._subtitle)
        layout.addWidget(self._grids, 1)
        layout.addLayout(bottom)
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self._timeout.setInterval(AUTO_CLOSE_MS)
        self._timeout.timeout.connect(self._done)

    @property
    def ticket_id(self) -> str:
        return self._ticket_id

    def show_for(self, ticket_id: str) -> None:
        ticket = self._vm.ticket(ticket_id)
        if ticket is None:
            return
        self._ticket_id = ticket_id
        symbol, title = ticket_title(self._vm, ticket)
        self._title.setText(self.tr("%1 %2: reported").replace("%1", symbol).replace("%2", title))
        grid = self._grid_for.get(ticket.category)
        if grid is None:  # raised elsewhere, under a category this station does not have
            self._done()
            return
        self._grids.setCurrentWidget(grid)
        self._subtitle.setText(self._what_was_done())
        self._timeout.start()

    def _what_was_done(self) -> str:
        """Only what is true: the light is on only if the tower confirmed it."""
        if self._vm.lights.tower.failing:
            return self.tr(
                "Recorded, but the stack light is NOT confirmed: tell the team leader yourself. "
                "What happened? (optional)"
            )
        if not self._vm.lights.tower.configured:
            return self.tr("The call is recorded. What happened? (optional)")
        return self.tr("The call is out and the light is on. What happened? (optional)")

    def _build_grid(self, category: Category) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(px(14))
        language = self._vm.config.language
        for index, reason in enumerate(category.reasons):
            btn = button(reason.name.get(language), f"reason.{reason.key}", "reason")
            btn.clicked.connect(lambda _=False, key=reason.key: self._pick(key))
            grid.addWidget(btn, index // 3, index % 3)
        grid.setRowStretch(grid.rowCount(), 1)
        return page

    def _pick(self, reason: str) -> None:
        self._vm.classify(self._ticket_id, reason)
        self._done()

    def _done(self) -> None:
        self._timeout.stop()
        self.finished.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._done()
        else:
            super().keyPressEvent(event)
