"""Installs the kiosk's translation. English is the source language; `zh_CN` is translated.

Translations live in `resources/translations/*.ts` (edited with Qt Linguist, kept in sync by
`.ci/translations`) and are loaded from the `.qm` files built from them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from andon_kiosk.assets import resource

LANGUAGES = ("en", "zh_CN")
_installed: list[QTranslator] = []


def install_translator(app: QCoreApplication, language: str) -> None:
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
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
