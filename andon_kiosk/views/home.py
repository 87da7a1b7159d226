"""The home screen: the category buttons (the biggest things on it), the tower, open tickets."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.shift_board import ShiftBoardModel
from andon_kiosk.core.reasons import Category

from .scale import px
from .shift_widgets import BigNumbers
from .tickets import TicketList
from .tower import StackLightWidget
from .widgets import FitLabel, button, label, passthrough, styled


class CategoryButton(QPushButton):
    """One tap raises: 人 / Person, with a hint of what it covers. A safety category is a
    wide red-edged strip above the others (symbol, name and hint in one row)."""

    def __init__(self, category: Category, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        wide = category.safety
        styled(self, "category-safety" if wide else "category", f"category.{category.key}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        vertical = QSizePolicy.Policy.Fixed if wide else QSizePolicy.Policy.Expanding
        self.setSizePolicy(QSizePolicy.Policy.Expanding, vertical)
        self.category = category
        symbol = passthrough(styled(FitLabel(category.symbol, fit_height=True), "category-symbol"))
        name = passthrough(label(category.name.get(language), "category-name"))
        hint = passthrough(label(self._hint(category, language), "category-hint", wrap=True))
        if wide:
            self._lay_out_wide(symbol, name, hint)
            return
        for widget in (symbol, name, hint):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(px(16), px(10), px(16), px(16))
        layout.setSpacing(px(2))
        layout.addWidget(symbol, 1)  # takes what height is left, and shrinks to fit it
        layout.addWidget(name)
        layout.addWidget(hint)
        self._hint_label, self._name_label = hint, name

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Squeezed by alert strips, the button keeps its symbol and name: the hint goes (it
        ran over the name)."""
        super().resizeEvent(event)
        if hasattr(self, "_hint_label"):
            hint, name = self._hint_label, self._name_label
            margins = self.layout().contentsMargins()
            need = (
                margins.top() + margins.bottom() + 2 * self.layout().spacing()
                + px(48)  # the symbol, still readable
                + name.sizeHint().height()
                + hint.heightForWidth(max(1, self.width() - margins.left() - margins.right()))
            )  # fmt: skip
            hint.setVisible(self.height() >= need)

    def _lay_out_wide(self, symbol: QLabel, name: QLabel, hint: QLabel) -> None:
        styled(symbol, "category-safety-symbol")
        styled(name, "category-safety-name")
        words = QVBoxLayout()
        words.setSpacing(0)
        words.addStretch(1)
        words.addWidget(name)
        words.addWidget(hint)
        words.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(px(22), px(6), px(22), px(8))
        layout.setSpacing(px(20))
        layout.addWidget(symbol)
        layout.addLayout(words, 1)

    @staticmethod
    def _hint(category: Category, language: str) -> str:
        names = [r.name.get(language) for r in category.reasons[: 4 if category.safety else 3]]
        return " · ".join(names)


class ProductionStrip(QWidget):
    """Plan, actual, gap and takt under the buttons: the leader's glance from across the line."""

    opened = Signal()

    def __init__(self, board: ShiftBoardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._board = board
        self.numbers = BigNumbers(big=False)
        more = button(self.tr("Production ›"), "home.production", "primary")
        more.clicked.connect(self.opened)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(px(12))
        layout.addWidget(self.numbers, 1)
        layout.addWidget(more)
        board.changed.connect(self._on_changed)
        board.kiosk.lights.changed.connect(self._on_lights_changed)
        self._on_changed()
        self._on_lights_changed()

    def _on_changed(self) -> None:
        board = self._board
        self.numbers.show_stats(board.stats, board.instance is not None and board.instance.closed)

    def _on_lights_changed(self) -> None:
        self.numbers.show_counting(not self._board.kiosk.lights.counter.failing)


class HomePage(QWidget):
    """Signals: ticketActivated(ticket id), productionRequested(), raiseTapped() (a category
    was tapped: the window's tap guard makes a gloved double tap raise once)."""

    ticketActivated = Signal(str)
    productionRequested = Signal()
    raiseTapped = Signal()

    def __init__(
        self, vm: KioskModel, board: ShiftBoardModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self._vm = vm
        language = vm.config.language

        heading = label(self.tr("STOP AND REPORT: TAP WHAT IS WRONG"), "section", "home.heading")
        grid = QGridLayout()
        grid.setSpacing(px(16))
        categories = vm.config.reasons.categories
        safety = [c for c in categories if c.safety]  # first, above the grid, full width
        others = [c for c in categories if not c.safety]
        columns = 2 if len(others) <= 4 else 3
        self.category_buttons: list[CategoryButton] = []
        for index, category in enumerate([*safety, *others]):
            btn = CategoryButton(category, language)
            btn.clicked.connect(lambda _=False, key=category.key: self._raise(key))
            if category.safety:
                grid.addWidget(btn, index, 0, 1, columns)
            else:
                at = index - len(safety)
                grid.addWidget(btn, len(safety) + at // columns, at % columns)
            self.category_buttons.append(btn)
        self.strip = ProductionStrip(board)
        self.strip.opened.connect(self.productionRequested)
        left = QVBoxLayout()
        left.setSpacing(px(10))
        left.addWidget(heading)
        left.addLayout(grid, 1)
        left.addWidget(self.strip)

        self.tower = StackLightWidget(vm.lights.shown)
        self.tower.setObjectName("light.mirror")
        tower_column = QVBoxLayout()
        tower_column.addWidget(label(self.tr("LIGHT"), "section"), 0, Qt.AlignmentFlag.AlignHCenter)
        tower_column.addWidget(self.tower, 1)

        self.tickets = TicketList(vm)
        self.tickets.setMinimumWidth(px(430))
        self.tickets.setMaximumWidth(px(470))
        self.tickets.ticketActivated.connect(self.ticketActivated)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(px(18), px(14), px(18), px(18))
        layout.setSpacing(px(18))
        layout.addLayout(left, 1)
        layout.addLayout(tower_column)
        layout.addWidget(self.tickets)
        vm.lights.changed.connect(self._on_lights_changed)

    def category_button(self, key: str) -> CategoryButton:
        return next(b for b in self.category_buttons if b.category.key == key)

    def _raise(self, category: str) -> None:
        self.raiseTapped.emit()
        self._vm.raise_ticket(category)

    def _on_lights_changed(self) -> None:
        self.tower.set_state(self._vm.lights.shown)
