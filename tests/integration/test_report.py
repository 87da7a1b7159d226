"""`andon-kiosk report`: a past shift's numbers as CSV files and a PDF, the same as the screen's.

The CSV files are read back as a spreadsheet would; the PDF is checked on its laid-out document
(the words, the tables' pages, the chart's width) as a plant manager would read it on paper.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument, QTextImageFormat

from andon_kiosk import config as station_config
from andon_kiosk.app.demo import demo_user
from andon_kiosk.app.report import ShiftReport, compute, parse_shift
from andon_kiosk.app.report_csv import TABLES, csv_paths, write_csv_files
from andon_kiosk.app.station import Station
from andon_kiosk.core import limits
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.permissions import Role

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC).timestamp()
CONTAINMENT = "更换备用主轴皮带，首件合格后放行"
ROOT_CAUSE = "主轴皮带磨损断裂：预防性维护计划中没有皮带检查"
COUNTERMEASURE = "每周预防性维护清单增加皮带检查；品质跟踪连续三批"
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def station_file(tmp_path: Path) -> Path:
    path = tmp_path / "station.toml"
    path.write_text(
        '[station]\nline = "L3"\nstation = "L3-ST1"\ntimezone = "UTC"\n'
        '[devices.light]\nprotocol = "none"\n[devices.counter]\nprotocol = "none"\n',
        encoding="utf-8",
    )
    return path


def record_stop(
    station: Station, clock: ManualClock, minutes: float, containment: str, cause: str, fix: str
) -> None:
    """A machine breakdown from now: acknowledged, started, contained after `minutes`, its
    root cause and countermeasure recorded."""
    leader, tech = demo_user(Role.LEADER), demo_user(Role.RESPONDER)
    stop = station.tickets.raise_ticket(STATION_OPERATOR, "machine", "breakdown")
    station.tickets.act(leader, stop.id, EventKind.ACKNOWLEDGED)
    station.tickets.act(tech, stop.id, EventKind.STARTED)
    clock.advance(minutes * 60)
    station.tickets.act(tech, stop.id, EventKind.CONTAINED, {"containment": containment})
    texts = {"root_cause": cause, "countermeasure": fix}
    station.tickets.act(tech, stop.id, EventKind.RESOLVED, texts)


@pytest.fixture
def store(tmp_path: Path, station_file: Path) -> Path:
    """A whole day shift on 2026-01-05: a part every 36 s, a 30 min stop at 10:00, scrap."""
    path = tmp_path / "store.sqlite3"
    clock = ManualClock(START)
    station = Station.open(station_config.load(station_file), clock=clock, store_path=path)
    for _ in range(100):  # 08:00 - 09:00
        clock.advance(36)
        station.production.record_counter(1)
    clock.set(START + 2 * 3600)  # 10:00
    record_stop(station, clock, 30, CONTAINMENT, ROOT_CAUSE, COUNTERMEASURE)
    station.production.record_entry(demo_user(Role.LEADER), scrap=4)
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


@pytest.fixture
def busy_store(tmp_path: Path, station_file: Path) -> Path:
    """A shift with 40 stops, each contained and resolved: a stops table of several pages."""
    path = tmp_path / "busy.sqlite3"
    clock = ManualClock(START)
    station = Station.open(station_config.load(station_file), clock=clock, store_path=path)
    for i in range(40):
        clock.set(START + 600 + i * 1000)
        station.production.record_counter(20)
        cause = ROOT_CAUSE * (1 + i % 3)
        record_stop(station, clock, 5, CONTAINMENT * 2, cause, COUNTERMEASURE)
    clock.set(START + 2 * 86400)
    station.close()
    return path


@pytest.fixture
def wordy_store(tmp_path: Path, station_file: Path) -> Path:
    """Four stops, each with root cause and countermeasure as long as a form takes (2000
    characters): a stop's row taller than what a page leaves under the header."""
    path = tmp_path / "wordy.sqlite3"
    clock = ManualClock(START)
    station = Station.open(station_config.load(station_file), clock=clock, store_path=path)
    long = ((ROOT_CAUSE + " ") * (limits.NOTE // (len(ROOT_CAUSE) + 1))).strip()
    for i in range(4):
        clock.set(START + 600 + i * 3000)
        record_stop(station, clock, 5, CONTAINMENT, long, long)
    clock.set(START + 2 * 86400)
    station.close()
    return path


def run_report(station_file: Path, store: Path, fmt: str, out: Path) -> str:
    result = kiosk(
        "report",
        *("--config", str(station_file), "--store", str(store)),
        *("--shift", "2026-01-05/day", "--format", fmt, "--out", str(out)),
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def computed(station_file: Path, store: Path, language: str | None = None) -> ShiftReport:
    """The report as the production page's calculation makes it, two days later."""
    cfg = station_config.load(station_file)
    if language:
        cfg = replace(cfg, language=language)
    station = Station.open(cfg, clock=ManualClock(START + 2 * 86400), store_path=store)
    try:
        return compute(station, *parse_shift("2026-01-05/day"))
    finally:
        station.close()


def read_table(path: Path) -> list[list[str]]:
    """A CSV file as a spreadsheet reads it: UTF-8 with a BOM, one header row, equal rows."""
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    assert rows and all(rows), f"{path.name}: an empty line"
    assert {len(row) for row in rows} == {len(rows[0])}, f"{path.name}: rows of unequal width"
    assert all(re.fullmatch(r"[a-z_]+", name) for name in rows[0]), rows[0]
    return rows


def records(path: Path) -> list[dict[str, str]]:
    header, *rows = read_table(path)
    return [dict(zip(header, row, strict=True)) for row in rows]


def number(text: str) -> float:
    return float(text)  # "-1100", "+86", "30.0": what a spreadsheet parses as a number


def test_csv_report_is_one_file_per_table(store: Path, station_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "day.csv"
    printed = run_report(station_file, store, "csv", out).splitlines()
    paths = csv_paths(tmp_path / "day")
    assert [p.name for p in paths.values()] == [f"day_{t}.csv" for t in TABLES]
    assert printed[:4] == [str(p) for p in paths.values()]  # each file written, by name
    assert not out.exists() and sorted(tmp_path.glob("*.csv")) == sorted(paths.values())

    (values,) = records(paths["summary"])
    assert values["shift"] == "2026-01-05/day" and values["complete"] == "yes"
    assert values["shift_start"] == "2026-01-05T08:00:00+00:00"
    assert values["shift_end"] == "2026-01-05T20:00:00+00:00"
    assert values["plan_pcs"] == "1200" and values["takt_s"] == "33.00"
    assert values["actual_good_pcs"] == "100" and values["scrap_pcs"] == "4"
    assert values["downtime_min"] == "30.0"
    assert values["gap_pcs"] == "-1100" and values["gap_min"].startswith("-")
    assert values["availability_pct"] == f"{(660 - 30) / 660 * 100:.1f}"
    for key in ("takt_s", "loading_min", "plan_pcs", "gap_pcs", "gap_min", "oee_pct"):
        number(values[key])
    report = computed(station_file, store)  # the same numbers the production page computes
    assert report.stats.oee is not None
    assert values["oee_pct"] == f"{report.stats.oee.oee * 100:.1f}"

    hours = records(paths["hours"])
    assert len(hours) == 12 and {h["line"] for h in hours} == {"L3"}
    assert hours[0]["hour_start"] == "2026-01-05T08:00:00+00:00"
    assert [hours[0][k] for k in ("plan_pcs", "actual_pcs", "gap_pcs")] == ["109", "99", "-10"]
    assert hours[2]["biggest_loss"] == "机 设备 · 设备故障"  # 10:00-11:00 (station: zh_CN)
    assert (hours[2]["category"], hours[2]["reason"]) == ("machine", "breakdown")
    for h in hours:
        assert number(h["gap_pcs"]) == number(h["actual_pcs"]) - number(h["plan_pcs"])

    (loss,) = records(paths["losses"])
    assert [loss[k] for k in ("category", "reason", "loss", "downtime_min")] == [
        "machine", "breakdown", "机 设备 · 设备故障", "30.0",
    ]  # fmt: skip

    (stop,) = records(paths["stops"])
    assert stop["start"] == "2026-01-05T10:00:00+00:00"
    assert stop["end"] == "2026-01-05T10:30:00+00:00"
    assert (stop["loss"], stop["minutes"]) == ("机 设备 · 设备故障", "30.0")
    assert stop["ticket_id"] == next(iter(report.tickets))
    assert stop["containment"] == CONTAINMENT
    assert (stop["root_cause"], stop["countermeasure"]) == (ROOT_CAUSE, COUNTERMEASURE)


def test_one_sign_for_a_gap_in_csv_and_pdf(
    store: Path, station_file: Path, tmp_path: Path, qapp: object
) -> None:
    """actual − plan, negative when behind: the summary and the hours agree, in both formats."""
    from andon_kiosk.views.report_pdf import report_document

    run_report(station_file, store, "csv", tmp_path / "day")
    paths = csv_paths(tmp_path / "day")
    (summary,) = records(paths["summary"])
    hours = records(paths["hours"])
    total = number(summary["gap_pcs"])
    by_hour = sum(number(h["gap_pcs"]) for h in hours)
    assert total < 0 and by_hour < 0 and abs(total - by_hour) <= len(hours)  # rounding only
    assert number(summary["gap_min"]) < 0

    text = report_document(computed(station_file, store)).document.toPlainText()
    assert summary["gap_pcs"] in text and summary["gap_min"] in text
    for h in hours:  # each hour's gap, with its sign, in the PDF's hour-by-hour table
        assert h["gap_pcs"] in text
    assert "+1100" not in text and "1100.0" not in text


def test_a_set_that_cannot_be_written_leaves_no_files(
    store: Path, station_file: Path, tmp_path: Path
) -> None:
    stem = tmp_path / "day"
    blocked = csv_paths(stem)["stops"]
    blocked.mkdir()  # the last file cannot take its name: the three before it must not stay
    (blocked / "keep").write_text("x", encoding="utf-8")
    with pytest.raises(OSError, match=r"day_stops\.csv"):
        write_csv_files(computed(station_file, store), stem)
    left = [p.name for p in tmp_path.iterdir() if "day_" in p.name]  # temporary ones too
    assert left == ["day_stops.csv"]

    result = kiosk(  # the command says so in one line, before it writes anything
        "report", "--config", str(station_file), "--store", str(store),
        "--shift", "2026-01-05/day", "--out", str(stem),
    )  # fmt: skip
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "day_stops.csv" in result.stderr
    assert not list(tmp_path.glob("*.csv.*part")) and not csv_paths(stem)["summary"].exists()


def test_pdf_report(store: Path, station_file: Path, tmp_path: Path, qapp: object) -> None:
    from andon_kiosk.views.report_pdf import report_document

    out = tmp_path / "day.pdf"
    assert run_report(station_file, store, "pdf", out).splitlines()[0] == str(out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000  # text, tables and the chart
    assert b"%%EOF" in data[-1024:]  # whole: written beside, renamed when complete
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    title = report_document(computed(station_file, store)).title
    assert title == "班次报表 2026-01-05 白班"
    assert b"\xfe\xff" + title.encode("utf-16-be") in data  # the PDF's title, in Chinese too


@pytest.fixture
def english_app(qapp: object) -> Iterator[object]:
    """The process speaks English (a test, or a PC's tool): the report speaks its own."""
    from andon_kiosk.views.i18n import install_translator

    install_translator(qapp, "en")
    yield qapp


def test_pdf_is_in_the_reports_language(
    store: Path, station_file: Path, english_app: object
) -> None:
    from andon_kiosk.views.report_pdf import report_document

    made = report_document(computed(station_file, store))  # the station speaks zh_CN
    text = made.document.toPlainText()
    data = {"OEE"}  # an acronym Chinese floors use as is; L3, L3-ST1, P100 have no 3 letters
    assert set(ENGLISH_WORD.findall(text)) - data == set(), text
    assert set(ENGLISH_WORD.findall(made.footer + made.page_words)) == set()
    assert made.title == "班次报表 2026-01-05 白班" and "2026-01-05 白班" in text
    for words in ("计划与实际", "逐时看板", "损失", "停线记录", "临时措施", "根本原因", "是"):
        assert words in text
    assert "泵壳 P100" in text and "p100" not in text
    assert "01-05 10:00" in text and "01-05 10:30" in text and "+00:00" not in text
    assert "08:00-09:00" in text and "机 设备 · 设备故障" in text

    english = report_document(computed(station_file, store, "en"))
    assert english.title == "Shift report 2026-01-05 Day shift"
    assert "Plan against actual" in english.document.toPlainText()
    assert "Root cause: " + ROOT_CAUSE in english.document.toPlainText()


def test_pdf_stops_carry_what_was_done(store: Path, station_file: Path, qapp: object) -> None:
    from andon_kiosk.views.report_pdf import report_document

    made = report_document(computed(station_file, store))  # the tables live in its document
    stops = made.tables["stops"]
    assert stops.rows() == 2  # the header and the one stop: one row a stop
    cell = stops.cellAt(1, 3)
    cursor = cell.firstCursorPosition()
    cursor.setPosition(cell.lastCursorPosition().position(), cursor.MoveMode.KeepAnchor)
    assert cursor.selectedText().split("\u2029") == [
        "机 设备 · 设备故障",
        "临时措施：" + CONTAINMENT,
        "根本原因：" + ROOT_CAUSE,
        "长期纠正措施：" + COUNTERMEASURE,
    ]


def test_chart_fits_the_text_column(store: Path, station_file: Path, qapp: object) -> None:
    from andon_kiosk.views import report_layout
    from andon_kiosk.views.report_chart import OVERSAMPLE
    from andon_kiosk.views.report_pdf import report_document

    document = report_document(computed(station_file, store)).document
    width = document.pageSize().width()
    expected = report_layout.text_area(report_layout.page_layout()).width()
    assert width == expected == int(180 / 25.4 * 96)  # A4 less 2 × 15 mm, in whole 1/96 in
    chart = document.resource(QTextDocument.ResourceType.ImageResource, QUrl("chart.png"))
    assert abs(chart.width() - width * OVERSAMPLE) <= OVERSAMPLE  # sharp on paper
    shown = images_in(document)
    assert len(shown) == 1 and 0 < shown[0].width() <= width
    assert document.documentLayout().documentSize().width() <= width + 0.5


def iter_blocks(document: QTextDocument) -> Iterator:
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def images_in(document: QTextDocument) -> list[QTextImageFormat]:
    found = []
    for block in iter_blocks(document):
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                found.append(fmt.toImageFormat())
            it += 1
    return found


def test_tables_repeat_their_header_and_keep_rows_whole(
    busy_store: Path, station_file: Path, qapp: object
) -> None:
    from andon_kiosk.views import report_layout as pages
    from andon_kiosk.views.report_pdf import report_document

    made = report_document(computed(station_file, busy_store))
    document = made.document
    height = document.pageSize().height()
    assert document.pageCount() >= 3
    stops = made.tables["stops"]
    assert stops.rows() == 41
    first, last = pages.row_span(document, stops, 1)[0], pages.row_span(document, stops, 40)[1]
    assert pages.page_of(last, height) > pages.page_of(first, height)  # over several pages
    for name, table in made.tables.items():
        assert table.format().headerRowCount() == 1, name
        assert pages.split_rows(document, table) == [], name  # no row cut by a page break
        heading = document.findBlock(made.headings[name])
        top = document.documentLayout().blockBoundingRect(heading).top()
        kept = pages.rows_bottom(document, table)  # header and first rows under the heading
        assert pages.page_of(top, height) == pages.page_of(kept - 0.5, height), name


def test_no_page_holds_only_a_table_header(
    wordy_store: Path, station_file: Path, qapp: object
) -> None:
    """A stop's row taller than a page under the header is split where it stands: moved to
    the next page it left a page with the repeated header alone (and could not fit anyway)."""
    from andon_kiosk.views import report_layout as pages
    from andon_kiosk.views.report_pdf import report_document

    made = report_document(computed(station_file, wordy_store))
    document, stops = made.document, made.tables["stops"]
    height = document.pageSize().height()
    covered: set[int] = set()
    for row in range(1, stops.rows()):
        top, bottom = pages.row_span(document, stops, row)
        covered |= set(range(pages.page_of(top, height), pages.page_of(bottom - 0.5, height) + 1))
    first, last = min(covered), max(covered)
    assert last > first  # the rows do run over pages
    assert covered == set(range(first, last + 1))  # every page of the table has a stop on it
    assert document.pageCount() == last + 1  # and nothing after them


def test_a_shift_without_stops_says_none(store: Path, station_file: Path, qapp: object) -> None:
    from andon_kiosk.views.report_pdf import report_document

    station = Station.open(
        station_config.load(station_file), clock=ManualClock(START + 2 * 86400), store_path=store
    )
    try:
        report = compute(station, *parse_shift("2026-01-04/day"))  # nothing recorded that day
    finally:
        station.close()
    made = report_document(report)
    for name in ("losses", "stops"):
        table = made.tables[name]
        assert table.rows() == 2 and table.cellAt(1, 0).firstCursorPosition().block().text() == "无"


def test_csv_cells_a_spreadsheet_would_run_are_inert_and_the_files_readable_by_all() -> None:
    from andon_kiosk.app.report_csv import _inert

    for formula in ("=cmd|' /C calc'!A0", "+SUM(1+1)", "@SUM(A1)", "-2+3+cmd|x", "\t=1+1"):
        assert _inert(formula) == "'" + formula
    for kept in ("-15", "+7", "-0.5", "主轴皮带", "2026-01-05T08:00:00+00:00", ""):
        assert _inert(kept) == kept


def test_csv_files_are_readable_by_the_plant_s_other_users(
    store: Path, station_file: Path, tmp_path: Path
) -> None:
    run_report(station_file, store, "csv", tmp_path / "day.csv")
    for path in csv_paths(tmp_path / "day").values():
        assert path.stat().st_mode & 0o044 == 0o044, oct(path.stat().st_mode)  # umask 022


def test_a_stop_signal_while_writing_ends_the_report_as_ctrl_c_does() -> None:
    """SIGTERM (systemd, a kill) during a report raises SystemExit in the writers, whose
    clean-up on any exception removes what was half written (like Ctrl-C); exit 143."""
    import signal

    from andon_kiosk.cli.report import _stop_on_sigterm

    before = signal.getsignal(signal.SIGTERM)
    try:
        _stop_on_sigterm()
        with pytest.raises(SystemExit) as stopped:
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):  # the handler runs at the next bytecode boundary
                pass
        assert stopped.value.code == 128 + signal.SIGTERM
    finally:
        signal.signal(signal.SIGTERM, before)


@pytest.mark.skipif(sys.platform == "win32", reason="file size limits are POSIX")
def test_a_pdf_cut_short_by_a_full_disk_fails_and_keeps_the_report_that_was_there(
    store: Path, station_file: Path, tmp_path: Path
) -> None:
    """QPdfWriter says nothing when a write fails: the disk fills (here, a 64 KiB limit on the
    files the process writes) and it leaves a PDF without its end. The command notices, says
    so in one line, exits non-zero and leaves the earlier report as it was."""
    import resource
    import signal

    out = tmp_path / "day.pdf"
    out.write_bytes(b"%PDF-1.4 the report of yesterday\n%%EOF\n")
    before = out.read_bytes()

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    result = subprocess.run(
        [
            *(sys.executable, "-m", "andon_kiosk", "report", "--config", str(station_file)),
            *("--store", str(store), "--shift", "2026-01-05/day", "--format", "pdf"),
            *("--out", str(out)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        preexec_fn=small_disk,  # in the child, before it runs the kiosk
        check=False,
    )
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr and "day.pdf" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert out.read_bytes() == before  # yesterday's report untouched
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
