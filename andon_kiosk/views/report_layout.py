"""Pages for the shift report: A4 with 15 mm margins, headings, tables that paginate well.

The document is built with QTextCursor, not HTML, so each table is a QTextTable whose header
row Qt repeats on every page (`headerRowCount`), and each section heading is a block whose page
break can be moved. Document units are CSS pixels (1/96 inch) and every font is sized in them,
so the layout does not depend on the screen the report is made on.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QMarginsF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextLength,
    QTextTable,
    QTextTableCell,
    QTextTableFormat,
)

DPI = 96  # document units per inch
MARGIN_MM = 15
FOOTER_MM = 7  # the bottom of the text area is the footer's (page number)
KEEP_ROWS = 3  # a heading starts a page rather than keep fewer rows of its table under it

# A cell is its text, or lines of (text, style) for a cell with more than one line.
Cell = str | Sequence[tuple[str, str]]
STYLES = {  # style -> (size in pt, bold, colour)
    "title": (15, True, "#111418"),
    "heading": (11.5, True, "#111418"),
    "head": (8.5, True, "#1f2328"),
    "body": (9, False, "#111418"),
    "strong": (9, True, "#111418"),
    "small": (8, False, "#3d444c"),
    "footer": (7.5, False, "#5f6770"),
}
RULE, HEAD_FILL = QColor("#c5cad0"), QColor("#e9ebed")


def page_layout() -> QPageLayout:
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        margins,
        QPageLayout.Unit.Millimeter,
    )


def text_area(layout: QPageLayout) -> QSizeF:
    """The page's text area in document units, less the footer: what one page of the
    document holds. Whole units: Qt lays out in 1/64 units, and a page break computed from a
    fraction of a unit would put a block at a page's top on the page before."""
    rect = layout.paintRect(QPageLayout.Unit.Millimeter)
    per_mm = DPI / 25.4
    return QSizeF(
        math.floor(rect.width() * per_mm), math.floor((rect.height() - FOOTER_MM) * per_mm)
    )


def char_format(style: str) -> QTextCharFormat:
    _, bold, colour = STYLES[style]
    fmt = QTextCharFormat()
    fmt.setFont(font(style))
    fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    fmt.setForeground(QBrush(QColor(colour)))
    return fmt


def font(style: str) -> QFont:
    result = QFont()
    result.setPixelSize(round(STYLES[style][0] * DPI / 72))
    result.setBold(STYLES[style][1])
    return result


def new_document(size: QSizeF) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultFont(font("body"))
    document.setPageSize(size)
    frame = document.rootFrame().frameFormat()
    frame.setMargin(0)
    document.rootFrame().setFrameFormat(frame)
    document.setDocumentMargin(0)
    return document


def heading(cursor: QTextCursor, text: str, style: str = "heading") -> int:
    """A heading block at the cursor; returns its position (to move it to a new page)."""
    fmt = QTextBlockFormat()
    fmt.setTopMargin(0 if style == "title" else 14)
    fmt.setBottomMargin(5)
    if cursor.block().length() > 1:
        cursor.insertBlock(fmt, char_format(style))
    else:  # an empty block: the document's first, or the one after a table
        cursor.setBlockFormat(fmt)
        cursor.setBlockCharFormat(char_format(style))
    position = cursor.position()
    cursor.insertText(text, char_format(style))
    return position


def table(
    cursor: QTextCursor,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    right: frozenset[int] = frozenset(),
) -> QTextTable:
    """A full-width table with its header row repeated on every page; `widths` in percent."""
    fmt = QTextTableFormat()
    fmt.setHeaderRowCount(1)
    fmt.setBorderCollapse(True)
    fmt.setBorder(0)
    fmt.setCellSpacing(0)
    fmt.setCellPadding(3)
    fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    fmt.setColumnWidthConstraints(
        [QTextLength(QTextLength.Type.PercentageLength, w) for w in widths]
    )
    fmt.setTopMargin(2)
    result = cursor.insertTable(len(rows) + 1, len(headers), fmt)
    for c, text in enumerate(headers):
        _cell(result.cellAt(0, c), [(text, "head")], c in right, HEAD_FILL)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            lines = [(value, "body")] if isinstance(value, str) else value
            _cell(result.cellAt(r, c), lines, c in right, None)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    return result


