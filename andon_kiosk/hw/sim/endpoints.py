"""The device's end of a line: a pseudo-terminal (serial) or a listening TCP port.

`unplug()` and `plug()` do to the kiosk what pulling and re-plugging a USB adapter or a
network cable does: the kiosk's reads and writes fail, the device node disappears, and later
a new one appears under the same stable name (as udev's /dev/serial/by-id links do).
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
from pathlib import Path

# Pseudo-terminals exist on Linux and macOS, not on Windows: there the simulators listen on
# TCP (the kiosk opens them as socket://127.0.0.1:PORT, as it would a serial server).
PTYS = hasattr(os, "openpty")


class Unplugged(Exception):
    pass


class PtyEndpoint:
    def __init__(self, link: Path | None = None) -> None:
        self._link = link
        self._master: int | None = None
        self._slave: int | None = None
        self._tty = ""
        self.plug()

    @property
    def path(self) -> str:
        """What the kiosk opens: the stable link if there is one, else the pty itself."""
        return str(self._link) if self._link else self._tty

    @property
    def plugged(self) -> bool:
        return self._master is not None

    def plug(self) -> None:
        if self._master is not None:
            return
        import tty  # POSIX only, as `os.openpty` is: imported where it is used

        master, slave = os.openpty()
        tty.setraw(master)
        tty.setraw(slave)
        # Holding the device end open keeps the line up while the kiosk reconnects.
        self._master, self._slave = master, slave
        self._tty = os.ttyname(slave)
        if self._link:
            tmp = self._link.with_name(self._link.name + ".new")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            tmp.symlink_to(self._tty)
            tmp.replace(self._link)

    def unplug(self) -> None:
        for fd in (self._master, self._slave):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = None
        if self._link:
            with contextlib.suppress(FileNotFoundError):
                self._link.unlink()

    def read(self, timeout: float) -> bytes:
        master = self._master
        if master is None:
            raise Unplugged
        try:
            ready, _, _ = select.select([master], [], [], timeout)
            return os.read(master, 4096) if ready else b""
        except (OSError, ValueError) as exc:
            raise Unplugged from exc

    def write(self, data: bytes) -> None:
        if self._master is None:
            raise Unplugged
        try:
            os.write(self._master, data)
        except OSError as exc:
            raise Unplugged from exc

    def close(self) -> None:
        self.unplug()


class TcpEndpoint:
    """One TCP client at a time, like a network tower."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self._listener: socket.socket | None = None
        self._client: socket.socket | None = None
        self.plug()

    @property
    def path(self) -> str:
        return f"socket://{self.host}:{self.port}"

    @property
    def plugged(self) -> bool:
        return self._listener is not None

    def plug(self) -> None:
        if self._listener is not None:
            return
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(1)
        self.port = listener.getsockname()[1]
        self._listener = listener

    def unplug(self) -> None:
        for sock in (self._client, self._listener):
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.close()
        self._client = self._listener = None

    def read(self, timeout: float) -> bytes:
        listener, client = self._listener, self._client  # unplug() may run on another thread
        if listener is None:
            raise Unplugged
        try:
            if client is None:
                ready, _, _ = select.select([listener], [], [], timeout)
                if ready:
                    client, _ = listener.accept()
                    client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    self._client = client
                return b""
            ready, _, _ = select.select([client], [], [], timeout)
            if not ready:
                return b""
            data = client.recv(4096)
        except (OSError, ValueError) as exc:
            raise Unplugged from exc
        if not data:  # the kiosk hung up; wait for it to come back
            client.close()
            self._client = None
        return data

    def write(self, data: bytes) -> None:
        client = self._client
        if client is None:
            return
        try:
            client.sendall(data)
        except OSError:
            self._client = None

    def close(self) -> None:
        self.unplug()
