#!/usr/bin/env bash
# A/B (or A/B/C...) of agent variants at a fixed UDP rate, taking turns run by run, each run on a fresh agent after
# run_cpu_session.sh's warm-up (5 s at 3 000/s, then SPACING_S for Timer J and tools/settle.sh for the first minute).
# A variant is NAME=ENV (extra environment for the agent, e.g. pgo0=DOTNET_TieredPGO=0; NAME= alone is the plain
# build) or NAME=DLL:PATH (another build).
# Each run's server CPU is also divided by SIPp's in the same run, which takes out the machine's speed of that minute.
#
#   bench/run_agent_ab.sh OUT VARIANT [VARIANT ...]
#   e.g. ROUNDS=3 bench/run_agent_ab.sh bench/results/s15/runtime_knobs base= pgo0=DOTNET_TieredPGO=0
#
# Env: ROUNDS=3 RATE=10000 DUR=20 SPACING_S=35 KEEP_TRACES=0 (1 keeps SIPp's traces, for bench/tools/p99_by_second.py)
# Output: OUT/ab.tsv (variant, round, clean, server and SIPp µs per call, their quotient), one folder per run.
set -uo pipefail
B="$(cd "$(dirname "$0")" && pwd)"
export BENCH_WORK="${BENCH_WORK:-/tmp/presence-bench}"
OUT="$(realpath -m "${1:?OUT}")"; shift
ROUNDS="${ROUNDS:-3}"; RATE="${RATE:-10000}"; DUR="${DUR:-20}"; SPACING_S="${SPACING_S:-35}"
(( $# > 0 )) || { echo "name at least one variant: NAME=ENV or NAME=DLL:PATH" >&2; exit 2; }
PIDF="$BENCH_WORK/run/agent.pid"
mkdir -p "$OUT"
printf 'variant\tround\tclean\tserver_us_per_call\tclient_us_per_call\tserver_per_client\n' >"$OUT/ab.tsv"
"$B/kamailio/kam.sh" stop >/dev/null 2>&1 || true
for ((r = 1; r <= ROUNDS; r++)); do
  for v in "$@"; do
    name="${v%%=*}"; what="${v#*=}"; [[ "$what" == "$v" ]] && what=""
    dll=""; envs="$what"
    if [[ "$what" == DLL:* ]]; then dll="${what#DLL:}"; envs=""; fi
    "$B/agent/agent.sh" stop >/dev/null 2>&1 || true
    AGENT_DLL="$dll" AGENT_ENV="$envs" "$B/agent/agent.sh" start >/dev/null || { echo "$name: agent did not start" >&2; exit 1; }
    sleep 2
    SERVER_PIDFILE="$PIDF" "$B/run_throughput.sh" 127.0.0.1:5070 3000 5 "$OUT/warmup" >/dev/null 2>&1 || true
    sleep "$SPACING_S"; "$B/tools/settle.sh" "$PIDF"
    d="$OUT/${name}_$r"
    SERVER_PIDFILE="$PIDF" "$B/run_throughput.sh" 127.0.0.1:5070 "$RATE" "$DUR" "$d" >/dev/null 2>&1 || true
    python3 - "$name" "$r" "$d" <<'PY' | tee -a "$OUT/ab.tsv"
import json, sys
n, r, d = sys.argv[1:]
s = json.load(open(f"{d}/summary.json")); c = s["cpu"]
print(f"{n}\t{r}\t{s['sipp']['clean']}\t{c['server_cpu_us_per_call']}\t{c['client_cpu_us_per_call']}\t"
      f"{c['server_cpu_us_per_call'] / c['client_cpu_us_per_call']:.3f}")
PY
    [[ "${KEEP_TRACES:-0}" == 1 ]] || rm -f "$d"/subscribe_unsubscribe_* "$d"/sipp*.stdout "$d"/top_before.txt
  done
done
"$B/agent/agent.sh" stop >/dev/null 2>&1 || true
echo "results: $OUT/ab.tsv"
