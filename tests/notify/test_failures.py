"""How notices and the MQTT namespace behave when the parts around them fail, with real
parts: a real SMTP server (aiosmtpd) that is down, refuses the login, rejects the recipient,
hangs or drips its greeting (a tarpit); chat robots that answer HTTP 200 with their own error
codes; a receiver slower than the channel's timeout, one whose answer trickles in, and a
robot URL that reaches an echo service instead of HTTP; an MQTT broker that is absent, that
accepts and never answers, or that never acknowledges a publish (then the real Mosquitto
once one is reachable); and the store's disk filling up between a notice's sending and the
storing of its outcome.

Nothing here sleeps to wait for a state: every wait polls with a deadline. Tests that need
Mosquitto are skipped without it, and fail instead when CI=true (as in test_mqtt.py); the
store tests need a small tmpfs (`small_disk`: root, as in CI here; skipped elsewhere unless
CI=true).
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import paho.mqtt.client as mqtt
import pytest
from sqlalchemy import select, text

from andon_kiosk.app.station import Station
from andon_kiosk.config import StationConfig
from andon_kiosk.core.accounts import STATION_OPERATOR
from andon_kiosk.core.clock import ManualClock
from andon_kiosk.core.notices import Channel, Duty, Notice, Person, Roster, Text, compose
from andon_kiosk.notify import channels as ch
from andon_kiosk.notify.dispatcher import Dispatcher
from andon_kiosk.notify.mqtt import CURSOR, MqttSettings, Publisher, topic
from andon_kiosk.store.models import EventRow, NoticeRow, SyncCursorRow
from andon_kiosk.store.notices import for_ticket as ledger

from ..conftest import SmallDisk, empty_the_wal
from .conftest import HOST, PORT, Receiver

LEAD = Person("lead", "李伟 Li Wei", mobile="13800000001", email="lead@plant.test",
              chat_ids={"feishu": "ou_lead"})  # fmt: skip
TECH = Person("tech", "王芳 Wang Fang", mobile="13800000002", email="tech@plant.test",
              chat_ids={"feishu": "ou_tech"})  # fmt: skip
NOTICE = Notice("t-1", "level-1", "lead", "mail", 1)
TEXT = Text(
    "【升级 Escalation level 1】Line 3", ("Line 3 · L3-ST1", "机 Machine", "21 min 停线 down")
)
MAIL_PASSWORD = "Pa55-w0rd!andon-smtp"


# ---- helpers ---------------------------------------------------------------------------------


def wait_until(predicate: Callable[[], object], timeout: float = 10.0, what: str = "") -> None:
    """Poll `predicate` until it holds; fail after `timeout` seconds."""
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, f"not within {timeout} s: {what}"
        threading.Event().wait(0.02)


def free_port() -> int:
    """A port nothing listens on (bound and released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def black_hole() -> Iterator[int]:
    """A TCP port that accepts connections (the kernel completes the handshake from the
    backlog) and never says a word."""
    with socket.create_server(("127.0.0.1", 0), backlog=64) as listener:
        yield listener.getsockname()[1]


def roster(lead: tuple[str, ...], tech: tuple[str, ...] = ()) -> Roster:
    """The team leader on `lead`'s channels; the department contact on `tech`'s."""
    duties = [Duty("team_leader", ("lead",), lead)]
    if tech:
        duties.append(Duty("department_contact", ("tech",), tech))
    return Roster({"lead": LEAD, "tech": TECH}, tuple(duties))


def dispatcher_for(
    station: Station,
    clock: ManualClock,
    channels: list[Channel],
    people: Roster,
    kind: type[Dispatcher] = Dispatcher,
) -> Dispatcher:
    """A dispatcher over the station's real store, as `app.notices.dispatcher_for` builds it."""

    def words(ticket, trigger, now):
        return compose(ticket, trigger, now=now, line_name="Line 3", category="机 Machine",
                       reason="", chinese_first=True)  # fmt: skip

    return kind(
        station.sessions,
        policy=station.config.escalation,
        roster=people,
        channels={c.name: c for c in channels},
        shift_at=lambda _now: None,
        compose=words,
        record=station.tickets.record_notices,
        clock=clock.now,
        readers=station.readers,
    )


def notices(station: Station, ticket_id: str) -> dict[str, NoticeRow]:
    """The ledger's rows for a ticket, by "person/channel"."""
    with station.readers() as session:
        return {f"{r.person}/{r.channel}": r for r in ledger(session, ticket_id)}


def outcomes(station: Station, ticket_id: str) -> int:
    """How many of the ticket's notices have a stored outcome (sent or failing)."""
    return sum(r.status != "pending" for r in notices(station, ticket_id).values())


def shown(station: Station, ticket_id: str) -> list[dict]:
    """The `notified` events on the ticket, as every station shows them."""
    return [dict(data) for _, data in station.tickets.get(ticket_id).notices]


@dataclass
class Service:
    """A local HTTP service that holds its answer until `gate` is set (a slow receiver)."""

    answer: dict = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})
    requests: list[bytes] = field(default_factory=list)
    gate: threading.Event = field(default_factory=threading.Event)
    port: int = 0

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def keys(self) -> list[str]:
        return [json.loads(body)["key"] for body in self.requests]


