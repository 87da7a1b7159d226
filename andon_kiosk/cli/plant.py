"""`andon-kiosk plant-service --config plant.toml`: escalation and notices for every line,
headless, until stopped (SIGTERM, Ctrl-C). See docs/notifications.md."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from dataclasses import replace

from andon_kiosk.config import Devices, StationConfig

from .kiosk import setup_logging
from .options import store_path

log = logging.getLogger("andon_kiosk")


def run(args: argparse.Namespace, cfg: StationConfig) -> int:
    from andon_kiosk.app.plant_service import PlantService
    from andon_kiosk.app.station import Station

    setup_logging(args.log_level)
    # every line, no devices: the plant's service is no line's kiosk
    # kind "plant" in the station register: the kiosks show whether it is alive
    cfg = replace(cfg, kind="plant", lines=(), devices=Devices.none())
    if not cfg.notify.channels:
        log.warning("plant service: [notify] names no channel: escalations are recorded only")
    station = Station.open(cfg, store_path=store_path(args))
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    service = None
    try:
        service = PlantService(station)
        service.start()
        while not stop.wait(1.0):
            pass
        log.info("plant service stopping")
    finally:
        if service is not None:
            service.stop()
        station.close()
    return 0
