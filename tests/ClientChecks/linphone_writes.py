#!/usr/bin/env python3
"""What does Linphone itself publish for each of its own statuses?

Loads Debian's liblinphone through ctypes, sets the core's own presence through both of Linphone's APIs
(linphone_core_set_presence_info with a LinphoneOnlineStatus, as linphonec's old status menu did, and
linphone_core_set_consolidated_presence, as the current apps do) and prints the PIDF the library would
send for each. No network: the core gets no SIP port. Bounded by --max-seconds.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import signal
import sys
import tempfile
from pathlib import Path

CONSOLIDATED = ["Online", "Busy", "DoNotDisturb", "Offline"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--max-seconds", type=int, default=60)
    ap.add_argument("--full", action="store_true", help="print whole documents, not just status and activities")
    args = ap.parse_args()
    signal.alarm(args.max_seconds)

    home = Path(tempfile.mkdtemp(prefix="linphone-writes-"))
    (home / ".local/share/linphone").mkdir(parents=True)
    rc = home / "linphonerc"
    rc.write_text("[sip]\nsip_port=-1\nsip_tcp_port=-1\nsip_tls_port=-1\n")
    os.environ["HOME"] = str(home)

    # The library logs to stdout: keep our own copy of stdout and send fd 1 and 2 to a log file.
    out = os.fdopen(os.dup(1), "w")
    logfd = os.open(home / "liblinphone.log", os.O_WRONLY | os.O_CREAT, 0o600)
    os.dup2(logfd, 1)
    os.dup2(logfd, 2)

    lib = ctypes.CDLL("liblinphone.so.10")
    p, s, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    for name, res, argt in [
        ("linphone_factory_get", p, []),
        ("linphone_factory_create_core_3", p, [p, s, p, p]),
        ("linphone_core_start", i, [p]),
        ("linphone_core_stop", None, [p]),
        ("linphone_core_get_version", s, []),
        ("linphone_core_set_consolidated_presence", None, [p, i]),
        ("linphone_core_set_presence_info", None, [p, i, s, i]),
        ("linphone_core_get_presence_model", p, [p]),
        ("linphone_presence_model_set_presentity", i, [p, p]),
        ("linphone_presence_model_to_xml", p, [p]),
        ("linphone_address_new", p, [s]),
        ("linphone_online_status_to_string", s, [i]),
    ]:
        f = getattr(lib, name)
        f.restype, f.argtypes = res, argt

    core = lib.linphone_factory_create_core_3(lib.linphone_factory_get(), str(rc).encode(), None, None)
    lib.linphone_core_start(core)
    me = lib.linphone_address_new(b"sip:me@127.0.0.1")
    out.write(f"liblinphone {lib.linphone_core_get_version().decode()}\n\n")

    def dump(label: str) -> None:
        model = lib.linphone_core_get_presence_model(core)
        lib.linphone_presence_model_set_presentity(model, me)
        xml = ctypes.string_at(lib.linphone_presence_model_to_xml(model)).decode()
        if args.full:
            out.write(f"== {label}\n{xml}\n")
            return
        basic = re.search(r"<basic>(\w+)</basic>", xml)
        acts = re.search(r"<rpid:activities>(.*?)</rpid:activities>", xml, re.S)
        online = " + `<pidfonline:online/>`" if "pidfonline:online" in xml else ""
        acts_text = re.sub(r">\s+<", "><", acts.group(1)).strip() if acts else "(no activities)"
        out.write(f"| {label} | {basic.group(1) if basic else '?'}{online} | `{acts_text}` |\n")

    out.write("| Linphone sets | basic | rpid:activities |\n|---|---|---|\n")
    seen = set()
    for status in range(0, 16):
        name = lib.linphone_online_status_to_string(status)
        if not name or name in seen:
            continue
        seen.add(name)
        if name.decode().lower().startswith("unknown"):
            continue
        lib.linphone_core_set_presence_info(core, 0, None, status)
        dump(f"set_presence_info({name.decode()})")
    for value, name in enumerate(CONSOLIDATED):
        lib.linphone_core_set_consolidated_presence(core, value)
        dump(f"set_consolidated_presence({name})")
    out.flush()
    lib.linphone_core_stop(core)
    return 0


if __name__ == "__main__":
    sys.exit(main())
