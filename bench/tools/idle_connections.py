#!/usr/bin/env python3
"""Memory per idle connection: open N connections to the agent (TLS with a full handshake, or plain TCP), send
nothing, and print the agent's memory before and after (its /admin/memory after a forced collection, and its RSS).

  idle_connections.py --port 5071 --count 1000 [--tls --ca ca.pem --name pa.bench] --pid PID --http 8099

Prints one JSON object: count, before/after {managed, rss_kb}, bytes per connection.
"""
import argparse, json, socket, ssl, time, urllib.request


def memory(pid, http_port):
    for _ in range(2):  # the GC gives freed regions back over later collections
        urllib.request.urlopen(f"http://127.0.0.1:{http_port}/admin/memory?collect=true").read()
        time.sleep(2)
    managed = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{http_port}/admin/memory?collect=true").read())["managedBytes"]
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
    return {"managed": managed, "rss_kb": rss}


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--port", type=int, required=True)
    a.add_argument("--count", type=int, default=1000)
    a.add_argument("--tls", action="store_true")
    a.add_argument("--ca")
    a.add_argument("--name")
    a.add_argument("--pid", type=int, required=True)
    a.add_argument("--http", type=int, default=8099)
    o = a.parse_args()
    context = None
    if o.tls:
        context = ssl.create_default_context(cafile=o.ca)
    before = memory(o.pid, o.http)
    held = []
    for _ in range(o.count):
        s = socket.create_connection(("127.0.0.1", o.port))
        if context:
            s = context.wrap_socket(s, server_hostname=o.name)  # handshake completes here
        held.append(s)
    time.sleep(3)
    after = memory(o.pid, o.http)
    for s in held:
        s.close()
    per = {k: round((after[k] - before[k]) * (1024 if k == "rss_kb" else 1) / o.count) for k in before}
    print(json.dumps({"count": o.count, "tls": o.tls, "before": before, "after": after,
                      "bytes_per_connection": {"managed": per["managed"], "rss": per["rss_kb"]}}))


main()
