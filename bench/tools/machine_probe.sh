#!/usr/bin/env bash
# Builds and runs machine_probe.c (memory latency by working set, a register-only loop, a loopback UDP round trip
# between two CPUs), printing its two lines and appending them, with the time, to OUT_FILE when one is given. It takes
# about 10 s. Run it before and after a session: the figures say how fast this machine was, apart from either server.
#
#   bench/tools/machine_probe.sh [OUT_FILE]      (needs a C compiler: apt-get install gcc)
set -euo pipefail
T="$(cd "$(dirname "$0")" && pwd)"
bin="${BENCH_WORK:-/tmp/presence-bench}/machine_probe"
mkdir -p "$(dirname "$bin")"
command -v cc >/dev/null || { echo "machine_probe.sh: no C compiler (apt-get install gcc), not probing" >&2; exit 0; }
[[ "$bin" -nt "$T/machine_probe.c" ]] || cc -O2 -o "$bin" "$T/machine_probe.c"
result="$("$bin")"
echo "$result"
if [[ -n "${1:-}" ]]; then
  { [[ -s "$1" ]] || echo "time	$(head -1 <<<"$result")"; echo "$(date -u +%H:%M:%S)	$(tail -1 <<<"$result")"; } >>"$1"
fi
