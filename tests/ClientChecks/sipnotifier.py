"""A tiny scripted presentity for the client checks: UDP on loopback only.

It answers a watcher's SUBSCRIBE (Event: presence) with 200 OK, sends the initial NOTIFY that RFC 6665
requires, and then sends whatever NOTIFY body the caller asks for, waiting for the watcher's final
response. It is just enough SIP for a watcher to keep one subscription alive for a test run; it is not
a SIP stack (no TCP, no authentication, no routing, no forking).
"""

from __future__ import annotations

import random
import re
import socket
import string
import threading
import time
from dataclasses import dataclass, field

PIDF_TYPE = "application/pidf+xml"


def _token(n: int = 10) -> str:
    return "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(n))


@dataclass
class SipMessage:
    first_line: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def is_request(self) -> bool:
        return not self.first_line.startswith("SIP/2.0")

    @property
    def method(self) -> str:
        return self.first_line.split(" ", 1)[0] if self.is_request else ""

    @property
    def status(self) -> int:
        return 0 if self.is_request else int(self.first_line.split(" ")[1])

    _COMPACT = {"v": "via", "f": "from", "t": "to", "i": "call-id", "m": "contact", "o": "event",
                "l": "content-length", "c": "content-type"}

    def all(self, name: str) -> list[str]:
        name = name.lower()
        return [v for (k, v) in self.headers if self._COMPACT.get(k.lower(), k.lower()) == name]

    def get(self, name: str, default: str = "") -> str:
        values = self.all(name)
        return values[0] if values else default

    @staticmethod
    def parse(data: bytes) -> "SipMessage | None":
        head, sep, body = data.partition(b"\r\n\r\n")
        if not sep:
            return None
        lines = head.decode("utf-8", "replace").split("\r\n")
        headers: list[tuple[str, str]] = []
        for line in lines[1:]:
            if line[:1] in (" ", "\t") and headers:  # folded header
                k, v = headers[-1]
                headers[-1] = (k, v + " " + line.strip())
                continue
            k, _, v = line.partition(":")
            headers.append((k.strip(), v.strip()))
        return SipMessage(lines[0], headers, body)


def _uri_in(header_value: str) -> str:
    m = re.search(r"<([^>]+)>", header_value)
    return m.group(1) if m else header_value.split(";", 1)[0].strip()


def _host_port(uri: str) -> tuple[str, int]:
    hostpart = uri.split("@", 1)[-1].split(";", 1)[0]
    if hostpart.startswith("sip:"):
        hostpart = hostpart[4:]
    host, _, port = hostpart.partition(":")
    return host, int(port) if port else 5060


@dataclass
class Dialog:
    call_id: str
    local_tag: str
    remote_from: str  # the SUBSCRIBE's From (with the watcher's tag): our NOTIFYs' To
    local_to: str  # the SUBSCRIBE's To plus our tag: our NOTIFYs' From
    remote_target: str  # the watcher's Contact URI
    event: str
    expires: int
    cseq: int = field(default_factory=lambda: random.randint(1, 1000))
    user_agent: str = ""


