#!/usr/bin/env bash
# Issue 13 §2's connection targets, for our agent: "TCP with many connections (SIPp with one connection per call)
# clean at 5 000 calls/s; TLS at least 70 % of TCP's rate". Every phase runs sipp/subscribe_unsubscribe.xml's call
# on a new connection per call, on a fresh agent after a warm-up:
#   sipp        SIPp -t tn (TCP, SIPp closes its socket at each call's end)       run_throughput.sh
#   tcp         bench/LoadGen over TCP                                             run_loadgen.sh
#   tls         bench/LoadGen over TLS, a full handshake per call (ECDSA P-256)    run_loadgen.sh
#   tls-resume  bench/LoadGen over TLS, resuming with the agent's TLS 1.3 tickets  run_loadgen.sh
#   tls12, tls12-resume  the same with TLS 1.2 only: a TLS 1.2 resumption has no key exchange
# and the second shape, calls over a fixed pool of long-lived connections (as Front End pools keep them), once for
# each size in POOLS; the pool is opened (and handshaken) before the run, so only the calls are measured:
#   tcp-pool    bench/LoadGen over POOLS TCP connections                         run_loadgen.sh CONNECTIONS=N
#   tls-pool    bench/LoadGen over POOLS TLS connections (TLS 1.3)
#   tls12-pool  the same with TLS 1.2 only (Skype for Business Server's protocol)
# The TLS/TCP ratio compares tls with tcp, and tls*-pool with tcp-pool of the same size: the same generator, so like
# with like (Debian's SIPp has no TLS).
#
#   bench/run_connections.sh [PHASES="sipp tcp tls tls-resume tls12 tls12-resume tcp-pool tls-pool tls12-pool"] [OUT]
#
# Env:
#   MODE=fixed       fixed: REPS runs of DUR s at each rate of RATES_<PHASE>; with ALTERNATE=1 the phases take
#                    turns run by run (tcp-pool, tls-pool, tcp-pool, ...), so that a change in the machine's speed
#                    weighs on both sides of a TLS / TCP ratio alike, as run_cpu_session.sh alternates the servers
#                    maxrate: find_max_rate.sh per phase within RANGE_<PHASE> ("LO HI"), STEP, CLEAN_RUNS=2
#   RATES_SIPP="5000" RATES_TCP="5000" RATES_TLS="3500" RATES_TLS_RESUME="3500"   REPS=1 DUR=30
#   RATES_TCP_POOL="5000" RATES_TLS_POOL="5000" RATES_TLS12_POOL="5000"   POOLS="50 200"
#   RANGE_SIPP="2500 5000" RANGE_TCP="2500 5000" RANGE_TLS="1000 3500" RANGE_TLS_RESUME="1000 3500" STEP=250
#   RANGE_TCP_POOL="2500 10000" RANGE_TLS_POOL="2500 10000" RANGE_TLS12_POOL="2500 10000"
#   SPACING_S=10     pause between runs: over TCP a transaction ends with its answer (no Timer J to wait out)
#   SIP_PORT=5070    TCP listener (and UDP); the TLS listener is SIP_PORT+1. HTTP_PORT=8099. LOCAL_PORT=5080 (SIPp)
#   QUIET_WAIT=120   before each run, wait up to this long for other processes to calm down (logged)
#   TW_BUCKETS=4096  SET_SYSCTL=0   see "sysctl" below
#
# Agent configuration (agent/agent.sh plus): a Tls listener on 127.0.0.1:SIP_PORT+1 with a throw-away ECDSA P-256
# certificate for pa.bench (cheaper handshakes than RSA-2048), and Sip:Limits:MaxConnectionsPerAddress=10000
# (= MaxConnections): every connection comes from 127.0.0.1, and at 5 000 calls/s the calls in flight plus the
# connections whose close the agent has not processed yet pass the default 64 at once.
#
# sysctl: SIPp binds each new socket to -i 127.0.0.1 port 0 before connecting, and the kernel's search for a free
# port walks every TIME_WAIT socket (SIPp closes first, so they are SIPp's, 60 s each): at 2 500 calls/s SIPp spent
# its core there and fell behind. net.ipv4.tcp_max_tw_buckets=TW_BUCKETS bounds them (past it a closed socket skips
# TIME_WAIT; harmless on loopback). The script checks it and, with SET_SYSCTL=1, sets it for the session and puts
# the old value back at exit (root only; system-wide, so other loopback users see it meanwhile). LoadGen connects
# without bind, and net.ipv4.tcp_tw_reuse (2, the default, = loopback only) lets it reuse TIME_WAIT ports.
# net.core.somaxconn >= 4096 lets the agent's listen backlog of 4096 stand. All values go to OUT/sysctl.txt.
set -euo pipefail
B="$(cd "$(dirname "$0")" && pwd)"
export BENCH_WORK="${BENCH_WORK:-/tmp/presence-bench}"
PHASES="${1:-sipp tcp tls tls-resume tls12 tls12-resume tcp-pool tls-pool tls12-pool}"
OUT="$(realpath -m "${2:-$BENCH_WORK/results/connections_$(date +%H%M%S)}")"  # absolute: the CPU monitor runs elsewhere
MODE="${MODE:-fixed}"; DUR="${DUR:-30}"; REPS="${REPS:-1}"; STEP="${STEP:-250}"
export SIP_PORT="${SIP_PORT:-5070}" HTTP_PORT="${HTTP_PORT:-8099}" LOCAL_PORT="${LOCAL_PORT:-5080}"
export QUIET_WAIT="${QUIET_WAIT:-120}" SPACING_S="${SPACING_S:-10}"
export SERVER_PIDFILE="$BENCH_WORK/run/agent.pid"
TLS_PORT=$((SIP_PORT + 1))
NAME=pa.bench
mkdir -p "$OUT"

