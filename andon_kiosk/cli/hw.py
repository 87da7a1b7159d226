"""`andon-kiosk hw …` (commissioning a tower) and `andon-kiosk simulate-device`."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from andon_kiosk.config import LightDevice
from andon_kiosk.hw.link import PortSpec
from andon_kiosk.hw.ports import baudrate_problem, port_problem

if TYPE_CHECKING:
    from andon_kiosk.hw.sim.devices import BadgeReaderSim, ModbusDeviceSim
    from andon_kiosk.hw.tower_worker import TowerProtocol

TOWER_PROTOCOLS = ("modbus-rtu", "patlite-pns", "usb-tower")
SIM_PROTOCOLS = (*TOWER_PROTOCOLS, "counter", "rdm6300")


def _checked(problem: Callable[[Any], str | None], convert: Callable[[str], Any] = str):
    """An argparse type that refuses what `problem` finds wrong, with its words."""

    def parse(text: str) -> Any:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        why = problem(value)
        if why:
            raise argparse.ArgumentTypeError(why)
        return value

    return parse


def within(low: float, high: float, convert: Callable[[str], Any] = int):
    return _checked(lambda v: None if low <= v <= high else f"{low} to {high}", convert)


def add_tower_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port",
        required=True,
        type=_checked(port_problem),
        help="device path, socket://host:port, or usb:SERIALNUMBER",
    )
    parser.add_argument("--protocol", required=True, choices=TOWER_PROTOCOLS)
    parser.add_argument("--baudrate", type=_checked(baudrate_problem, int), default=9600)
    parser.add_argument("--unit", type=within(1, 247), default=1, help="Modbus unit (1-247)")
    parser.add_argument("--board", choices=("waveshare", "generic"), default="waveshare")
    parser.add_argument(
        "--timeout-ms", type=within(20, 10_000), default=500, help="reply timeout (20-10000)"
    )


def _tower(args: argparse.Namespace) -> TowerProtocol:
    from andon_kiosk.app.devices import tower_protocol

    return tower_protocol(LightDevice(args.protocol, unit=args.unit, board=args.board))


def _spec(args: argparse.Namespace) -> PortSpec:
    return PortSpec(args.port, baudrate=args.baudrate, reply_timeout_s=args.timeout_ms / 1000)


def ports(_args: argparse.Namespace) -> int:
    from andon_kiosk.hw.link import describe_ports

    rows = describe_ports()
    if not rows:
        print("no serial ports found")
        return 0
    print(f"{'PORT':<22} {'USB ID':<10} {'SERIAL NO.':<16} {'CONFIGURE AS':<24} DESCRIPTION")
    for r in rows:
        print(
            f"{r['port']:<22} {r['usb_id']:<10} {r['serial_number']:<16} {r['use_as']:<24} "
            f"{r['description']}"
        )
    return 0


def set_lamps(args: argparse.Namespace) -> int:
    from andon_kiosk.hw.commission import apply, connected, parse_settings

    protocol = _tower(args)
    outputs = parse_settings(args.settings, protocol.caps)
    spec = _spec(args)
    with connected(spec) as port:
        result = apply(port, spec, protocol, outputs)
    how = "confirmed by the tower" if result.confirmed else "written (this tower never answers)"
    print(f"{' '.join(args.settings)}: {how}")
    for frame in result.frames:
        print(f"  sent {frame}")
    return 0


def lamp_test(args: argparse.Namespace) -> int:
    from andon_kiosk.hw.commission import Result, connected
    from andon_kiosk.hw.commission import lamp_test as run_test

    protocol = _tower(args)
    spec = _spec(args)

    def report(index: int, total: int, label: str, result: Result) -> None:
        how = "confirmed" if result.confirmed else "written"
        print(f"[{index}/{total}] {label:<16} {how}: check the tower", flush=True)

    with connected(spec) as port:
        run_test(port, spec, protocol, step_s=args.step_seconds, report=report)
    print("lamp test done: every step was taken by the tower")
    return 0


def simulate(args: argparse.Namespace) -> int:
    from andon_kiosk.hw.commission import UsageError
    from andon_kiosk.hw.sim import devices as sims
    from andon_kiosk.hw.sim.endpoints import PTYS, PtyEndpoint, TcpEndpoint
    from andon_kiosk.hw.sim.runner import SimulatedDevice
    from andon_kiosk.hw.sim.terminal import render

    protocol = args.protocol
    if args.link is not None and not args.link.parent.is_dir():
        raise UsageError(f"--link {args.link}: the folder {args.link.parent} does not exist")
    if protocol == "patlite-pns" or args.tcp_port is not None or not PTYS:
        default = 10000 if protocol == "patlite-pns" else 0
        endpoint: PtyEndpoint | TcpEndpoint = TcpEndpoint(port=args.tcp_port or default)
    else:
        endpoint = PtyEndpoint(args.link)
    models = {
        "modbus-rtu": lambda: sims.ModbusDeviceSim(args.unit, 8, args.board == "waveshare"),
        "patlite-pns": sims.PnsTowerSim,
        "usb-tower": sims.UsbTowerSim,
        "counter": lambda: _counter(sims.ModbusDeviceSim(args.unit, 1), args),
        "rdm6300": sims.BadgeReaderSim,
    }
    model = models[protocol]()
    if args.fault:
        if protocol in ("usb-tower", "rdm6300"):
            raise UsageError(f"--fault: a {protocol} never answers, so it cannot refuse")
        model.faults.forever(args.fault)  # type: ignore[union-attr]
    colour = sys.stdout.isatty()
    last = [""]
    lock = threading.Lock()

    def show() -> None:
        if isinstance(model, sims.BadgeReaderSim):
            return
        line = f"count {model.count}" if protocol == "counter" else render(model.outputs(), colour)  # type: ignore[union-attr]
        with lock:
            if line != last[0]:
                last[0] = line
                print(f"{time.strftime('%H:%M:%S')}  {line}", flush=True)

    device = SimulatedDevice(endpoint, model, on_change=show).start()
    # a service stop or `kill` ends it as Ctrl-C does: its --link is removed, not left behind
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    print(f"simulated {protocol} on {device.path}")
    print(f'point the kiosk at it: port = "{device.path}"   (Ctrl-C stops)', flush=True)
    if args.fault:
        print(f"misbehaving on purpose: --fault {args.fault} (every frame)", flush=True)
    try:
        if isinstance(model, sims.BadgeReaderSim):
            return _present_badges(model)
        while True:
            show()
            time.sleep(0.5)
    except KeyboardInterrupt:
        return 0
    finally:
        device.stop()


def _counter(model: ModbusDeviceSim, args: argparse.Namespace) -> ModbusDeviceSim:
    model.word_order = args.word_order
    model.run_line(args.parts_per_minute)
    return model


def _present_badges(reader: BadgeReaderSim) -> int:
    from andon_kiosk.hw.rdm6300 import encode_frame

    print("type a card as 10 hex characters (e.g. 0A00456789) and Enter to present it")
    for line in sys.stdin:
        tag = line.strip()
        if not tag:
            continue
        try:
            encode_frame(tag)
        except ValueError:
            print(f"{tag!r} is not 10 hex characters")
            continue
        reader.present(tag)
        print(f"presented {tag.upper()}", flush=True)
    return 0
