"""What a device's `port` setting may be, checked before anything is opened (pure: no I/O).

    /dev/ttyUSB0, /dev/serial/by-id/…   a serial device (an absolute path)
    COM3                                a serial port on Windows
    socket://10.1.2.3:10000             TCP (a Patlite PNS tower, RTU over a serial server)
    rfc2217://10.1.2.3:4001             a serial server speaking RFC 2217
    loop://                             pyserial's loopback (bench checks, tests)
    usb:A12345                          the USB serial adapter with that serial number

`config check` and the `hw` commands refuse anything else with the reason, so a typo is
found at the desk, not on the line.
"""

from __future__ import annotations

import re

# The rates serial devices offer; anything else is a typo (9600 → 960).
BAUDRATES = (1200, 2400, 4800, 9600, 14400, 19200, 38400, 57600, 115200)
NETWORK_SCHEMES = ("socket", "rfc2217")
USB_PREFIX = "usb:"
MODBUS_UNITS = range(1, 248)

_COM = re.compile(r"^(\\\\\.\\)?COM[1-9][0-9]*$", re.IGNORECASE)
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[[0-9A-Fa-f:]+\]$")


def port_problem(port: str) -> str | None:
    """Why `port` could never be opened, or None if it may be tried."""
    if port != port.strip() or not port:
        return "a port has no spaces around it and is not empty"
    if port.startswith(USB_PREFIX):
        serial = port[len(USB_PREFIX) :]
        return None if serial and " " not in serial else "write usb:SERIALNUMBER (see hw ports)"
    if "://" in port:
        return _url_problem(port)
    if port.startswith("/") or _COM.match(port):
        return None
    return f"not a port: {port!r} (a device path such as /dev/ttyUSB0, COM3, socket://host:port)"


def _url_problem(url: str) -> str | None:
    scheme, rest = url.split("://", 1)
    if scheme == "loop":
        return None
    if scheme not in NETWORK_SCHEMES:
        known = ", ".join(f"{s}://" for s in (*NETWORK_SCHEMES, "loop"))
        return f"unknown kind of port {scheme}:// (known: {known})"
    address = rest.split("?", 1)[0].rstrip("/")
    host, sep, number = address.rpartition(":")
    if not sep or not host:
        return f"{scheme}:// needs a host and a port, as {scheme}://10.1.2.3:10000"
    if not _HOST.match(host):
        return f"not a host name or address: {host!r}"
    if not number.isdigit() or not 1 <= int(number) <= 65535:
        return f"a TCP port is 1 to 65535 (got {number!r})"
    return None


def tower_lamps(protocol: str) -> tuple[str, ...]:
    """The lamps a tower of `protocol` has, in tower order: a signal on any other lamp
    would never show on the pole (the one-byte USB tower has no blue and no white)."""
    from andon_kiosk.core.light import Lamp

    if protocol == "usb-tower":
        from .usb_tower import UsbTower

        return tuple(lamp.value for lamp in Lamp if lamp in UsbTower.caps.lamps)
    return tuple(lamp.value for lamp in Lamp)


def baudrate_problem(baudrate: int) -> str | None:
    if baudrate in BAUDRATES:
        return None
    return f"not a standard baudrate: {baudrate} (one of {', '.join(map(str, BAUDRATES))})"
