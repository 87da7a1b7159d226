"""Each protocol's exact bytes, and every decoder fed random bytes.

Frames are checked against the devices' documented examples, not against our own encoder.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from andon_kiosk.core.light import Buzzer, Lamp, LampMode
from andon_kiosk.hw import counter, modbus, patlite, rdm6300, usb_tower
from andon_kiosk.hw.base import Capabilities, DecodeError, Outputs, Reply, render
from andon_kiosk.hw.relay_tower import RelayTower

ON, OFF, BLINK = LampMode.ON, LampMode.OFF, LampMode.BLINK
ALL_OFF = {lamp: OFF for lamp in Lamp}


def hexes(requests: list) -> list[str]:
    return [r.frame.hex(" ").upper() for r in requests]


def outputs(buzzer: Buzzer = Buzzer.OFF, **lamps: LampMode) -> Outputs:
    return Outputs({**ALL_OFF, **{Lamp(k): v for k, v in lamps.items()}}, buzzer)


# ---- Modbus relay board ----------------------------------------------------------------
def test_relay_one_on_and_all_off_are_the_boards_documented_frames() -> None:
    tower = RelayTower()
    assert hexes(tower.encode(outputs(red=ON), outputs())) == ["01 05 00 00 FF 00 8C 3A"]
    assert hexes(tower.all_off()) == ["01 05 00 FF 00 00 FD FA"]


def test_relay_flash_command_is_the_boards_documented_frame() -> None:
    # Waveshare manual: "01 05 02 00 00 07 8D B0" = relay 0 on for 700 ms, then off.
    tower = RelayTower(lease_s=0.7)
    assert hexes(tower.encode(outputs(red=ON), outputs())) == ["01 05 02 00 00 07 8D B0"]


def test_full_state_is_one_write_multiple_coils_frame() -> None:
    frames = hexes(RelayTower().encode(outputs(Buzzer.CONTINUOUS, red=ON), None))
    assert frames == ["01 0F 00 00 00 06 01 21 5F 4E"]  # coils 0..5 = 1,0,0,0,0,1


def test_changes_write_lit_outputs_first_then_the_ones_going_dark() -> None:
    tower = RelayTower()
    frames = tower.encode(outputs(Buzzer.PULSE, red=ON), outputs(green=ON))
    assert [r.label for r in frames] == ["red on", "buzzer on", "green off"]
    assert tower.encode(outputs(red=ON), outputs(red=ON)) == []


def test_custom_coil_map_and_unit() -> None:
    tower = RelayTower(unit=3, coils={"red": 7, "green": 2, "buzzer": 4}, board="generic")
    frames = tower.encode(outputs(red=ON), None)
    assert hexes(frames)[0].startswith("03 05 00 07 FF 00")  # red first, on relay 7
    assert {r.label for r in frames} == {"red on", "green off", "buzzer off"}
    assert Lamp.AMBER not in tower.caps.lamps
    with pytest.raises(ValueError, match="lease"):
        RelayTower(board="generic", lease_s=3)


def test_relay_replies() -> None:
    tower = RelayTower()
    request = tower.encode(outputs(red=ON), outputs())[0]
    assert tower.parse_reply(request.frame, request) == (Reply.ACK, 8)
    assert tower.parse_reply(request.frame[:5], request) == (None, 0)
    assert tower.parse_reply(b"\x7f" + request.frame, request) == (None, 1)  # noise: drop it
    assert tower.parse_reply(request.frame + b"\x7f", request) == (Reply.ACK, 8)
    nak = bytes.fromhex("01 85 02 C3 51")  # illegal data address
    assert tower.parse_reply(nak, request) == (Reply.NAK, 5)
    other = tower.encode(outputs(amber=ON), outputs())[0]
    with pytest.raises(DecodeError, match="does not match"):
        tower.parse_reply(other.frame, request)
    with pytest.raises(DecodeError, match="unit 2"):
        tower.parse_reply(bytes.fromhex("02 05 00 00 FF 00 8C 09"), request)


def test_a_board_without_blinking_is_blinked_by_the_worker() -> None:
    caps = RelayTower().caps
    state = outputs(Buzzer.PULSE, red=BLINK, amber=ON)
    assert render(state, caps, phase_on=True) == outputs(Buzzer.CONTINUOUS, red=ON, amber=ON)
    assert render(state, caps, phase_on=False) == outputs(Buzzer.OFF, red=OFF, amber=ON)


# ---- Patlite PNS -----------------------------------------------------------------------
def test_pns_operation_control_frame() -> None:
    [request] = patlite.PatlitePns().encode(outputs(Buzzer.PULSE, red=BLINK, green=ON), None)
    assert request.frame.hex(" ").upper() == "41 42 53 00 00 06 02 00 01 00 00 02"


def test_pns_leaves_unnamed_lamps_unchanged() -> None:
    [request] = patlite.PatlitePns().encode(Outputs({Lamp.AMBER: ON}), None)
    assert request.frame[6:] == bytes([9, 1, 9, 9, 9, 9])


def test_pns_ack_nak_and_garbage() -> None:
    pns = patlite.PatlitePns()
    request = pns.all_off()[0]
    assert pns.parse_reply(b"\x06", request) == (Reply.ACK, 1)
    assert pns.parse_reply(b"\x15", request) == (Reply.NAK, 1)
    assert pns.parse_reply(b"", request) == (None, 0)
    assert pns.parse_reply(b"\x41\x99\x06", request) == (None, 2)  # noise to drop first


def test_pns_tower_side_decodes_what_we_send() -> None:
    state = outputs(Buzzer.CONTINUOUS, red=ON, blue=BLINK)
    [request] = patlite.PatlitePns().encode(state, None)
    assert patlite.decode_command(request.frame + b"rest") == (state, 12)
    assert patlite.decode_command(request.frame[:7]) == (None, 0)


# ---- USB tower -------------------------------------------------------------------------
def test_usb_tower_bytes() -> None:
    tower = usb_tower.UsbTower()
    frames = tower.encode(outputs(Buzzer.CONTINUOUS, red=ON, amber=BLINK), None)
    assert hexes(frames) == ["19", "24", "42"]  # red+buzzer on, green off, amber blink
    assert hexes(tower.encode(outputs(green=ON), outputs(red=ON))) == ["14", "21"]
    assert hexes(tower.all_off()) == ["2F"]
    assert Lamp.BLUE not in tower.caps.lamps and not tower.caps.answers


def test_usb_tower_side_decoding() -> None:
    assert usb_tower.decode_command(0x19) == (0x10, frozenset({"red", "buzzer"}))
    for bad in (0x00, 0x10, 0x31, 0x81):
        with pytest.raises(DecodeError):
            usb_tower.decode_command(bad)


# ---- counter ---------------------------------------------------------------------------
def test_counter_read_and_word_orders() -> None:
    big = counter.ModbusCounter(unit=2, address=0x10, function=3, word_order="big")
    assert big.read_request().frame.hex(" ").upper() == "02 03 00 10 00 02 C5 FD"
    answer = bytes.fromhex("02 03 04 00 01 86 A0")
    answer += modbus.FramerRTU.compute_CRC(answer).to_bytes(2, "big")
    assert big.parse_reading(answer) == (100_000, 9)
    little = counter.ModbusCounter(unit=2, address=0x10, function=4, word_order="little")
    assert little.read_request().frame[1] == 4
    assert counter.combine([0x86A0, 0x0001], "little") == 100_000
    assert counter.split(100_000, "little") == [0x86A0, 0x0001]


@pytest.mark.parametrize(
    ("readings", "counted"),
    [
        ([10, 12, 15], [0, 2, 3]),
        ([2**32 - 2, 3], [0, 5]),  # wrapped past 2^32 - 1
        ([5000, 7], [0, 7]),  # reset to 0, then 7 parts
        ([100, 900_000], [0, 0]),  # a preset/jump is not production
        ([100, 100], [0, 0]),
    ],
)
def test_count_tracker(readings: list[int], counted: list[int]) -> None:
    tracker = counter.CountTracker(max_step=10_000)
    assert [tracker.feed(r) for r in readings] == counted


# ---- RDM6300 ---------------------------------------------------------------------------
def test_rdm6300_frames() -> None:
    frame = rdm6300.encode_frame("0A00456789")
    assert frame == b"\x020A00456789A1\x03"
    assert rdm6300.decode_frame(frame) == "0A00456789"
    assert rdm6300.badge_id("0A00456789") == "0004548489"
    assert rdm6300.badge_id("0A00456789", "hex10") == "0A00456789"
    with pytest.raises(DecodeError, match="checksum"):
        rdm6300.decode_frame(frame[:11] + b"B2\x03")


def test_rdm6300_stream_resyncs_after_noise() -> None:
    good = rdm6300.encode_frame("0A00456789")
    frames, rest, dropped = rdm6300.split(b"\xff\x00" + good[:6] + good + good[:4])
    assert frames == [good] and rest == good[:4] and dropped == 8


def test_badge_repeats_are_debounced() -> None:
    d = rdm6300.Debouncer(repeat_s=2.0)
    assert d.accept("0004548489", 10.0)
    assert not d.accept("0004548489", 10.2)  # the reader repeating a card still held
    assert not d.accept("0004548489", 11.9)
    assert d.accept("0004548489", 14.5)  # taken away and presented again
    assert d.accept("0001111111", 14.6)


# ---- every decoder, random bytes -------------------------------------------------------
RANDOM = st.binary(max_size=64)
REQUEST = RelayTower().encode(outputs(red=ON), outputs())[0]


@settings(max_examples=400, deadline=None)
@given(RANDOM)
def test_relay_reply_decoder_raises_only_its_own_error(data: bytes) -> None:
    with contextlib.suppress(DecodeError):
        RelayTower().parse_reply(data, REQUEST)


@settings(max_examples=400, deadline=None)
@given(RANDOM)
def test_modbus_request_decoder_raises_only_its_own_error(data: bytes) -> None:
    with contextlib.suppress(DecodeError):
        modbus.decode_request(data)


@settings(max_examples=400, deadline=None)
@given(RANDOM)
def test_counter_decoder_raises_only_its_own_error(data: bytes) -> None:
    with contextlib.suppress(DecodeError):
        counter.ModbusCounter().parse_reading(data)


@settings(max_examples=400, deadline=None)
@given(RANDOM)
def test_pns_decoders_raise_only_their_own_error(data: bytes) -> None:
    for decode in (lambda d: patlite.PatlitePns().parse_reply(d, REQUEST), patlite.decode_command):
        with contextlib.suppress(DecodeError):
            decode(data)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 255))
def test_usb_tower_decoder_raises_only_its_own_error(byte: int) -> None:
    with contextlib.suppress(DecodeError):
        usb_tower.decode_command(byte)


@settings(max_examples=400, deadline=None)
@given(RANDOM)
def test_rdm6300_decoders_raise_only_their_own_error(data: bytes) -> None:
    frames, _rest, _dropped = rdm6300.split(data)
    for frame in [data, *frames]:
        with contextlib.suppress(DecodeError):
            rdm6300.decode_frame(frame)


def test_capabilities_are_declared() -> None:
    for caps in (RelayTower().caps, patlite.PatlitePns.caps, usb_tower.UsbTower.caps):
        assert isinstance(caps, Capabilities)
