"""The shift report as a PDF: the production page's numbers and chart on an A4 page."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, Qt, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from andon_kiosk.app.report import ShiftReport, hour_rows, loss_rows, stop_rows, summary_rows

from .production_chart import ProductionChart
from .theme import category_colours


def _table(headers: list[str], rows: list[tuple[str, ...]], right: set[int]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td align='{'right' if i in right else 'left'}'>{html.escape(cell)}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table cellspacing='0' cellpadding='4' width='100%'><tr>{head}</tr>{body}</table>"


def write_pdf(report: ShiftReport, path: Path) -> None:
    """Lay the report out on A4 pages and write it to `path`."""
    document, title = report_document(report)
    writer = QPdfWriter(str(path))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(title)
    writer.setCreator("andon-kiosk")
    document.print_(writer)


def _chart_image(report: ShiftReport) -> QImage:
    stats = report.stats
    chart = ProductionChart()
    chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # laid out, never seen
    chart.resize(1500, 520)
    chart.show()
    chart.set_shift(stats.plan, stats.curve, report.zone, category_colours(report.reasons))
    chart.update_live(stats.now, report.counts, stats.stops)
    QApplication.processEvents()
    image = chart.grab().toImage()
    chart.hide()
    chart.deleteLater()
    return image


def report_document(report: ShiftReport) -> tuple[QTextDocument, str]:
    """The report as a rich-text document (translated) and its title."""

    labels = {
        "line": QCoreApplication.translate("report", "Line"),
        "station": QCoreApplication.translate("report", "Station"),
        "shift": QCoreApplication.translate("report", "Shift"),
        "shift_start": QCoreApplication.translate("report", "From"),
        "shift_end": QCoreApplication.translate("report", "To"),
        "complete": QCoreApplication.translate("report", "Shift complete"),
        "product": QCoreApplication.translate("report", "Product"),
        "takt_s": QCoreApplication.translate("report", "Takt (s)"),
        "loading_min": QCoreApplication.translate("report", "Loading time (min)"),
        "plan_pcs": QCoreApplication.translate("report", "Plan (pcs)"),
        "actual_good_pcs": QCoreApplication.translate("report", "Actual, good (pcs)"),
        "scrap_pcs": QCoreApplication.translate("report", "Scrap (pcs)"),
        "gap_pcs": QCoreApplication.translate("report", "Gap (pcs, − = behind)"),
        "gap_min": QCoreApplication.translate("report", "Gap (min, − = behind)"),
        "downtime_min": QCoreApplication.translate("report", "Downtime (min)"),
        "availability_pct": QCoreApplication.translate("report", "Availability (%)"),
        "performance_pct": QCoreApplication.translate("report", "Performance (%)"),
        "quality_pct": QCoreApplication.translate("report", "Quality (%)"),
        "oee_pct": QCoreApplication.translate("report", "OEE (%)"),
    }
    complete = {
        "yes": QCoreApplication.translate("report", "yes"),
        "no": QCoreApplication.translate("report", "no, still running"),
    }
    shown = {"complete": lambda v: complete.get(v, v), "product": report.product_name}
    pairs = [
        (labels.get(k, k), shown.get(k, str)(v)) for k, v in summary_rows(report, "%Y-%m-%d %H:%M")
    ]
    half = (len(pairs) + 1) // 2  # two columns of figures: the chart fits on page one
    left, right = pairs[:half], pairs[half:] + [("", "")] * (2 * half - len(pairs))
    summary = [(a, b, c, d) for (a, b), (c, d) in zip(left, right, strict=True)]
    title = QCoreApplication.translate("report", "Shift report %1").replace(
        "%1", report.instance.key
    )
    headings = {
        "chart": QCoreApplication.translate("report", "Plan against actual"),
        "hours": QCoreApplication.translate("report", "Hour by hour"),
        "losses": QCoreApplication.translate("report", "Losses"),
        "stops": QCoreApplication.translate("report", "Stops"),
    }
    figure, value = (
        QCoreApplication.translate("report", "Figure"),
        QCoreApplication.translate("report", "Value"),
    )
    hours_head = [
        QCoreApplication.translate("report", "Hour"),
        QCoreApplication.translate("report", "Plan"),
        QCoreApplication.translate("report", "Actual"),
        QCoreApplication.translate("report", "Gap"),
        QCoreApplication.translate("report", "Biggest loss"),
    ]
    losses_head = [
        QCoreApplication.translate("report", "Loss"),
        QCoreApplication.translate("report", "Downtime (min)"),
    ]
    stops_head = [
        QCoreApplication.translate("report", "Start"),
        QCoreApplication.translate("report", "End"),
        QCoreApplication.translate("report", "What"),
        QCoreApplication.translate("report", "Minutes"),
    ]
    document = QTextDocument()
    document.addResource(
        QTextDocument.ResourceType.ImageResource, QUrl("chart.png"), _chart_image(report)
    )
    document.setDefaultStyleSheet(
        "body { font-size: 9pt; } h1 { font-size: 16pt; } h2 { font-size: 11pt; }"
        "th { background: #e9ebed; text-align: left; } td { border-bottom: 1px solid #ddd; }"
    )
    document.setHtml(
        "".join(
            [
                f"<h1>{html.escape(title)}</h1>",
                _table([figure, value] * 2, summary, {1, 3}),
                f"<h2>{html.escape(headings['chart'])}</h2>",
                "<img src='chart.png' width='640'>",
                f"<h2>{html.escape(headings['hours'])}</h2>",
                _table(
                    hours_head,
                    [(f"{r[0]}-{r[1]}", *r[2:5], r[7]) for r in hour_rows(report, "%H:%M")],
                    {1, 2, 3},
                ),
                f"<h2>{html.escape(headings['losses'])}</h2>",
                _table(losses_head, [(r[2], r[3]) for r in loss_rows(report)], {1}),
                f"<h2>{html.escape(headings['stops'])}</h2>",
                _table(stops_head, [r[:4] for r in stop_rows(report, "%m-%d %H:%M")], {3}),
            ]
        )
    )
    return document, title
