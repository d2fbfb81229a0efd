"""A headless Linphone watcher: Debian's liblinphone (the library linphonec and the Linphone apps are built on),
driven through ctypes, that reports how it reads a watched friend's presence.

linphonec prints only linphone_friend_get_status() (the old LinphoneOnlineStatus). The Linphone desktop and
mobile apps show linphone_friend_get_consolidated_presence() instead (Online / Busy / DoNotDisturb / Offline),
so this watcher prints both, plus what the library parsed: basic status, the activities in the order the
library keeps them, and the note it would show.

Usage: liblinphone_watcher.py RCFILE FRIEND_URI
It loads RCFILE (which declares the friend, see presence_probe.py), keeps iterating the core, and answers each
line "observe" on stdin with one JSON line on stdout; "quit" (or EOF) stops it.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import sys
import time

LIB = "liblinphone.so.10"

CONSOLIDATED = {0: "Online", 1: "Busy", 2: "DoNotDisturb", 3: "Offline"}


def load():
    lib = ctypes.CDLL(LIB)
    p, s, i, u = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_uint
    sig = {
        "linphone_factory_get": (p, []),
        "linphone_factory_create_core_3": (p, [p, s, s, p]),
        "linphone_core_start": (i, [p]),
        "linphone_core_iterate": (None, [p]),
        "linphone_core_stop": (None, [p]),
        "linphone_core_get_version": (s, []),
        "linphone_core_get_friend_by_address": (p, [p, s]),
        "linphone_friend_get_presence_model": (p, [p]),
        "linphone_friend_get_consolidated_presence": (i, [p]),
        "linphone_friend_get_status": (i, [p]),
        "linphone_friend_is_presence_received": (i, [p]),
        "linphone_online_status_to_string": (s, [i]),
        "linphone_presence_model_get_basic_status": (i, [p]),
        "linphone_presence_basic_status_to_string": (p, [i]),
        "linphone_presence_model_get_nb_activities": (u, [p]),
        "linphone_presence_model_get_nth_activity": (p, [p, u]),
        "linphone_presence_model_get_nb_persons": (u, [p]),
        "linphone_presence_model_get_nb_services": (u, [p]),
        "linphone_presence_activity_to_string": (p, [p]),
        "linphone_presence_model_get_note": (p, [p, s]),
        "linphone_presence_note_get_content": (s, [p]),
    }
    for name, (res, args) in sig.items():
        f = getattr(lib, name)
        f.restype, f.argtypes = res, args
    return lib


def cstr(ptr) -> str | None:
    # Strings the library allocates for us are small; leaking them in a short-lived checker is fine.
    return None if not ptr else ctypes.string_at(ptr).decode("utf-8", "replace")


def observe(lib, friend) -> dict:
    out: dict = {"status": cstr_const(lib.linphone_online_status_to_string(lib.linphone_friend_get_status(friend))),
                 "consolidated": CONSOLIDATED.get(lib.linphone_friend_get_consolidated_presence(friend), "?"),
                 "received": bool(lib.linphone_friend_is_presence_received(friend))}
    model = lib.linphone_friend_get_presence_model(friend)
    if not model:
        out["model"] = None
        return out
    out["basic"] = cstr(lib.linphone_presence_basic_status_to_string(lib.linphone_presence_model_get_basic_status(model)))
    n = lib.linphone_presence_model_get_nb_activities(model)
    out["activities"] = [cstr(lib.linphone_presence_activity_to_string(lib.linphone_presence_model_get_nth_activity(model, k)))
                         for k in range(n)]
    note = lib.linphone_presence_model_get_note(model, None)
    out["note"] = lib.linphone_presence_note_get_content(note).decode("utf-8", "replace") if note else None
    out["persons"] = lib.linphone_presence_model_get_nb_persons(model)
    out["services"] = lib.linphone_presence_model_get_nb_services(model)
    return out


def cstr_const(b: bytes | None) -> str | None:
    return None if b is None else b.decode("utf-8", "replace")


def main() -> int:
    rc, friend_uri = sys.argv[1], sys.argv[2]
    # The library logs to stdout: keep stdout for our JSON lines and point fd 1 at stderr.
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)

    def emit(obj) -> None:
        out.write(json.dumps(obj) + "\n")
        out.flush()

    lib = load()
    factory = lib.linphone_factory_get()
    core = lib.linphone_factory_create_core_3(factory, rc.encode(), None, None)
    if not core:
        emit({"error": "could not create core"})
        return 1
    lib.linphone_core_start(core)
    emit({"ready": True, "version": cstr_const(lib.linphone_core_get_version())})
    friend = lib.linphone_core_get_friend_by_address(core, friend_uri.encode())
    if not friend:
        emit({"error": f"friend {friend_uri} not in {rc}"})
        return 1
    deadline = time.monotonic() + float(os.environ.get("WATCHER_MAX_SECONDS", "600"))
    buf = b""
    stdin = sys.stdin.fileno()
    running = True
    while running and time.monotonic() < deadline:
        lib.linphone_core_iterate(core)
        ready, _, _ = select.select([stdin], [], [], 0.02)
        if not ready:
            continue
        chunk = os.read(stdin, 4096)
        if not chunk:
            break
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            cmd = line.decode().strip()
            if cmd == "observe":
                # A few more iterations so a NOTIFY that was just answered has been processed.
                for _ in range(5):
                    lib.linphone_core_iterate(core)
                    time.sleep(0.01)
                emit(observe(lib, friend))
            elif cmd == "quit":
                running = False
    lib.linphone_core_stop(core)  # sends the un-SUBSCRIBE
    return 0


if __name__ == "__main__":
    sys.exit(main())
