"""Choosing the product the line makes now: a changeover, recorded, that changes the takt."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from andon_kiosk.app.shift_board import ShiftBoardModel

from .scale import px
from .widgets import button, label


class ProductPicker(QWidget):
    finished = Signal()

    def __init__(self, board: ShiftBoardModel, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self._board = board
        grid = QGridLayout()
        grid.setSpacing(px(14))
        self.buttons = {}
        for index, product in enumerate(board.products):
            text = product.name.get(language)
            if product.takt_s:
                text += "\n" + self.tr("takt %1 s").replace("%1", f"{product.takt_s:g}")
            elif product.demand_per_shift:
                text += "\n" + self.tr("%1 per shift").replace(
                    "%1", f"{product.demand_per_shift:g}"
                )
            btn = button(text, f"product.{product.key}", "reason")
            btn.clicked.connect(lambda _=False, key=product.key: self._pick(key))
            grid.addWidget(btn, index // 3, index % 3)
            self.buttons[product.key] = btn
        cancel = button(self.tr("Cancel"), "product.cancel")
        cancel.clicked.connect(self.finished)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(px(28), px(20), px(28), px(24))
        layout.setSpacing(px(14))
        layout.addWidget(
            label(
                self.tr("Which product does the line make now?"),
                "title",
                "product.title",
                wrap=True,
            )
        )
        layout.addWidget(
            label(
                self.tr(
                    "The change is recorded and the plan follows the new "
                    "product's takt from now on."
                ),
                "subtitle",
                wrap=True,
            )
        )
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addLayout(bottom)

    def _pick(self, key: str) -> None:
        self._board.change_product(key)
        self.finished.emit()