class _Server(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True


@pytest.fixture
def slow() -> Iterator[Service]:
    """A service that answers only when its gate opens (open at the end of the test)."""
    state = Service()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            state.requests.append(self.rfile.read(int(self.headers["Content-Length"])))
            state.gate.wait(30)
            data = json.dumps(state.answer).encode()
            with contextlib.suppress(OSError):  # the sender may have given up and gone
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.gate.set()
        server.shutdown()
        server.server_close()


# ---- e-mail: a real SMTP server --------------------------------------------------------------


@dataclass
class MailServer:
    port: int
    password: str | None  # the password it accepts for "andon" (None: no login offered)
    refuse: frozenset[str]  # recipients it rejects with 550
    messages: list = field(default_factory=list)
    logins: list[tuple[str, bool]] = field(default_factory=list)


@contextlib.contextmanager
def smtp_server(
    port: int | None = None, *, password: str | None = None, refuse: tuple[str, ...] = ()
) -> Iterator[MailServer]:
    """aiosmtpd on 127.0.0.1, optionally asking for a login, optionally rejecting some
    recipients as a real MTA does ("550 5.1.1 … User unknown")."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    server = MailServer(port or free_port(), password, frozenset(refuse))

    class Handler:
        async def handle_RCPT(self, _server, _session, envelope, address, _options) -> str:
            if address in server.refuse:
                return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, _server, _session, envelope) -> str:
            server.messages.append(envelope)
            return "250 2.0.0 Ok: queued"

    def authenticator(_server, _session, _envelope, _mechanism, data) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = server.password is not None and data.password == server.password.encode()
        server.logins.append((data.login.decode(), ok))
        return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535

    extra: dict[str, object] = {}
    if password is not None:  # AUTH offered without TLS: the channel's starttls is off here
        extra = {"authenticator": authenticator, "auth_require_tls": False}
    controller = Controller(Handler(), hostname="127.0.0.1", port=server.port, **extra)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


def mail_channel(port: int, **settings: object) -> Channel:
    options: dict = {"starttls": False, "sender": "andon@plant.test", "timeout_s": 2.0}
    options.update(settings)
    return Channel("mail", "email", smtp_host="127.0.0.1", smtp_port=port, **options)


def refusal(channel: Channel, people: tuple[Person, ...] = (LEAD,)) -> tuple[str, float]:
    """The reason a send failed, and how long it took to fail."""
    start = time.monotonic()
    with pytest.raises(ch.ChannelError) as info:
        ch.send(channel, NOTICE, list(people), TEXT)
    return str(info.value), time.monotonic() - start


def secret_forms(password: str) -> list[str]:
    """The password as it could leak: plain, and as AUTH PLAIN / AUTH LOGIN send it."""
    return [
        password,
        base64.b64encode(password.encode()).decode(),
        base64.b64encode(f"\0andon\0{password}".encode()).decode(),
    ]


def test_email_to_a_server_that_is_down_fails_at_once_saying_so() -> None:
    reason, took = refusal(mail_channel(free_port(), username="andon", secret=MAIL_PASSWORD))
    assert "Connection refused" in reason
    assert took < 1.5  # refused is refused: no waiting for the timeout
    assert not any(s in reason for s in secret_forms(MAIL_PASSWORD))


def test_email_with_a_wrong_password_is_refused_and_the_password_never_shown() -> None:
    wrong = "Wr0ng-pa55word-smtp"
    with smtp_server(password=MAIL_PASSWORD) as server:
        reason, _ = refusal(mail_channel(server.port, username="andon", secret=wrong))
        assert server.messages == []
        # the same server takes the right password: it was the login that was refused
        ch.send(mail_channel(server.port, username="andon", secret=MAIL_PASSWORD),
                NOTICE, [LEAD], TEXT)  # fmt: skip
        assert len(server.messages) == 1
    assert "SMTPAuthenticationError" in reason and "535" in reason
    assert ("andon", False) in server.logins and server.logins[-1] == ("andon", True)
    assert not any(s in reason for s in secret_forms(wrong))


def test_email_to_a_recipient_the_server_rejects_says_who_and_why() -> None:
    with smtp_server(refuse=("lead@plant.test",)) as server:
        reason, _ = refusal(mail_channel(server.port))
        ch.send(mail_channel(server.port), NOTICE, [TECH], TEXT)  # another address goes
    assert "SMTPRecipientsRefused" in reason
    assert "550" in reason and "lead@plant.test" in reason and "User unknown" in reason
    assert [m.rcpt_tos for m in server.messages] == [["tech@plant.test"]]


def test_email_to_a_server_that_never_answers_gives_up_within_its_timeout() -> None:
    with black_hole() as port:
        reason, took = refusal(mail_channel(port, timeout_s=1.0, username="andon",
                                            secret=MAIL_PASSWORD))  # fmt: skip
    assert "timed out" in reason
    assert 0.9 <= took < 1.0 + 2.0
    assert not any(s in reason for s in secret_forms(MAIL_PASSWORD))


@contextlib.contextmanager
def tarpit(drip: bytes, every_s: float, first: bytes = b"") -> Iterator[int]:
    """A server that answers, but never finishes: `first` at once, then `drip` every
    `every_s` seconds, for as long as the test lasts (an SMTP greeting of endless "220-"
    lines, the way postscreen and anti-spam tarpits delay a client; an HTTP answer whose
    body trickles through a congested proxy)."""
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        with contextlib.suppress(OSError):
            conn, _ = listener.accept()
            with conn:
                conn.sendall(first)
                while not stop.wait(every_s):
                    conn.sendall(drip)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()
        thread.join(5)


class Sending:
    """One send on a thread of its own: is it still going, and how did it end."""

    def __init__(self, channel: Channel) -> None:
        self.outcome: list[str] = []
        self.thread = threading.Thread(target=self._send, args=(channel,), daemon=True)
        self.thread.start()

    def _send(self, channel: Channel) -> None:
        try:
            ch.send(channel, NOTICE, [LEAD], TEXT)
        except ch.ChannelError as exc:
            self.outcome.append(str(exc))

    def still_going_after(self, seconds: float) -> bool:
        self.thread.join(seconds)
        return self.thread.is_alive()

    def ended_with_an_error(self) -> bool:
        self.thread.join(5)
        return not self.thread.is_alive() and bool(self.outcome)


def test_email_to_a_tarpit_gives_up_within_its_timeout() -> None:
    with tarpit(b"220-mail.plant.test ESMTP please wait\r\n", every_s=0.3) as port:
        sending = Sending(mail_channel(port, timeout_s=0.5))
        hung = sending.still_going_after(0.5 + 1.5)
    assert sending.ended_with_an_error()  # once the tarpit closed, at the latest
    assert not hung, "still sending 2 s after a 0.5 s timeout"


def test_a_failing_mail_server_is_shown_on_the_ticket_retried_and_fixed_without_resending(
    station: Station, clock: ManualClock, receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()  # the mail server is down
    mail = mail_channel(port, username="andon", secret=MAIL_PASSWORD)
    gateway = Channel("gateway", "webhook", url=receiver.url(), secret="s", per_minute=60)
    dispatcher = dispatcher_for(
        station, clock, [mail, gateway], roster(lead=("mail", "gateway"), tech=("gateway",))
    )
    ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    dispatcher.consider([ticket.id])
    assert dispatcher.deliver() == 2  # the gateway's two go; the mail fails
    ledger_rows = notices(station, ticket.id)
    assert ledger_rows["lead/mail"].status == "failing"
    assert "Connection refused" in ledger_rows["lead/mail"].last_error
    assert ledger_rows["lead/gateway"].status == ledger_rows["tech/gateway"].status == "sent"
    [failing] = [e for e in shown(station, ticket.id) if not e["ok"]]
    assert failing["channel"] == "mail" and failing["person"] == "lead"
    assert "Connection refused" in failing["error"]
    assert dispatcher.deliver() == 0  # not before its retry time

    # the server comes back, but its password was changed: a new reason, shown once more
    with smtp_server(port, password="rotated-by-the-mail-admin") as server:
        clock.advance(5)
        assert dispatcher.deliver() == 0
        row = notices(station, ticket.id)["lead/mail"]
        assert row.attempts == 2 and "535" in row.last_error
        assert [e["error"][:30] for e in shown(station, ticket.id) if not e["ok"]] == [
            failing["error"][:30], row.last_error[:30],
        ]  # fmt: skip
        server.password = MAIL_PASSWORD  # the mail admin puts it right
        assert dispatcher.deliver() == 0  # waits for its retry time (10 s now)
        clock.advance(10)
        assert dispatcher.deliver() == 1
        [message] = server.messages
    assert message.rcpt_tos == ["lead@plant.test"]
    assert {r.status for r in notices(station, ticket.id).values()} == {"sent"}
    assert len(receiver.requests) == 2  # the gateway's notices were not sent again
    events = shown(station, ticket.id)
    assert [(e["channel"], e["ok"]) for e in events if e["channel"] == "mail"] == [
        ("mail", False), ("mail", False), ("mail", True),
    ]  # fmt: skip
    # the password is nowhere: not in the ledger, not on the ticket, not in the log
    assert "Connection refused" in caplog.text  # the log did say what failed
    everything = caplog.text + json.dumps(events, ensure_ascii=False) + row.last_error
    assert not any(s in everything for s in secret_forms(MAIL_PASSWORD))


# ---- chat robots answering 200 with their own error -------------------------------------------

ROBOTS = {  # path, signing secret, the refusal, a success, the words the notice must carry
    "wecom": (
        "/cgi-bin/webhook/send?key=ROBOTKEY-wecom",
        "",
        {"errcode": 45009, "errmsg": "api freq out of limit"},
        {"errcode": 0, "errmsg": "ok"},
        "WeCom refused: 45009 api freq out of limit",
    ),
    "dingtalk": (
        "/robot/send?access_token=ROBOTKEY-dingtalk",
        "SEC0123456789abcdef",
        {"errcode": 310000, "errmsg": "sign not match, more: [https://ding-doc.dingtalk.com]"},
        {"errcode": 0, "errmsg": "ok"},
        "DingTalk refused: 310000 sign not match",
    ),
    "feishu": (
        "/open-apis/bot/v2/hook/ROBOTKEY-feishu",
        "feishu-secret",
        {
            "code": 19021,
            "msg": "sign match fail or timestamp is not within one hour from current time",
            "data": {},
        },
        {"code": 0, "msg": "success", "data": {}},
        "Feishu refused: 19021 sign match fail",
    ),
}


@pytest.mark.parametrize("kind", list(ROBOTS))
def test_a_robot_answering_200_with_an_error_is_failing_in_its_words_and_retried(
    kind: str, station: Station, clock: ManualClock, receiver: Receiver
) -> None:
    path, secret, refused, fine, words = ROBOTS[kind]
    receiver.answer = refused  # HTTP 200, and the service's own error code
    robot = Channel("robot", kind, url=receiver.url(path), secret=secret)
    dispatcher = dispatcher_for(station, clock, [robot], roster(lead=("robot",), tech=("robot",)))
    ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    dispatcher.consider([ticket.id])
    assert dispatcher.deliver() == 0 and len(receiver.requests) == 2
    rows = notices(station, ticket.id).values()
    assert {r.status for r in rows} == {"failing"}
    assert all(words in r.last_error and "ROBOTKEY" not in r.last_error for r in rows)
    events = shown(station, ticket.id)
    assert len(events) == 2 and all(not e["ok"] and words in e["error"] for e in events)

    clock.advance(5)
    assert dispatcher.deliver() == 0 and len(receiver.requests) == 4  # retried
    assert len(shown(station, ticket.id)) == 2  # the same reason: not shown again
    receiver.answer = fine
    clock.advance(10)
    assert dispatcher.deliver() == 2 and len(receiver.requests) == 6
    assert {r.status for r in notices(station, ticket.id).values()} == {"sent"}
    assert [e["ok"] for e in shown(station, ticket.id)] == [False, False, True, True]


# ---- a receiver slower than the channel's timeout ---------------------------------------------


def test_a_slow_receiver_times_out_and_holds_up_neither_the_dispatcher_nor_other_channels(
    station: Station, clock: ManualClock, receiver: Receiver, slow: Service
) -> None:
    slow.gate.clear()  # answers only at the end of the test: far beyond the timeout
    gateway = Channel("gateway", "webhook", url=slow.url(), secret="s", timeout_s=0.5)
    robot = Channel("robot", "wecom", url=receiver.url("/send?key=K"))
    both = ("gateway", "robot")
    dispatcher = dispatcher_for(station, clock, [gateway, robot], roster(lead=both, tech=both))
    ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    dispatcher.start()  # its own thread, as in the kiosk and the plant service
    try:
        start = time.monotonic()
        dispatcher.consider([ticket.id])
        wait_until(lambda: len(receiver.requests) == 2, 5, "the robot's notices")
        wait_until(lambda: outcomes(station, ticket.id) == 4, 10, "every outcome stored")
        settled = time.monotonic() - start
        assert dispatcher.is_alive()
    finally:
        begun = time.monotonic()
        dispatcher.stop()
        stopped = time.monotonic() - begun
    rows = notices(station, ticket.id)
    assert rows["lead/robot"].status == rows["tech/robot"].status == "sent"
    for who in ("lead/gateway", "tech/gateway"):
        assert rows[who].status == "failing" and "timed out" in rows[who].last_error
    assert len(slow.requests) == 2  # they reached it; no answer came in time
    assert settled < 0.5 + 3.0  # one timeout (and a busy machine), not the receiver's delay
    assert stopped < 2.0 and not dispatcher.is_alive()
    gateway_events = [e for e in shown(station, ticket.id) if e["channel"] == "gateway"]
    assert len(gateway_events) == 2
    assert all(not e["ok"] and "timed out" in e["error"] for e in gateway_events)


def test_a_receiver_whose_answer_trickles_in_is_given_up_within_the_timeout() -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n"
    with tarpit(b" ", every_s=0.3, first=head) as port:
        hook = Channel("gateway", "webhook", url=f"http://127.0.0.1:{port}/hook", timeout_s=0.5)
        sending = Sending(hook)
        hung = sending.still_going_after(0.5 + 1.5)
    assert sending.ended_with_an_error()
    assert not hung, "still sending 2 s after a 0.5 s timeout"


@contextlib.contextmanager
def echo_service() -> Iterator[int]:
    """A TCP echo service (a serial-to-TCP gateway in loopback, a mistyped port): whatever
    comes in goes back out; not HTTP."""
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)

    def echo(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            while data := conn.recv(65536):
                conn.sendall(data)

    def accept() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                conn, _ = listener.accept()
                threading.Thread(target=echo, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def sent_to_an_echo(station: Station, clock: ManualClock) -> tuple[NoticeRow, list[dict]]:
    """The team leader's notice on a robot whose URL names an echo service's port: its
    ledger row and what the ticket shows."""
    with echo_service() as port:
        robot = Channel("robot", "wecom", url=f"http://127.0.0.1:{port}/send?key=ROBOTKEY-echo")
        dispatcher = dispatcher_for(station, clock, [robot], roster(lead=("robot",)))
        ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
        dispatcher.consider([ticket.id])
        assert dispatcher.deliver() == 0
    row = notices(station, ticket.id)["lead/robot"]
    assert row.status == "failing" and row.last_error  # retried later, with a reason
    return row, shown(station, ticket.id)


def test_a_robot_url_pointing_at_something_not_http_keeps_the_key_secret(
    station: Station, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    row, events = sent_to_an_echo(station, clock)
    # the key is a secret (docs/notifications.md): not in the ledger, the ticket, the log
    everything = row.last_error + json.dumps(events) + caplog.text
    assert "failed" in caplog.text  # the log did say it failed
    assert "ROBOTKEY" not in everything, everything


def test_a_robot_url_pointing_at_something_not_http_is_shown_failing_on_the_ticket(
    station: Station, clock: ManualClock
) -> None:
    _, events = sent_to_an_echo(station, clock)
    assert [(e["channel"], e["ok"]) for e in events] == [("robot", False)]


def test_a_quick_channels_notice_does_not_wait_behind_a_slow_channels_queue(
    station: Station, clock: ManualClock, receiver: Receiver, slow: Service
) -> None:
    slow.gate.clear()
    crowd = {f"p{i:02d}": Person(f"p{i:02d}", f"Person {i}") for i in range(24)}
    people = Roster(
        {**crowd, "tech": TECH},
        (
            Duty("team_leader", tuple(crowd), ("gateway",)),  # 24 notices on the slow one
            Duty("department_contact", ("tech",), ("robot",)),  # one on the quick one
        ),
    )
    gateway = Channel("gateway", "webhook", url=slow.url(), timeout_s=1.0, per_minute=120)
    robot = Channel("robot", "wecom", url=receiver.url("/send?key=K"))
    dispatcher = dispatcher_for(station, clock, [gateway, robot], people)
    ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    assert dispatcher.plan([ticket.id]) == 25
    with station.readers() as session:
        order = [r.channel for r in ledger(session, ticket.id)]
    assert order.index("robot") >= 16  # precondition: the quick one is queued behind a chunk
    dispatcher.start()
    try:
        start = time.monotonic()
        wait_until(lambda: receiver.requests, 15, "the robot's notice")
        waited = time.monotonic() - start
    finally:
        dispatcher.stop()
    # due together: held back by at most one of the slow channel's timeouts
    assert waited < gateway.timeout_s + 0.5, f"the quick notice waited {waited:.1f} s"


# ---- MQTT: no broker, a black hole, a broker that never acknowledges ---------------------------

LINES = ("L3", "L4", "L5")


@pytest.fixture
def prefix(broker: None) -> Iterator[str]:
    """A topic prefix of this test's own; its retained states are removed afterwards."""
    name = f"andon-test/{uuid.uuid4().hex[:8]}/failures"
    yield name
    cleaner = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"andon-clean-{uuid.uuid4()}")
    cleaner.connect(HOST, PORT)
    cleaner.loop_start()
    try:
        for line in LINES:  # a retained message is removed by an empty retained one
            cleaner.publish(topic(name, line, "state"), b"", qos=1, retain=True).wait_for_publish(5)
    finally:
        cleaner.disconnect()
        cleaner.loop_stop()


