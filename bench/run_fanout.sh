#!/usr/bin/env bash
# Fan-out: one state change of one room to N watchers over UDP, for our agent or Kamailio, same watchers (SIPp
# sipp/watcher.xml on one_room.csv), same capture. Ours.
#
#   bench/run_fanout.sh agent|kam N [OUTDIR]
#
# 1. Starts the server fresh (agent: 127.0.0.1 is a trusted network, so a watcher's first NOTIFY is not preceded by
#    an address probe and the scenario's NOTIFY count is the same for both servers; Kamailio: room1 PUBLISHed first).
# 2. Subscribes N watchers to room1 at RATE per second and waits until all have their first NOTIFY answered.
# 3. Captures loopback UDP on the SIP port (dumpcap) and makes one change:
#      agent: PUT /api/services/room1/presence {"status":"Busy"} (the admin API; loopback needs no credentials);
#      kam:   one PUBLISH (sipp/publish.xml), its body marked with its Call-ID.
# 4. Waits until every watcher has logged the NOTIFY of that change (or TIMEOUT_S), then reads the capture with
#    tools/pcap_sip.py: per dialog the first NOTIFY sent after the change, and the 200 that answered it.
# Output: OUTDIR/fanout.json: N, the change's answer time (HTTP answer or PUBLISH 2xx, after the request left), and
# the last NOTIFY sent and the last 200 received, both from that answer (NOTIFYs may leave before the answer: the
# fan-out runs beside it), and the last NOTIFY from the request.
# For the agent also what the fan-out cost its GC: bytes allocated per watcher, collections by generation, pause time.
# Env: RATE [2000]  TIMEOUT_S [120]  LOCAL_PORT [5090]  BENCH_WORK [/tmp/presence-bench]
#      WATCHER_BUFFER [33554432]: the watchers' socket buffer (net.core.rmem_max is raised to it when lower)
set -euo pipefail
ulimit -n 65536 2>/dev/null || true
B="$(cd "$(dirname "$0")" && pwd)"
SERVER="${1:?agent|kam}"; N="${2:?watchers}"
export BENCH_WORK="${BENCH_WORK:-/tmp/presence-bench}"
OUT="${3:-$BENCH_WORK/results/fanout_${SERVER}_${N}_$(date +%H%M%S)}"
RATE="${RATE:-2000}"; TIMEOUT_S="${TIMEOUT_S:-120}"; LOCAL_PORT="${LOCAL_PORT:-5090}"
TARGET=127.0.0.1:5070
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
log() { echo "$(date +%H:%M:%S) $*" | tee -a "$OUT/run.log"; }

for tool in sipp dumpcap python3 curl; do command -v "$tool" >/dev/null || { echo "needs $tool (see bench/README.md)"; exit 1; }; done
# The watchers' SIPp takes a burst of N NOTIFYs on one socket; Linux caps its buffer at net.core.rmem_max (4 MiB on a
# stock Debian), and past it drops them, so T1 retransmissions measure the harness, not the server.
if (( $(sysctl -n net.core.rmem_max) < ${WATCHER_BUFFER:-33554432} )); then
  sysctl -qw net.core.rmem_max="${WATCHER_BUFFER:-33554432}" 2>/dev/null \
    || echo "net.core.rmem_max is $(sysctl -n net.core.rmem_max): expect NOTIFY retransmissions at large N" | tee -a "$OUT/run.log"
fi

watchers_pid=""; cap_pid=""
cleanup() {
  [[ -n "$watchers_pid" ]] && kill "$watchers_pid" 2>/dev/null || true
  [[ -n "$cap_pid" ]] && kill "$cap_pid" 2>/dev/null || true
  "$B/agent/agent.sh" stop >/dev/null 2>&1 || true
  "$B/kamailio/kam.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
"$B/agent/agent.sh" stop >/dev/null 2>&1 || true
"$B/kamailio/kam.sh" stop >/dev/null 2>&1 || true

case "$SERVER" in
  agent)
    AGENT_ARGS="--Sip:TrustedPeers:Networks:0=127.0.0.1/32 --Subscriptions:MaxPerSource=1000000" "$B/agent/agent.sh" start | tee -a "$OUT/run.log" ;;
  kam)
    "$B/kamailio/kam.sh" start | tee -a "$OUT/run.log"
    (mkdir -p "$OUT/prepublish" && cd "$OUT/prepublish" && sipp "$TARGET" -sf "$B/sipp/publish.xml" -inf "$B/sipp/one_room.csv" \
      -i 127.0.0.1 -p "$LOCAL_PORT" -t u1 -m 1 -timeout 30s -timeout_error -nostdin >sipp.stdout 2>&1) ;;
  *) echo "agent or kam"; exit 2 ;;
esac

log "subscribing $N watchers to room1 at $RATE/s"
mkdir -p "$OUT/watchers"
(cd "$OUT/watchers" && exec sipp "$TARGET" -sf "$B/sipp/watcher.xml" -inf "$B/sipp/one_room.csv" -i 127.0.0.1 -p "$LOCAL_PORT" \
  -t u1 -r "$RATE" -rp 1000 -m "$N" -l "$N" -buff_size "${WATCHER_BUFFER:-33554432}" -timeout "$((N / RATE + TIMEOUT_S + 120))s" \
  -nostdin -trace_logs -trace_stat >sipp.stdout 2>&1) &
