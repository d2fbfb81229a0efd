#!/usr/bin/env bash
# One bounded run of bench/LoadGen (ours): sipp/subscribe_unsubscribe.xml's call on a new TCP or TLS connection per
# call, at a fixed rate. The counterpart of run_throughput.sh for connection runs: same arguments, same
# OUTDIR/summary.json layout (the generator's report sits under "sipp", so find_max_rate.sh reads it unchanged with
# RUNNER=bench/run_loadgen.sh).
#
#   bench/run_loadgen.sh HOST:PORT RATE [DURATION_S=30] [OUTDIR]
#
# Env:
#   LOADGEN=tcp         tcp | tls (a full handshake per call) | tls-resume (TLS 1.3 tickets of earlier calls offered)
#                       | tls12 | tls12-resume (TLS 1.2 only: its resumption skips the key exchange, 1.3's does not)
#   CONNECTIONS=0       0: a new connection per call. N: every call over one of N long-lived connections opened
#                       (and handshaken) before the run, as a Front End pool's; the run is labelled "KIND pool N"
#   LOADGEN_ARGS=       more LoadGen switches, e.g. --connect-only (connections without calls)
#   TLS_CA=             PEM root the agent's certificate must chain to (with TLS_NAME, default pa.bench)
#   LOADGEN_DLL         default: the Release build of bench/LoadGen in this tree
#   SERVER_PIDFILE / SERVER_PIDS, QUIET_WAIT, LIMIT=10000   as for run_throughput.sh
# Every run ends by itself: the generator starts RATE*DURATION calls, cancels what is left DURATION+15 s after its
# start, and a watchdog here kills only its pid after DURATION+60 s.
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
TARGET="${1:?HOST:PORT}"; RATE="${2:?RATE}"; DUR="${3:-30}"
OUT="${4:-${BENCH_WORK:-/tmp/presence-bench}/results/loadgen/r${RATE}_$(date +%H%M%S)}"
LOADGEN="${LOADGEN:-tcp}"
DLL="${LOADGEN_DLL:-$BENCH/LoadGen/bin/Release/net10.0/PresenceAgent.LoadGen.dll}"
SERVER_PIDFILE="${SERVER_PIDFILE:-${BENCH_WORK:-/tmp/presence-bench}/run/agent.pid}"
[[ -f "$DLL" ]] || { echo "no $DLL: dotnet build -c Release bench/LoadGen" >&2; exit 1; }
mkdir -p "$OUT"

args=(--target "$TARGET" --rate "$RATE" --duration "$DUR" --limit "${LIMIT:-10000}")
case "$LOADGEN" in
  tcp) ;;
  tls) args+=(--tls) ;;
  tls-resume) args+=(--tls --resume) ;;
  tls12) args+=(--tls --tls12) ;;
  tls12-resume) args+=(--tls --tls12 --resume) ;;
  *) echo "LOADGEN is tcp, tls, tls-resume, tls12 or tls12-resume" >&2; exit 2 ;;
esac
[[ "$LOADGEN" != tcp && -n "${TLS_CA:-}" ]] && args+=(--ca "$TLS_CA" --tls-name "${TLS_NAME:-pa.bench}")
KIND="$LOADGEN"
if (( ${CONNECTIONS:-0} > 0 )); then args+=(--connections "$CONNECTIONS"); KIND="$LOADGEN pool $CONNECTIONS"; fi
# shellcheck disable=SC2206
args+=(${LOADGEN_ARGS:-})

ign=()
if [[ -n "${SERVER_PIDS:-}" ]]; then for p in $SERVER_PIDS; do ign+=(--ignore-pid "$p"); done
elif [[ -s "$SERVER_PIDFILE" ]]; then ign+=(--ignore-pid "$(cat "$SERVER_PIDFILE")"); fi
QUIET=1
python3 "$BENCH/tools/quiet.py" --wait "${QUIET_WAIT:-0}" --log "$OUT/quiet.log" "${ign[@]}" >/dev/null || QUIET=0

dotnet "$DLL" "${args[@]}" >"$OUT/loadgen.json" 2>"$OUT/loadgen.stderr" &
LG=$!
cpuargs=(--max-seconds "$((DUR + 60))" --out "$OUT/cpu.csv" --client-pid "$LG" --until-exit "$LG")
if [[ -n "${SERVER_PIDS:-}" ]]; then for p in $SERVER_PIDS; do cpuargs+=(--server-pid "$p"); done
else cpuargs+=(--server-pidfile "$SERVER_PIDFILE"); fi
CPU_JSON="$(python3 "$BENCH/tools/cpumon.py" "${cpuargs[@]}")"
if kill -0 "$LG" 2>/dev/null; then echo "loadgen $LG overran, killing it" >&2; kill -TERM "$LG" 2>/dev/null || true; fi
set +e; wait "$LG"; RC=$?; set -e

python3 - "$OUT" "$TARGET" "$RATE" "$DUR" "$KIND" "$RC" "$QUIET" "$CPU_JSON" <<'PY'
import json, sys
out, target, rate, dur, kind, rc, quiet, cpu = sys.argv[1:]
try:
    g = json.load(open(f"{out}/loadgen.json"))
except (OSError, ValueError):
    g = dict(clean=False, successful=0, failed=None, error=open(f"{out}/loadgen.stderr").read()[-2000:])
c = json.loads(cpu)
ok = g.get("successful") or 0
if ok:
    c["server_cpu_us_per_call"] = round(c["server_cpu_s"] / ok * 1e6, 1)
    c["client_cpu_us_per_call"] = round(c["client_cpu_s"] / ok * 1e6, 1)
d = dict(target=target, rate=int(rate), duration_s=int(dur), calls=int(rate) * int(dur), generator="loadgen",
         transport=kind, loadgen_rc=int(rc), quiet_before=quiet == "1", sipp=g, cpu=c)
json.dump(d, open(f"{out}/summary.json", "w"), indent=1)
r = g.get("rtd_ms", {})
p = lambda k: "/".join(str(r.get(k, {}).get(q)) for q in ("p50", "p90", "p99"))
print(f"{kind} rate={rate} clean={g.get('clean')} ok={ok}/{d['calls']} failed={g.get('failed')} {json.dumps(g.get('failures', {}))} "
      f"elapsed={g.get('elapsed_s')}s setup={p('setup')} sub={p('sub')} unsub={p('unsub')} ms "
      f"cpu server={c['server_cpu_avg_pct']}% loadgen={c['client_cpu_avg_pct']}% other={c['other_cpu_avg_pct']}% "
      f"server_us/call={c.get('server_cpu_us_per_call')} quiet_before={d['quiet_before']}")
PY
