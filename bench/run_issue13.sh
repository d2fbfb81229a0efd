#!/usr/bin/env bash
# Every figure issue 13 §2 asks for, both servers, one session, one command; then tools/issue13_verdict.py reads
# each target from what ran (OUT/verdict.md). The phases are the ones RESULTS.md's sessions ran by hand, in the
# same order, so a session here is comparable with theirs:
#   cpu1      run_cpu_session.sh: CPU per call and p99 at RATE, Kamailio and the agent alternating run by run
#             (RUNS rounds), then the agent at CEILING with two SIPps (CEILING_RUNS runs), then allocations
#   sipp      run_connections.sh sipp: TCP with a connection per call (SIPp -t tn) at TN_RATE, TN_REPS runs
#   pools     run_connections.sh tcp-pool tls-pool tls12-pool: 200 pooled connections at POOL_RATE, alternating
#   kampools  run_kamailio_tls.sh, the same three for Kamailio
#   maxrate   find_max_rate.sh with two SIPps for Kamailio (MAX_KAM="LO HI") and the agent (MAX_AGENT="LO HI")
#   cpu2..    PASSES-1 more CPU passes like cpu1 without the ceiling: a slow minute then weighs on one pass only
#
#   bench/run_issue13.sh OUT
#
# Env: RATE=10000 RUNS=3 PASSES=2 CEILING=16000 CEILING_RUNS=3 TN_RATE=5000 TN_REPS=2 POOL_RATE=5000 POOL_REPS=3
#      MAX_AGENT="10000 20000" MAX_KAM="8000 14000" MAX_STEP=500 MAX_TRIALS=8   SKIP="maxrate ..." (phases to leave out)
# Takes 80 to 100 minutes at the defaults. Needs root (run_connections.sh sets a sysctl for its runs), a Release build,
# sipp, and Kamailio (kamailio/kam.sh). OUT/settings.txt records the commit and the settings.
# Nothing else may run meanwhile: each script waits for a quiet machine before its runs, and a probe of the machine
# (tools/machine_probe.sh) runs only before and after the session and each phase, never inside a run.
set -euo pipefail
B="$(cd "$(dirname "$0")" && pwd)"
export BENCH_WORK="${BENCH_WORK:-/tmp/presence-bench}"
OUT="$(realpath -m "${1:?OUT}")"
RATE="${RATE:-10000}"; RUNS="${RUNS:-3}"; PASSES="${PASSES:-2}"; CEILING="${CEILING:-16000}"; CEILING_RUNS="${CEILING_RUNS:-3}"
TN_RATE="${TN_RATE:-5000}"; TN_REPS="${TN_REPS:-2}"; POOL_RATE="${POOL_RATE:-5000}"; POOL_REPS="${POOL_REPS:-3}"
MAX_AGENT="${MAX_AGENT:-10000 20000}"; MAX_KAM="${MAX_KAM:-8000 14000}"; MAX_STEP="${MAX_STEP:-500}"; MAX_TRIALS="${MAX_TRIALS:-8}"
SKIP="${SKIP:-}"
[[ -f "$B/../src/PresenceAgent/bin/Release/net10.0/PresenceAgent.dll" ]] || { echo "needs a Release build: dotnet build -c Release src/PresenceAgent" >&2; exit 1; }
mkdir -p "$OUT"
log() { echo "$(date -u +%H:%M:%S) $*" | tee -a "$OUT/session.log"; }
wanted() { [[ " $SKIP " != *" $1 "* ]]; }
probe() { "$B/tools/machine_probe.sh" "$OUT/machine.tsv" >/dev/null; }
{ git -C "$B/.." log -1 --format='commit %H %s' 2>/dev/null || true
  echo "RATE=$RATE RUNS=$RUNS PASSES=$PASSES CEILING=$CEILING CEILING_RUNS=$CEILING_RUNS TN_RATE=$TN_RATE TN_REPS=$TN_REPS"
  echo "POOL_RATE=$POOL_RATE POOL_REPS=$POOL_REPS MAX_AGENT=\"$MAX_AGENT\" MAX_KAM=\"$MAX_KAM\" MAX_STEP=$MAX_STEP MAX_TRIALS=$MAX_TRIALS SKIP=\"$SKIP\""
} >"$OUT/settings.txt"

