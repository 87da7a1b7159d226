"""The production page: takt against actual for the shift, OEE, losses, hour by hour.

Built after the first frame (pyqtgraph takes half a second to import), and drawn only while
visible: the chart catches up on the seconds it missed when it is shown again.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.shift_board import ShiftBoardModel
from andon_kiosk.core.permissions import Action

from . import labels
from .hour_board import HourBoard, HourTableModel
from .production_chart import ProductionChart
from .scale import px
from .shift_widgets import BigNumbers, OeePanel, ParetoBars
from .theme import category_colours
from .widgets import button, label, styled


class ProductionPage(QWidget):
    back = Signal()
    pickProduct = Signal()

    def __init__(self, vm: KioskModel, board: ShiftBoardModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self._vm, self._board = vm, board
        self._colours = category_colours(vm.config.reasons)
        self._curve: tuple = ()

        top = self._top_row(board)
        middle = self._middle_row()
        self.hours_model = HourTableModel(self._loss_text, self)
        self.hours = HourBoard(self.hours_model)
        self.hours.setMinimumHeight(px(120))  # what the screen leaves: all of it on a TV

        layout = QVBoxLayout(self)
        layout.setContentsMargins(px(18), px(12), px(18), px(14))
        layout.setSpacing(px(12))
        layout.addLayout(top)
        layout.addWidget(self.numbers)
        layout.addLayout(middle, 3)
        layout.addWidget(self.hours, 2)

        board.shiftChanged.connect(self._on_shift_changed)
        board.changed.connect(self._on_changed)
        vm.session.changed.connect(self._on_session_changed)
        vm.lights.changed.connect(self._on_lights_changed)
        self._on_session_changed()
        self._on_lights_changed()
        self._on_shift_changed()
        self._on_changed()

    def _top_row(self, board: ShiftBoardModel) -> QHBoxLayout:
        back = button(self.tr("‹ Back"), "production.back", "back")
        back.clicked.connect(self.back)
        self.title = label(kind="title", name="production.title")
        self.product = label(kind="subtitle", name="production.product")
        self.change = button(self.tr("Change product…"), "production.changeProduct")
        self.change.clicked.connect(self.pickProduct)
        self.good = button(self.tr("+1 good"), "production.good")
        self.good.clicked.connect(lambda: board.record_entry(good=1))
        self.scrap = button(self.tr("+1 scrap"), "production.scrap")
        self.scrap.clicked.connect(lambda: board.record_entry(scrap=1))
        top = QHBoxLayout()
        top.setSpacing(px(14))
        top.addWidget(back)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.title)
        names.addWidget(self.product)
        top.addLayout(names, 1)
        for widget in (self.change, self.good, self.scrap):
            top.addWidget(widget)
        return top

    def _middle_row(self) -> QHBoxLayout:
        self.numbers = BigNumbers(big=True)
        self.chart = ProductionChart()
        self.oee = OeePanel()
        self.pareto = ParetoBars()
        losses = styled(QWidget(), "panel-plain")
        losses_layout = QVBoxLayout(losses)
        losses_layout.setContentsMargins(0, 0, 0, 0)
        losses_layout.addWidget(label(self.tr("LOSSES THIS SHIFT"), "section"))
        losses_layout.addWidget(self.pareto, 1)
        side = QVBoxLayout()
        side.setSpacing(px(12))
        side.addWidget(self.oee)
        side.addWidget(losses, 1)
        middle = QHBoxLayout()
        middle.setSpacing(px(14))
        middle.addWidget(self.chart, 3)
        middle.addLayout(side, 2)
        return middle

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._board.live = True  # the chart's now-line moves every second
        self._vm.set_live("production", True)
        self._board.refresh()
        self._on_changed()  # catch the chart up on what it did not draw while hidden

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._board.live = False
        self._vm.set_live("production", False)

    def _loss_text(self, loss: tuple[str, str | None]) -> str:
        return labels.loss(self._vm.config.reasons, self._vm.config.language, loss)

    def _on_lights_changed(self) -> None:
        self.numbers.show_counting(not self._vm.lights.counter.failing)

    def _on_session_changed(self) -> None:
        session = self._vm.session
        self.change.setVisible(session.may(Action.CHANGE_PRODUCT))
        self.good.setVisible(session.may(Action.RECORD_COUNT))
        self.scrap.setVisible(session.may(Action.RECORD_COUNT))

    def _on_shift_changed(self) -> None:
        board = self._board
        self._curve = ()
        self.chart.set_shift(board.plan, (), self._vm.zone, self._colours)
        instance = board.instance
        if instance is None:
            self.title.setText(self.tr("Between shifts"))
            return
        start = instance.start.strftime("%H:%M")
        end = instance.end.strftime("%H:%M")
        self.title.setText(f"{labels.shift(instance.shift.name)}  {start}–{end}")

    def _on_changed(self) -> None:
        if not self.isVisible():
            return  # the tick is not worth a redraw nobody sees; showEvent catches up
        board, stats = self._board, self._board.stats
        closed = board.instance is not None and board.instance.closed
        self.numbers.show_stats(stats, closed)
        self.oee.show_oee(stats.oee if stats else None)
        language = self._vm.config.language
        product = board.running_product
        self.product.setText(self.tr("Product: %1").replace("%1", product.name.get(language)))
        if stats is None:
            self.pareto.set_rows([])
            self.hours_model.set_rows([], self._vm.zone)
            return
        if stats.curve != self._curve:  # a new shift's plan, or a changeover
            self._curve = stats.curve
            self.chart.set_plan(stats.curve)
        self.pareto.set_rows(
            [
                (self._loss_text((category, reason)), seconds, self._colours.get(category))
                for category, reason, seconds in stats.pareto
            ]
        )
        self.hours_model.set_rows(stats.hours, self._vm.zone)
        self.chart.update_live(stats.now, board.counts, stats.stops)
