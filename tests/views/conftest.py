from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.app.station import Station
from andon_kiosk.views.launch import application
from andon_kiosk.views.window import MainWindow


@pytest.fixture
def kiosk(qtbot: QtBot, station: Station, language: str) -> Iterator[tuple[KioskModel, MainWindow]]:
    """The real window over a real store, as the operator sees it (offscreen)."""
    application(language)
    vm = KioskModel(station)
    window = MainWindow(vm)
    qtbot.addWidget(window)
    vm.start()
    window.show()
    qtbot.waitUntil(lambda: vm.loaded)
    yield vm, window
    vm.stop()
    window.close()
    application("en")  # leave the translator as the next test expects
    QApplication.processEvents()