command -v sipp >/dev/null || [[ " $PHASES " != *" sipp "* ]] || { echo "needs sipp (apt-get install sip-tester)" >&2; exit 1; }
[[ -f "$B/LoadGen/bin/Release/net10.0/PresenceAgent.LoadGen.dll" ]] || dotnet build -c Release "$B/LoadGen" >/dev/null

# --- sysctl -------------------------------------------------------------------------------------------------------
TW_BUCKETS="${TW_BUCKETS:-4096}"
OLD_TW="$(sysctl -n net.ipv4.tcp_max_tw_buckets)"
cleanup() {
  "$B/agent/agent.sh" stop >/dev/null 2>&1 || true
  if [[ "$(sysctl -n net.ipv4.tcp_max_tw_buckets)" != "$OLD_TW" ]]; then sysctl -qw net.ipv4.tcp_max_tw_buckets="$OLD_TW" || true; fi
}
trap cleanup EXIT
if (( OLD_TW > TW_BUCKETS )); then
  if [[ "${SET_SYSCTL:-0}" == 1 ]]; then
    sysctl -qw net.ipv4.tcp_max_tw_buckets="$TW_BUCKETS"
  else
    echo "warning: net.ipv4.tcp_max_tw_buckets=$OLD_TW: SIPp tn slows down as TIME_WAIT sockets pile up (SET_SYSCTL=1 sets $TW_BUCKETS for this run)" | tee -a "$OUT/run.log"
  fi
fi
(( $(sysctl -n net.core.somaxconn) >= 4096 )) || echo "warning: net.core.somaxconn < 4096 clamps the agent's listen backlog" | tee -a "$OUT/run.log"
[[ "$(sysctl -n net.ipv4.tcp_tw_reuse)" != 0 ]] || echo "warning: net.ipv4.tcp_tw_reuse=0: LoadGen runs out of loopback ports" | tee -a "$OUT/run.log"
"$B/tools/sysctl_record.sh" "$OUT/sysctl.txt"
"$B/tools/machine_probe.sh" "$OUT/machine.tsv" >/dev/null   # how fast the machine was, before and after

# --- the agent's ECDSA P-256 certificate (throw-away CA; the same files serve Kamailio's TLS runs) -------------------
PKI="$("$B/tools/tls_pki.sh")"
export TLS_CA="$PKI/ca.pem" TLS_NAME="$NAME"
export AGENT_ARGS="--Sip:Limits:MaxConnectionsPerAddress=10000 --Sip:Listeners:2:Protocol=Tls --Sip:Listeners:2:Address=127.0.0.1 --Sip:Listeners:2:Port=$TLS_PORT --Sip:Tls:CertificatePath=$PKI/agent.pem --Sip:Tls:KeyPath=$PKI/agent.key ${AGENT_ARGS_EXTRA:-}"

