#!/usr/bin/env bash
# Kamailio's own TLS-versus-TCP cost with a new connection per call, measured the way run_connections.sh measures
# our agent: the same generator (bench/LoadGen through run_loadgen.sh), the same call (sipp/subscribe_unsubscribe.xml:
# SUBSCRIBE, 200, NOTIFY, 200, SUBSCRIBE Expires 0, 200, NOTIFY, 200), the same ports (TCP 5070, TLS 5071), the same
# kind of certificate (ECDSA P-256 for pa.bench, tools/tls_pki.sh), the same warm-up (1 000 calls/s for 5 s in the
# phase's own kind on a fresh server), and the server's CPU over all its processes (cpumon.py: the main pid of
# kamailio.pid and its children). So issue 13's "TLS at least 70 % of TCP's rate" can be read for Kamailio beside
# the agent's ratio. Phases:
#   tcp           LoadGen over TCP, a new connection per call                              -> 127.0.0.1:5070
#   tls           LoadGen --tls: a full TLS 1.3 handshake per call                          -> 127.0.0.1:5071
#   tls12-resume  LoadGen --tls --tls12 --resume: TLS 1.2, offering the session of an earlier call
#   (tls-resume and tls12 are accepted as well, as run_loadgen.sh knows them)
#   tcp-pool, tls-pool, tls12-pool   every call over one of POOL=200 long-lived connections opened before the run, as
#                 run_connections.sh's phases of the same names measure the agent (TLS 1.3, TLS 1.2)
# Kamailio runs with kam.sh TLS=1 (tls.so, TLSv1.2+, session cache on, tickets OpenSSL's default) and PREFAULT=1 as
# run.sh's load phases start it, restarted (and room1 PUBLISHed) before every run.
#
# Two limits of Kamailio 5.6.3 (Debian) with OpenSSL 3, seen on this VM, set the TLS phases' defaults:
# * With its 2 TCP workers (tcp_children=2) it crashes under TLS load: "tlsf_free: freeing already freed pointer ...
#   called from tls: tls_init.c: ser_free", a worker aborts and Kamailio exits (kamailio/kamailio#3791; fixed only in
#   later versions by tls_threads_mode). 3 of 6 four-second runs at 1 000 calls/s crashed, full or resumed handshakes;
#   with one TCP worker none of 5 did.
# * It keeps one SSL_CTX per process, so a TLS session or ticket made by one TCP worker resumes only on a connection
#   handed to the same one. LoadGen (.NET) offers the latest session it got and tcp_main hands connections to the
#   workers in turn, so with 2 workers almost nothing resumes (tshark: 0 of 40 at 20/s, 36 of 400 at 200/s); with one
#   worker 39 of 40 do.
# So the TLS phases run with one TCP worker (kam.sh TCP_CHILDREN=1: all TCP/TLS reading and SIP handling in one
# process; tcp_main still accepts, timers and UDP receivers as usual) and the tcp phase with the configuration's 2;
# TCP_CHILDREN_<PHASE> overrides (e.g. TCP_CHILDREN_TCP=1 for the same shape everywhere). The pool phases all run
# with one worker, TCP's included, so that their TLS/TCP ratio compares one shape. The CPU per call counts
# every Kamailio process either way, but one worker is one core: mind its ceiling when choosing RATES_TLS*. Every run
# records its worker count and any crash (kamailio.log copied into the run) in summary.tsv, and after every *-resume
# run kamailio/tls_resume_probe.sh (tshark, 40 calls at 20/s, apart from the measured run) counts resumed handshakes.
#
#   bench/run_kamailio_tls.sh [PHASES="tcp tls tls12-resume"] [OUT]
#
# Env:
#   RATES_TCP="5000" RATES_TLS="1000" RATES_TLS12_RESUME="1500" (RATES_TLS_RESUME, RATES_TLS12: 1000)   calls/s
#   RATES_TCP_POOL, RATES_TLS_POOL, RATES_TLS12_POOL (5000)   POOL=200 (connections of the pool phases)
#   DUR=30 REPS=1   SPACING_S=10 (pause after each run)   QUIET_WAIT=120 (wait for other processes to calm down)
#   ALTERNATE=1 (the phases in turns, rep by rep)
#   WARMUP_RATE=1000 WARMUP_S=5   KAM_PREFAULT=1 (0: start Kamailio without touching its shm first)
#   TCP_CHILDREN_TCP="" (the cfg's 2) TCP_CHILDREN_TLS=1 TCP_CHILDREN_TLS12_RESUME=1 (any tls* phase: 1)   workers
#   RESUME_PROBE=1 (0: no tshark probe after the *-resume runs)
#   BENCH_WORK (default /tmp/presence-bench): Kamailio's run folder and the PKI (tls-ec) live there
# Output: OUT/<phase>_r<rate>_<rep>/summary.json (run_loadgen.sh's), OUT/summary.tsv (one line per run),
#   OUT/report.md (tools/connections_report.py, its columns named Kamailio), run.log, sysctl.txt.
# Uses 127.0.0.1:5070 (UDP, TCP) and 5071 (TCP): refuses to start while anything listens there (an agent, another
# Kamailio); stops the Kamailio it started (by pid, kam.sh stop) at exit.
set -euo pipefail
B="$(cd "$(dirname "$0")" && pwd)"
export BENCH_WORK="${BENCH_WORK:-/tmp/presence-bench}"
PHASES="${1:-tcp tls tls12-resume}"
OUT="$(realpath -m "${2:-$BENCH_WORK/results/kamailio_tls_$(date +%H%M%S)}")"  # absolute: the CPU monitor runs elsewhere
DUR="${DUR:-30}"; REPS="${REPS:-1}"; SPACING_S="${SPACING_S:-10}"
WARMUP_RATE="${WARMUP_RATE:-1000}"; WARMUP_S="${WARMUP_S:-5}"
export QUIET_WAIT="${QUIET_WAIT:-120}"
export SERVER_PIDFILE="$BENCH_WORK/run/kamailio.pid"
KAM="$B/kamailio/kam.sh"

