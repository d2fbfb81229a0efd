#!/usr/bin/env bash
# Where each server's CPU goes at the same UDP rate, Kamailio beside the agent: perf record -g over all of Kamailio's
# processes, then over the agent, for the same window of a run after run_cpu_session.sh's warm-up, and
# tools/kernel_per_call.py's table of µs per call by DSO and by kernel symbol. The agent writes its JIT symbols for
# perf (DOTNET_PerfMapEnabled=1, DOTNET_EnableWriteXorExecute=0).
#
#   bench/run_kernel_profiles.sh OUT     (RATE=10000 WINDOW_S=15 SPACING_S=35; root, linux-perf)
#
# Output: OUT/kamailio.data, OUT/agent.data, OUT/perf-agent.map, each run's summary.json, OUT/kernel_per_call.txt.
set -euo pipefail
B="$(cd "$(dirname "$0")" && pwd)"
export BENCH_WORK="${BENCH_WORK:-/tmp/presence-bench}"
OUT="$(realpath -m "${1:?OUT}")"; RATE="${RATE:-10000}"; WINDOW_S="${WINDOW_S:-15}"; SPACING_S="${SPACING_S:-35}"
command -v perf >/dev/null || { echo "needs perf (apt-get install linux-perf)" >&2; exit 1; }
mkdir -p "$OUT"

profile() { # name pidfile pids...
  local name="$1" pidfile="$2"; shift 2
  SERVER_PIDFILE="$pidfile" "$B/run_throughput.sh" 127.0.0.1:5070 3000 5 "$OUT/warmup_$name" >/dev/null 2>&1 || true
  sleep "$SPACING_S"; "$B/tools/settle.sh" "$pidfile"
  # The run lasts the window plus 10 s before it and 10 s after, so perf sees steady load only.
  SERVER_PIDFILE="$pidfile" "$B/run_throughput.sh" 127.0.0.1:5070 "$RATE" $((WINDOW_S + 20)) "$OUT/${name}_run" >/dev/null 2>&1 &
  local run=$!
  sleep 10
  perf record -F 1999 -g -p "$(tr ' ' ',' <<<"$*")" -o "$OUT/$name.data" -- sleep "$WINDOW_S" >/dev/null 2>&1
  wait "$run" || true
  rm -f "$OUT/${name}_run"/subscribe_unsubscribe_* "$OUT/${name}_run"/sipp*.stdout
}

"$B/agent/agent.sh" stop >/dev/null 2>&1 || true
PREFAULT=1 "$B/kamailio/kam.sh" start >/dev/null && "$B/kamailio/kam.sh" publish >/dev/null
# shellcheck disable=SC2046
profile kamailio "$BENCH_WORK/run/kamailio.pid" $(pgrep -x kamailio)
"$B/kamailio/kam.sh" stop >/dev/null

AGENT_ENV="DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0" "$B/agent/agent.sh" start >/dev/null
sleep 2
agent="$(cat "$BENCH_WORK/run/agent.pid")"
profile agent "$BENCH_WORK/run/agent.pid" "$agent"
cp "/tmp/perf-$agent.map" "$OUT/perf-agent.map"   # perf report reads /tmp/perf-PID.map; kept for a later look
"$B/agent/agent.sh" stop >/dev/null

python3 "$B/tools/kernel_per_call.py" "$OUT/kamailio.data" "$OUT/agent.data" $((RATE * WINDOW_S)) | tee "$OUT/kernel_per_call.txt"
