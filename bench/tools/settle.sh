#!/usr/bin/env bash
# Waits until the server whose pid is in PIDFILE has been running MIN_UPTIME_S seconds (default 70), so a measured
# run starts after the process's first minute. In that minute the .NET runtime re-compiles the agent's periodic
# work (configuration and theme polls every 2 s, Kestrel's 1 s heartbeat) at tier 1 as it passes 30 calls: about
# 130 ms of one core at 30 s and again at 60 s of uptime, once per process, which stalled SUBSCRIBE answers for about
# 120 ms in runs that started about 48 s after the agent did (bench/RESULTS.md, issue 13, fifteenth session). Kamailio
# gets the same wait, so both servers are measured at the same age.
#
#   bench/tools/settle.sh PIDFILE
set -euo pipefail
pid="$(cat "${1:?PIDFILE}" 2>/dev/null || true)"
[[ -n "$pid" ]] || { echo "settle.sh: no pid in $1, not waiting" >&2; exit 0; }
want="${MIN_UPTIME_S:-70}"
while up="$(ps -o etimes= -p "$pid" 2>/dev/null | tr -d ' ')" && [[ -n "$up" ]] && (( up < want )); do
  sleep "$(( want - up ))"
done
