"""A device on a line, driven from its own thread: open, drive, and on a dead line reconnect
with backoff. Subclasses say what "driving" is (a tower, a counter, a badge reader).

The thread never dies: an unexpected error is logged with its traceback, reported as the
device being offline, and the worker starts over.

Two events, because they mean different things: `_wake` is new work for the drive loop (a
new light state), `_stop_event` is the end. A backoff waits on the end only: a wake-up that
arrives while the port is missing must not turn the wait into a busy loop (it did: a
missing tower port burnt a whole core and starved the GUI thread).

Retries start fast (0.1 s, doubling to 1 s) so a replugged cable is found at once; a line
that has been down for `SLOW_AFTER_S` is tried every `SLOW_RETRY_S` only, so a station with
a device that is not there at all lets its CPU sleep.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable

import serial

from .base import DecodeError, Reply, Request
from .link import LinkError, PortSpec, open_port

log = logging.getLogger(__name__)

# What a failing line raises: pyserial's own errors, the OS's, and (POSIX) termios' own.
try:
    import termios

    LINE_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError, termios.error)
except ImportError:  # pragma: no cover - Windows
    LINE_ERRORS = (serial.SerialException, OSError)

SLOW_AFTER_S = 30.0
SLOW_RETRY_S = 3.0

StatusCallback = Callable[[bool, str], None]
ReplyParser = Callable[[bytes], tuple[object | None, int]]


class LineDown(Exception):
    """The line stopped working (write failed, no answer): reconnect."""


class Refused(Exception):
    """The device answered NAK to every attempt."""


class LineWorker:
    name = "device"

    def __init__(
        self,
        spec: PortSpec,
        on_status: StatusCallback,
        *,
        retries: int = 2,
        backoff_s: tuple[float, float] = (0.1, 1.0),
        opener: Callable[[PortSpec], serial.SerialBase] = open_port,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.spec, self.retries, self.backoff_s = spec, retries, backoff_s
        self._on_status, self._opener, self._clock = on_status, opener, clock
        self._wake = threading.Event()
        self._stop_event = threading.Event()
        self._online: bool | None = None
        self._detail = ""
        self._answered = False  # the device worked since the port was last opened
        self._thread = threading.Thread(target=self._run, name=f"hw-{self.name}", daemon=True)

    # ---- any thread ------------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 2.0) -> None:
        self._stop_event.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    @property
    def _stopping(self) -> bool:
        return self._stop_event.is_set()

    def _pause(self, seconds: float) -> None:
        """Wait `seconds`, or less if the worker is stopped; nothing else shortens it."""
        self._stop_event.wait(seconds)

    # ---- the worker thread -----------------------------------------------------------
    def _drive(self, port: serial.SerialBase) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        first, ceiling = self.backoff_s
        backoff = first
        down_since: float | None = None
        while not self._stopping:
            self._answered = False
            try:
                port = self._opener(self.spec)
            except LinkError as exc:
                self._status(False, str(exc))
            else:
                log.debug("%s: port %s open", self.name, self.spec.describe())
                try:
                    self._drive(port)
                except LineDown as exc:
                    self._status(False, str(exc))
                except Exception as exc:  # this thread must never die
                    log.exception("unexpected error driving the %s", self.name)
                    self._status(False, f"{self.name} driver error: {exc}")
                    backoff = ceiling
                finally:
                    with contextlib.suppress(*LINE_ERRORS):
                        port.close()
            now = self._clock()
            if self._answered:  # it worked, then failed: try again at once, fast at first
                backoff, down_since = first, now
                continue
            down_since = now if down_since is None else down_since
            slow = now - down_since >= SLOW_AFTER_S
            self._pause(SLOW_RETRY_S if slow else backoff)
            backoff = min(backoff * 2, ceiling)

    def _status(self, online: bool, detail: str) -> None:
        """Report a change: online or not, or (while not) a new reason, so the screen never
        shows the first failure's words over a different one."""
        if online:
            self._answered = True
        if online != self._online or (not online and detail != self._detail):
            self._online, self._detail = online, detail
            (log.info if online else log.warning)("%s: %s", self.name, detail)
            self._on_status(online, detail)

    def exchange(
        self, port: serial.SerialBase, request: Request, parse: ReplyParser | None
    ) -> object:
        return exchange(
            port,
            request,
            parse,
            self.spec,
            retries=self.retries,
            name=self.name,
            clock=self._clock,
            quiet=self._online is False,  # already reported: no line per retry in the log
        )


def exchange(
    port: serial.SerialBase,
    request: Request,
    parse: ReplyParser | None,
    spec: PortSpec,
    *,
    retries: int = 2,
    name: str = "device",
    clock: Callable[[], float] = time.monotonic,
    quiet: bool = False,
) -> object:
    """Send `request` and return the parsed answer, retrying NAKs and silence. Garbage on
    the line is logged as a warning (`quiet`: as debug, for a device known to be failing).

    With `parse` None the device never answers: a completed write is the answer (Reply.ACK).
    Raises LineDown when the line fails or stays silent, Refused after only NAKs.
    """
    nak = garbled = False
    for attempt in range(retries + 1):
        try:
            port.reset_input_buffer()
            port.write(request.frame)
            if parse is None:
                port.flush()
                return Reply.ACK
            noise = logging.DEBUG if quiet else logging.WARNING
            answer, noisy = _await(port, parse, spec.reply_timeout_s, name, clock, noise=noise)
        except LINE_ERRORS as exc:
            raise LineDown(f"line to the {name} failed: {exc}") from exc
        if answer is not None and answer is not Reply.NAK:
            return answer
        nak = nak or answer is Reply.NAK
        garbled = garbled or noisy
        log.debug("%s: %s for %s (attempt %d)", name, answer or "no answer", request, attempt + 1)
    where = spec.describe()
    if nak:
        raise Refused(f"the {name} on {where} refused every try (NAK)")
    if garbled:
        raise LineDown(
            f"only garbled answers from the {name} on {where} (check the baudrate and wiring)"
        )
    raise LineDown(
        f"no answer from the {name} on {where} (check its power, wiring, baudrate and address)"
    )


def _await(
    port: serial.SerialBase,
    parse: ReplyParser,
    timeout_s: float,
    name: str,
    clock: Callable[[], float],
    *,
    noise: int = logging.WARNING,
) -> tuple[object | None, bool]:
    """The parsed answer (None: none in time), and whether garbage arrived meanwhile. The
    garbage is logged once per answer awaited, not once per byte skipped."""
    deadline = clock() + timeout_s
    buffer, skipped = b"", b""
    answer: object | None = None
    while answer is None and clock() < deadline:
        buffer += port.read(max(1, port.in_waiting))
        while buffer:
            try:
                answer, used = parse(buffer)
            except DecodeError as exc:
                log.log(noise, "%s: garbled answer skipped: %s", name, exc)
                skipped, buffer = skipped + buffer, b""
                break
            if answer is not None or not used:
                break  # an answer, or part of a frame: read on
            skipped, buffer = skipped + buffer[:used], buffer[used:]
    if skipped:
        log.log(
            noise,
            "%s: skipped %d bytes of line noise: %s",
            name,
            len(skipped),
            skipped[:16].hex(" "),
        )
    return answer, bool(skipped)
