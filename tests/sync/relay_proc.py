"""The outbox relay alone in a process, to be killed with SIGKILL at chosen points.

    python relay_proc.py --store A.sqlite3 --url ... [--batch 100] [--hang-at publish|sent]

Sends the outbox in batches until it is empty, then prints "DRAINED". With --hang-at it
stops at that point of the first batch, prints "AT <point>" and waits to be killed:
`publish` is inside the shared transaction, after the records went in and before the commit;
`sent` is after the shared commit, before the local outbox entries are deleted.
"""

from __future__ import annotations

import argparse
import sys
import threading
from dataclasses import replace
from pathlib import Path

from andon_kiosk.app.demo import demo_config
from andon_kiosk.app.station import Station
from andon_kiosk.config import Devices
from andon_kiosk.config.types import SharedConfig
from andon_kiosk.sync import feed, local, relay


class Quiet:
    def link(self, online: bool, detail: str) -> None: ...
    def depth(self, queued: int) -> None: ...
    def stuck(self, *a: object) -> None: ...
    def changes(self, applied: object) -> None: ...
    def stations(self, seen: object) -> None: ...


def hang_at(point: str, module: object, name: str) -> None:
    original = getattr(module, name)

    def hang(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs) if point == "publish" else None
        print(f"AT {point}", flush=True)
        threading.Event().wait()  # until SIGKILL
        return result

    setattr(module, name, hang)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--hang-at", choices=("publish", "sent"))
    args = parser.parse_args()
    cfg = replace(
        demo_config(prehashed=True),
        station="L1-1",
        devices=Devices.none(),
        shared=SharedConfig(url=args.url, batch_size=args.batch),
    )
    station = Station.open(cfg, store_path=args.store)
    service = station.start_sync(Quiet(), start=False)
    if args.hang_at == "publish":
        hang_at("publish", feed, "publish")
    elif args.hang_at == "sent":
        hang_at("sent", local, "sent")
    assert relay.feed is feed and relay.local is local  # the relay calls them through these
    while service.relay.send_batch():
        print("BATCH", flush=True)
    print("DRAINED", flush=True)
    station.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
