"""Port settings are checked before anything is opened: what may be tried, what never can."""

from __future__ import annotations

import pytest

from andon_kiosk.hw.ports import baudrate_problem, port_problem


@pytest.mark.parametrize(
    "port",
    [
        "/dev/ttyUSB0",
        "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A12345-if00-port0",
        "COM3",
        "com12",
        r"\\.\COM10",
        "socket://10.1.2.3:10000",
        "socket://tower-3.plant.local:10000",
        "socket://[fe80::1]:10000",
        "rfc2217://10.1.2.3:4001",
        "loop://",
        "usb:A12345",
    ],
)
def test_ports_that_may_be_tried(port: str) -> None:
    assert port_problem(port) is None


@pytest.mark.parametrize(
    ("port", "why"),
    [
        ("", "not empty"),
        (" /dev/ttyUSB0", "no spaces"),
        ("ttyUSB0", "not a port"),
        ("COM0", "not a port"),
        ("usb:", "usb:SERIALNUMBER"),
        ("socket://", "needs a host and a port"),
        ("socket://10.1.2.3", "needs a host and a port"),
        ("socket://:10000", "needs a host and a port"),
        ("socket://10.1.2.3:0", "1 to 65535"),
        ("socket://10.1.2.3:70000", "1 to 65535"),
        ("socket://bad host:10000", "not a host"),
        ("http://10.1.2.3:80", "unknown kind of port http://"),
        ("spy:///dev/ttyUSB0", "unknown kind of port spy://"),
    ],
)
def test_ports_that_never_can_be_opened(port: str, why: str) -> None:
    problem = port_problem(port)
    assert problem is not None and why in problem


def test_baudrates_are_the_standard_ones() -> None:
    assert baudrate_problem(9600) is None and baudrate_problem(115200) is None
    assert "not a standard baudrate: 960" in (baudrate_problem(960) or "")
