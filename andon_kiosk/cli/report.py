"""`andon-kiosk report --shift DATE/SHIFT --format csv|pdf`: a shift's numbers, from the store."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from andon_kiosk.config import StationConfig

from .options import output_path, store_path


def run(args: argparse.Namespace, cfg: StationConfig) -> int:
    from andon_kiosk.app.report import compute, parse_shift, write_csv
    from andon_kiosk.app.station import Station, safe_name

    from .admin import store_errors_named

    day, shift = parse_shift(args.shift)
    name = f"{safe_name(cfg.station)}_{day.isoformat()}_{safe_name(shift)}.{args.format}"
    out = output_path(args.out or Path(name), "--out")
    station = Station.open(cfg, store_path=store_path(args), create=False)
    try:
        with store_errors_named(station):
            report = compute(station, day, shift)
    finally:
        station.close()
    try:
        if args.format == "csv":
            write_csv(report, out)
        else:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a report needs no screen
            from andon_kiosk.views.launch import application
            from andon_kiosk.views.report_pdf import write_pdf

            application(cfg.language)
            write_pdf(report, out)
        if not out.is_file() or out.stat().st_size == 0:
            raise OSError(f"{out} was not written")
    except OSError as exc:
        out.unlink(missing_ok=True)  # no half-written report left to be taken for a whole one
        raise OSError(exc.errno, exc.strerror or str(exc), str(out)) from exc
    s = report.stats
    print(
        f"{out}: {report.instance.key} plan {s.planned:.0f}, actual {s.actual}, "
        f"scrap {s.scrap}, OEE {s.oee.oee * 100:.1f}%"
        if s.oee
        else f"{out}: written"
    )
    return 0
