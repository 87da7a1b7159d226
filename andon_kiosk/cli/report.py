"""`andon-kiosk report --shift DATE/SHIFT --format csv|pdf`: a shift's numbers, from the store.

CSV is a set of files, one table each (`app.report_csv`); `--out` names their common stem (a
`.csv` ending is dropped) or a folder to put them in. PDF is one file.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING

from andon_kiosk.config import StationConfig

if TYPE_CHECKING:
    from andon_kiosk.app.report import ShiftReport

from .options import output_path, store_path


def csv_stem(text: str | None, default: str) -> Path:
    """The CSV files' common stem from `--out`: a folder (or what ends in a slash, meaning
    one) takes the default name inside it."""
    if text is None:
        return Path(default)
    out = Path(text)
    if out.is_dir() or text.endswith(("/", os.sep)):
        return out / default  # a folder that does not exist is said so by output_path
    return out.with_suffix("") if out.suffix.lower() == ".csv" else out


def _stop_on_sigterm() -> None:
    """A stop signal while writing ends the report as Ctrl-C does: what was half written is
    removed (the writers clean up on any exception), exit 128 + the signal."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def run(args: argparse.Namespace, cfg: StationConfig) -> int:
    from andon_kiosk.app.report import compute, parse_shift
    from andon_kiosk.app.report_csv import csv_paths, write_csv_files
    from andon_kiosk.app.station import Station, safe_name

    from .admin import store_errors_named

    _stop_on_sigterm()
    day, shift = parse_shift(args.shift)
    name = f"{safe_name(cfg.station)}_{day.isoformat()}_{safe_name(shift)}"
    if args.format == "csv":
        stem = csv_stem(args.out, name)
        for path in csv_paths(stem).values():
            output_path(path, "--out")
    else:
        out = output_path(Path(args.out or f"{name}.pdf"), "--out")
    station = Station.open(cfg, store_path=store_path(args), create=False)
    try:
        with store_errors_named(station):
            report = compute(station, day, shift)
    finally:
        station.close()
    if args.format == "csv":
        written = write_csv_files(report, stem)  # all or none; an OSError is worded by main
    else:
        write_pdf_file(report, out, cfg.language)
        written = [out]
    s = report.stats
    for path in written:
        print(path)
    if s.oee:
        print(
            f"{report.instance.key}: plan {s.planned:.0f}, actual {s.actual}, "
            f"scrap {s.scrap}, OEE {s.oee.oee * 100:.1f}%"
        )
    return 0


def write_pdf_file(report: ShiftReport, out: Path, language: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a report needs no screen
    from andon_kiosk.views.launch import application
    from andon_kiosk.views.report_pdf import write_pdf

    # written beside `out` and renamed over it only when whole: a full disk, Ctrl-C or a kill
    # leaves the report that was there (QPdfWriter does not report a failed write: a PDF
    # without its end-of-file marker is one that was cut short)
    temp = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        application(language)
        write_pdf(report, temp)
        with temp.open("rb") as f:
            f.seek(max(0, temp.stat().st_size - 1024))
            whole = b"%%EOF" in f.read()
        if not whole:
            raise OSError(errno.ENOSPC, "the PDF was cut short (is the disk full?)", str(out))
        temp.replace(out)
    except BaseException as exc:
        temp.unlink(missing_ok=True)  # no half-written report left to be taken for a whole one
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror or str(exc), str(out)) from exc
        raise
