"""The channels a notice goes out on: chat robots, e-mail, a signed webhook, the log.

Written with the standard library (urllib, smtplib, hmac) rather than apprise: a notice's
outcome must be recorded with the service's own reason (apprise reports a bool), the
delivery ledger does the retrying and rate limiting durably (apprise's are in-process), and
each service's signature and @-mentions are set exactly as the service documents them.

Every sender raises ChannelError with the service's words; nothing here retries or waits.
Secrets (robot URLs with their keys, signing secrets, the SMTP password) come from the
station file's `*_env` / `*_file` keys and appear in no message (`ChannelError` hides them).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import http.client
import json
import smtplib
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from email.message import EmailMessage

from andon_kiosk.core.notices import Channel, Notice, Person, Text


class ChannelError(Exception):
    """A notice that did not go out; `str()` is the reason, secrets removed."""


def _query_secret(url: str) -> str:
    query = urllib.parse.urlsplit(url).query
    values = [v for _, v in urllib.parse.parse_qsl(query)]
    return values[0] if values else ""


Send = Callable[[Channel, Notice, Sequence[Person], Text], None]


def send(channel: Channel, notice: Notice, people: Sequence[Person], text: Text) -> None:
    """Send `text` about `notice` to `people` on `channel`; ChannelError if it did not go."""
    try:
        SENDERS[channel.kind](channel, notice, people, text)
    except ChannelError as exc:
        raise ChannelError(hide(channel, str(exc))) from None
    except (OSError, smtplib.SMTPException, ValueError, http.client.HTTPException) as exc:
        # HTTPException: not an HTTP answer (BadStatusLine holds what came back, which may
        # be our own request line, key and all)
        raise ChannelError(hide(channel, f"{type(exc).__name__}: {exc}")) from None


def hide(channel: Channel, text: str) -> str:
    """`text` without the channel's secrets (its URL may hold a robot's key)."""
    for secret in (channel.url, channel.secret, _query_secret(channel.url)):
        if secret:
            text = text.replace(secret, "***")
    return text


# ---- chat robots --------------------------------------------------------------------------

# What people typed (names, notes, reasons) reaches a chat as text, never as markup: an
# `<at user_id="all">` would call the whole group, a markdown link would look like ours.
_DEFANG = str.maketrans({"<": "＜", ">": "＞", "[": "［", "]": "］", "(": "（", ")": "）",
                         "*": "＊", "#": "＃", "`": "｀", '"': "＂"})  # fmt: skip


def defang(text: str) -> str:
    """`text` with the characters chat markup is made of replaced by their full-width
    look-alikes: it reads the same and means nothing to the robot."""
    return text.translate(_DEFANG)


def _wecom(channel: Channel, notice: Notice, people: Sequence[Person], text: Text) -> None:
    """WeCom (企业微信) group robot: text with @ by mobile (markdown cannot @ by mobile)."""
    body = {
        "msgtype": "text",
        "text": {
            "content": f"{text.title}\n{text.body}",
            "mentioned_mobile_list": [p.mobile for p in people if p.mobile],
        },
    }
    answer = _post_json(channel, channel.url, body)
    if answer.get("errcode") != 0:
        raise ChannelError(f"WeCom refused: {answer.get('errcode')} {answer.get('errmsg', '')}")


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's robot signature: base64(HMAC-SHA256(secret, "timestamp\\nsecret"))."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256)
    return base64.b64encode(digest.digest()).decode()


def _dingtalk(channel: Channel, notice: Notice, people: Sequence[Person], text: Text) -> None:
    """DingTalk (钉钉) robot: markdown, @ by mobile, signed when the robot has a secret."""
    url = channel.url
    if channel.secret:
        stamp = int(time.time() * 1000)
        sign = urllib.parse.quote_plus(dingtalk_sign(channel.secret, stamp))
        url += f"{'&' if '?' in url else '?'}timestamp={stamp}&sign={sign}"
    mobiles = [p.mobile for p in people if p.mobile]
    mention = " ".join(f"@{m}" for m in mobiles)
    body = {
        "msgtype": "markdown",
        "markdown": {
            "title": text.title,
            "text": f"### {defang(text.title)}\n\n"
            + "\n\n".join(defang(line) for line in text.lines)
            + (f"\n\n{mention}" if mention else ""),
        },
        "at": {"atMobiles": mobiles, "isAtAll": False},
    }
    answer = _post_json(channel, url, body)
    if answer.get("errcode") != 0:
        raise ChannelError(f"DingTalk refused: {answer.get('errcode')} {answer.get('errmsg', '')}")


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu/Lark's bot signature: base64(HMAC-SHA256(key="timestamp\\nsecret", msg=""))."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256)
    return base64.b64encode(digest.digest()).decode()


def _feishu(channel: Channel, notice: Notice, people: Sequence[Person], text: Text) -> None:
    """Feishu (飞书) / Lark custom bot: text with <at> mentions, signed when it has a secret."""
    ats = "".join(
        f'<at user_id="{p.chat_ids["feishu"]}">{defang(p.name)}</at>'
        for p in people
        if "feishu" in p.chat_ids
    )
    words = defang(f"{text.title}\n{text.body}")
    body: dict[str, object] = {
        "msg_type": "text",
        "content": {"text": words + (f"\n{ats}" if ats else "")},
    }
    if channel.secret:
        stamp = int(time.time())
        body.update(timestamp=str(stamp), sign=feishu_sign(channel.secret, stamp))
    answer = _post_json(channel, channel.url, body)
    code = answer.get("code", answer.get("StatusCode"))
    if code != 0:
        raise ChannelError(f"Feishu refused: {code} {answer.get('msg', '')}")


# ---- a generic, signed webhook --------------------------------------------------------------


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """hex(HMAC-SHA256(secret, timestamp + "." + body)): what a receiver recomputes."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _webhook(channel: Channel, notice: Notice, people: Sequence[Person], text: Text) -> None:
    """JSON for SMS/voice gateways, Teams connectors or a CMMS; signed with HMAC; the
    notice's key as Idempotency-Key, so a receiver can drop a repeat."""
    payload = {
        "key": notice.key,
        "ticket": notice.ticket_id,
        "trigger": notice.trigger,
        "level": notice.level,
        "title": text.title,
        "text": text.body,
        "to": [{"id": p.id, "name": p.name, "mobile": p.mobile, "email": p.email} for p in people],
    }
    data = json.dumps(payload, ensure_ascii=False).encode()
    stamp = str(int(time.time()))
    headers = {"Idempotency-Key": notice.key, "X-Andon-Timestamp": stamp}
    if channel.secret:
        headers["X-Andon-Signature"] = "sha256=" + webhook_signature(channel.secret, stamp, data)
    _post(channel, channel.url, data, headers)


