#!/usr/bin/env bash
# Side-by-side load benchmark: our PresenceAgent vs Kamailio (the reference server of
# the reference harness these scripts were adapted from), same machine, same
# SIPp scenario (sipp/subscribe_unsubscribe.xml, UDP), one session.
# Never runs both servers at once: each phase stops one before starting the other.
#
#   bench/run.sh [PHASE...]      PHASE = maxrate fixed latency memory profile report (default: all, in that order)
#
# Output: $BENCH_WORK/results/$SESSION/ (default /tmp/presence-bench/results/<date-time>/);
#         report.md there has the tables (tools/report.py).
# Env (defaults in brackets):
#   SERVERS ["agent kam"]          which servers, in the order of the first phase (later phases alternate)
#   AGENT_RANGE ["2000 5000"]  KAM_RANGE ["9000 13000"]   bisection LO HI per server
#   STEP [250]  DUR [30]  MAX_TRIALS [16]                   bisection resolution, trial length, trials per search
#   FIXED_RATES ["11000"]  REPS [3]                         pass/fail at fixed rates, REPS x DUR s per server
#   LAT_RATES [50% and 90% of our max, from the maxrate phase]  LAT_RUNS [3]
#   MEM_LEVELS ["10000 50000"]  MEM_RATE [2000]  MEM_AGENT_ENVS ["_ DOTNET_gcServer=1"] (_ = shipped config, workstation GC)
#   AGENT_SETTLE_S [45]  pause before each memory reading of the agent (Kamailio: 8, as in the reference)
#   MEM_WARMUP_CALLS [20000]  subscribe+unsubscribe calls before the zero-subscription baseline (both servers)
#   PROF_RATE [80% of our max]   PROF_S [20]                 perf profile of the agent under load
#   QUIET_WAIT [120]   before every run wait up to this long for other processes (builds) to calm down
#   SESSION  BENCH_WORK
set -euo pipefail
ulimit -n 65536 2>/dev/null || true
B="$(cd "$(dirname "$0")" && pwd)"
export BENCH_WORK="${BENCH_WORK:-/tmp/presence-bench}"
SESSION="${SESSION:-$(date +%Y%m%d-%H%M%S)}"
OUT="$BENCH_WORK/results/$SESSION"
RUN="$BENCH_WORK/run"
TARGET=127.0.0.1:5070
SERVERS="${SERVERS:-agent kam}"
AGENT_RANGE="${AGENT_RANGE:-2000 5000}"; KAM_RANGE="${KAM_RANGE:-9000 13000}"
STEP="${STEP:-250}"; DUR="${DUR:-30}"; export MAX_TRIALS="${MAX_TRIALS:-16}"
FIXED_RATES="${FIXED_RATES:-11000}"; REPS="${REPS:-3}"
LAT_RUNS="${LAT_RUNS:-3}"
MEM_LEVELS="${MEM_LEVELS:-10000 50000}"; MEM_RATE="${MEM_RATE:-2000}"
PROF_S="${PROF_S:-20}"
export QUIET_WAIT="${QUIET_WAIT:-120}"
WARMUP_RATE=3000; WARMUP_S=5
export WARMUP_RATE WARMUP_S
mkdir -p "$OUT" "$RUN"
log() { echo "$(date +%H:%M:%S) $*" | tee -a "$OUT/run.log"; }

pidfile() { case $1 in agent) echo "$RUN/agent.pid" ;; kam) echo "$RUN/kamailio.pid" ;; esac; }
stop_all() { "$B/agent/agent.sh" stop >/dev/null 2>&1 || true; "$B/kamailio/kam.sh" stop >/dev/null 2>&1 || true; }
# start one server fresh (the other one stopped first); MODE=throughput prefaults Kamailio as in the reference
start() {  # server [throughput|memory] [agent env]
  stop_all
  case $1 in
    agent) AGENT_ENV="${3:-}" "$B/agent/agent.sh" start ;;
    kam) if [[ ${2:-throughput} == throughput ]]; then PREFAULT=1 "$B/kamailio/kam.sh" start && "$B/kamailio/kam.sh" publish; else "$B/kamailio/kam.sh" start; fi ;;
  esac | tee -a "$OUT/run.log"
}
restart_cmd() { case $1 in agent) echo "$B/agent/agent.sh restart" ;; kam) echo "$B/kamailio/kam.sh stop; env PREFAULT=1 $B/kamailio/kam.sh start && $B/kamailio/kam.sh publish" ;; esac; }
warmup() {  # server outdir: the same 5 s at 3000 calls/s for both, then let the transaction timers drain:
  # Kamailio keeps transactions 5 s (7 s pause, as in the reference); our agent retransmits an unanswered
  # NOTIFY up to Timer F = 32 s, so a warm-up that was not clean (a cold agent at 3000/s often is not) would
  # leak retransmissions into the measured run as out-of-call messages: 40 s pause for it.
  SERVER_PIDFILE="$(pidfile "$1")" QUIET_WAIT=0 "$B/run_throughput.sh" "$TARGET" "$WARMUP_RATE" "$WARMUP_S" "$2" >/dev/null || true
  if [[ $1 == agent ]]; then sleep "${AGENT_WARMUP_SETTLE_S:-40}"; else sleep 7; fi
}
clean() { python3 -c "import json,sys; sys.exit(0 if json.load(open('$1/summary.json'))['sipp']['clean'] else 1)"; }
trap 'stop_all' EXIT

