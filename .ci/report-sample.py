"""A day shift with eight stops, for pictures of the shift report (docs/screenshots/report_*).

    python .ci/report-sample.py LANG FOLDER   ->  FOLDER/station.toml, FOLDER/store.sqlite3

Run by .ci/screenshots, which writes the PDF with `andon-kiosk report` and its first page as
a PNG (pdftoppm). The texts are what a maintenance technician writes; four stops are resolved
(root cause and countermeasure), the others only contained.
"""

import sys
from datetime import UTC, datetime
from pathlib import Path

from andon_kiosk import config as station_config
from andon_kiosk.app.demo import demo_user
from andon_kiosk.app.station import Station
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.events import EventKind
from andon_kiosk.core.permissions import Role

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC).timestamp()
TEXTS = {
    "en": (
        "Spare spindle belt fitted, first part measured and released by quality.",
        "Spindle belt worn through: the preventive maintenance plan had no belt check since "
        "the line moved in March.",
        "Belt check added to the weekly PM list; belt tension gauge at the station; 3 batches "
        "followed by quality.",
    ),
    "zh_CN": (
        "更换备用主轴皮带，首件经品质检验合格后放行。",
        "主轴皮带磨损断裂：产线三月搬迁后，预防性维护计划中一直没有皮带检查项目。",
        "每周预防性维护清单增加皮带检查；工位配备皮带张力计；品质跟踪连续三批。",
    ),
}
# (hour into the shift, category, reason, minutes down, resolved)
STOPS = [
    (1.5, "machine", "breakdown", 12, True),
    (2.5, "material", None, 25, True),
    (4.2, "machine", "adjustment", 8, False),
    (6.0, "method", None, 30, True),
    (7.1, "machine", "breakdown", 15, True),
    (9.3, "person", None, 6, False),
    (10.2, "material", None, 20, False),
    (11.0, "machine", None, 9, False),
]


def main(language: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    station_file = folder / "station.toml"
    station_file.write_text(
        f'[station]\nline = "L3"\nstation = "L3-ST1"\ntimezone = "UTC"\nlanguage = "{language}"\n'
        '[devices.light]\nprotocol = "none"\n[devices.counter]\nprotocol = "none"\n',
        encoding="utf-8",
    )
    store = folder / "store.sqlite3"
    store.unlink(missing_ok=True)
    clock = ManualClock(START)
    station = Station.open(station_config.load(station_file), clock=clock, store_path=store)
    leader, tech = demo_user(Role.LEADER), demo_user(Role.RESPONDER)
    containment, cause, countermeasure = TEXTS[language]
    t = START

    def produce_until(end: float) -> float:
        now = t
        while now < end:  # a part every 36 s
            now += 36
            clock.set(now)
            station.production.record_counter(1)
        return now

    for hour, category, reason, minutes, resolved in STOPS:
        t = produce_until(START + hour * 3600)
        stop = station.tickets.raise_ticket(STATION_OPERATOR, category, reason)
        station.tickets.act(leader, stop.id, EventKind.ACKNOWLEDGED)
        station.tickets.act(tech, stop.id, EventKind.STARTED)
        t += minutes * 60
        clock.set(t)
        station.tickets.act(tech, stop.id, EventKind.CONTAINED, {"containment": containment})
        if resolved:
            texts = {"root_cause": cause, "countermeasure": countermeasure}
            station.tickets.act(tech, stop.id, EventKind.RESOLVED, texts)
    station.production.record_entry(leader, scrap=4)
    produce_until(START + 12 * 3600)
    station.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
