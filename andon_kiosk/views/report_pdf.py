"""The shift report as a PDF: the production page's numbers and chart, on A4 pages.

Everything on the page is in the report's language (the station's), whatever language the
process runs in: words from the translation file, the shift by its shown name. Pages are
painted here rather than by `QTextDocument.print_`, which would add 2 cm margins of its own
inside the page's and lay the document out to the printer's resolution, so the chart could not
be sized to the text column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
    QTextTable,
)

from andon_kiosk.app.report import ShiftReport, hour_rows, loss_rows, stop_rows, summary_rows

from . import labels
from . import report_layout as pages
from .i18n import speaking
from .report_chart import ASPECT, chart_image

translate = QCoreApplication.translate  # lupdate reads translate("report", …)

RIGHT_13 = frozenset({1, 3})


@dataclass
class ReportDocument:
    document: QTextDocument  # laid out in pages of `document.pageSize()`
    title: str
    footer: str  # left of the page number on every page
    page_words: str  # "Page %1 of %2", translated
    tables: dict[str, QTextTable]
    headings: dict[str, int]  # where each table's heading is (the title for the summary)


def write_pdf(report: ShiftReport, path: Path) -> None:
    """Lay the report out on A4 pages and write it to `path`."""
    made = report_document(report)
    document, size = made.document, made.document.pageSize()
    layout = pages.page_layout()
    writer = QPdfWriter(str(path))
    writer.setPageLayout(layout)
    writer.setResolution(600)
    writer.setTitle(made.title)
    writer.setCreator("andon-kiosk")
    scale = writer.resolution() / pages.DPI
    painter = QPainter()
    if not painter.begin(writer):  # its origin is the top left of the text area
        raise OSError(f"{path} cannot be written")
    count = document.pageCount()
    for page in range(count):
        if page:
            writer.newPage()
        painter.save()
        painter.scale(scale, scale)
        painter.translate(0, -page * size.height())
        document.drawContents(painter, QRectF(0, page * size.height(), size.width(), size.height()))
        painter.restore()
        painter.save()
        painter.scale(scale, scale)
        _footer(painter, made, (page + 1, count), size)
        painter.restore()
    painter.end()


def _footer(painter: QPainter, made: ReportDocument, page: tuple[int, int], size: QSizeF) -> None:
    """Below the text area: the line, station and title, and "page 1 of 3"."""
    w, y = size.width(), size.height()
    painter.setFont(pages.font("footer"))
    painter.setPen(QColor(pages.STYLES["footer"][2]))
    box = QRectF(0, y + 8, w, pages.FOOTER_MM * pages.DPI / 25.4 - 8)
    painter.drawLine(0, round(y + 6), round(w), round(y + 6))
    number = made.page_words.replace("%1", str(page[0])).replace("%2", str(page[1]))
    painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, made.footer)
    painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, number)


def report_document(report: ShiftReport) -> ReportDocument:
    """The report as a paginated rich-text document, in the report's language."""
    with speaking(report.language):
        return _build(report)


def shift_name(report: ShiftReport) -> str:
    """ "2026-01-05 白班": the date and the shift's shown name (a plant's own name as written)."""
    return f"{report.instance.day.isoformat()} {labels.shift(report.instance.shift.name)}"


def _summary(report: ShiftReport) -> list[tuple[str, str, str, str]]:
    labels_ = {
        "line": translate("report", "Line"),
        "station": translate("report", "Station"),
        "shift": translate("report", "Shift"),
        "shift_start": translate("report", "From"),
        "shift_end": translate("report", "To"),
        "complete": translate("report", "Shift complete"),
        "product": translate("report", "Product"),
        "takt_s": translate("report", "Takt (s)"),
        "loading_min": translate("report", "Loading time (min)"),
        "plan_pcs": translate("report", "Plan (pcs)"),
        "actual_good_pcs": translate("report", "Actual, good (pcs)"),
        "scrap_pcs": translate("report", "Scrap (pcs)"),
        "gap_pcs": translate("report", "Gap (pcs, − = behind)"),
        "gap_min": translate("report", "Gap (min, − = behind)"),
        "downtime_min": translate("report", "Downtime (min)"),
        "availability_pct": translate("report", "Availability (%)"),
        "performance_pct": translate("report", "Performance (%)"),
        "quality_pct": translate("report", "Quality (%)"),
        "oee_pct": translate("report", "OEE (%)"),
    }
    complete = {"yes": translate("report", "yes"), "no": translate("report", "no, still running")}
    shown = {
        "complete": lambda v: complete.get(v, v),
        "product": report.product_name,
        "shift": lambda _: shift_name(report),
    }
    figures = summary_rows(report, "%Y-%m-%d %H:%M")
    pairs = [(labels_.get(k, k), shown.get(k, str)(v)) for k, v in figures]
    half = (len(pairs) + 1) // 2  # two columns of figures: the chart fits on page one
    left, right = pairs[:half], pairs[half:] + [("", "")] * (2 * half - len(pairs))
    return [(a, b, c, d) for (a, b), (c, d) in zip(left, right, strict=True)]