versions() {
  { echo "date: $(date -Is)"; uname -srm; nproc; free -m | sed -n 2p
    grep -m1 'model name' /proc/cpuinfo
    echo "dotnet: $(dotnet --version 2>/dev/null) runtime: $(dotnet --list-runtimes 2>/dev/null | grep NETCore | tail -1)"
    echo "kamailio: $(kamailio -v 2>/dev/null | head -1)"
    echo "sipp: $(sipp -v 2>/dev/null | grep -m1 SIPp)"
    echo "agent commit: $(git -C "$B/.." rev-parse --short HEAD)"
  } >"$OUT/versions.txt" 2>&1
}

phase_maxrate() {
  for s in $SERVERS; do
    local range; if [[ $s == agent ]]; then range=$AGENT_RANGE; else range=$KAM_RANGE; fi
    log "maxrate $s: bisection $range step $STEP, ${DUR}s trials (max $MAX_TRIALS)"
    start "$s" throughput
    # shellcheck disable=SC2086
    local settle=7; [[ $s == agent ]] && settle="${AGENT_WARMUP_SETTLE_S:-40}"
    SERVER_PIDFILE="$(pidfile "$s")" RESTART_CMD="$(restart_cmd "$s")" WARMUP_SETTLE_S="$settle" \
      "$B/find_max_rate.sh" "$TARGET" $range "$STEP" "$DUR" "$OUT/maxrate_$s" 2>&1 | tee -a "$OUT/run.log" || true
  done
  stop_all
}

# A run is contended when other processes (builds, kernel threads) took > 15 % of a core on average, or > 40 % in
# any one-second sample: a single burst can start a retransmission cascade that the average hides.
contended() {
  python3 - "$1" <<'PY'
import csv, json, sys
d = sys.argv[1]
avg = json.load(open(f"{d}/summary.json"))["cpu"].get("other_cpu_avg_pct", 0)
rows = list(csv.reader(open(f"{d}/cpu.csv")))[1:]
burst = max((float(r[3]) - float(r[1]) - float(r[2]) for r in rows if len(r) >= 4 and float(r[2]) > 0), default=0)
sys.exit(0 if avg > 15 or burst > 40 else 1)
PY
}

fixed_set() {  # server rate reps label: fresh server + warm-up, REPS runs, fresh server after an unclean run
  # A run during which other processes (builds) used > 15 % of a core is kept but does not count; up to
  # 2 extra runs replace such runs.
  local s=$1 r=$2 n=$3 label=$4 d i=0 good=0 extra=0
  start "$s" throughput; warmup "$s" "$OUT/$label/${s}_warmup"
  while (( good < n )); do
    i=$((i + 1)); d="$OUT/$label/${s}_r${r}_run$i"
    log "$label $s $r calls/s run $i: $(SERVER_PIDFILE="$(pidfile "$s")" "$B/run_throughput.sh" "$TARGET" "$r" "$DUR" "$d")"
    sleep 7
    if contended "$d"; then
      extra=$((extra + 1)); log "  run $i contended (other processes > 15 % of a core on average, or > 40 % in any second): not counted"
      mv "$d" "$OUT/$label/contended_${s}_r${r}_run$i"
      (( extra > 2 )) && break
    else
      good=$((good + 1))
    fi
    if ! clean "$OUT/$label/${s}_r${r}_run$i" 2>/dev/null && ! clean "$OUT/$label/contended_${s}_r${r}_run$i" 2>/dev/null && (( good < n )); then
      start "$s" throughput; warmup "$s" "$d.warmup"
    fi
  done
  stop_all
}
order() {  # alternate the server order from one rate to the next
  if (( $1 % 2 == 0 )); then echo "$SERVERS"; else echo "$SERVERS" | awk '{for(i=NF;i>0;i--) printf "%s ", $i}'; fi
}
agent_max() { sed -n 's/^MAX_CLEAN_RATE \([0-9]*\).*/\1/p' "$OUT/maxrate_agent/max.txt" 2>/dev/null || true; }