# --- phases ---------------------------------------------------------------------------------------------------------
# phase -> runner, port, generator env; the warm-up is the phase's own kind of call (over its own pool size) at a
# rate every kind sustains.
runner() { [[ "$1" == sipp ]] && echo "$B/run_throughput.sh" || echo "$B/run_loadgen.sh"; }
port() { [[ "$1" == tls* ]] && echo "$TLS_PORT" || echo "$SIP_PORT"; }
var() { local v="${1}_$(tr 'a-z-' 'A-Z_' <<<"$2")"; echo "${!v:-$3}"; }
default_range() { case "$1" in *-pool) echo '2500 10000' ;; tls*) echo '1000 3500' ;; *) echo '2500 5000' ;; esac; }
default_rate() { case "$1" in *-pool) echo 5000 ;; tls*) echo 3500 ;; *) echo 5000 ;; esac; }
fresh() {
  "$B/agent/agent.sh" restart >/dev/null
  QUIET_WAIT=0 "$(runner "$1")" "127.0.0.1:$(port "$1")" 1000 5 "$OUT/warmup_$2" >/dev/null 2>&1 || true
  sleep 5
}

fixed_run() { # phase size rate rep
  local ph="$1" size="$2" r="$3" i="$4" name="$1"
  (( size > 0 )) && name="${ph}${size}"
  export TRANSPORT=tn LOADGEN="${ph%-pool}" CONNECTIONS="$size"
  fresh "$ph" "$name"
  echo "$name: $("$(runner "$ph")" "127.0.0.1:$(port "$ph")" "$r" "$DUR" "$OUT/${name}_r${r}_$i")" | tee -a "$OUT/run.log"
  sleep "$SPACING_S"
}

runs=()   # "phase size rate" of every fixed run, in phase order
for ph in $PHASES; do
  case "$ph" in sipp | tcp | tls | tls-resume | tls12 | tls12-resume | tcp-pool | tls-pool | tls12-pool) ;; *) echo "unknown phase $ph" >&2; exit 2 ;; esac
  sizes=0; [[ "$ph" == *-pool ]] && sizes="${POOLS:-50 200}"
  for size in $sizes; do
    if [[ "$MODE" == maxrate ]]; then
      export TRANSPORT=tn LOADGEN="${ph%-pool}" CONNECTIONS="$size"
      name="$ph"; (( size > 0 )) && name="${ph}${size}"
      read -r lo hi <<<"$(var RANGE "$ph" "$(default_range "$ph")")"
      "$B/agent/agent.sh" restart >/dev/null   # find_max_rate.sh restarts only after a failed trial
      RUNNER="$(runner "$ph")" RESTART_CMD="$B/agent/agent.sh restart" WARMUP_RATE=1000 WARMUP_S=5 WARMUP_SETTLE_S=5 \
        "$B/find_max_rate.sh" "127.0.0.1:$(port "$ph")" "$lo" "$hi" "$STEP" "$DUR" "$OUT/max_$name" | tee -a "$OUT/run.log"
      echo "$name $(tail -1 "$OUT/max_$name/max.txt")" >>"$OUT/max.txt"
    else
      for r in $(var RATES "$ph" "$(default_rate "$ph")"); do runs+=("$ph $size $r"); done
    fi
  done
done

if [[ "${ALTERNATE:-0}" == 1 ]]; then
  for ((i = 1; i <= REPS; i++)); do for run in "${runs[@]}"; do fixed_run $run "$i"; done; done
else
  for run in "${runs[@]}"; do for ((i = 1; i <= REPS; i++)); do fixed_run $run "$i"; done; done
fi

[[ -s "$OUT/max.txt" ]] && cat "$OUT/max.txt"
python3 "$B/tools/connections_report.py" "$OUT" | tee "$OUT/report.md"
"$B/tools/machine_probe.sh" "$OUT/machine.tsv" >/dev/null
echo "results: $OUT"