class Watcher:
    """An independent subscriber: what SCADA or a dashboard would see."""

    def __init__(self, pattern: str) -> None:
        self.messages: list[tuple[str, dict, bool]] = []
        ready = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"w-{uuid.uuid4()}")
        self.client.on_connect = lambda c, *_: c.subscribe(pattern, qos=1)
        self.client.on_subscribe = lambda *_: ready.set()
        self.client.on_message = self._on_message
        self.client.connect(HOST, PORT)
        self.client.loop_start()
        assert ready.wait(5), "the watcher never subscribed"

    def _on_message(self, _client, _data, message) -> None:
        if message.payload:
            self.messages.append((message.topic, json.loads(message.payload), message.retain))

    def on(self, leaf: str) -> list[dict]:
        return [p for t, p, _ in self.messages if t.endswith(f"/andon/{leaf}")]

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


@dataclass
class FakeBroker:
    port: int = 0
    connections: int = 0
    received: bytearray = field(default_factory=bytearray)


@contextlib.contextmanager
def fake_broker(*, connack: bool) -> Iterator[FakeBroker]:
    """A TCP server on the MQTT side: it reads what comes and answers nothing, or only the
    CONNACK (a broker that takes the connection and never acknowledges a publish)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    broker = FakeBroker(listener.getsockname()[1])
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            conn.settimeout(0.1)
            while not stop.is_set():
                try:
                    data = conn.recv(65536)
                except TimeoutError:
                    continue
                if not data:
                    return
                if connack and not broker.received and data[0] >> 4 == 1:  # CONNECT
                    conn.sendall(b"\x20\x02\x00\x00")  # CONNACK: session absent, accepted
                broker.received += data

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            broker.connections += 1
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield broker
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def states() -> list[dict]:
    return [{"line": line, "situation": "call", "open_tickets": 1, "updated_at": time.time()}
            for line in LINES]  # fmt: skip


def cursor(station: Station) -> int | None:
    with station.readers() as session:
        return session.scalar(select(SyncCursorRow.seq).where(SyncCursorRow.name == CURSOR))


def stored_events(station: Station) -> list[tuple[int, str]]:
    """(rowid, id) of every event in the store, in arrival order."""
    with station.readers() as session:
        rows = session.execute(
            select(text("events.rowid"), EventRow.id).order_by(text("events.rowid"))
        ).all()
    return [(rowid, event_id) for rowid, event_id in rows]


def timed(call: Callable[[], object]) -> tuple[object, float]:
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


def publisher(prefix: str, port: int, timeout_s: float = 5.0) -> Publisher:
    made = Publisher(MqttSettings(HOST, port, prefix, client_id=f"andon-{uuid.uuid4()}",
                                  timeout_s=timeout_s))  # fmt: skip
    made.start()
    return made


def publish_when_reachable(station: Station, prefix: str) -> None:
    """A publisher at the real broker sends what was held back: every event in order, once,
    and every line's state; the cursor ends at the last event."""
    events = stored_events(station)
    watcher = Watcher(f"{prefix}/#")
    up = publisher(prefix, PORT)
    try:
        wait_until(lambda: up.connected, 5, "connected to Mosquitto")
        assert up.publish_events(station.sessions) == len(events)
        assert up.publish_states(states()) == len(LINES)
        wait_until(lambda: len(watcher.on("events")) == len(events), 10, "the events")
        wait_until(lambda: len(watcher.on("state")) == len(LINES), 10, "the states")
    finally:
        up.stop()
        watcher.close()
    assert [p["id"] for p in watcher.on("events")] == [event_id for _, event_id in events]
    assert sorted(p["line"] for p in watcher.on("state")) == list(LINES)
    assert cursor(station) == events[-1][0]


