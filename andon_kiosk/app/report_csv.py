"""The shift report as CSV files, one table per file, for a spreadsheet or an MES importer.

One file per table because importers (and Excel's "From Text/CSV") map one header row to one
table; several tables in one file separated by blank lines cannot be read by either. CSV, not
xlsx: every importer and spreadsheet reads it, and it needs no new dependency in the kiosk.

    STEM_summary.csv  one row: the shift's figures (`report.summary_rows` keys)
    STEM_hours.csv    line, shift, then `report.HOUR_COLUMNS`
    STEM_losses.csv   line, shift, then `report.LOSS_COLUMNS`
    STEM_stops.csv    line, shift, then `report.STOP_COLUMNS`

UTF-8 with a BOM (Excel opens the Chinese text), times ISO 8601 with the offset, numbers with a
dot and no thousands separator. The set is written whole or not at all: every file goes to a
temporary name first and is renamed into place only when all of them were written.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from .report import (
    HOUR_COLUMNS,
    LOSS_COLUMNS,
    STOP_COLUMNS,
    ShiftReport,
    hour_rows,
    loss_rows,
    stop_rows,
    summary_rows,
)

TABLES = ("summary", "hours", "losses", "stops")

Table = tuple[tuple[str, ...], list[tuple[str, ...]]]


def csv_tables(report: ShiftReport) -> dict[str, Table]:
    """Each table's header and rows, keyed by `TABLES`."""
    summary = summary_rows(report)
    key = (report.line, report.instance.key)
    return {
        "summary": (tuple(k for k, _ in summary), [tuple(v for _, v in summary)]),
        "hours": (("line", "shift", *HOUR_COLUMNS), [(*key, *r) for r in hour_rows(report)]),
        "losses": (("line", "shift", *LOSS_COLUMNS), [(*key, *r) for r in loss_rows(report)]),
        "stops": (("line", "shift", *STOP_COLUMNS), [(*key, *r) for r in stop_rows(report)]),
    }


_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\ufeff")


def _inert(cell: str) -> str:
    """A typed text a spreadsheet would run as a formula (`=cmd|…`) starts with an apostrophe
    (OWASP's CSV injection advice); numbers (a gap of -15) stay numbers."""
    if cell.startswith(_FORMULA):
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def csv_paths(stem: Path) -> dict[str, Path]:
    """Where each table goes: `stem` is a path without the table's suffix (`out/L3_2026-01-05_day`
    gives `out/L3_2026-01-05_day_summary.csv`, …)."""
    return {name: stem.with_name(f"{stem.name}_{name}.csv") for name in TABLES}


def write_csv_files(report: ShiftReport, stem: Path) -> list[Path]:
    """Write every table beside `stem`; all files or none (an OSError leaves none behind)."""
    paths = csv_paths(stem)
    temporary: list[Path] = []
    placed: list[Path] = []
    target = stem
    try:
        for name, (header, rows) in csv_tables(report).items():
            target = paths[name]
            handle, name_of_temp = tempfile.mkstemp(
                prefix=f".{paths[name].name}.", suffix=".part", dir=paths[name].parent
            )
            temporary.append(Path(name_of_temp))
            with os.fdopen(handle, "w", newline="", encoding="utf-8-sig") as f:  # BOM: Excel
                out = csv.writer(f)
                out.writerow(header)
                out.writerows(tuple(_inert(cell) for cell in row) for row in rows)
                f.flush()
                os.fsync(f.fileno())
            Path(name_of_temp).chmod(0o666 & ~_umask())  # as any file (mkstemp: 0600)
        for temp, name in zip(temporary, TABLES, strict=True):
            target = paths[name]
            temp.replace(target)
            placed.append(target)
    except BaseException as exc:
        for path in [*temporary, *placed]:  # no half set left to be taken for a whole one
            path.unlink(missing_ok=True)
        if isinstance(exc, OSError):  # named by the file it was for, not the temporary one
            raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from exc
        raise
    return placed