probe
if wanted cpu1; then
  log "cpu1: $RUNS rounds at $RATE/s, the ceiling at $CEILING/s"
  RATE="$RATE" RUNS="$RUNS" CEILING="$CEILING" CEILING_RUNS="$CEILING_RUNS" "$B/run_cpu_session.sh" "$OUT/cpu1" | tee -a "$OUT/session.log"
fi
if wanted sipp; then
  log "sipp: TCP, a connection per call, at $TN_RATE/s"
  SET_SYSCTL=1 REPS="$TN_REPS" DUR=20 RATES_SIPP="$TN_RATE" "$B/run_connections.sh" sipp "$OUT/connections_sipp" >>"$OUT/session.log" 2>&1
fi
if wanted pools; then
  log "pools: 200 TCP, TLS 1.3 and TLS 1.2 connections at $POOL_RATE/s, alternating"
  ALTERNATE=1 SET_SYSCTL=1 REPS="$POOL_REPS" DUR=20 POOLS=200 RATES_TCP_POOL="$POOL_RATE" RATES_TLS_POOL="$POOL_RATE" \
    RATES_TLS12_POOL="$POOL_RATE" "$B/run_connections.sh" "tcp-pool tls-pool tls12-pool" "$OUT/connections_pool" >>"$OUT/session.log" 2>&1
fi
if wanted kampools; then
  log "kampools: Kamailio's pooled TCP and TLS at $POOL_RATE/s"
  ALTERNATE=1 REPS="$POOL_REPS" DUR=20 RATES_TCP_POOL="$POOL_RATE" RATES_TLS_POOL="$POOL_RATE" RATES_TLS12_POOL="$POOL_RATE" \
    "$B/run_kamailio_tls.sh" "tcp-pool tls-pool tls12-pool" "$OUT/kamailio_tls_pool" >>"$OUT/session.log" 2>&1
fi
if wanted maxrate; then
  log "maxrate: Kamailio within $MAX_KAM, the agent within $MAX_AGENT, two SIPps"
  probe
  # shellcheck disable=SC2086
  GENERATORS=2 RESTART_CMD="$B/kamailio/kam.sh stop; env PREFAULT=1 $B/kamailio/kam.sh start && $B/kamailio/kam.sh publish" \
    SERVER_PIDFILE="$BENCH_WORK/run/kamailio.pid" MAX_TRIALS="$MAX_TRIALS" \
    "$B/find_max_rate.sh" 127.0.0.1:5070 $MAX_KAM "$MAX_STEP" 30 "$OUT/max_rate/kamailio" >>"$OUT/session.log" 2>&1 || true
  "$B/kamailio/kam.sh" stop >/dev/null 2>&1 || true
  # shellcheck disable=SC2086
  GENERATORS=2 RESTART_CMD="$B/agent/agent.sh restart" WARMUP_SETTLE_S=40 SERVER_PIDFILE="$BENCH_WORK/run/agent.pid" \
    MAX_TRIALS="$MAX_TRIALS" "$B/find_max_rate.sh" 127.0.0.1:5070 $MAX_AGENT "$MAX_STEP" 30 "$OUT/max_rate/agent" >>"$OUT/session.log" 2>&1 || true
  "$B/agent/agent.sh" stop >/dev/null 2>&1 || true
  probe
fi
for ((p = 2; p <= PASSES; p++)); do
  if wanted "cpu$p"; then
    log "cpu$p: $RUNS more rounds at $RATE/s"
    RATE="$RATE" RUNS="$RUNS" SKIP_CEILING=1 "$B/run_cpu_session.sh" "$OUT/cpu$p" | tee -a "$OUT/session.log"
  fi
done
probe
python3 "$B/tools/issue13_verdict.py" "$OUT" | tee "$OUT/verdict.md"
log "done: $OUT/verdict.md"
