#!/usr/bin/env bash
# The agent past its capacity, with and without shedding (Sip:Limits:OverloadRetryAfter): RUNS rounds of one run each
# way at RATE with two SIPps, each on a fresh agent after the usual warm-up and settle. Per run: calls that succeeded
# and failed (a 503 is a failed call to SIPp), SIPp's retransmissions, server CPU per call, SUBSCRIBE p50/p99, and the
# agent's own counts of kernel drops and 503s (/metrics).
#
#   bench/run_overload.sh [OUT]
#
# Env: RATE=20000 DUR=30 RUNS=2 SPACING_S=35
# Needs: a Release build, sipp. Writes OUT/summary.tsv and OUT/<variant>_<run>/ (run_throughput.sh's layout).
set -euo pipefail
B="$(cd "$(dirname "$0")" && pwd)"
export BENCH_WORK="${BENCH_WORK:-/tmp/presence-bench}"
OUT="${1:-$BENCH_WORK/results/overload_$(date +%H%M%S)}"
RATE="${RATE:-20000}"; DUR="${DUR:-30}"; RUNS="${RUNS:-2}"; SPACING_S="${SPACING_S:-35}"
PIDF="$BENCH_WORK/run/agent.pid"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
printf 'variant\trun\tclean\tsuccessful\tfailed\tsipp_retransmissions\tserver_us_per_call\tsub_p50\tsub_p99\tkernel_drops\tsubscribe_503\n' >"$OUT/summary.tsv"
"$B/kamailio/kam.sh" stop >/dev/null 2>&1 || true

for ((i = 1; i <= RUNS; i++)); do
  for variant in shed noshed; do
    args=""; [[ "$variant" == noshed ]] && args="--Sip:Limits:OverloadRetryAfter=00:00:00"
    AGENT_ARGS="$args" "$B/agent/agent.sh" restart >/dev/null; sleep 2
    SERVER_PIDFILE="$PIDF" "$B/run_throughput.sh" 127.0.0.1:5070 3000 5 "$OUT/warmup_${variant}_$i" >/dev/null 2>&1 || true
    sleep "$SPACING_S"; "$B/tools/settle.sh" "$PIDF"
    GENERATORS=2 SERVER_PIDFILE="$PIDF" "$B/run_throughput.sh" 127.0.0.1:5070 "$RATE" "$DUR" "$OUT/${variant}_$i" >/dev/null 2>&1 || true
    curl -s http://127.0.0.1:8099/metrics >"$OUT/${variant}_$i/metrics.txt" || true
    python3 - "$OUT/${variant}_$i" "$variant" "$i" <<'PY' | tee -a "$OUT/summary.tsv"
import json, re, sys
d, variant, run = sys.argv[1:]
s = json.load(open(f"{d}/summary.json")); p = s["sipp"]; sub = p["rtd_ms"]["sub"]
metrics = open(f"{d}/metrics.txt").read()
def metric(pattern):
    m = re.search(pattern + r" (\d+)", metrics)
    return int(m.group(1)) if m else 0
print("\t".join(map(str, [variant, run, p["clean"], p["successful"], p["failed"], p["sipp_retransmissions"],
    s["cpu"]["server_cpu_us_per_call"], sub["p50"], sub["p99"],
    metric(r"presenceagent_sip_udp_receive_dropped_total"),
    metric(r'presenceagent_sip_responses_sent_total\{code="503",method="SUBSCRIBE"\}')])))
PY
    pkill -x sipp 2>/dev/null || true; sleep "$SPACING_S"
  done
done
"$B/agent/agent.sh" stop >/dev/null