def raise_two(station: Station) -> None:
    for _ in range(2):
        station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    assert len(stored_events(station)) >= 2


def test_a_publisher_with_no_broker_returns_at_once_and_the_events_wait_behind_the_cursor(
    station: Station, prefix: str
) -> None:
    raise_two(station)
    down = publisher(prefix, free_port(), timeout_s=2.0)  # nothing listens there
    try:
        (n_states, n_events), took = timed(
            lambda: (down.publish_states(states()), down.publish_events(station.sessions))
        )
        assert (n_states, n_events) == (0, 0)
        assert took < 0.5  # not even one timeout: it knows it is not connected
        assert cursor(station) is None
    finally:
        _, stopping = timed(down.stop)
    assert stopping < 3.0
    publish_when_reachable(station, prefix)


def test_a_broker_that_accepts_and_never_answers_blocks_no_one_and_loses_nothing(
    station: Station, prefix: str
) -> None:
    raise_two(station)
    with fake_broker(connack=False) as hole:
        stuck = publisher(prefix, hole.port, timeout_s=2.0)
        try:
            wait_until(lambda: hole.received, 5, "the publisher's CONNECT")
            (n_states, n_events), took = timed(
                lambda: (stuck.publish_states(states()), stuck.publish_events(station.sessions))
            )
            assert (n_states, n_events) == (0, 0) and not stuck.connected
            assert took < 0.5
            assert cursor(station) is None
        finally:
            _, stopping = timed(stuck.stop)
        assert stopping < 3.0
    publish_when_reachable(station, prefix)


