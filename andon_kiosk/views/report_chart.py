"""The production chart for paper: the screen's chart, sized to the page's text column.

The chart is laid out at its printed size in document units (1/96 inch), its fonts in those
units (the axes print at ~8.5 pt), and its scene is rendered at `OVERSAMPLE` times that so
text and lines stay sharp on paper. The legend names the plan, the actual, the gap, breaks and
each stop category shown (the screen explains the category colours with its buttons; paper cannot).
"""

from __future__ import annotations

from collections.abc import Mapping

import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication, QFrame, QGraphicsItem

from andon_kiosk.app.report import ShiftReport

from .production_chart import ACTUAL_COLOUR, PAUSE_BRUSH, ProductionChart
from .theme import category_colours

OVERSAMPLE = 3  # image pixels per document unit: ~290 dpi on paper
AXIS_PT = 8.5  # printed size of the axis and legend text
ASPECT = 0.42  # height / width of the chart
PAPER_PLAN = "#5f6770"  # the screen's light grey plan is too faint on paper: darker, dashed


def chart_image(report: ShiftReport, width: float) -> QImage:
    """The chart `width` document units wide (OVERSAMPLE times as many pixels)."""
    font_px = round(AXIS_PT * 96 / 72)
    size = QSize(round(width), round(width * ASPECT))
    stats = report.stats
    chart = ProductionChart()
    chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # laid out, never seen
    chart.setFrameShape(QFrame.Shape.NoFrame)
    chart.resize(size)
    chart.show()
    colours = category_colours(report.reasons)
    chart.set_shift(stats.plan, stats.curve, report.zone, colours)
    chart.update_live(stats.now, report.counts, stats.stops)
    _for_paper(chart, report, colours, font_px)
    QApplication.processEvents()
    image = QImage(size * OVERSAMPLE, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    source = chart.mapToScene(chart.viewport().rect()).boundingRect()
    chart.scene().render(painter, QRectF(image.rect()), source)
    painter.end()
    chart.hide()
    chart.deleteLater()
    return image


def _for_paper(
    chart: ProductionChart, report: ShiftReport, colours: Mapping[str, QColor], font_px: int
) -> None:
    font = QFont()
    font.setPixelSize(font_px)
    item = chart.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setCacheMode(QGraphicsItem.CacheMode.NoCache)  # drawn at print resolution
        axis.setStyle(tickFont=font, tickTextOffset=4, tickLength=-4)
        axis.setPen(pg.mkPen("#6b737b", width=0.8))
        axis.setTextPen("#1f2328")
    chart.plan_curve.curve.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    chart.plan_curve.setPen(pg.mkPen(PAPER_PLAN, width=1.4, style=Qt.PenStyle.DashLine))
    chart.actual_curve.setPen(pg.mkPen(ACTUAL_COLOUR, width=2.2))
    chart.now_line.hide()  # a finished shift has no "now"; a running one ends at the curve
    legend = chart.legend
    if report.stats.plan.pauses:
        chart.add_swatch(PAUSE_BRUSH, _break())
    shown = dict.fromkeys(stop.category for stop in report.stats.stops)
    for category in shown:
        colour = QColor(colours.get(category, QColor("#9aa0a6")))
        colour.setAlpha(90)
        chart.add_swatch(
            pg.mkBrush(colour), report.reasons.describe(category, None, report.language)
        )
    legend.setLabelTextSize(f"{font_px}px")
    for _, label in legend.items:  # the size applies when a label's text is set again
        label.setText(label.text)
    legend.setColumnCount(2)  # in the top left, which the rising curves never reach
    # on screen the legend keeps its size whatever the view's scale; here it must scale with
    # the rest when the scene is rendered at OVERSAMPLE
    legend.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, False)
    legend.setOffset((font_px, font_px // 2))
    # no box: on paper the legend's white box hid the top of the break and stop bands
    legend.setBrush(pg.mkBrush(255, 255, 255, 0))
    legend.setPen(pg.mkPen(None))


def _break() -> str:
    return QApplication.translate("report", "Break, planned stop")
