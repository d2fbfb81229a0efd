#!/usr/bin/env bash
# What a TLS handshake alone costs a server on this box, with no SIP on the connection: OpenSSL's own reference server
# (openssl s_server, one blocking thread) beside our agent, both with the bench's ECDSA P-256 certificate
# (tools/tls_pki.sh). It is the floor under issue 13's "TLS at least 70 % of TCP's rate" with a connection per call:
# whatever a server does, a TLS call costs at least a TCP call plus this.
#
#   bench/run_tls_floor.sh [OUT]
#
# Clients, each for DUR seconds after a 3 s warm-up, one after the other (the server's CPU from /proc/PID/stat):
#   s_time -new       a full handshake per connection (TLS 1.3, then TLS 1.2), as fast as one client thread goes
#   s_time -reuse     TLS 1.2 resuming one session (no key exchange, no signature)
#   LoadGen --connect-only at RATE/s (agent only): TCP, full TLS 1.3, resumed TLS 1.2, each closed with a FIN; TCP and
#   resumed TLS 1.2 again closed with a reset (--reset)
# s_time ends every connection with a reset (TcpOutRsts counts one per connection); LoadGen closes with a FIN unless
# --reset. Both are recorded: a reset cost the agent about 100 µs more than a FIN until its connections read through
# SocketStream (issue 13, seventh session), and the two should now cost the same.
#
# Env: DUR=10 RATE=1000 TLS_PORT=5071 (agent) FLOOR_PORT=4433 (s_server) SIP_PORT=5070 HTTP_PORT=8099
set -euo pipefail
B="$(cd "$(dirname "$0")" && pwd)"
export BENCH_WORK="${BENCH_WORK:-/tmp/presence-bench}"
OUT="$(realpath -m "${1:-$BENCH_WORK/results/tls_floor_$(date +%H%M%S)}")"
DUR="${DUR:-10}"; RATE="${RATE:-1000}"; FLOOR_PORT="${FLOOR_PORT:-4433}"
export SIP_PORT="${SIP_PORT:-5070}" HTTP_PORT="${HTTP_PORT:-8099}"
TLS_PORT="${TLS_PORT:-$((SIP_PORT + 1))}"
mkdir -p "$OUT"
PKI="$("$B/tools/tls_pki.sh")"
LOADGEN="$B/LoadGen/bin/Release/net10.0/PresenceAgent.LoadGen.dll"
[[ -f "$LOADGEN" ]] || dotnet build -c Release "$B/LoadGen" >/dev/null
SPID=""
cleanup() { [[ -z "$SPID" ]] || kill "$SPID" 2>/dev/null || true; "$B/agent/agent.sh" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# measure SERVER_PID LABEL COMMAND...: runs COMMAND (which prints its connection count last), then one line of the table.
measure() {
  local pid="$1" label="$2"; shift 2
  local t0 t1 n
  t0="$(cpu_ticks "$pid")"
  n="$("$@")"
  sleep 1
  t1="$(cpu_ticks "$pid")"
  python3 -c "import sys; t=($t1-$t0)/$(getconf CLK_TCK); n=$n; print(f'| {sys.argv[1]} | {n} | {t:.2f} | {t*1e6/max(n,1):.0f} |')" "$label" | tee -a "$OUT/report.md"
}
s_time() { # PORT DURATION ARGS...: prints the connections made
  local port="$1" d="$2"; shift 2
  openssl s_time -connect "127.0.0.1:$port" -time "$d" "$@" 2>&1 | awk '/connections in .* real seconds/ {print $1; exit}'
}
loadgen() { # PORT DURATION ARGS...: prints the connections made
  local port="$1" d="$2"; shift 2
  local out
  out="$(dotnet "$LOADGEN" --target "127.0.0.1:$port" --tls-name pa.bench --ca "$PKI/ca.pem" --connect-only --rate "$RATE" \
    --duration "$d" "$@" 2>"$OUT/loadgen.err")" || true
  python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['successful'])" <<<"$out" 2>/dev/null ||
    { echo "LoadGen $* gave no result: $out $(cat "$OUT/loadgen.err")" >&2; return 1; }
}

{ echo "| server, client | connections | server CPU s | server µs per connection |"; echo "|---|---|---|---|"; } >"$OUT/report.md"

# OpenSSL's reference server: one process, blocking I/O, the same certificate.
openssl s_server -quiet -accept "127.0.0.1:$FLOOR_PORT" -cert "$PKI/agent.pem" -key "$PKI/agent.key" -www >/dev/null 2>&1 &
SPID=$!
sleep 1
for args in "-new -tls1_3" "-new -tls1_2" "-reuse -tls1_2"; do
  # shellcheck disable=SC2086 # the flags are words
  s_time "$FLOOR_PORT" 3 $args >/dev/null
  # shellcheck disable=SC2086
  measure "$SPID" "openssl s_server, s_time $args" s_time "$FLOOR_PORT" "$DUR" $args
done
kill "$SPID"; SPID=""

# The agent as run_connections.sh configures it.
AGENT_ARGS="--Sip:Limits:MaxConnectionsPerAddress=10000 --Sip:Listeners:2:Protocol=Tls --Sip:Listeners:2:Address=127.0.0.1 \
--Sip:Listeners:2:Port=$TLS_PORT --Sip:Tls:CertificatePath=$PKI/agent.pem --Sip:Tls:KeyPath=$PKI/agent.key" \
  "$B/agent/agent.sh" restart >/dev/null
APID="$(cat "$BENCH_WORK/run/agent.pid")"
for args in "-new -tls1_3" "-new -tls1_2" "-reuse -tls1_2"; do
  # shellcheck disable=SC2086
  s_time "$TLS_PORT" 3 $args >/dev/null
  # shellcheck disable=SC2086
  measure "$APID" "agent, s_time $args" s_time "$TLS_PORT" "$DUR" $args
done
for kind in tcp "tcp reset" "tls" "tls12 resumed" "tls12 resumed reset"; do
  case "$kind" in
    tcp) port="$SIP_PORT"; args=() ;;
    "tcp reset") port="$SIP_PORT"; args=(--reset) ;;
    tls) port="$TLS_PORT"; args=(--tls) ;;
    "tls12 resumed") port="$TLS_PORT"; args=(--tls --tls12 --resume) ;;
    *) port="$TLS_PORT"; args=(--tls --tls12 --resume --reset) ;;
  esac
  loadgen "$port" 3 "${args[@]}" >/dev/null
  measure "$APID" "agent, LoadGen --connect-only $kind at $RATE/s" loadgen "$port" "$DUR" "${args[@]}"
done
echo "results: $OUT/report.md"
