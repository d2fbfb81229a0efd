#!/usr/bin/env bash
# Start / stop / inspect our PresenceAgent for the benchmarks, by pid (the
# counterpart of kamailio/kam.sh; written for this project, not from the reference harness).
#
#   bench/agent/agent.sh start     # background, pid in $BENCH_WORK/run/agent.pid
#   bench/agent/agent.sh stop      # SIGTERM to that pid only, waits for exit
#   bench/agent/agent.sh restart
#   bench/agent/agent.sh status    # pid, RSS/PSS, /healthz
#   bench/agent/agent.sh mem       # one line: nprocs rss_kb pss_kb gc_rss_bytes anon_rss_bytes
#
# Configuration used (the shipped defaults embedded in the binary, plus):
#   command line  --Sip:Listeners:0:Port=5070 --Sip:Listeners:1:Port=5070 (UDP+TCP on 127.0.0.1:5070)
#                 --Sip:RateLimits:PerSecond=1000000 --Sip:RateLimits:Burst=10000000 (SIPp is one source
#                 sending thousands of new SUBSCRIBEs a second)
#                 --Sip:Domains:3=conf.bench.local  --Serilog:MinimumLevel:Default=Warning
#                 --Http:Urls=http://127.0.0.1:8099
#   appsettings.json in the working directory ($BENCH_WORK/run/agent/), generated here:
#                 services room1..room100 (Kind Vmr; ROOMS=N for another count), so that every presentity of
#                 sipp/rooms_100.csv is a configured service. A file's services replace the
#                 shipped sample dial plan whole (services, lists and rules).
# Env: AGENT_DLL (default: the Release build of this tree), SIP_PORT=5070, HTTP_PORT=8099,
#      AGENT_ENV="VAR=value ..." extra environment (e.g. DOTNET_gcServer=0, DOTNET_PerfMapEnabled=1)
#      AGENT_ARGS="--Key=value ..." extra configuration switches (e.g. a TLS listener, bench/run_tls.sh)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
RUN="${BENCH_WORK:-/tmp/presence-bench}/run"
DIR="$RUN/agent"
PIDF="$RUN/agent.pid"
LOG="$RUN/agent.log"
AGENT_DLL="${AGENT_DLL:-$REPO/src/PresenceAgent/bin/Release/net10.0/PresenceAgent.dll}"
SIP_PORT="${SIP_PORT:-5070}"
HTTP_PORT="${HTTP_PORT:-8099}"
mkdir -p "$DIR"

mainpid() { [[ -s "$PIDF" ]] && cat "$PIDF" || true; }
alive() { local p; p="$(mainpid)"; [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null; }

write_settings() {
  python3 - "$DIR/appsettings.json" "${ROOMS:-100}" <<'PY'
import json, sys
services = [dict(Name=f"Room {i}", Kind="Vmr", Description="Benchmark room", Aliases=[f"room{i}"]) for i in range(1, int(sys.argv[2]) + 1)]
json.dump({"Services": services}, open(sys.argv[1], "w"), indent=1)
PY
}

case "${1:-}" in
  start)
    if alive; then echo "already running: pid $(mainpid)"; exit 0; fi
    [[ -f "$AGENT_DLL" ]] || { echo "no $AGENT_DLL: dotnet build -c Release src/PresenceAgent"; exit 1; }
    write_settings
    if ss -Hlnu "sport = :$SIP_PORT" | grep -q . || ss -Hlnt "sport = :$HTTP_PORT" | grep -q .; then
      echo "port $SIP_PORT/udp or $HTTP_PORT/tcp already in use (another server still running?)"; ss -Hlnup "sport = :$SIP_PORT"; exit 1
    fi
    # shellcheck disable=SC2086
    (cd "$DIR" && exec env ${AGENT_ENV:-} nohup dotnet "$AGENT_DLL" \
        --Sip:Listeners:0:Port="$SIP_PORT" --Sip:Listeners:1:Port="$SIP_PORT" \
        --Sip:Domains:3=conf.bench.local --Serilog:MinimumLevel:Default=Warning \
        --Sip:RateLimits:PerSecond=1000000 --Sip:RateLimits:Burst=10000000 \
        --Http:Urls="http://127.0.0.1:$HTTP_PORT" ${AGENT_ARGS:-} >"$LOG" 2>&1 </dev/null) &
    echo $! >"$PIDF"
    for _ in $(seq 1 150); do
      if alive && curl -fs "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && ss -Hlnup "sport = :$SIP_PORT" | grep -q "pid=$(mainpid),"; then
        echo "agent started: pid $(mainpid) ${AGENT_ENV:-}"; exit 0
      fi
      alive || break
      sleep 0.2
    done
    echo "agent failed to start; log:"; tail -20 "$LOG"; exit 1
    ;;
  stop)
    p="$(mainpid)"
    if [[ -z "$p" ]] || ! kill -0 "$p" 2>/dev/null; then echo "not running"; rm -f "$PIDF"; exit 0; fi
    kill -TERM "$p"
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$p" 2>/dev/null; then echo "pid $p still alive after 10s, sending KILL"; kill -KILL "$p"; fi
    rm -f "$PIDF"
    echo "agent stopped (pid $p)"
    ;;
  restart) "$0" stop; "$0" start ;;
  status)
    alive || { echo "not running"; exit 1; }
    p="$(mainpid)"
    echo "pid $p rss=$(awk '/^VmRSS/{print $2}' /proc/$p/status) kB pss=$(awk '/^Pss:/{print $2}' /proc/$p/smaps_rollup) kB"
    curl -fs "http://127.0.0.1:$HTTP_PORT/healthz"; echo
    ;;
  mem)
    alive || { echo "not running"; exit 1; }
    # Three forced collections 2 s apart: the GC gives freed regions back to the OS gradually, over later collections.
    for _ in 1 2; do curl -fs "http://127.0.0.1:$HTTP_PORT/admin/memory?collect=true" >/dev/null 2>&1 || true; sleep 2; done
    if j="$(curl -fs "http://127.0.0.1:$HTTP_PORT/admin/memory?collect=true" 2>/dev/null)" && [[ "$j" == *managedBytes* ]]; then
      live="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["managedBytes"])' "$j")"
      python3 "$HERE/../tools/procmem.py" "$(mainpid)" | awk -v live="$live" '{print $1, $2, $3, live, $5}'
    else
      python3 "$HERE/../tools/procmem.py" "$(mainpid)"
    fi
    ;;
  memkind)
    if curl -fs "http://127.0.0.1:$HTTP_PORT/admin/memory" 2>/dev/null | grep -q managedBytes; then echo managed_live; else echo gc_heap_rss; fi
    ;;
  healthz) curl -fs "http://127.0.0.1:$HTTP_PORT/healthz"; echo ;;
  *) echo "usage: $0 start|stop|restart|status|mem|memkind|healthz" >&2; exit 2 ;;
esac
