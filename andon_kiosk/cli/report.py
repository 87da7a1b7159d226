"""`andon-kiosk report --shift DATE/SHIFT --format csv|pdf`: a shift's numbers, from the store."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from andon_kiosk.config import StationConfig

from .options import store_path


def run(args: argparse.Namespace, cfg: StationConfig) -> int:
    from andon_kiosk.app.report import compute, parse_shift, write_csv
    from andon_kiosk.app.station import Station

    day, shift = parse_shift(args.shift)
    out: Path = args.out or Path(f"{cfg.station}_{day.isoformat()}_{shift}.{args.format}")
    station = Station.open(cfg, store_path=store_path(args))
    try:
        report = compute(station, day, shift)
    finally:
        station.close()
    if args.format == "csv":
        write_csv(report, out)
    else:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a report needs no screen
        from andon_kiosk.views.launch import application
        from andon_kiosk.views.report_pdf import write_pdf

        application(cfg.language)
        write_pdf(report, out)
    s = report.stats
    print(
        f"{out}: {report.instance.key} plan {s.planned:.0f}, actual {s.actual}, "
        f"scrap {s.scrap}, OEE {s.oee.oee * 100:.1f}%"
        if s.oee
        else f"{out}: written"
    )
    return 0
