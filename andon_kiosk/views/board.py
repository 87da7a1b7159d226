"""The plant board: one tile per line (`board_tile`), read from across the hall on a TV.

A running line is a calm white tile with a green mark; an abnormal one is headed in its
colour with what is wrong in words, its plan / actual / gap in figures sized for the reading
distance. Up to eight lines share a page; more lines are shown a page at a time, turned every
`[display] page_seconds` or by a tap, and a line stopped on another page is named on every
page: a page never hides a stopped line.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.plant_board import LineView, PlantBoardModel
from andon_kiosk.app.sync import PLANT_SILENT_S, SharedState

from . import labels
from .board_tile import LineTile
from .scale import px
from .widgets import button, label, set_tone

PAGE = 8  # lines on a page: two rows of four (three on a page of up to six)


def page_shape(count: int) -> tuple[int, int]:
    """Rows and columns of a page of `count` lines."""
    if count <= 3:
        return 1, max(1, count)
    if count <= 6:
        return 2, 3
    return 2, 4


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
        self._grid.setContentsMargins(0, 0, 0, 0)
        # whether anyone off the floor is told: the plant service's heartbeat (issue 10)
        self.plant_service = label(kind="status", name="board.plantService")
        # more lines than a page holds: which page, the lines stopped on the others, turn
        self.page_label = label(kind="board-page", name="board.page")
        self.elsewhere = label(kind="board-page", name="board.elsewhere")
        set_tone(self.elsewhere, "bad")
        self.next_page = button(self.tr("Next page ›"), "board.next")
        self.next_page.clicked.connect(self._turn_by_hand)
        top = QHBoxLayout()
        top.setSpacing(px(14))
        top.addWidget(self._heading, 1)
        top.addWidget(self.elsewhere)
        top.addWidget(self.plant_service, 0, Qt.AlignmentFlag.AlignRight)
        top.addWidget(self.page_label)
        top.addWidget(self.next_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(px(18), px(12), px(18), px(18))
        layout.setSpacing(px(10))
        layout.addLayout(top)
        layout.addWidget(self._empty)
        layout.addLayout(self._grid, 1)
        self.page = 0
        self._turn = QTimer(self)
        self._turn.setInterval(round(vm.config.display.page_s * 1000))
        self._turn.timeout.connect(self._turn_page)
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

    def pages(self) -> int:
        return max(1, -(-len(self.tiles) // PAGE))

    def refresh(self) -> None:
        views = self._model.lines()
        wanted = [v.line for v in views]
        for gone in set(self.tiles) - set(wanted):
            tile = self.tiles.pop(gone)
            self._grid.removeWidget(tile)
            tile.hide()
            tile.deleteLater()
        for view in views:
            tile = self.tiles.get(view.line)
            if tile is None:
                tile = LineTile(self._vm, view.line)
                tile.ticketActivated.connect(self.ticketActivated)
                self.tiles[view.line] = tile
            tile.show_line(view)
        self.page = min(self.page, self.pages() - 1)
        self._lay_out_page(views)
        stopped = sum(1 for v in views if v.stopped)
        heading = self.tr("LINES (%1)").replace("%1", str(len(views)))
        if stopped:
            heading += "  ·  " + self.tr("%n stopped", "", stopped)
        self._heading.setText(heading)
        self._empty.setVisible(not views)

    def _lay_out_page(self, views: list[LineView]) -> None:
        """The current page's tiles in the grid, the others hidden; say what is elsewhere."""
        on_page = views[self.page * PAGE : (self.page + 1) * PAGE]
        rows, columns = page_shape(len(views))
        shown = {v.line for v in on_page}
        for line, tile in self.tiles.items():
            if line not in shown:
                self._grid.removeWidget(tile)
                tile.hide()
        for index, view in enumerate(on_page):
            tile = self.tiles[view.line]
            self._grid.addWidget(tile, index // columns, index % columns)
            tile.show()
        for column in range(4):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        for row in range(2):
            self._grid.setRowStretch(row, 1 if row < rows else 0)
        pages = self.pages()
        paged = pages > 1
        for widget in (self.page_label, self.next_page):
            widget.setVisible(paged)
        self.page_label.setText(
            self.tr("Page %1 of %2").replace("%1", str(self.page + 1)).replace("%2", str(pages))
        )
        stopped_elsewhere = [v.line for v in views if v.stopped and v.line not in shown]
        named = stopped_elsewhere[:4]  # the rest counted: the page controls stay on screen
        more = len(stopped_elsewhere) - len(named)
        listed = labels.listing(named) + (f" +{more}" if more else "")
        self.elsewhere.setText(self.tr("Also stopped: %1").replace("%1", listed))
        self.elsewhere.setVisible(bool(stopped_elsewhere))
        if paged and not self._turn.isActive():
            self._turn.start()
        elif not paged:
            self._turn.stop()

    def _turn_page(self) -> None:
        self.page = (self.page + 1) % self.pages()
        self._lay_out_page(self._model.lines())

    def _turn_by_hand(self) -> None:
        self._turn.start()  # a full page time for the page just asked for
        self._turn_page()

    def _on_tick(self) -> None:
        for tile in self.tiles.values():
            tile.refresh_time()