def test_a_broker_that_never_acknowledges_holds_the_events_one_timeout_and_loses_none(
    station: Station, prefix: str
) -> None:
    raise_two(station)
    with fake_broker(connack=True) as mute:
        stuck = publisher(prefix, mute.port, timeout_s=1.0)
        try:
            wait_until(lambda: stuck.connected, 5, "connected to the mute broker")
            sent, took = timed(lambda: stuck.publish_events(station.sessions))
            assert sent == 0
            assert b"/andon/events" in mute.received  # it did publish; no PUBACK came
            assert took < 1.0 + 1.5  # one timeout, not one per event
            assert cursor(station) is None
        finally:
            _, stopping = timed(stuck.stop)
        assert stopping < 3.0
    publish_when_reachable(station, prefix)


def test_a_broker_that_never_acknowledges_holds_the_line_states_one_timeout(
    station: Station, prefix: str
) -> None:
    with fake_broker(connack=True) as mute:
        stuck = publisher(prefix, mute.port, timeout_s=1.0)
        try:
            wait_until(lambda: stuck.connected, 5, "connected to the mute broker")
            sent, took = timed(lambda: stuck.publish_states(states()))
            assert sent == 0
        finally:
            stuck.stop()
    assert took < 1.0 + 1.5, f"publish_states blocked {took:.1f} s for {len(LINES)} lines"