# ---- e-mail and the log ------------------------------------------------------------------


def _email(channel: Channel, notice: Notice, people: Sequence[Person], text: Text) -> None:
    to = [p.email for p in people if p.email]
    if not to:
        raise ChannelError(
            "nobody to write to: no e-mail address for " + ", ".join(p.id for p in people)
        )
    message = EmailMessage()
    message["Subject"] = text.title
    message["From"] = channel.sender or channel.username
    message["To"] = ", ".join(to)
    message["Message-ID"] = f"<{notice.key.replace('/', '.')}@andon-kiosk>"
    message.set_content(text.body)
    smtp = smtplib.SMTP(timeout=channel.timeout_s)  # each read; the watchdog: the whole send
    expired = threading.Event()

    def cut() -> None:  # a server that answers a little at a time resets a read's timeout
        expired.set()
        if smtp.sock is not None:
            with contextlib.suppress(OSError):
                smtp.sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(channel.timeout_s, cut)
    watchdog.daemon = True
    watchdog.start()
    try:
        smtp.connect(channel.smtp_host, channel.smtp_port)
        if channel.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if channel.username:
            smtp.login(channel.username, channel.secret)
        smtp.send_message(message)
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        if expired.is_set():
            raise ChannelError(
                f"timed out: {channel.smtp_host}:{channel.smtp_port} did not finish "
                f"within {channel.timeout_s:g} s"
            ) from None
        raise
    finally:
        watchdog.cancel()
        smtp.close()