for ph in $PHASES; do
  case "$ph" in tcp | tls | tls-resume | tls12 | tls12-resume | tcp-pool | tls-pool | tls12-pool) ;;
    *) echo "unknown phase $ph (tcp tls tls-resume tls12 tls12-resume tcp-pool tls-pool tls12-pool)" >&2; exit 2 ;; esac
done
command -v kamailio >/dev/null || { echo "needs kamailio (apt-get install kamailio kamailio-presence-modules)" >&2; exit 1; }
[[ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so ]] || { echo "needs Kamailio's tls module (apt-get install kamailio-tls-modules)" >&2; exit 1; }
command -v sipp >/dev/null || { echo "needs sipp for kam.sh publish (apt-get install sip-tester)" >&2; exit 1; }
# Never two servers at once: nothing may listen on the ports (a Kamailio of kam.sh's included: it may lack TLS).
busy="$( { ss -Hlnu "sport = :5070"; ss -Hlnt "sport = :5070"; ss -Hlnt "sport = :5071"; } 2>/dev/null)"
if [[ -n "$busy" ]]; then
  echo "127.0.0.1:5070/5071 in use (an agent or a Kamailio is up; stop it first):" >&2
  { ss -Hlnup "sport = :5070"; ss -Hlntp "( sport = :5070 or sport = :5071 )"; } >&2
  exit 1
fi
[[ -f "$B/LoadGen/bin/Release/net10.0/PresenceAgent.LoadGen.dll" ]] || dotnet build -c Release "$B/LoadGen" >/dev/null
mkdir -p "$OUT"
trap '"$KAM" stop >/dev/null 2>&1 || true' EXIT

