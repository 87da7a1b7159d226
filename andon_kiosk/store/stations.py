"""Repository for the station register: the stations the shared database heard from, and when."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import StationRow


def all_stations(session: Session) -> list[StationRow]:
    return list(session.scalars(select(StationRow).order_by(StationRow.line, StationRow.station)))