watchers_pid=$!
logs() { cat "$OUT"/watchers/*_logs.log 2>/dev/null || true; }
deadline=$((SECONDS + N / RATE + 60))
until (( $(logs | grep -c '^SUBSCRIBED' || true) >= N )); do
  (( SECONDS < deadline )) || { log "only $(logs | grep -c '^SUBSCRIBED' || true) of $N watchers subscribed"; exit 1; }
  sleep 1
done
sleep 2
log "all $N subscribed; capturing and changing room1"

if [[ "$SERVER" == agent ]]; then
  # The API's first calls pay for JIT and routing set-up, and the runtime recompiles what ran 30 times (tiered
  # compilation) on a thread of its own: changes to a room nobody watches, and the memory read below, take that
  # first, and the pause lets the recompiling end, as in an agent that has been up a while. Without it the compiler
  # took a third of a core during the fan-out.
  for _ in $(seq 40); do
    for method in PUT DELETE; do
      curl -s -o /dev/null -X "$method" -H 'Content-Type: application/json' -d '{"status":"Busy"}' \
        "http://127.0.0.1:${HTTP_PORT:-8099}/api/services/room2/presence"
    done
    curl -s -o /dev/null "http://127.0.0.1:${HTTP_PORT:-8099}/admin/memory"
  done
  sleep 1
fi
dumpcap -q -i lo -f "udp port 5070" -P -w "$OUT/fanout.pcap" >"$OUT/dumpcap.log" 2>&1 &
cap_pid=$!
sleep 2
# The agent's managed allocations over the fan-out (GC.GetTotalAllocatedBytes from /admin/memory): per watcher, what one
# NOTIFY and its 200 cost the heap.
# Also the collections by generation and the GC's pause time over the fan-out.
gcstate() { curl -fs "http://127.0.0.1:${HTTP_PORT:-8099}/admin/memory" | python3 -c 'import json,sys; m=json.load(sys.stdin); print(m["allocatedBytes"], *m["collections"], m["gcPauseMs"])'; }
gc_before=""
[[ "$SERVER" == agent ]] && gc_before="$(gcstate)"
start="$(date +%s.%N)"
case "$SERVER" in
  agent)
    code="$(curl -s -o "$OUT/api_answer.json" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
      -d '{"status":"Busy"}' "http://127.0.0.1:${HTTP_PORT:-8099}/api/services/room1/presence")"
    answered="$(date +%s.%N)"
    [[ "$code" == 2* ]] || { log "the API answered $code: $(cat "$OUT/api_answer.json")"; exit 1; }
    marker_args=(--start-epoch "$start") ;;
  kam)
    (mkdir -p "$OUT/publish" && cd "$OUT/publish" && sipp "$TARGET" -sf "$B/sipp/publish.xml" -inf "$B/sipp/one_room.csv" \
      -i 127.0.0.1 -p "$((LOCAL_PORT + 1))" -t u1 -m 1 -timeout 30s -timeout_error -nostdin -trace_logs >sipp.stdout 2>&1)
    answered="$(date +%s.%N)"
    marker="$(awk '/^PUBLISH_SEND/ {print $4; exit}' "$OUT"/publish/*_logs.log)"
    marker_args=(--marker "$marker") ;;
esac

deadline=$((SECONDS + TIMEOUT_S))
until (( $(logs | grep -c '^NOTIFY_RX' || true) >= N )); do
  (( SECONDS < deadline )) || { log "only $(logs | grep -c '^NOTIFY_RX' || true) of $N watchers got the change"; break; }
  sleep 0.5
done
sleep 2
gc_after="$gc_before"
[[ "$SERVER" == agent ]] && gc_after="$(gcstate)"
kill "$cap_pid"; wait "$cap_pid" 2>/dev/null || true; cap_pid=""
python3 "$B/tools/pcap_sip.py" "$OUT/fanout.pcap" --server-port 5070 "${marker_args[@]}" >"$OUT/pcap.json"
python3 - "$OUT/pcap.json" "$SERVER" "$N" "$start" "$answered" "$(logs | grep -c '^NOTIFY_RX' || true)" "$gc_before" "$gc_after" >"$OUT/fanout.json" <<'PY'
import json, sys
p, server, n, start, answered, got = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
fo = json.load(open(p)).get('fanout', {})
off = fo.get('notify_offset_ms', {})
if server == 'agent':
    # offsets are from when the request left; the change counts from the API's answer, as curl saw it
    change_ms = (answered - start) * 1e3
else:
    change_ms = fo.get('publish_2xx_after_ms', 0.0)
out = dict(server=server, watchers=n, watchers_notified=got, notifies_on_wire=fo.get('notifies'),
           change_answered_after_request_ms=round(change_ms, 3),
           last_notify_sent_ms=round(off['last'] - change_ms, 3) if off else None,
           last_notify_sent_after_request_ms=off.get('last'),
           p50_notify_sent_ms=round(off['p50'] - change_ms, 3) if off else None,
           last_200_received_ms=round(fo['last_200_after_ms'] - change_ms, 3) if 'last_200_after_ms' in fo else None,
           notify_retransmissions=fo.get('notify_retransmissions'))
if server == 'agent':
    # includes the API call and everything else the agent did in those seconds; the NOTIFYs dominate at large N
    before, after = [float(x) for x in sys.argv[7].split()], [float(x) for x in sys.argv[8].split()]
    d = [a - b for a, b in zip(after, before)]
    out.update(allocated_bytes_per_watcher=round(d[0] / n), gc_collections_gen012=[int(x) for x in d[1:4]], gc_pause_ms=round(d[4], 1))
print(json.dumps(out))
PY
log "$(cat "$OUT/fanout.json")"
