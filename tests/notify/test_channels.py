"""Each channel against a local receiver that checks the payload and the signature the way
the service documents it; e-mail through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import time
import urllib.parse
from email.header import decode_header, make_header

import pytest

from andon_kiosk.core.notices import Channel, Notice, Person, Text
from andon_kiosk.notify import channels as ch

from .conftest import Receiver

PERSON = Person("wang", "王芳 Wang Fang", mobile="13800000001", email="wang@plant.test",
                chat_ids={"feishu": "ou_wang"})  # fmt: skip
NOTICE = Notice("t-1", "level-1", "wang", "robot", 1)
TEXT = Text("【升级 Escalation level 1】Line 3", ("L3 · L3-ST1", "机 Machine", "21 min 停线 down"))


def test_wecom_robot_gets_text_with_mentions_by_mobile(receiver: Receiver) -> None:
    robot = Channel("robot", "wecom", url=receiver.url("/cgi-bin/webhook/send?key=SECRETKEY"))
    ch.send(robot, NOTICE, [PERSON], TEXT)
    [(path, _, body)] = receiver.requests
    assert path == "/cgi-bin/webhook/send?key=SECRETKEY"
    sent = json.loads(body)
    assert sent["msgtype"] == "text"
    assert sent["text"]["mentioned_mobile_list"] == ["13800000001"]
    assert sent["text"]["content"].startswith("【升级 Escalation level 1】Line 3\nL3 · L3-ST1")


def test_a_refusal_is_reported_in_the_services_words_without_the_key(receiver: Receiver) -> None:
    receiver.answer = {"errcode": 45009, "errmsg": "api freq out of limit"}
    robot = Channel("robot", "wecom", url=receiver.url("/send?key=SECRETKEY"))
    with pytest.raises(ch.ChannelError, match="45009 api freq out of limit") as info:
        ch.send(robot, NOTICE, [PERSON], TEXT)
    receiver.status = 500
    with pytest.raises(ch.ChannelError, match="HTTP 500") as info:
        ch.send(robot, NOTICE, [PERSON], TEXT)
    assert "SECRETKEY" not in str(info.value)
    nowhere = Channel("robot", "wecom", url="http://127.0.0.1:1/send?key=SECRETKEY")
    with pytest.raises(ch.ChannelError, match="cannot reach") as info:
        ch.send(nowhere, NOTICE, [PERSON], TEXT)
    assert "SECRETKEY" not in str(info.value)
    assert str(info.value) == "cannot reach 127.0.0.1:1: Connection refused"  # words, no errno


def test_dingtalk_robot_is_signed_as_dingtalk_documents(receiver: Receiver) -> None:
    secret = "SEC0123456789abcdef"
    robot = Channel("robot", "dingtalk", url=receiver.url("/robot/send?access_token=TOKEN"),
                    secret=secret)  # fmt: skip
    before = int(time.time() * 1000)
    ch.send(robot, NOTICE, [PERSON], TEXT)
    [(path, _, body)] = receiver.requests
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    stamp = int(query["timestamp"][0])
    assert before <= stamp <= int(time.time() * 1000)
    # the receiver's own computation: HmacSHA256 over "timestamp\nsecret", Base64
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"][0] == expected
    sent = json.loads(body)
    assert sent["msgtype"] == "markdown" and sent["at"]["atMobiles"] == ["13800000001"]
    assert "@13800000001" in sent["markdown"]["text"]


def test_feishu_bot_is_signed_as_feishu_documents(receiver: Receiver) -> None:
    receiver.answer = {"code": 0, "msg": "success"}
    secret = "feishu-secret"
    bot = Channel("robot", "feishu", url=receiver.url("/open-apis/bot/v2/hook/abc"), secret=secret)
    ch.send(bot, NOTICE, [PERSON], TEXT)
    [(_, _, body)] = receiver.requests
    sent = json.loads(body)
    string_to_sign = f"{sent['timestamp']}\n{secret}"
    expected = base64.b64encode(
        hmac.new(string_to_sign.encode(), b"", hashlib.sha256).digest()
    ).decode()
    assert sent["sign"] == expected and abs(int(sent["timestamp"]) - time.time()) < 5
    assert '<at user_id="ou_wang">王芳 Wang Fang</at>' in sent["content"]["text"]


def test_the_generic_webhook_is_signed_with_hmac_and_carries_its_key(receiver: Receiver) -> None:
    hook = Channel("gateway", "webhook", url=receiver.url(), secret="hook-secret")
    ch.send(hook, NOTICE, [PERSON], TEXT)
    [(_, headers, body)] = receiver.requests
    stamp = headers["X-Andon-Timestamp"]
    expected = hmac.new(b"hook-secret", stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert headers["X-Andon-Signature"] == f"sha256={expected}"
    assert headers["Idempotency-Key"] == NOTICE.key
    sent = json.loads(body)
    assert sent["key"] == NOTICE.key and sent["to"][0]["mobile"] == "13800000001"


def test_email_goes_through_a_real_smtp_server() -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    got = []

    class Keep(Message):
        def handle_message(self, message) -> None:
            got.append(message)

    with socket.socket() as probe:  # a free port for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        mail = Channel("mail", "email", smtp_host="127.0.0.1", smtp_port=port, starttls=False,
                       sender="andon@plant.test")  # fmt: skip
        ch.send(mail, NOTICE, [PERSON], TEXT)
    finally:
        controller.stop()
    [message] = got
    assert message["To"] == "wang@plant.test" and message["From"] == "andon@plant.test"
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject == TEXT.title
    assert "21 min 停线 down" in message.get_payload(decode=True).decode()


def test_a_redirect_is_a_failure_not_a_notice_lost_as_sent(receiver: Receiver) -> None:
    receiver.status, receiver.location = 302, "/gone"  # urllib would GET /gone, body-less
    hook = Channel("gateway", "webhook", url=receiver.url("/moved"), secret="s")
    with pytest.raises(ch.ChannelError, match="HTTP 302"):
        ch.send(hook, NOTICE, [PERSON], TEXT)
    assert [path for path, _, _ in receiver.requests] == ["/moved"]  # not followed


def test_what_people_typed_reaches_a_chat_as_text_never_as_markup(receiver: Receiver) -> None:
    receiver.answer = {"code": 0, "errcode": 0, "msg": "ok"}
    sly = Person("x", '<at user_id="all">所有人</at> **[点我](http://evil.example)**',
                 chat_ids={"feishu": "ou_x"})  # fmt: skip
    text = Text("Line 3", ("On it: " + sly.name,))
    ch.send(Channel("f", "feishu", url=receiver.url("/f")), NOTICE, [sly], text)
    ch.send(Channel("d", "dingtalk", url=receiver.url("/d")), NOTICE, [sly], text)
    feishu, dingtalk = (json.loads(body) for _, _, body in receiver.requests)
    said = feishu["content"]["text"]
    assert '<at user_id="all">' not in said and "](http" not in said
    assert said.count("<at user_id=") == 1 and '<at user_id="ou_x">' in said  # the real one
    markdown = dingtalk["markdown"]["text"]
    assert "[点我](http" not in markdown and "**" not in markdown and "<at" not in markdown
    assert "点我" in markdown and dingtalk["at"]["isAtAll"] is False  # still readable