# --- sysctl (recorded; LoadGen connects without bind and reuses loopback TIME_WAIT ports with tcp_tw_reuse) -------
(( $(sysctl -n net.core.somaxconn) >= 1024 )) || echo "warning: net.core.somaxconn < 1024 clamps Kamailio's listen backlog (1024)" | tee -a "$OUT/run.log"
[[ "$(sysctl -n net.ipv4.tcp_tw_reuse)" != 0 ]] || echo "warning: net.ipv4.tcp_tw_reuse=0: LoadGen runs out of loopback ports" | tee -a "$OUT/run.log"
"$B/tools/sysctl_record.sh" "$OUT/sysctl.txt"
"$B/tools/machine_probe.sh" "$OUT/machine.tsv" >/dev/null   # how fast the machine was, before and after
echo "phases=$PHASES DUR=$DUR REPS=$REPS KAM_PREFAULT=${KAM_PREFAULT:-1} WARMUP=${WARMUP_RATE}x${WARMUP_S}s" >"$OUT/settings.txt"
{ kamailio -v | head -1; dpkg-query -W kamailio kamailio-presence-modules kamailio-tls-modules 2>/dev/null; openssl version; } >"$OUT/versions.txt" 2>&1 || true

PKI="$("$B/tools/tls_pki.sh")"
export TLS_CA="$PKI/ca.pem" TLS_NAME=pa.bench

port() { [[ "$1" == tls* ]] && echo 5071 || echo 5070; }
rates() { local v="RATES_$(tr 'a-z-' 'A-Z_' <<<"$1")"; case "$1" in tcp | *-pool) d=5000 ;; tls12-resume) d=1500 ;; *) d=1000 ;; esac; echo "${!v:-$d}"; }
workers() { local v="TCP_CHILDREN_$(tr 'a-z-' 'A-Z_' <<<"$1")"; [[ "$1" == tls* || "$1" == *-pool ]] && d=1 || d=""; echo "${!v-$d}"; }
# run_loadgen.sh's kind (LOADGEN) and pool size (CONNECTIONS) for a phase
loadgen() { LOADGEN="${1%-pool}" CONNECTIONS="$([[ "$1" == *-pool ]] && echo "${POOL:-200}" || echo 0)" "$B/run_loadgen.sh" "${@:2}"; }
crashes() { grep -c -E "exited by a signal|BUG: .*free|Assertion" "$BENCH_WORK/run/kamailio.log" 2>/dev/null || true; }
fresh() {  # phase name
  "$KAM" stop >/dev/null
  TLS=1 TCP_CHILDREN="$(workers "$1")" PREFAULT="${KAM_PREFAULT:-1}" "$KAM" start >>"$OUT/run.log"
  "$KAM" publish >>"$OUT/run.log"
  cp "$BENCH_WORK/run/kamailio.cfg" "$BENCH_WORK/run/tls.cfg" "$OUT/"   # what ran (kamailio.cfg before -A defines)
  QUIET_WAIT=0 loadgen "$1" "127.0.0.1:$(port "$1")" "$WARMUP_RATE" "$WARMUP_S" "$OUT/warmup_$2" >/dev/null 2>&1 || true
  sleep 5
}

one_run() { # phase rate rep
  local ph="$1" r="$2" i="$3"
  fresh "$ph" "$ph"
  if [[ "$(crashes)" != 0 ]] || ! "$KAM" status >/dev/null; then   # crashed in the warm-up: once more
    echo "kamailio $ph: crashed during the warm-up, restarting" | tee -a "$OUT/run.log"
    cp "$BENCH_WORK/run/kamailio.log" "$OUT/warmup_$ph/kamailio.log" 2>/dev/null || true
    fresh "$ph" "$ph"
  fi
  local run="$OUT/${ph}_r${r}_$i"
  echo "kamailio $ph: $(loadgen "$ph" "127.0.0.1:$(port "$ph")" "$r" "$DUR" "$run")" | tee -a "$OUT/run.log"
  local w; w="$(workers "$ph")"; printf 'tcp_workers=%s\ncrash_lines=%s\n' "${w:-2}" "$(crashes)" >"$run/kamailio_run.txt"
  cp "$BENCH_WORK/run/kamailio.log" "$run/kamailio.log"
  [[ "$(crashes)" == 0 ]] || echo "kamailio $ph: CRASHED during the run (see $run/kamailio.log)" | tee -a "$OUT/run.log"
  if [[ "$ph" == *-resume && "${RESUME_PROBE:-1}" == 1 ]]; then
    sleep 2
    "$B/kamailio/tls_resume_probe.sh" "127.0.0.1:$(port "$ph")" "$ph" "$run/resume_probe" | tee "$run/resume_probe.txt" | tee -a "$OUT/run.log"
  fi
  sleep "$SPACING_S"
}

