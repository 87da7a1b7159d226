"""Two kiosk processes on separate SQLite files, each reaching PostgreSQL through its own
misbehaving TCP proxy: what one does, the other sees; nothing is lost or doubled."""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from .conftest import eventually
from .proxy import TcpProxy
from .test_network import shared_counts, via

HELPER = Path(__file__).with_name("kiosk_proc.py")


class KioskProcess:
    """kiosk_proc.py in a process of its own, asked over its stdin and stdout."""

    def __init__(
        self, name: str, store: Path, url: str, log: Path, extra: tuple[str, ...] = ()
    ) -> None:
        self.name = name
        self._log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, str(HELPER), "--station", name, "--store", str(store), "--url", url,
             *extra],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )  # fmt: skip
        self._selector = selectors.DefaultSelector()
        self._selector.register(self.proc.stdout, selectors.EVENT_READ)
        try:
            assert self._read(60).get("ready"), f"{name} did not start"
        except BaseException:
            self.proc.kill()
            self.proc.wait()
            raise

    def _read(self, timeout: float) -> dict:
        if not self._selector.select(timeout):
            raise AssertionError(f"{self.name}: no answer within {timeout} s")
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"{self.name} exited: rc {self.proc.poll()}")
        return json.loads(line)

    def ask(self, **command: object) -> dict:
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        answer = self._read(30)
        assert "error" not in answer, f"{self.name}: {answer['error']}"
        return answer

    def state(self) -> dict:
        return self.ask(op="state")

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):  # a dead reader: "quit" cannot be flushed
                self.proc.stdin.write('{"op": "quit"}\n')
                self.proc.stdin.flush()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._selector.close()
        for pipe in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                pipe.close()
        self._log.close()


@pytest.fixture
def kiosks(shared_url: str, tmp_path: Path) -> Iterator[tuple[KioskProcess, KioskProcess]]:
    target = make_url(shared_url)
    pa, pb = (TcpProxy(target.host, target.port or 5432) for _ in range(2))
    a = KioskProcess("L1-1", tmp_path / "a.sqlite3", via(pa, shared_url), tmp_path / "a.log")
    b = KioskProcess("L1-2", tmp_path / "b.sqlite3", via(pb, shared_url), tmp_path / "b.log")
    a.proxy, b.proxy = pa, pb
    yield a, b
    for k in (a, b):
        k.close()
        k.proxy.close()


def test_raise_on_a_ack_on_b_and_a_storm_of_network_faults(
    kiosks: tuple[KioskProcess, KioskProcess], shared_url: str
) -> None:
    a, b = kiosks
    ticket = a.ask(op="raise", category="machine", reason="breakdown")["ticket"]
    assert a.state()["lamps"] == ["red"]
    eventually(lambda: ticket in b.state()["open"], what="A's stop appears on B")
    assert b.state()["lamps"] == ["red"]  # B's tower shows the same stop

    b.ask(op="act", **{"as": "leader"}, ticket=ticket, kind="acknowledged")
    eventually(lambda: a.state()["lamps"] == ["amber"], what="A's light turns amber")
    assert a.state()["open"][ticket] == "acknowledged"

    # A loses the network (connections reset) and keeps working; it says so
    a.proxy.drop()
    made_on_a = [a.ask(op="raise", category="material")["ticket"] for _ in range(3)]
    a.ask(op="act", **{"as": "responder"}, ticket=ticket, kind="started")
    eventually(lambda: a.state()["shared"]["online"] is False, what="A shows offline")
    eventually(lambda: a.state()["shared"]["queued"] >= 4, what="A shows its queue grow")
    # B's path swallows everything (a dead router) while B acts
    b.proxy.blackhole()
    b.ask(op="act", **{"as": "leader"}, ticket=ticket, kind="commented", data={"text": "motor"})
    made_on_b = b.ask(op="raise", category="method")["ticket"]
    eventually(lambda: b.state()["shared"]["online"] is False, what="B shows offline")
    # A comes back over a slow link, then B's path heals
    a.proxy.delay(0.05)
    eventually(lambda: a.state()["shared"]["queued"] == 0, what="A drains over the slow link")
    b.proxy.heal()
    a.proxy.heal()

    def same() -> bool:
        """Same events stored, nothing queued, and the screens' open tickets caught up (the
        screen learns of a pulled page a moment after it is committed)."""
        sa, sb = a.state(), b.state()
        return (
            sa["events"] == sb["events"]
            and sa["shared"]["queued"] == sb["shared"]["queued"] == 0
            and sa["open"] == sb["open"]
        )

    eventually(same, what="both hold the same events and show the same tickets")
    sa, sb = a.state(), b.state()
    assert sa["states"] == sb["states"] and sa["open"] == sb["open"]
    assert set(made_on_a) | {made_on_b, ticket} <= set(sa["open"])
    assert sa["open"][ticket] == "started"
    n_events, fed, rows = shared_counts(shared_url)
    assert n_events == len(sa["events"]) == fed == rows  # nothing lost, nothing doubled
    eventually(lambda: a.state()["shared"]["online"] and b.state()["shared"]["online"])