def _stops(report: ShiftReport) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """One row a stop: when, how long, and what it was with what was done about it."""
    named = (
        translate("report", "Containment"),
        translate("report", "Root cause"),
        translate("report", "Countermeasure"),
    )
    rows = []
    for start, end, loss, minutes, *_, containment, cause, fix in stop_rows(report, "%m-%d %H:%M"):
        what = [(loss, "strong")] + [
            (labels.pair(name, text), "small")
            for name, text in zip(named, (containment, cause, fix), strict=True)
            if text
        ]
        rows.append((start, end or translate("report", "still down"), minutes, what))
    return rows


def _build(report: ShiftReport) -> ReportDocument:
    size = pages.text_area(pages.page_layout())
    document = pages.new_document(size)
    title = translate("report", "Shift report %1").replace("%1", shift_name(report))
    cursor = QTextCursor(document)
    headings = {"summary": pages.heading(cursor, title, "title")}
    tables: dict[str, QTextTable] = {}
    keep = []
    head = [translate("report", "Figure"), translate("report", "Value")] * 2
    tables["summary"] = pages.table(cursor, head, _summary(report), (27, 23, 30, 20), RIGHT_13)

    at = pages.heading(cursor, translate("report", "Plan against actual"))
    image = QTextImageFormat()
    image.setName("chart.png")
    image.setWidth(size.width())
    image.setHeight(size.width() * ASPECT)
    document.addResource(
        QTextDocument.ResourceType.ImageResource, QUrl("chart.png"),
        chart_image(report, size.width()),
    )  # fmt: skip
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
    chart_at = cursor.position()
    cursor.insertImage(image)
    keep.append((at, lambda: pages.block_bottom(document, chart_at), None))

    sections = {
        "hours": (
            translate("report", "Hour by hour"),
            [
                translate("report", "Hour"),
                translate("report", "Plan"),
                translate("report", "Actual"),
                translate("report", "Gap (− = behind)"),
                translate("report", "Biggest loss"),
            ],
            [(f"{a}-{b}", *rest[:3], rest[-1]) for a, b, *rest in hour_rows(report, "%H:%M")],
            (16, 12, 12, 18, 42),
            frozenset({1, 2, 3}),
        ),
        "losses": (
            translate("report", "Losses"),
            [translate("report", "Loss"), translate("report", "Downtime (min)")],
            [(r[2], r[3]) for r in loss_rows(report)],
            (70, 30),
            frozenset({1}),
        ),
        "stops": (
            translate("report", "Stops"),
            [
                translate("report", "Start"),
                translate("report", "End"),
                translate("report", "Minutes"),
                translate("report", "What, and what was done"),
            ],
            _stops(report),
            (14, 14, 10, 62),
            frozenset({2}),
        ),
    }
    none = translate("report", "none")  # a table with no rows says so, not just its header
    for key, (heading, head, rows, widths, right) in sections.items():
        at = headings[key] = pages.heading(cursor, heading)
        shown = rows or [(none,) + ("",) * (len(head) - 1)]
        tables[key] = pages.table(cursor, head, shown, widths, right)
        keep.append((at, lambda t=tables[key]: pages.rows_bottom(document, t), tables[key]))
    pages.paginate(document, keep)
    footer = f"{report.line} · {report.station} · {title}"
    return ReportDocument(
        document, title, footer, translate("report", "Page %1 of %2"), tables, headings
    )
