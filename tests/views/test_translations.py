"""Every user-visible string has a zh_CN translation.

Two checks: lupdate over the sources finds no string without a translation (and the committed
.ts/.qm are in step with the code), and every screen rendered in zh_CN shows no English
words except the plant's own data (people's names, the line's name, station ids).
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from andon_kiosk.app.kiosk import KioskModel
from andon_kiosk.config import StationConfig
from andon_kiosk.views.window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
ACRONYMS = {"OEE"}  # used as is on Chinese shop floors


def _translations_tool():
    loader = importlib.machinery.SourceFileLoader("translations", str(ROOT / ".ci/translations"))
    spec = importlib.util.spec_from_loader("translations", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_every_extracted_string_is_translated_and_the_files_are_current() -> None:
    assert _translations_tool().check() == []


def visible_texts(root: QWidget) -> list[str]:
    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        texts.append(widget.toolTip())
    return [t for t in texts if t]


def english_left(texts: list[str], data_words: set[str]) -> list[str]:
    return [t for t in texts if set(ENGLISH_WORD.findall(t)) - data_words]


@pytest.fixture
def language() -> str:
    return "zh_CN"


def test_every_screen_reads_in_chinese(
    kiosk: tuple[KioskModel, MainWindow],
    config: StationConfig,
    every_screen: Callable[[Callable[[], None]], None],
) -> None:
    _, window = kiosk
    data = {config.line_name, config.station, *(u.user.name for u in config.users)}
    data_words = {w for text in data for w in ENGLISH_WORD.findall(text)} | ACRONYMS
    seen: list[str] = []

    def check() -> None:
        texts = visible_texts(window)
        seen.extend(texts)
        left = english_left(texts, data_words)
        assert left == [], "\n".join(left)

    every_screen(check)
    for expected in (
        "响应",
        "开始处理",
        "恢复生产…",
        "根本原因与长期纠正措施…",
        "验证措施",
        "结案",
        "重新打开…",
        "取消异常单…",
        "确定结案？",
        "密码错误。剩余尝试次数：4",
    ):
        assert expected in seen, f"never saw {expected!r}"


def test_the_checker_would_catch_english(qtbot: QtBot) -> None:
    assert english_left(["Waiting for acknowledgement"], set()) == ["Waiting for acknowledgement"]
    assert english_left(["李伟 Li Wei", "L1：生产主管"], {"Li", "Wei"}) == []