phase_fixed() {
  local k=0
  for r in $FIXED_RATES; do for s in $(order $k); do fixed_set "$s" "$r" "$REPS" fixed; done; k=$((k + 1)); done
}
phase_latency() {
  local rates="${LAT_RATES:-}" m
  if [[ -z "$rates" ]]; then
    m="$(agent_max)"; [[ -n "$m" && "$m" -gt 0 ]] || { log "latency: no agent max rate, set LAT_RATES"; return 0; }
    rates="$(( m / 2 / 100 * 100 )) $(( m * 9 / 10 / 100 * 100 ))"
  fi
  log "latency rates: $rates"
  local k=1
  for r in $rates; do for s in $(order $k); do fixed_set "$s" "$r" "$LAT_RUNS" latency; done; k=$((k + 1)); done
}
phase_memory() {
  local envs=("${MEM_AGENT_ENVS_ARR[@]}") i=0
  for e in "${envs[@]}"; do
    i=$((i + 1)); log "memory agent ${e:-shipped config}: levels $MEM_LEVELS at $MEM_RATE/s"
    start agent memory "$e"
    echo "$e" >"$OUT/memory_agent_$i.env" 2>/dev/null || { mkdir -p "$OUT"; echo "$e" >"$OUT/memory_agent_$i.env"; }
    python3 "$B/tools/quiet.py" --wait "$QUIET_WAIT" --log "$OUT/memory_quiet.log" >/dev/null || true
    # SETTLE_S=45: the agent keeps a finished non-INVITE server transaction 32 s (Timer J, 64*T1 over UDP) and
    # gives their memory back at the next sweep (every 8 s); Kamailio 5 s (tm wait timer). Read memory only after.
    MEM_CMD="$B/agent/agent.sh mem" X_NAMES="$("$B/agent/agent.sh" memkind) anon_rss" PUBLISH_ROOMS=0 SETTLE_S="${AGENT_SETTLE_S:-45}" \
      WARMUP_CALLS="${MEM_WARMUP_CALLS:-20000}" \
      "$B/run_memory.sh" "$TARGET" "$MEM_LEVELS" "$MEM_RATE" "$OUT/memory_agent_$i" 2>&1 | tee -a "$OUT/run.log" || true
    "$B/agent/agent.sh" healthz >>"$OUT/memory_agent_$i/healthz.txt" 2>&1 || true
  done
  log "memory kamailio (no prefault, 100 presentities PUBLISHed first, as in the reference)"
  start kam memory
  python3 "$B/tools/quiet.py" --wait "$QUIET_WAIT" --log "$OUT/memory_quiet.log" >/dev/null || true
  WARMUP_CALLS="${MEM_WARMUP_CALLS:-20000}" "$B/run_memory.sh" "$TARGET" "$MEM_LEVELS" "$MEM_RATE" "$OUT/memory_kam" 2>&1 | tee -a "$OUT/run.log" || true
  stop_all
}
phase_profile() {
  local r="${PROF_RATE:-}" m p d="$OUT/profile"
  if [[ -z "$r" ]]; then m="$(agent_max)"; r=$(( ${m:-5000} * 8 / 10 / 100 * 100 )); fi
  mkdir -p "$d"
  log "profile: agent at $r calls/s, perf record ${PROF_S}s (DOTNET_PerfMapEnabled=1, W^X off so perf can read the map)"
  start agent throughput "DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0"
  warmup agent "$d/warmup"
  p="$(cat "$RUN/agent.pid")"
  python3 "$B/tools/threads.py" "$p" >"$d/threads_before.txt"
  SERVER_PIDFILE="$RUN/agent.pid" "$B/run_throughput.sh" "$TARGET" "$r" "$DUR" "$d/run" >"$d/run.txt" 2>&1 &
  local tp=$!
  sleep 5
  # system-wide (-a): "-p" would miss thread-pool threads created after the attach; reports filter by pid
  timeout $((PROF_S + 30)) perf record -a -F 499 -g -o "$d/perf.data" -- sleep "$PROF_S" >"$d/perf_record.log" 2>&1 || true
  wait "$tp" || true
  python3 "$B/tools/threads.py" "$p" --since "$d/threads_before.txt" >"$d/threads.txt" || true
  cat "$d/run.txt" | tee -a "$OUT/run.log"
  perf report -i "$d/perf.data" --no-children --sort comm --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -15 >"$d/perf_comm.txt" || true
  perf report -i "$d/perf.data" --pid "$p" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25 >"$d/perf_dso.txt" || true
  perf report -i "$d/perf.data" --pid "$p" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -80 >"$d/perf_sym.txt" || true
  perf report -i "$d/perf.data" --pid "$p" --children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -150 >"$d/perf_children.txt" || true
  perf report -i "$d/perf.data" --pid "$p" --no-children --sort sym --stdio -g caller,0.5,callee --percent-limit 3 2>/dev/null | grep -v '^$' | head -400 >"$d/perf_callgraph.txt" || true
  rm -f "$d/perf.data" "$d/perf.data.old"
  stop_all
}
phase_report() { python3 "$B/tools/report.py" "$OUT" >"$OUT/report.md"; log "report: $OUT/report.md"; }

read -r -a MEM_AGENT_ENVS_ARR <<<"${MEM_AGENT_ENVS:-_ DOTNET_gcServer=1}"
for i in "${!MEM_AGENT_ENVS_ARR[@]}"; do [[ ${MEM_AGENT_ENVS_ARR[$i]} == _ ]] && MEM_AGENT_ENVS_ARR[$i]=""; done
PHASES=("$@"); [[ ${#PHASES[@]} -gt 0 ]] || PHASES=(maxrate fixed latency memory profile report)
versions
log "session $SESSION: phases ${PHASES[*]} -> $OUT"
for ph in "${PHASES[@]}"; do "phase_$ph"; done
log "done"
