"""Small building blocks shared by the screens: styled labels and buttons, forms from ui/."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from andon_kiosk.assets import ui_file

from . import scale
from .scale import px

W = TypeVar("W", bound=QWidget)


def styled(widget: W, kind: str, name: str = "") -> W:
    """Tag `widget` for the QSS theme (`kind`) and give it its automation `name`."""
    widget.setProperty("kind", kind)
    if name:
        widget.setObjectName(name)
    return widget


def set_tone(widget: QWidget, tone: str, *, children: bool = False) -> None:
    """Change the `tone` property the theme colours by, and re-apply the style (also to the
    child widgets, with `children`, when the theme styles them by their parent's tone)."""
    if widget.property("tone") != tone:
        widget.setProperty("tone", tone)
        for w in [widget, *(widget.findChildren(QWidget) if children else [])]:
            w.style().unpolish(w)
            w.style().polish(w)


def label(text: str = "", kind: str = "value", name: str = "", wrap: bool = False) -> QLabel:
    widget = styled(QLabel(text), kind, name)
    widget.setTextFormat(Qt.TextFormat.PlainText)  # people's words, never markup
    widget.setWordWrap(wrap)
    return widget


def button(text: str, name: str, kind: str = "") -> QPushButton:
    widget = FitButton(text)
    widget.setObjectName(name)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # touch: no focus rectangles, no stray Enter
    if kind:
        widget.setProperty("kind", kind)
    return widget


class MessageStrip(QFrame):
    """A full-width strip under the header: `banner` (passing messages) or `alert` (a state
    that lasts until it is fixed). Its labels are named `<name>.text` (what everyone must
    read) and `<name>.detail` (smaller: where and why, for whoever fixes it)."""

    def __init__(self, kind: str, name: str) -> None:
        super().__init__()
        styled(self, kind, name)
        self.text = label(kind="value", name=f"{name}.text", wrap=True)
        self.detail = label(kind="detail", name=f"{name}.detail", wrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(px(18), px(10), px(18), px(10))
        layout.setSpacing(px(2))
        layout.addWidget(self.text)
        layout.addWidget(self.detail)
        self.detail.hide()
        self.hide()

    def show_text(self, text: str, detail: str = "") -> None:
        self.text.setText(text)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.show()


def scrolling(content: QLayout, empty: QLabel, right_margin: int = 0) -> QScrollArea:
    """`content` over `empty` (shown when there is nothing), at the top of a vertical scroll."""
    body = QWidget()
    outer = QVBoxLayout(body)
    outer.setContentsMargins(0, 0, right_margin, 0)
    outer.addLayout(content)
    outer.addWidget(empty)
    outer.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(body)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


def shrunk(font: QFont, ratio: float) -> QFont:
    """`font` at `ratio` of its size (the theme sets sizes in pixels, Qt's default in points)."""
    smaller = QFont(font)
    if font.pixelSize() > 0:
        smaller.setPixelSize(max(1, int(font.pixelSize() * ratio)))
    else:
        smaller.setPointSizeF(max(1.0, font.pointSizeF() * ratio))
    return smaller


class FitLabel(QLabel):
    """A one-line label whose text shrinks to fit its box instead of being cut off: a big
    number must never lose a digit ("−1 153" in a narrow tile), a category's symbol must not
    run into its name when an alert strip takes height away (`fit_height`). The theme's font
    is the largest it is drawn at."""

    def __init__(self, text: str = "", fit_height: bool = False) -> None:
        super().__init__(text)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._fit_height = fit_height
        self.measure = ""  # fit as if this were the text (figures side by side, one size)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        height = min(px(32), hint.height()) if self._fit_height else hint.height()
        return QSize(min(px(40), hint.width()), height)

    def drawn_font(self) -> QFont:
        """The font the text is drawn in: the theme's, shrunk when the text would not fit."""
        room = self.contentsRect()
        metrics = self.fontMetrics()
        lines = (self.measure or self.text()).split("\n")
        need_w = max(metrics.horizontalAdvance(line) for line in lines)
        need_h = metrics.lineSpacing() * len(lines) if self._fit_height else 0
        if (need_w <= room.width() and need_h <= room.height()) or not self.text():
            return self.font()
        ratio = min(room.width() / max(1, need_w), room.height() / max(1, need_h))
        return shrunk(self.font(), ratio)

    def paintEvent(self, event: QPaintEvent) -> None:
        font = self.drawn_font()
        if font == self.font():
            super().paintEvent(event)
            return
        room = self.contentsRect()
        painter = QPainter(self)
        painter.setFont(font)
        self.style().drawItemText(
            painter,
            room,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.text(),
            QPalette.ColorRole.WindowText,
        )


class PartsLabel(FitLabel):
    """Words made of parts ("Material · Shortage / waiting") that break only between the
    parts, never inside a word (Qt wraps Chinese anywhere: 即将缺料（呼/叫）); what still does
    not fit shrinks."""

    def __init__(self, separator: str = " · ") -> None:
        super().__init__("", fit_height=True)
        self._separator = separator
        self._parts: list[str] = []

    def set_parts(self, parts: list[str]) -> None:
        self._parts = [p for p in parts if p]
        self._arrange()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        one_line = self._separator.join(self._parts)
        room = self.contentsRect().width()
        fits = self.fontMetrics().horizontalAdvance(one_line) <= room
        text = (
            one_line
            if fits or len(self._parts) < 2
            else ((self._separator.rstrip() + "\n").join(self._parts))
        )
        if text != self.text():
            self.setText(text)


class FitButton(QPushButton):
    """A button whose words shrink to fit it rather than lose their ends: a long action
    ("Root cause and countermeasure…") in a narrow side panel, a translation longer than the
    English. Drawn as usual when the words fit."""

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        room = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
        need = self.fontMetrics().horizontalAdvance(option.text)
        if not option.text or need <= room.width():
            super().paintEvent(event)
            return
        text, option.text = option.text, ""
        painter = QStylePainter(self)
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        painter.setFont(shrunk(self.font(), room.width() / need))
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.drawText(room, Qt.AlignmentFlag.AlignCenter, text)


def sized_by_shown_page(stack: QStackedWidget) -> None:
    """A stack as tall as the page it shows: a plain one is as tall as its tallest page, and
    the ticket's action list took the height of the form with every phrase."""

    def follow(index: int) -> None:
        for i in range(stack.count()):
            page = stack.widget(i)
            policy = page.sizePolicy()
            policy.setVerticalPolicy(
                QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            )
            page.setSizePolicy(policy)
        stack.updateGeometry()

    stack.currentChanged.connect(follow)
    follow(stack.currentIndex())


def passthrough(widget: W) -> W:
    """A child that lets taps through to the button it decorates."""
    widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return widget


def load_form(name: str, host: QWidget) -> QWidget:
    """Load the Designer form `ui/<name>` into `host` (strings are translated as it loads)."""
    form = QUiLoader().load(str(ui_file(name)), host)
    if form is None:
        raise RuntimeError(f"cannot load the form {name}")
    scale.form(form)  # before anything polishes it: the theme's sizes are scaled already
    for text in form.findChildren(QLabel):  # what people typed is shown as typed
        text.setTextFormat(Qt.TextFormat.PlainText)
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(form)
    return form


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget in `layout` now, so none can be found by name any more."""
    while layout.count():
        widget = layout.takeAt(0).widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


def child(form: QWidget, cls: type[W], name: str) -> W:
    found = form.findChild(cls, name)
    if found is None:
        raise LookupError(f"the form has no {cls.__name__} named {name!r}")
    return found
