#!/usr/bin/env python3
"""Which status do real SIP clients show for a watched contact, for each PIDF body?

For each client (baresip, linphonec, and Debian's liblinphone as the Linphone apps use it) this starts a
scripted presentity on 127.0.0.1 (sipnotifier.Presentity), starts the client headless with a buddy list
holding that presentity, waits for its SUBSCRIBE, then sends one NOTIFY per case (cases.py) and reads what
the client shows after it. Results go to a JSON file and a Markdown table.

Loopback only, ports 31060-31099, every wait bounded; the clients are started in their own process group and
killed at the end. See README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cases import all_cases  # noqa: E402
from sipnotifier import Presentity  # noqa: E402

ANSI = re.compile(r"\x1b\[[0-9;]*m")
SETTLE = 0.35  # seconds between the watcher's 200 and reading its display

PORTS = {
    # client: (presentity, client SIP, extra)
    "baresip": (31070, 31060, 31062),  # extra: baresip's cons module (UDP console)
    "linphonec": (31071, 31080, 31084),  # extra: RTP base (never used)
    "liblinphone": (31072, 31090, 31094),
}


class Client:
    name = "?"

    def __init__(self, workdir: Path, log):
        self.workdir, self.log = workdir, log
        self.proc: subprocess.Popen | None = None

    def stop(self) -> None:
        p = self.proc
        if p is None:
            return
        try:
            self.quit()
        except Exception:
            pass
        try:
            p.wait(3)
        except subprocess.TimeoutExpired:
            pass
        if p.poll() is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(p.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    p.wait(3)
                    break
                except subprocess.TimeoutExpired:
                    continue
        self.proc = None

    def quit(self) -> None:
        pass


class Baresip(Client):
    name = "baresip"

    def start(self, presentity_uri: str) -> None:
        _, sip_port, cons_port = PORTS["baresip"]
        d = self.workdir / "baresip"
        d.mkdir(parents=True, exist_ok=True)
        (d / "config").write_text(
            "poll_method\t\tepoll\n"
            f"sip_listen\t\t127.0.0.1:{sip_port}\n"
            "module_path\t\t/usr/lib/baresip/modules\n"
            "module_app\t\taccount.so\n"
            "module_app\t\tcontact.so\n"
            "module_app\t\tmenu.so\n"
            "module_app\t\tpresence.so\n"
            "module\t\t\tcons.so\n"
            f"cons_listen\t\t127.0.0.1:{cons_port}\n"
            "dns_server\t\t127.0.0.1:53\n"
        )
        (d / "accounts").write_text("<sip:watcher@127.0.0.1>;regint=0\n")
        # baresip subscribes to the contacts marked presence=p2p (modules/presence/subscriber.c).
        (d / "contacts").write_text(f'"Buddy" <{presentity_uri}>;presence=p2p\n')
        self.out = open(self.workdir / "baresip.out", "wb")
        self.proc = subprocess.Popen(["baresip", "-f", str(d)], stdin=subprocess.DEVNULL, stdout=self.out,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.cons = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.cons.bind(("127.0.0.1", 0))
        self.cons_addr = ("127.0.0.1", cons_port)

    def command(self, cmd: str, wait: float = 0.4) -> str:
        # Only slash commands: a bare word is taken as a number to dial.
        assert cmd.startswith("/")
        self.cons.sendto((cmd + "\n").encode(), self.cons_addr)
        out = b""
        self.cons.settimeout(wait)
        try:
            while True:
                data, _ = self.cons.recvfrom(65535)
                out += data
        except socket.timeout:
            pass
        return ANSI.sub("", out.decode("utf-8", "replace"))

    def observe(self) -> dict:
        text = self.command("/contacts")
        for line in text.splitlines():
            m = re.match(r"^[> ]*\s*(\S.*?)\s+Buddy <", line)
            if m:
                return {"display": m.group(1)}
        return {"display": "?", "raw": text}

    def version(self) -> str:
        out = subprocess.run(["baresip", "-h"], capture_output=True, text=True, timeout=10)
        m = re.search(r"baresip v(\S+)", out.stdout + out.stderr)
        return m.group(1) if m else "?"

    def quit(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.command("/quit", 0.2)


def _linphone_rc(path: Path, sip_port: int, rtp_port: int, presentity_uri: str) -> None:
    path.write_text(
        "[sip]\n"
        f"sip_port={sip_port}\nsip_tcp_port=0\nsip_tls_port=0\nbind_address=127.0.0.1\n"
        "default_proxy=-1\nsubscribe_presence_only_when_registered=0\nguess_hostname=0\n"
        "contact=sip:watcher@127.0.0.1\nipv6=0\n"
        "[rtp]\n"
        f"audio_rtp_port={rtp_port}\nvideo_rtp_port={rtp_port + 2}\ntext_rtp_port={rtp_port + 4}\n"
        "[net]\nfirewall_policy=0\n"
        "[misc]\nstore_friends=1\n"
        "[friend_0]\n"
        f'url="Buddy" <{presentity_uri}>\npol=accept\nsubscribe=1\n'
    )


class Linphonec(Client):
    name = "linphonec"

    def start(self, presentity_uri: str) -> None:
        _, sip_port, rtp_port = PORTS["linphonec"]
        home = self.workdir / "linphonec-home"
        (home / ".local/share/linphone").mkdir(parents=True, exist_ok=True)
        rc = home / "linphonerc"
        _linphone_rc(rc, sip_port, rtp_port, presentity_uri)
        env = dict(os.environ, HOME=str(home))
        self.lines: list[str] = []
        self.lock = threading.Lock()
        self.proc = subprocess.Popen(["stdbuf", "-oL", "linphonec", "-c", str(rc), "-d", "5", "-l", str(self.workdir / "linphonec.log")],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env=env, start_new_session=True)
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self) -> None:
        with open(self.workdir / "linphonec.out", "wb") as f:
            for raw in iter(self.proc.stdout.readline, b""):
                f.write(raw)
                f.flush()
                with self.lock:
                    self.lines.append(raw.decode("utf-8", "replace"))

    def mark(self) -> int:
        with self.lock:
            return len(self.lines)

    def observe(self, since: int) -> dict:
        time.sleep(0.1)
        with self.lock:
            new = self.lines[since:]
        shown = [m.group(1) for line in new for m in [re.search(r"Friend .* is (.+?)\s*$", line)] if m]
        if not shown:
            return {"display": "(no update)"}
        return {"display": shown[-1]}

    def version(self) -> str:
        out = subprocess.run(["linphonec", "-v"], capture_output=True, text=True, timeout=10)
        return (out.stdout + out.stderr).strip().splitlines()[-1] if (out.stdout + out.stderr).strip() else "?"

    def quit(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.stdin.write(b"quit\n")
            self.proc.stdin.flush()


class Liblinphone(Client):
    name = "liblinphone"

    def start(self, presentity_uri: str) -> None:
        _, sip_port, rtp_port = PORTS["liblinphone"]
        home = self.workdir / "liblinphone-home"
        (home / ".local/share/linphone").mkdir(parents=True, exist_ok=True)
        rc = home / "linphonerc"
        _linphone_rc(rc, sip_port, rtp_port, presentity_uri)
        env = dict(os.environ, HOME=str(home), WATCHER_MAX_SECONDS="900")
        self.err = open(self.workdir / "liblinphone.err", "wb")
        self.proc = subprocess.Popen([sys.executable, str(HERE / "liblinphone_watcher.py"), str(rc), presentity_uri],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err, env=env,
                                     start_new_session=True)
        first = json.loads(self._readline(60))
        if "error" in first:
            raise RuntimeError(first["error"])
        self._version = first.get("version", "?")

    def _readline(self, timeout: float) -> str:
        import select
        fd = self.proc.stdout
        r, _, _ = select.select([fd], [], [], timeout)
        if not r:
            raise TimeoutError("liblinphone watcher did not answer")
        return fd.readline().decode()

    def observe(self) -> dict:
        self.proc.stdin.write(b"observe\n")
        self.proc.stdin.flush()
        o = json.loads(self._readline(10))
        return {"display": o["consolidated"], "status": o["status"], "basic": o.get("basic"),
                "activities": o.get("activities"), "note": o.get("note")}

    def version(self) -> str:
        return self._version

    def quit(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.stdin.write(b"quit\n")
            self.proc.stdin.flush()


def dpkg_version(pkg: str) -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True, timeout=10)
        return out.stdout.strip() or "not installed"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def run_client(kind: str, cases, workdir: Path, verbose: bool, deadline: float) -> dict:
    pres_port = PORTS[kind][0]
    log_file = open(workdir / f"{kind}.sip.log", "w")

    def log(s):
        if log_file.closed:
            return
        log_file.write(f"{time.monotonic():.3f} {s}\n")
        log_file.flush()
        if verbose:
            print(f"[{kind}] {s}", file=sys.stderr)

    presentity = Presentity(pres_port, log=log)
    presentity.initial_body = cases_initial()
    client = {"baresip": Baresip, "linphonec": Linphonec, "liblinphone": Liblinphone}[kind](workdir, log)
    results: dict = {}
    info: dict = {}
    try:
        client.start(presentity.uri)
        info["version"] = client.version()
        # linphone sends its first SUBSCRIBE about 3 s after its network is up; allow for a slow machine.
        if not presentity.subscribed.wait(min(45, max(1, deadline - time.monotonic()))):
            raise TimeoutError(f"{kind}: no SUBSCRIBE within 45 s")
        info["user_agent"] = presentity.dialog.user_agent if presentity.dialog else ""
        time.sleep(1.0)  # let the initial NOTIFY settle
        for case in cases:
            if time.monotonic() > deadline:
                results[case.id] = {"display": "(not run: time limit)"}
                continue
            mark = client.mark() if isinstance(client, Linphonec) else 0
            code = presentity.notify(case.body)
            time.sleep(SETTLE)
            obs = client.observe(mark) if isinstance(client, Linphonec) else client.observe()
            obs["notify_status"] = code
            results[case.id] = obs
            log(f"case {case.id}: {obs}")
    finally:
        client.stop()
        presentity.close()
        log_file.close()
    return {"info": info, "results": results}


def cases_initial() -> str:
    from cases import pidf
    return pidf("closed")


def markdown(cases, data: dict, clients: list[str]) -> str:
    head = ["id", "body"]
    if "baresip" in clients:
        head.append("baresip")
    if "linphonec" in clients:
        head.append("linphonec")
    if "liblinphone" in clients:
        head += ["Linphone apps (consolidated)", "liblinphone status / activities (1st = picked) / note"]
    lines = []
    group = None
    for c in cases:
        if c.group != group:
            group = c.group
            lines += ["", f"### {group}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        summary = re.sub(r"(<[^<>]+>(?:[^<>|]*</[^<>]+>)?)", r"`\1`", c.summary)  # XML as code spans
        row = [f"`{c.id}`", summary.replace("|", "\\|")]
        for k in clients:
            r = data.get(k, {}).get("results", {}).get(c.id, {})
            d = r.get("display", "-")
            if r.get("notify_status") not in (None, 200):
                d += f" (NOTIFY got {r.get('notify_status')})"
            row.append(d)
            if k == "liblinphone":
                acts = r.get("activities")
                detail = f"{r.get('status', '-')}; {r.get('basic', '-')}; [{', '.join(acts) if acts else ''}]"
                if r.get("note"):
                    detail += f"; note '{r['note']}'"
                row.append(detail.replace("|", "\\|"))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", default="baresip,linphonec,liblinphone",
                    help="comma-separated: baresip, linphonec, liblinphone (default: all)")
    ap.add_argument("--match", default="", help="run only the cases whose id matches this regular expression "
                                                "(re.search; default: all); --list shows the ids")
    ap.add_argument("--out", default="", help="directory for results.json, results.md and the logs "
                                              "(default: a new temporary directory)")
    ap.add_argument("--max-seconds", type=float, default=600, help="whole-run time limit (default 600)")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    ap.add_argument("--show", default="", help="print the body of one case and exit")
    ap.add_argument("--render", default="", help="print the Markdown table of an earlier results.json and exit")
    ap.add_argument("-v", "--verbose", action="store_true", help="log SIP first lines to stderr")
    args = ap.parse_args()

    cases = all_cases()
    if args.render:
        data = json.loads(Path(args.render).read_text())
        ran = {c["id"] for c in data["cases"]}
        shown = [k for k in PORTS if k in data]
        print(markdown([c for c in cases if c.id in ran], data, shown))
        return 0
    if args.list:
        for c in cases:
            print(f"{c.id:34} {c.summary}")
        return 0
    if args.show:
        c = next(c for c in cases if c.id == args.show)
        print(c.body if c.body is not None else "(no body)")
        return 0
    if args.match:
        cases = [c for c in cases if re.search(args.match, c.id)]
        if not cases:
            ap.error(f"no case id matches {args.match!r}")
    clients = [c for c in args.clients.split(",") if c]
    need = {"baresip": "baresip", "linphonec": "linphonec"}
    for c in clients:
        if c not in PORTS:
            ap.error(f"unknown client {c}")
        if c in need and shutil.which(need[c]) is None:
            print(f"{c}: not installed (apt-get install -y baresip-core linphone-cli)", file=sys.stderr)
            return 2
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="client-checks-"))
    out.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + args.max_seconds
    data: dict = {"packages": {p: dpkg_version(p) for p in
                               ["baresip-core", "libre0", "linphone-cli", "liblinphone10", "libbellesip1"]}}
    failed = False
    for k in clients:
        print(f"running {k} ({len(cases)} cases)...", file=sys.stderr)
        try:
            data[k] = run_client(k, cases, out, args.verbose, deadline)
        except Exception as e:  # report and go on with the other clients
            print(f"{k}: {e}", file=sys.stderr)
            data[k] = {"error": str(e), "results": {}}
            failed = True
    data["cases"] = [{"id": c.id, "group": c.group, "summary": c.summary, "body": c.body} for c in cases]
    (out / "results.json").write_text(json.dumps(data, indent=1))
    md = markdown(cases, data, clients)
    (out / "results.md").write_text(md)
    print(md)
    print(f"packages: {data['packages']}", file=sys.stderr)
    for k in clients:
        print(f"{k}: {data[k].get('info', {})}", file=sys.stderr)
    print(f"results and logs in {out}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