def _cell(
    cell: QTextTableCell, lines: Sequence[tuple[str, str]], right: bool, fill: QColor | None
) -> None:
    fmt = cell.format().toTableCellFormat()
    fmt.setBottomBorder(0.75)
    fmt.setBottomBorderBrush(QBrush(RULE))
    fmt.setBottomBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    if fill is not None:
        fmt.setBackground(QBrush(fill))
    cell.setFormat(fmt)
    block = QTextBlockFormat()
    block.setAlignment(Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
    cursor = cell.firstCursorPosition()
    for i, (text, style) in enumerate(lines):
        if i:
            cursor.insertBlock(block, char_format(style))
        else:
            cursor.setBlockFormat(block)
        cursor.insertText(text, char_format(style))


def page_of(y: float, page_height: float) -> int:
    return math.floor(y / page_height)


def row_span(document: QTextDocument, table_: QTextTable, row: int) -> tuple[float, float]:
    """Top and bottom of a table row's text, in document units."""
    layout = document.documentLayout()
    top, bottom = math.inf, -math.inf
    for column in range(table_.columns()):
        cell = table_.cellAt(row, column)
        block = cell.firstCursorPosition().block()
        while block.isValid() and block.position() <= cell.lastPosition():
            rect = layout.blockBoundingRect(block)
            top, bottom = min(top, rect.top()), max(bottom, rect.bottom())
            block = block.next()
    return top, bottom


def rows_bottom(document: QTextDocument, table_: QTextTable) -> float:
    """Where a table's header and first `KEEP_ROWS` rows (or all, if fewer) end."""
    return row_span(document, table_, min(KEEP_ROWS, table_.rows() - 1))[1]


def block_bottom(document: QTextDocument, position: int) -> float:
    return document.documentLayout().blockBoundingRect(document.findBlock(position)).bottom()


def paginate(
    document: QTextDocument, sections: Sequence[tuple[int, Callable[[], float], QTextTable | None]]
) -> None:
    """Page breaks where a reader wants them, section by section (each break moves what
    follows it): a heading (at a position) on one page with what must follow it, down to the
    y its function gives, else the heading starts a new page; and no table row cut in two by a
    page break (Qt would split it): the row before it ends its page. (A break *before* the
    row moved it twice: to the next page, then past the header Qt repeats there, leaving a
    page with only the header on it.)"""
    height = document.pageSize().height()
    layout = document.documentLayout()
    for position, bottom, table_ in sections:
        block = document.findBlock(position)
        top = layout.blockBoundingRect(block).top()
        if page_of(top, height) != page_of(bottom() - 0.5, height):
            _break_before(document, position)
        while table_ is not None and (split := split_rows(document, table_)):
            for column in range(table_.columns()):
                _break_after(document, table_.cellAt(split[0] - 1, column).lastPosition())


def _break_after(document: QTextDocument, position: int) -> None:
    block = document.findBlock(position)
    fmt = block.blockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysAfter)
    QTextCursor(block).setBlockFormat(fmt)


def _break_before(document: QTextDocument, position: int) -> None:
    block = document.findBlock(position)
    fmt = block.blockFormat()
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(block).setBlockFormat(fmt)


def split_rows(document: QTextDocument, table_: QTextTable) -> list[int]:
    """The rows of `table_` whose text runs over a page break and would fit on a page under
    the repeated header (none, in a good report). A row taller than that is split wherever
    it stands: moved, it would leave a page with only the header on it. The header and the
    first rows stay with their heading (`paginate`), so the search starts at row 2."""
    height = document.pageSize().height()
    head_top, head_bottom = row_span(document, table_, 0)
    room = height - (head_bottom - head_top)
    split = []
    for row in range(2, table_.rows()):
        top, bottom = row_span(document, table_, row)
        if page_of(top, height) != page_of(bottom - 0.5, height) and bottom - top < room:
            split.append(row)
    return split
