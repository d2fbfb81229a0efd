#!/usr/bin/env bash
# Issue 13's UDP figures for both servers in one session, by the method of bench/README.md: server CPU per
# subscribe+unsubscribe call at one rate (RUNS runs each, SPACING_S apart, after the same warm-up and settle),
# Kamailio's and ours alternating run by run; then the agent at its ceiling, CEILING_RUNS runs with two generators; then the
# agent's allocations per call under load (/admin/memory before and after ALLOC_CALLS calls).
#
#   bench/run_cpu_session.sh [OUT]
#
# Env: RATE=10000 DUR=30 RUNS=2 SPACING_S=35 CEILING=18000 CEILING_RUNS=3 ALLOC_CALLS=200000
#      SKIP_KAM=1 (agent only), SKIP_CEILING=1
# Needs: a Release build, sipp, Kamailio (bench/kamailio/kam.sh). Prints one line per run and writes summary.tsv,
# then the agent/Kamailio ratios over the clean runs (tools/cpu_ratio.py, ratio.txt), and the machine's speed before
# and after the session (tools/machine_probe.sh, machine.tsv).
set -euo pipefail
B="$(cd "$(dirname "$0")" && pwd)"
export BENCH_WORK="${BENCH_WORK:-/tmp/presence-bench}"
OUT="${1:-$BENCH_WORK/results/session13_$(date +%H%M%S)}"
RATE="${RATE:-10000}"; DUR="${DUR:-30}"; RUNS="${RUNS:-2}"; SPACING_S="${SPACING_S:-35}"
CEILING="${CEILING:-18000}"; CEILING_RUNS="${CEILING_RUNS:-3}"; ALLOC_CALLS="${ALLOC_CALLS:-200000}"
AGENT_PID="$BENCH_WORK/run/agent.pid"; KAM_PID="$BENCH_WORK/run/kamailio.pid"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"   # run_throughput.sh works from inside its own output folder
"$B/tools/machine_probe.sh" "$OUT/machine.tsv" >/dev/null
printf 'server\trun\trate\tgenerators\tclean\tserver_us_per_call\tclient_us_per_call\tsub_p50\tsub_p90\tsub_p99\n' >"$OUT/summary.tsv"

line() { # server run rate generators dir
  python3 - "$@" <<'PY' | tee -a "$OUT/summary.tsv"
import json, sys
server, run, rate, gens, d = sys.argv[1:]
s = json.load(open(f"{d}/summary.json")); c = s["cpu"]; sub = s["sipp"]["rtd_ms"]["sub"]
print("\t".join(map(str, [server, run, rate, gens, s["sipp"]["clean"], c["server_cpu_us_per_call"], c["client_cpu_us_per_call"], sub["p50"], sub["p90"], sub["p99"]])))
PY
}

start_agent() { "$B/kamailio/kam.sh" stop >/dev/null 2>&1 || true; "$B/agent/agent.sh" restart >/dev/null; sleep 2; }
start_kam() { "$B/agent/agent.sh" stop >/dev/null 2>&1 || true; "$B/kamailio/kam.sh" stop >/dev/null 2>&1 || true
  env PREFAULT=1 "$B/kamailio/kam.sh" start >/dev/null && "$B/kamailio/kam.sh" publish >/dev/null; }
# The same warm-up for both: 5 s at 3 000 calls/s, then the settle (retransmissions and Timer J drain, and the
# server's first minute: tools/settle.sh).
warm() { SERVER_PIDFILE="$1" "$B/run_throughput.sh" 127.0.0.1:5070 3000 5 "$OUT/warmup_$2" >/dev/null 2>&1 || true
  sleep "$SPACING_S"; "$B/tools/settle.sh" "$1"; }
run() { # pidfile name run rate generators
  GENERATORS="$5" SERVER_PIDFILE="$1" "$B/run_throughput.sh" 127.0.0.1:5070 "$4" "$DUR" "$OUT/$2_$3_r$4" >/dev/null 2>&1 || true
  line "$2" "$3" "$4" "$5" "$OUT/$2_$3_r$4"; pkill -x sipp 2>/dev/null || true; sleep "$SPACING_S"; }

# Round by round, Kamailio then the agent, each on a fresh start after the same warm-up: a drift in the machine over
# the session (another tenant, thermal state) then weighs on both servers alike instead of on whichever ran later.
for ((i = 1; i <= RUNS; i++)); do
  if [[ "${SKIP_KAM:-0}" != 1 ]]; then start_kam; warm "$KAM_PID" kam; run "$KAM_PID" kamailio "$i" "$RATE" 1; fi
  start_agent; warm "$AGENT_PID" agent; run "$AGENT_PID" agent "$i" "$RATE" 1
done

if [[ "${SKIP_CEILING:-0}" != 1 ]]; then
  for ((i = 1; i <= CEILING_RUNS; i++)); do run "$AGENT_PID" agent_ceiling "$i" "$CEILING" 2; done
fi

# Allocations per call under load: the runtime's allocated-bytes counter around ALLOC_CALLS calls at RATE.
before="$(curl -s http://127.0.0.1:8099/admin/memory)"
SERVER_PIDFILE="$AGENT_PID" "$B/run_throughput.sh" 127.0.0.1:5070 "$RATE" "$((ALLOC_CALLS / RATE))" "$OUT/alloc" >/dev/null 2>&1 || true
after="$(curl -s http://127.0.0.1:8099/admin/memory)"
python3 - "$before" "$after" "$ALLOC_CALLS" <<'PY' | tee "$OUT/alloc.txt"
import json, sys
b, a, n = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
print(f"allocated per call under load: {(a['allocatedBytes'] - b['allocatedBytes']) / n:.0f} B; "
      f"collections gen0/1/2 +{a['collections'][0]-b['collections'][0]}/+{a['collections'][1]-b['collections'][1]}/+{a['collections'][2]-b['collections'][2]}; "
      f"GC pause +{a['gcPauseMs'] - b['gcPauseMs']:.0f} ms ({(a['gcPauseMs'] - b['gcPauseMs']) * 1000 / n:.2f} us per call)")
PY
"$B/agent/agent.sh" stop >/dev/null
python3 "$B/tools/cpu_ratio.py" "$OUT/summary.tsv" | tee "$OUT/ratio.txt"
"$B/tools/machine_probe.sh" "$OUT/machine.tsv" >/dev/null
echo "results: $OUT"