# ALTERNATE=1 runs the phases in turns (tcp-pool, tls-pool, tcp-pool, ...), as run_connections.sh does for the agent,
# so that a change of the machine's speed weighs on both sides of a ratio.
if [[ "${ALTERNATE:-0}" == 1 ]]; then
  for ((i = 1; i <= REPS; i++)); do for ph in $PHASES; do for r in $(rates "$ph"); do one_run "$ph" "$r" "$i"; done; done; done
else
  for ph in $PHASES; do for r in $(rates "$ph"); do for ((i = 1; i <= REPS; i++)); do one_run "$ph" "$r" "$i"; done; done; done
fi
"$KAM" stop >/dev/null

# --- summary.tsv: one line per run ------------------------------------------------------------------------------
python3 - "$OUT" "$PHASES" <<'PY' | tee -a "$OUT/run.log"
import glob, json, os, re, sys
out, phases = sys.argv[1], sys.argv[2].split()
rows = []
order = lambda p: (phases.index(re.sub(r'_r\d+_\d+$', '', os.path.basename(os.path.dirname(p))))
                   if re.sub(r'_r\d+_\d+$', '', os.path.basename(os.path.dirname(p))) in phases else 99, p)
for path in sorted(glob.glob(os.path.join(out, '*_r*_*', 'summary.json')), key=order):
    run = os.path.basename(os.path.dirname(path))
    m = re.match(r'(.+)_r(\d+)_(\d+)$', run)
    if not m or run.startswith('warmup'):
        continue
    d = json.load(open(path)); g, c = d.get('sipp', {}), d.get('cpu', {})
    probe = os.path.join(os.path.dirname(path), 'resume_probe.txt')
    pm = re.search(r'resumed (\d+) of (\d+)', open(probe).read()) if os.path.exists(probe) else None
    kr = os.path.join(os.path.dirname(path), 'kamailio_run.txt')
    k = dict(l.strip().split('=', 1) for l in open(kr) if '=' in l) if os.path.exists(kr) else {}
    rows.append([m[1], m[2], m[3], g.get('clean'), c.get('server_cpu_us_per_call'), c.get('client_cpu_us_per_call'),
                 g.get('successful'), d.get('calls'), g.get('failed'), c.get('server_cpu_avg_pct'),
                 c.get('client_cpu_avg_pct'), c.get('other_cpu_avg_pct'), d.get('quiet_before'),
                 f"{pm[1]}/{pm[2]}" if pm else '-', k.get('tcp_workers', '-'), k.get('crash_lines', '-'), run])
with open(os.path.join(out, 'summary.tsv'), 'w') as f:
    f.write('phase\trate\trep\tclean\tserver_us_per_call\tclient_us_per_call\tok\tcalls\tfailed\tserver_cpu_pct\t'
            'client_cpu_pct\tother_cpu_pct\tquiet_before\tresumed\ttcp_workers\tcrash_lines\trun\n')
    for r in rows:
        f.write('\t'.join(str(x) for x in r) + '\n')
print(open(os.path.join(out, 'summary.tsv')).read(), end='')
PY
# Medians per kind and rate, TLS beside TCP at the same rate: the report's second table.
python3 "$B/tools/connections_report.py" "$OUT" Kamailio >"$OUT/report.md" || true
sed -n '/^| kind /,$p' "$OUT/report.md" | tee -a "$OUT/run.log"
"$B/tools/machine_probe.sh" "$OUT/machine.tsv" >/dev/null
echo "results: $OUT"
