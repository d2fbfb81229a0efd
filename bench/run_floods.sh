#!/usr/bin/env bash
# Hostile traffic against the agent with its shipped limits (issue 9): reflection, and memory under each flood beside
# memory at rest. One agent on 127.0.0.1:$SIP_PORT, floods from other loopback addresses, every run bounded in count.
#
#   bench/run_floods.sh [OUT]      # default $BENCH_WORK/floods; needs a Release build, sipp, python3
#
# Prints one JSON object per line: amplification per scenario, then managed/working-set bytes at rest and after each
# flood (read after a forced collection, /admin/memory?collect=true).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
OUT="${1:-${BENCH_WORK:-/tmp/presence-bench}/floods}"
SIP_PORT="${SIP_PORT:-5074}"
HTTP_PORT="${HTTP_PORT:-8094}"
DLL="${AGENT_DLL:-$REPO/src/PresenceAgent/bin/Release/net10.0/PresenceAgent.dll}"
mkdir -p "$OUT/run"
cd "$OUT/run"

dotnet "$DLL" --Sip:Listeners:0:Port="$SIP_PORT" --Sip:Listeners:1:Port="$SIP_PORT" --Http:Urls="http://127.0.0.1:$HTTP_PORT" \
  --Http:AvatarSelfCheck=false --Serilog:MinimumLevel:Default=Warning >"$OUT/agent.log" 2>&1 &
AGENT=$!
trap 'kill $AGENT 2>/dev/null || true; wait $AGENT 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

memory() {  # $1: label
  sleep 2
  curl -fs "http://127.0.0.1:$HTTP_PORT/admin/memory?collect=true" >/dev/null; sleep 2
  curl -fs "http://127.0.0.1:$HTTP_PORT/admin/memory?collect=true" |
    python3 -c 'import json,sys; m=json.load(sys.stdin); print(json.dumps({"memory": sys.argv[1], "subscriptions": m["subscriptions"], "managed_bytes": m["managedBytes"], "working_set_bytes": m["workingSetBytes"]}))' "$1"
}

# Reflection: a SUBSCRIBE from an address that never answers (each run its own address: one that answered stays trusted).
python3 "$HERE/tools/amplification.py" --agent "127.0.0.1:$SIP_PORT" --alias rooms@vc.example.com --source 127.0.0.11 --contact 127.0.0.12
python3 "$HERE/tools/amplification.py" --agent "127.0.0.1:$SIP_PORT" --alias rooms@vc.example.com --source 127.0.0.13
python3 "$HERE/tools/amplification.py" --agent "127.0.0.1:$SIP_PORT" --alias townhall@vc.example.com --source 127.0.0.14

memory rest

# A fetch flood from one source: 20 000 calls at 2 000/s (the source's rate limit answers most with 503).
sipp "127.0.0.1:$SIP_PORT" -sf "$REPO/tests/EndToEnd.Tests/Sipp/flood_fetch.xml" -key alias nobody@vc.example.com -m 20000 -r 2000 -l 4000 \
  -i 127.0.0.21 -p 5099 -t u1 -nostdin -timeout 60s -trace_stat -stf "$OUT/fetch_flood.csv" >/dev/null 2>&1 || true
memory after_fetch_flood

# Garbage: 50 000 unparsable datagrams from one address (a bucket's worth of 400s, the rest dropped).
python3 - "$SIP_PORT" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.22", 0))
for i in range(50000):
    s.sendto(b"NOT SIP %d\r\n\r\n" % i, ("127.0.0.1", int(sys.argv[1])))
PY
memory after_garbage_flood

# Connections: 2 000 idle TCP connections from one address (its per-address cap refuses all but 64).
python3 - "$SIP_PORT" <<'PY'
import socket, sys, time
held = []
for _ in range(2000):
    try:
        c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), source_address=("127.0.0.23", 0), timeout=2)
        held.append(c)
    except OSError:
        pass
time.sleep(3)
for c in held:
    c.close()
PY
memory after_connection_flood
