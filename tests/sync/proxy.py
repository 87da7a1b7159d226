"""A TCP proxy that misbehaves on command, between a station and PostgreSQL.

    pass        forward both ways
    delay(s)    forward, each chunk `s` seconds late (order kept)
    blackhole   accept and keep connections, forward nothing: like a dead router; the bytes
                wait in the socket buffers and go through if the path heals in time
    drop        close every connection and refuse new ones (reset)

Also used by benchmarks/backlog.py (loaded by path), so it depends on the standard library only.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._mode = "pass"
        self._delay = 0.0
        self._changed = threading.Condition()
        self._conns: set[socket.socket] = set()
        self._closed = False
        self.accepted = 0
        threading.Thread(target=self._accept, name="proxy-accept", daemon=True).start()

    # ---- control ---------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return self._mode

    def heal(self) -> None:
        self._set("pass")

    def delay(self, seconds: float) -> None:
        self._set("delay", seconds)

    def blackhole(self) -> None:
        self._set("blackhole")

    def drop(self) -> None:
        self._set("drop")
        with self._changed:
            conns, self._conns = list(self._conns), set()
        for conn in conns:
            _close(conn, reset=True)

    def close(self) -> None:
        self._closed = True
        self.drop()
        self._server.close()

    def _set(self, mode: str, delay: float = 0.0) -> None:
        with self._changed:
            self._mode, self._delay = mode, delay
            self._changed.notify_all()

    # ---- plumbing --------------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            self.accepted += 1
            if self._mode == "drop":
                _close(client, reset=True)
                continue
            threading.Thread(target=self._open, args=(client,), daemon=True).start()

    def _open(self, client: socket.socket) -> None:
        self._wait_while_blackholed()
        try:
            upstream = socket.create_connection(self.target, timeout=5)
            upstream.settimeout(None)
        except OSError:
            _close(client, reset=True)
            return
        with self._changed:
            self._conns |= {client, upstream}
        for src, dst in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                self._wait_while_blackholed()
                if self._mode == "drop":
                    break
                if self._mode == "delay" and self._delay > 0:
                    time.sleep(self._delay)  # this connection's latency, not a test waiting
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with self._changed:
                self._conns -= {src, dst}
            _close(src)
            _close(dst)

    def _wait_while_blackholed(self) -> None:
        with self._changed:
            self._changed.wait_for(lambda: self._mode != "blackhole" or self._closed)


def _close(sock: socket.socket, reset: bool = False) -> None:
    with contextlib.suppress(OSError):
        if reset:  # RST, as a firewall rejecting the connection would
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:  # wake the other pump's read, so the far end hears the connection end now
            sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
