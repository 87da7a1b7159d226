"""`andon-kiosk report`: a past shift's numbers as CSV and PDF, the same as the screen's."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from andon_kiosk import config as station_config
from andon_kiosk.app.demo import demo_user
from andon_kiosk.app.report import ShiftReport, compute, parse_shift
from andon_kiosk.app.station import Station
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.permissions import Role

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC).timestamp()


@pytest.fixture
def station_file(tmp_path: Path) -> Path:
    path = tmp_path / "station.toml"
    path.write_text(
        '[station]\nline = "L3"\nstation = "L3-ST1"\ntimezone = "UTC"\n'
        '[devices.light]\nprotocol = "none"\n[devices.counter]\nprotocol = "none"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def store(tmp_path: Path, station_file: Path) -> Path:
    """A whole day shift on 2026-01-05: a part every 36 s, a 30 min stop at 10:00, scrap."""
    path = tmp_path / "store.sqlite3"
    clock = ManualClock(START)
    station = Station.open(station_config.load(station_file), clock=clock, store_path=path)
    leader, tech = demo_user(Role.LEADER), demo_user(Role.RESPONDER)
    for _ in range(100):  # 08:00 - 09:00
        clock.advance(36)
        station.production.record_counter(1)
    clock.set(START + 2 * 3600)  # 10:00
    stop = station.tickets.raise_ticket(STATION_OPERATOR, "machine", "breakdown")
    station.tickets.act(leader, stop.id, EventKind.ACKNOWLEDGED)
    station.tickets.act(tech, stop.id, EventKind.STARTED)
    clock.advance(30 * 60)
    station.tickets.act(tech, stop.id, EventKind.CONTAINED, {"containment": "ok"})
    station.production.record_entry(leader, scrap=4)
    clock.set(START + 2 * 86400)  # two days later: the shift is long over
    station.close()
    return path


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "andon_kiosk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def run_report(station_file: Path, store: Path, fmt: str, out: Path) -> None:
    result = kiosk(
        "report",
        *("--config", str(station_file), "--store", str(store)),
        *("--shift", "2026-01-05/day", "--format", fmt, "--out", str(out)),
    )
    assert result.returncode == 0, result.stderr


def computed(station_file: Path, store: Path) -> ShiftReport:
    """The report as the production page's calculation makes it, two days later."""
    station = Station.open(
        station_config.load(station_file), clock=ManualClock(START + 2 * 86400), store_path=store
    )
    try:
        return compute(station, *parse_shift("2026-01-05/day"))
    finally:
        station.close()


def sections(path: Path) -> list[list[list[str]]]:
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    out, current = [], []
    for row in rows:
        if not row:
            out.append(current)
            current = []
        else:
            current.append(row)
    return [*out, current]


def test_csv_report_has_the_screens_numbers(
    store: Path, station_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "day.csv"
    run_report(station_file, store, "csv", out)
    summary, hours, losses, stops = sections(out)
    values = dict(summary[1:])
    assert values["shift"] == "2026-01-05/day" and values["complete"] == "yes"
    assert values["plan_pcs"] == "1200" and values["takt_s"] == "33.00"
    assert values["actual_good_pcs"] == "100" and values["scrap_pcs"] == "4"
    assert values["downtime_min"] == "30.0"
    # one sign for a gap, as on the screen and hour by hour: actual − plan, negative = behind
    assert values["gap_pcs"] == "-1100" and values["gap_min"].startswith("-")
    assert values["availability_pct"] == f"{(660 - 30) / 660 * 100:.1f}"
    assert len(hours) == 1 + 12 and hours[1][:4] == ["08:00-09:00", "109", "99", "-10"]
    assert hours[3][4] == "机 设备 · 设备故障"  # 10:00-11:00: the breakdown (station: zh_CN)
    assert losses[1] == ["machine", "breakdown", "机 设备 · 设备故障", "30.0"]
    assert stops[1][:4] == [
        "2026-01-05T10:00:00+00:00",
        "2026-01-05T10:30:00+00:00",
        "机 设备 · 设备故障",
        "30.0",
    ]

    report = computed(station_file, store)  # the same numbers the production page computes
    assert report.stats.oee is not None
    assert values["oee_pct"] == f"{report.stats.oee.oee * 100:.1f}"


def test_pdf_report(store: Path, station_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "day.pdf"
    run_report(station_file, store, "pdf", out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000  # text, tables and the chart


@pytest.mark.parametrize(
    ("shift", "message"),
    [
        ("yesterday", "DATE/SHIFT"),
        ("2026-02-30/day", "not a date"),
        ("2026-01-05/evening", "no shift named 'evening'"),
        ("2099-01-01/day", "has not started"),
    ],
)
def test_bad_shift_names_exit_2(store: Path, station_file: Path, shift: str, message: str) -> None:
    result = kiosk("report", "--config", str(station_file), "--store", str(store), "--shift", shift)
    assert result.returncode == 2 and message in result.stderr


def test_pdf_document_reads_like_the_screen(store: Path, station_file: Path, qapp: object) -> None:
    """What the PDF prints: product by name, stops with short local times, the chart."""
    from andon_kiosk.views.report_pdf import report_document

    document, title = report_document(computed(station_file, store))
    text = document.toPlainText()
    assert title.endswith("2026-01-05/day")
    assert "泵壳 P100" in text and "p100" not in text
    assert "01-05 10:00" in text and "01-05 10:30" in text and "+00:00" not in text
    assert "08:00-09:00" in text and "机 设备 · 设备故障" in text
    chart = document.resource(QTextDocument.ResourceType.ImageResource, QUrl("chart.png"))
    assert chart.width() >= 1000
