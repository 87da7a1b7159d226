"""Every actionable widget has a stable objectName, and every name is in docs/automation.md."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit, QWidget

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.views.window import MainWindow

DOC = (Path(__file__).resolve().parents[2] / "docs" / "automation.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"`([a-zA-Z.<>0-9]+)`", DOC))
ACTIONABLE = (QAbstractButton, QLineEdit, QPlainTextEdit)
PATTERNS = [
    (re.compile(r"^category\.\w+$"), "category.<key>"),
    (re.compile(r"^reason\.(?!skip$|title$|subtitle$)\w+$"), "reason.<key>"),
    (re.compile(r"^tickets\.card\.\d+$"), "tickets.card.<n>"),
    (re.compile(r"^signin\.key\.\w+$"), "signin.key.<key>"),
    (re.compile(r"^keyboard\.key\.\w+$"), "keyboard.key.<key>"),
    (re.compile(r"^ticket\.form\.phrases[12]\.[\w-]+$"), "ticket.form.phrases<n>.<code>"),
    (
        re.compile(r"^ticket\.form\.phrases[12]\.[\w-]+\.text$"),
        "ticket.form.phrases<n>.<code>.text",
    ),
    (re.compile(r"^product\.(?!cancel$|title$)\w+$"), "product.<key>"),
    (re.compile(r"^numbers\.\w+\.(value|note)$"), "numbers.<tile>.value"),
    (re.compile(r"^board\.line\.[^.]+\.ticket\.\d+$"), "board.line.<line>.ticket.<n>"),
    (re.compile(r"^board\.line\.[^.]+$"), "board.line.<line>"),
    *(
        (re.compile(rf"^board\.line\.[^.]+\.{part}$"), f"board.line.<line>.{part}")
        for part in ("id", "name", "status", "numbers", "silent", "more")
    ),
    (re.compile(r"^board\.line\.[^.]+\.(plan|actual|gap)$"), "board.line.<line>.plan"),
]


def documented_as(name: str) -> str:
    for pattern, placeholder in PATTERNS:
        if pattern.match(name):
            return placeholder
    return name


def test_actionable_widgets_are_named_and_documented(
    kiosk: tuple[KioskModel, MainWindow], every_screen: Callable[[Callable[[], None]], None]
) -> None:
    _, window = kiosk
    unnamed: set[str] = set()
    names: set[str] = set()

    def check() -> None:
        for widget in window.findChildren(QWidget):
            if not widget.isVisibleTo(window):
                continue
            name = widget.objectName()
            if isinstance(widget, ACTIONABLE) and "." not in name:
                unnamed.add(f"{type(widget).__name__} {name!r} {getattr(widget, 'text', str)()!r}")
            if "." in name or name in ("header", "tickets", "banner"):
                names.add(name)

    every_screen(check)
    assert unnamed == set()
    undocumented = {documented_as(n) for n in names} - DOCUMENTED
    assert undocumented == set()
    assert {"ticket.acknowledge", "ticket.close", "ticket.verify", "ticket.reopen"} <= names
