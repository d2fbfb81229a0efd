#!/usr/bin/env bash
# How many of LoadGen's TLS handshakes a server actually resumed: a short, slow LoadGen run (CALLS calls at RATE/s,
# default 40 at 20/s) of the given kind while tshark captures the port on lo, then per connection: TLS 1.3 resumed =
# the ServerHello carries pre_shared_key (41); TLS 1.2 resumed = no Certificate message. Prints one line
# "KIND: resumed R of H handshakes (full F)" and keeps the capture in OUTDIR. A probe at a low rate, run apart from the
# measured runs (tshark's cost stays out of them); under load the share can differ.
#
#   bench/kamailio/tls_resume_probe.sh HOST:PORT KIND OUTDIR     # KIND: tls | tls-resume | tls12 | tls12-resume
# Env: TLS_CA, TLS_NAME (pa.bench), RATE=20, CALLS=40, LOADGEN_DLL. Needs tshark (root, or capture rights on lo).
set -euo pipefail
BENCH="$(cd "$(dirname "$0")/.." && pwd)"
TARGET="${1:?HOST:PORT}"; KIND="${2:?KIND}"; OUT="${3:?OUTDIR}"
DLL="${LOADGEN_DLL:-$BENCH/LoadGen/bin/Release/net10.0/PresenceAgent.LoadGen.dll}"
RATE="${RATE:-20}"; CALLS="${CALLS:-40}"
command -v tshark >/dev/null || { echo "$KIND: no tshark, no resumption probe"; exit 0; }
mkdir -p "$OUT"
args=(--target "$TARGET" --tls --rate "$RATE" --duration "$(( (CALLS + RATE - 1) / RATE ))" --calls "$CALLS")
case "$KIND" in
  tls) ;; tls-resume) args+=(--resume) ;; tls12) args+=(--tls12) ;; tls12-resume) args+=(--tls12 --resume) ;;
  *) echo "KIND is tls, tls-resume, tls12 or tls12-resume" >&2; exit 2 ;;
esac
[[ -n "${TLS_CA:-}" ]] && args+=(--ca "$TLS_CA" --tls-name "${TLS_NAME:-pa.bench}")
PORT="${TARGET##*:}"
timeout $(( CALLS / RATE + 30 )) tshark -q -i lo -f "tcp port $PORT" -w "$OUT/probe.pcap" >"$OUT/tshark.log" 2>&1 &
TS=$!
for _ in $(seq 1 50); do grep -q "Capturing on" "$OUT/tshark.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.5
dotnet "$DLL" "${args[@]}" >"$OUT/probe_loadgen.json" 2>"$OUT/probe_loadgen.stderr" || true
sleep 1
kill -INT "$TS" 2>/dev/null || true; wait "$TS" 2>/dev/null || true
hello="$(tshark -r "$OUT/probe.pcap" -d "tcp.port==$PORT,tls" -Y "tls.handshake.type==2" -T fields -e tcp.stream -e tls.handshake.extension.type 2>/dev/null)"
certs="$(tshark -r "$OUT/probe.pcap" -d "tcp.port==$PORT,tls" -Y "tls.handshake.type==11" -T fields -e tcp.stream 2>/dev/null)"
python3 - "$KIND" "$hello" "$certs" <<'PY'
import sys
kind, hello, certs = sys.argv[1:]
cert = {l.strip() for l in certs.splitlines() if l.strip()}
seen, resumed = set(), 0
for line in hello.splitlines():
    stream, _, ext = line.partition('\t')
    if not stream or stream in seen:
        continue
    seen.add(stream)
    types = set(ext.split(','))
    tls13 = '43' in types                       # supported_versions in a ServerHello: TLS 1.3
    resumed += ('41' in types) if tls13 else (stream not in cert)
print(f"{kind}: resumed {resumed} of {len(seen)} handshakes (full {len(seen) - resumed})")
PY