def _log(channel: Channel, notice: Notice, people: Sequence[Person], text: Text) -> None:
    """The demo's channel: the notice in the kiosk's log, as a newcomer can see it work."""
    import logging

    who = ", ".join(p.name for p in people)
    logging.getLogger("andon_kiosk.notify").info(
        "NOTICE to %s: %s | %s", who, text.title, text.body
    )


SENDERS: dict[str, Send] = {
    "wecom": _wecom,
    "dingtalk": _dingtalk,
    "feishu": _feishu,
    "webhook": _webhook,
    "email": _email,
    "log": _log,
}


# ---- HTTP ----------------------------------------------------------------------------------


def _post_json(channel: Channel, url: str, body: object) -> dict:
    data = json.dumps(body, ensure_ascii=False).encode()
    answer = _post(channel, url, data, {})
    try:
        parsed = json.loads(answer or b"{}")
    except ValueError:
        raise ChannelError(f"not a JSON answer: {answer[:100]!r}") from None
    return parsed if isinstance(parsed, dict) else {}


class _Deadline:
    """Cuts a request's connection once `seconds` have passed: urllib's timeout bounds each
    read, and an answer that trickles in resets it for as long as it trickles."""

    def __init__(self, seconds: float) -> None:
        self.expired = threading.Event()
        self._sock: socket.socket | None = None
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()

    def _watch(self, sock: socket.socket) -> None:
        self._sock = sock
        if self.expired.is_set():
            self._cut()

    def _cut(self) -> None:
        self.expired.set()
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)

    def opener(self) -> urllib.request.OpenerDirector:
        """urllib's opener, proxies and all, with connections this deadline can cut."""
        watch = self._watch

        class HTTP(http.client.HTTPConnection):
            def connect(self) -> None:
                super().connect()
                watch(self.sock)

        class HTTPS(http.client.HTTPSConnection):
            def connect(self) -> None:
                super().connect()
                watch(self.sock)

        class HTTPHandler(urllib.request.HTTPHandler):
            def http_open(self, req):  # type: ignore[no-untyped-def]
                return self.do_open(HTTP, req)

        class HTTPSHandler(urllib.request.HTTPSHandler):
            def https_open(self, req):  # type: ignore[no-untyped-def]
                return self.do_open(HTTPS, req, context=self._context)

        class Refuse(urllib.request.HTTPRedirectHandler):
            # urllib would follow a 301/302/303 with a GET without the body, and a 200 from
            # there would read as "sent": a notice is never redirected (HTTP 302 = failing)
            def redirect_request(self, *_args, **_kw):  # type: ignore[no-untyped-def]
                return None

        return urllib.request.build_opener(HTTPHandler, HTTPSHandler, Refuse)


def _post(channel: Channel, url: str, data: bytes, headers: dict[str, str]) -> bytes:
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json", **headers}
    )
    try:
        with _Deadline(channel.timeout_s) as deadline:
            try:
                with deadline.opener().open(request, timeout=channel.timeout_s) as response:
                    answer = response.read(65536)
            except (OSError, http.client.HTTPException):
                if not deadline.expired.is_set():
                    raise
            if deadline.expired.is_set():  # what was read was cut short
                raise ChannelError(f"timed out: no full answer within {channel.timeout_s:g} s")
            return answer
    except urllib.error.HTTPError as exc:
        raise ChannelError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        # "Connection refused", not "[Errno 111] Connection refused": it is read on a ticket
        why = getattr(exc.reason, "strerror", None) or exc.reason
        raise ChannelError(f"cannot reach {urllib.parse.urlsplit(url).netloc}: {why}") from None