class Presentity:
    """One presentity (sip:USER@127.0.0.1:PORT) on UDP loopback."""

    def __init__(self, port: int, user: str = "buddy", host: str = "127.0.0.1", log=None):
        if not host.startswith("127."):
            raise ValueError("loopback only")
        self.host, self.port, self.user = host, port, user
        self.uri = f"sip:{user}@{host}:{port}"
        self.log = log or (lambda s: None)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, port))
        self.sock.settimeout(0.2)
        self.dialog: Dialog | None = None
        self.subscribed = threading.Event()
        self.initial_body: bytes = b""
        self._responses: dict[tuple[str, int], SipMessage] = {}
        self._cond = threading.Condition()
        self._stop = False
        self._thread = threading.Thread(target=self._loop, name=f"presentity-{port}", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()

    # --- receiving -----------------------------------------------------------------------------

    def _loop(self) -> None:
        while not self._stop:
            try:
                data, addr = self.sock.recvfrom(65535)
            except socket.timeout:
                continue
            except OSError:
                return
            if data.strip() == b"":
                continue  # keep-alive
            msg = SipMessage.parse(data)
            if msg is None:
                continue
            self.log(f"<< {addr[0]}:{addr[1]} {msg.first_line}")
            if msg.is_request:
                self._on_request(msg, addr)
            else:
                cseq = msg.get("cseq").split()
                if len(cseq) == 2 and msg.status >= 200:
                    with self._cond:
                        self._responses[(msg.get("call-id"), int(cseq[0]))] = msg
                        self._cond.notify_all()

    def _reply(self, req: SipMessage, addr, code: int, reason: str, to_tag: str | None = None,
               extra: list[str] | None = None) -> None:
        lines = [f"SIP/2.0 {code} {reason}"]
        for via in req.all("via"):
            if addr and ";rport" in via and "rport=" not in via:
                via = via.replace(";rport", f";rport={addr[1]};received={addr[0]}", 1)
            lines.append(f"Via: {via}")
        lines.append(f"From: {req.get('from')}")
        to = req.get("to")
        if to_tag and ";tag=" not in to:
            to = f"{to};tag={to_tag}"
        lines.append(f"To: {to}")
        lines.append(f"Call-ID: {req.get('call-id')}")
        lines.append(f"CSeq: {req.get('cseq')}")
        lines += extra or []
        lines.append("Content-Length: 0")
        self._send("\r\n".join(lines).encode() + b"\r\n\r\n", addr)

    def _send(self, data: bytes, addr) -> None:
        if not addr[0].startswith("127."):
            raise ValueError("loopback only")
        first = data.split(b"\r\n", 1)[0].decode()
        self.log(f">> {addr[0]}:{addr[1]} {first}")
        self.sock.sendto(data, addr)

    def _on_request(self, req: SipMessage, addr) -> None:
        method = req.method
        if method == "SUBSCRIBE":
            event = req.get("event")
            if event.split(";")[0].strip().lower() != "presence":
                self._reply(req, addr, 489, "Bad Event", extra=["Allow-Events: presence"])
                return
            expires = int(req.get("expires", "600") or 600)
            d = self.dialog
            if d is None or d.call_id != req.get("call-id"):
                tag = _token()
                d = Dialog(call_id=req.get("call-id"), local_tag=tag, remote_from=req.get("from"),
                           local_to=f"{req.get('to')};tag={tag}", remote_target=_uri_in(req.get("contact")),
                           event=event, expires=expires, user_agent=req.get("user-agent"))
                self.dialog = d
            else:
                d.expires = expires
                if req.get("contact"):
                    d.remote_target = _uri_in(req.get("contact"))
            self._reply(req, addr, 200, "OK", to_tag=d.local_tag,
                        extra=[f"Contact: <{self.uri}>", f"Expires: {expires}"])
            # RFC 6665 section 4.2.1.2: an initial NOTIFY follows at once (also on refresh).
            threading.Thread(target=self.notify, args=(self.initial_body,),
                             kwargs={"terminated": expires == 0}, daemon=True).start()
            if expires:
                self.subscribed.set()
        elif method == "OPTIONS":
            self._reply(req, addr, 200, "OK", extra=["Allow: SUBSCRIBE, NOTIFY, OPTIONS"])
        elif method == "ACK":
            return
        else:
            self._reply(req, addr, 501, "Not Implemented")

    # --- sending -------------------------------------------------------------------------------

    def notify(self, body: bytes | str | None, content_type: str = PIDF_TYPE, terminated: bool = False,
               timeout: float = 4.0) -> int:
        """Sends one NOTIFY in the dialog and returns the watcher's final status (0 if none came)."""
        d = self.dialog
        if d is None:
            raise RuntimeError("no subscription yet")
        if isinstance(body, str):
            body = body.encode("utf-8")
        body = body or b""
        with self._cond:
            d.cseq += 1
            cseq = d.cseq
        target_host, target_port = _host_port(d.remote_target)
        state = "terminated;reason=timeout" if terminated else f"active;expires={d.expires}"
        lines = [
            f"NOTIFY {d.remote_target} SIP/2.0",
            f"Via: SIP/2.0/UDP {self.host}:{self.port};branch=z9hG4bK{_token(16)};rport",
            "Max-Forwards: 70",
            f"From: {d.local_to}",
            f"To: {d.remote_from}",
            f"Call-ID: {d.call_id}",
            f"CSeq: {cseq} NOTIFY",
            f"Contact: <{self.uri}>",
            f"Event: {d.event}",
            f"Subscription-State: {state}",
            "User-Agent: presenceagent-client-checks",
        ]
        if body:
            lines.append(f"Content-Type: {content_type}")
        lines.append(f"Content-Length: {len(body)}")
        data = "\r\n".join(lines).encode() + b"\r\n\r\n" + body
        key = (d.call_id, cseq)
        deadline = time.monotonic() + timeout
        interval = 0.5
        while time.monotonic() < deadline and not self._stop:
            try:
                self._send(data, (target_host, target_port))
            except OSError:
                return 0  # closed meanwhile
            wait_until = min(deadline, time.monotonic() + interval)
            with self._cond:
                while key not in self._responses and time.monotonic() < wait_until:
                    self._cond.wait(max(0.01, wait_until - time.monotonic()))
                if key in self._responses:
                    return self._responses.pop(key).status
            interval = min(interval * 2, 2.0)
        return 0
