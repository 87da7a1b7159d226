"""Installs the kiosk's translation. English is the source language; `zh_CN` is translated.

Translations live in `resources/translations/*.ts` (edited with Qt Linguist, kept in sync by
`.ci/translations`) and are loaded from the `.qm` files built from them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from andon_kiosk.assets import resource

LANGUAGES = ("en", "zh_CN")
_installed: list[QTranslator] = []
_language = ["en"]  # the one installed now


def install_translator(app: QCoreApplication, language: str) -> None:
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    _language[0] = language
    if language == "en":
        return
    ours = QTranslator(app)
    if not ours.load(str(resource("translations", f"andon_kiosk_{language}.qm"))):
        raise FileNotFoundError(f"no translation for {language!r}")
    qt = QTranslator(app)  # Qt's own strings (standard buttons, context menus)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    app.installTranslator(ours)
    _installed.append(ours)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Translate into `language` for a while, then back: a report is in its station's
    language whatever the screen (or a test) speaks."""
    app = QCoreApplication.instance()
    before = _language[0]
    if app is None or language == before:
        yield
        return
    install_translator(app, language)
    try:
        yield
    finally:
        install_translator(app, before)
