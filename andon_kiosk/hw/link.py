"""Opening a device's serial line: a path, a pyserial URL, or a USB adapter's serial number.

    /dev/ttyUSB0, COM3                 a serial port
    /dev/serial/by-id/usb-FTDI_...     the stable name udev gives an adapter (recommended)
    socket://10.1.2.3:10000            TCP (Patlite PNS, RTU over a serial server)
    loop://                            pyserial's loopback (tests)
    usb:A12345                         whichever port the adapter with USB serial A12345 is on

A `usb:` port is looked up again at every (re)connect, so an adapter that comes back on
another /dev/ttyUSBn after an unplug is found.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import serial
from serial.tools import list_ports

from .ports import USB_PREFIX


class LinkError(Exception):
    """The device cannot be reached: not plugged in, wrong port, cable pulled."""


@dataclass(frozen=True)
class PortSpec:
    url: str
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    reply_timeout_s: float = 0.3
    write_timeout_s: float = 0.5

    def describe(self) -> str:
        return self.url if "://" in self.url else f"{self.url} @ {self.baudrate} 8{self.parity}1"


def resolve(url: str, ports: Iterable[Any] | None = None) -> str:
    """The device path for `url`; `usb:SERIAL` is found among the plugged-in adapters."""
    if not url.startswith(USB_PREFIX):
        return url
    wanted = url[len(USB_PREFIX) :]
    for port in ports if ports is not None else list_ports.comports():
        if port.serial_number and port.serial_number == wanted:
            return port.device
    raise LinkError(f"no USB serial adapter with serial number {wanted} is plugged in")


def open_port(spec: PortSpec) -> serial.SerialBase:
    """An open port for `spec`, or LinkError saying why not."""
    url = resolve(spec.url)
    kwargs: dict[str, Any] = {
        "baudrate": spec.baudrate,
        "bytesize": spec.bytesize,
        "parity": spec.parity,
        "stopbits": spec.stopbits,
        "timeout": 0.02,  # reads return quickly; reply deadlines are kept by the worker
        "write_timeout": spec.write_timeout_s,
    }
    if "://" not in url:
        kwargs["exclusive"] = True  # two programs driving one tower is never right
    try:
        return serial.serial_for_url(url, **kwargs)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise LinkError(f"cannot open {url}: {_why(exc)}") from exc


def _why(error: BaseException) -> str:
    """The OS's words ("No such file or directory"), not pyserial's nesting of them."""
    for inner in (error.__cause__, error.__context__):
        if isinstance(inner, OSError) and inner.strerror:
            return inner.strerror
    if isinstance(error, OSError) and isinstance(error.errno, int):
        return os.strerror(error.errno)
    return str(error)


def describe_ports() -> list[dict[str, str]]:
    """The serial ports of this machine, with what identifies a USB adapter."""
    rows = []
    for port in sorted(list_ports.comports(), key=lambda p: p.device):
        usb = f"{port.vid:04x}:{port.pid:04x}" if port.vid is not None else ""
        rows.append(
            {
                "port": port.device,
                "usb_id": usb,
                "serial_number": port.serial_number or "",
                "description": port.description or "",
                "use_as": f"{USB_PREFIX}{port.serial_number}"
                if port.serial_number
                else port.device,
            }
        )
    return rows