# ---- the store failing between sending and storing the outcome ---------------------------------
#
# A notice's outcome is stored after it was sent. If the store cannot be written then, the
# send happened but the ledger still says "pending": the next pass sends it again. That one
# resend is the price of recording before sending (the same as a crash mid-send, see
# docs/notifications.md "Delivery"); the webhook's Idempotency-Key lets a receiver drop it.
# Realistically here: the store's disk fills up while the notice is on its way (a real
# tmpfs). A read-only remount is refused while the store is open for writing, chmod does not
# stop root, and a removed folder does not fail SQLite's writes (they go to the unlinked file).


class Watched(Dispatcher):
    """The product's dispatcher, counting its passes, to wait for one without sleeping."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.passes = 0

    def step(self) -> float:
        try:
            return super().step()
        finally:
            self.passes += 1


@pytest.fixture
def disk_station(
    config: StationConfig, clock: ManualClock, small_disk: SmallDisk
) -> Iterator[Station]:
    s = Station.open(config, clock=clock, store_path=small_disk.path / "kiosk.sqlite3")
    yield s
    s.close()


def sent_while_the_disk_is_full(
    station: Station, clock: ManualClock, small_disk: SmallDisk, service: Service
) -> tuple[Watched, str]:
    """A dispatcher thread sending the team leader's notice to `service`; the disk fills up
    while it is on its way, so its outcome cannot be stored. Returns once that pass failed."""
    service.gate.clear()
    gateway = Channel("gateway", "webhook", url=service.url(), secret="s", timeout_s=10.0)
    dispatcher = dispatcher_for(station, clock, [gateway], roster(lead=("gateway",)), Watched)
    assert isinstance(dispatcher, Watched)
    ticket = station.tickets.raise_ticket(STATION_OPERATOR, "machine")
    dispatcher.start()
    wait_until(lambda: dispatcher.passes, 10, "the thread's first pass (nothing to do)")
    # handed over between passes: the pass that sends it has taken the wake-up, so after it
    # fails the thread pauses (5 s) until the test wakes it
    dispatcher.consider([ticket.id])
    wait_until(lambda: service.requests, 10, "the notice on its way")
    empty_the_wal(station)
    small_disk.fill()
    before = dispatcher.passes
    service.gate.set()  # the receiver answers 200: sent
    wait_until(lambda: dispatcher.passes > before, 10, "the pass that could not store it")
    return dispatcher, ticket.id


def test_a_store_that_cannot_be_written_mid_send_keeps_the_thread_and_loses_no_notice(
    disk_station: Station,
    clock: ManualClock,
    small_disk: SmallDisk,
    slow: Service,
    caplog: pytest.LogCaptureFixture,
) -> None:
    station = disk_station
    caplog.set_level(logging.WARNING)
    dispatcher, ticket_id = sent_while_the_disk_is_full(station, clock, small_disk, slow)
    try:
        # the error is caught and logged (just after the pass ends), the thread goes on
        wait_until(lambda: "disk is full" in caplog.text, 5, "the store's error in the log")
        assert dispatcher.is_alive()
        row = notices(station, ticket_id)["lead/gateway"]
        assert row.status == "pending" and row.attempts == 0  # the outcome is not stored
        small_disk.free()
        dispatcher.consider([ticket_id])  # any change wakes it (else its 5 s retry pause)
        wait_until(lambda: notices(station, ticket_id)["lead/gateway"].status == "sent",
                   10, "the notice stored as sent")  # fmt: skip
    finally:
        dispatcher.stop()
    # sent, stored once; at most one resend (the outcome that could not be stored)
    assert 1 <= len(slow.requests) <= 2 and set(slow.keys()) == {
        f"{ticket_id}/level-0/lead/gateway"
    }
    assert [(e["person"], e["ok"]) for e in shown(station, ticket_id)] == [("lead", True)]


def test_a_store_that_stays_unwritable_does_not_resend_the_notice_at_every_pass(
    disk_station: Station, clock: ManualClock, small_disk: SmallDisk, slow: Service
) -> None:
    station = disk_station
    dispatcher, ticket_id = sent_while_the_disk_is_full(station, clock, small_disk, slow)
    try:
        for _ in range(2):  # two more passes while the disk is still full
            before = dispatcher.passes
            dispatcher.consider([ticket_id])
            wait_until(lambda before=before: dispatcher.passes > before, 10, "a pass")
        during = len(slow.requests)
        small_disk.free()
        dispatcher.consider([ticket_id])
        wait_until(lambda: notices(station, ticket_id)["lead/gateway"].status == "sent",
                   10, "the notice stored as sent")  # fmt: skip
    finally:
        dispatcher.stop()
    assert during <= 2, f"sent {during} times while its outcome could not be stored"
    assert len(slow.requests) <= 2
