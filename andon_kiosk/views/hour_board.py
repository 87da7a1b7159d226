"""The hour-by-hour board: plan, actual and gap per hour, and what cost the most when behind."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QScroller, QTableView, QWidget

from andon_kiosk.core.production import HourRow

from .scale import px
from .widgets import styled

Index = QModelIndex | QPersistentModelIndex
BEHIND = QColor("#a61b14")


class HourTableModel(QAbstractTableModel):
    COLUMNS = 5

    def __init__(
        self, loss_text: Callable[[tuple[str, str | None]], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._rows: list[HourRow] = []
        self._zone: tzinfo | None = None
        self._loss_text = loss_text
        self._headers = [
            self.tr("Hour"),
            self.tr("Plan"),
            self.tr("Actual"),
            self.tr("Gap"),
            self.tr("Reason for the miss"),
        ]

    def set_rows(self, rows: Sequence[HourRow], zone: tzinfo | None) -> None:
        self.beginResetModel()
        self._rows, self._zone = list(rows), zone
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < self.COLUMNS
        ):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        ahead = row.actual - row.plan
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column, ahead)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(
                Qt.AlignmentFlag.AlignVCenter
                | (
                    Qt.AlignmentFlag.AlignRight
                    if column in (1, 2, 3)
                    else Qt.AlignmentFlag.AlignLeft
                )
            )
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and ahead <= -1:
            return BEHIND
        return None

    def _text(self, row: HourRow, column: int, ahead: float) -> str:
        from datetime import datetime

        if column == 0:
            start = datetime.fromtimestamp(row.start, tz=self._zone).strftime("%H:%M")
            end = datetime.fromtimestamp(row.end, tz=self._zone).strftime("%H:%M")
            return f"{start}–{end}"
        if column == 1:
            return f"{round(row.plan)}"
        if column == 2:
            return f"{row.actual}"
        if column == 3:
            return f"{'+' if ahead >= 0 else '−'}{round(abs(ahead))}"
        return self._loss_text(row.top_loss) if ahead <= -1 and row.top_loss else ""


class HourBoard(QTableView):
    def __init__(self, model: HourTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        styled(self, "hours", "production.hours")
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(px(30))
        # a 12-hour shift has more hours than rows fit: a finger drags the table, and it
        # glides on (nothing here is tapped: no selection, so a press cannot be mistaken)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
