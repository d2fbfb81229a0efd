#!/usr/bin/env bash
# TLS beside TCP, for our agent (issue 3's benchmark): subscribe+unsubscribe calls over one TCP connection straight
# to the agent, and over one TLS connection (reused for every call, NOTIFYs included), at the same rates; then memory
# per idle connection, TLS and TCP.
#
#   bench/run_tls.sh [RATES="3000 6000"] [DUR=30] [IDLE=1000] [OUT]
#
# Debian's SIPp has no TLS: SIPp speaks TCP to socat, which holds the one TLS connection to the agent's Tls listener
# and checks its certificate (a throw-away CA made here with openssl). socat's CPU is reported beside the agent's; the
# agent's CPU per call is the figure to compare. Needs: sipp, socat, openssl, a Release build.
set -euo pipefail
B="$(cd "$(dirname "$0")" && pwd)"
export BENCH_WORK="${BENCH_WORK:-/tmp/presence-bench}"
RATES="${1:-3000 6000}"; DUR="${2:-30}"; IDLE="${3:-1000}"
OUT="${4:-$BENCH_WORK/results/tls_$(date +%H%M%S)}"
PKI="$BENCH_WORK/tls"; mkdir -p "$OUT" "$PKI"
export SERVER_PIDFILE="$BENCH_WORK/run/agent.pid"
NAME=pa.bench; TCP=5070; TLS=5071; RELAY=5072

# Throw-away PKI: a CA and the agent's certificate for $NAME.
if [[ ! -s "$PKI/agent.pem" ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$PKI/ca.key" -out "$PKI/ca.pem" -days 30 -subj "/CN=bench CA" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout "$PKI/agent.key" -out "$PKI/agent.csr" -subj "/CN=$NAME" 2>/dev/null
  printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$NAME" >"$PKI/ext.cnf"
  openssl x509 -req -in "$PKI/agent.csr" -CA "$PKI/ca.pem" -CAkey "$PKI/ca.key" -CAcreateserial -out "$PKI/agent.pem" \
    -days 30 -extfile "$PKI/ext.cnf" 2>/dev/null
fi

export AGENT_ARGS="--Sip:Listeners:2:Protocol=Tls --Sip:Listeners:2:Address=127.0.0.1 --Sip:Listeners:2:Port=$TLS --Sip:Tls:CertificatePath=$PKI/agent.pem --Sip:Tls:KeyPath=$PKI/agent.key --Sip:Limits:MaxConnectionsPerAddress=5000"
start() { "$B/agent/agent.sh" restart >/dev/null; TRANSPORT=t1 "$B/run_throughput.sh" "127.0.0.1:$1" 3000 5 "$OUT/warmup_$2" >/dev/null 2>&1 || true; sleep 40; }
# socat serves the one connection SIPp opens and exits when SIPp closes it; the wrapper then prints socat's CPU seconds.
relay() {
  python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:])
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{r.ru_utime + r.ru_stime:.2f}")' socat "TCP-LISTEN:$RELAY,bind=127.0.0.1,reuseaddr" \
    "OPENSSL:127.0.0.1:$TLS,cafile=$PKI/ca.pem,commonname=$NAME,verify=1" >"$1" &
  RELAY_PID=$!; sleep 0.5
}
trap '"$B/agent/agent.sh" stop >/dev/null 2>&1 || true; [[ -n "${RELAY_PID:-}" ]] && kill "$RELAY_PID" 2>/dev/null || true' EXIT

for r in $RATES; do
  start "$TCP" "tcp_$r"
  echo "tcp $r: $(TRANSPORT=t1 QUIET_WAIT=60 "$B/run_throughput.sh" "127.0.0.1:$TCP" "$r" "$DUR" "$OUT/tcp_r$r")" | tee -a "$OUT/run.log"
  start "$TCP" "tls_$r"; relay "$OUT/socat_cpu_r$r.txt"
  echo "tls $r: $(TRANSPORT=t1 QUIET_WAIT=60 SERVER_PIDS="$(cat "$SERVER_PIDFILE")" "$B/run_throughput.sh" "127.0.0.1:$RELAY" "$r" "$DUR" "$OUT/tls_r$r")" | tee -a "$OUT/run.log"
  wait "$RELAY_PID" || true; RELAY_PID=
  echo "  socat relay CPU: $(cat "$OUT/socat_cpu_r$r.txt") s over the run" | tee -a "$OUT/run.log"
done

"$B/agent/agent.sh" restart >/dev/null; sleep 5
pid="$(cat "$SERVER_PIDFILE")"
echo "idle tls: $(python3 "$B/tools/idle_connections.py" --port "$TLS" --count "$IDLE" --tls --ca "$PKI/ca.pem" --name "$NAME" --pid "$pid")" | tee -a "$OUT/run.log"
echo "idle tcp: $(python3 "$B/tools/idle_connections.py" --port "$TCP" --count "$IDLE" --pid "$pid")" | tee -a "$OUT/run.log"
echo "results: $OUT"
