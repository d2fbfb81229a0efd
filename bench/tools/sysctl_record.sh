#!/usr/bin/env bash
# Writes the kernel settings a connection-per-call run depends on (TIME_WAIT, port range, listen backlogs) and the
# descriptor limit to FILE, so a run's figures can be read with them.
#
#   bench/tools/sysctl_record.sh FILE
set -euo pipefail
for k in net.ipv4.tcp_max_tw_buckets net.ipv4.tcp_tw_reuse net.ipv4.ip_local_port_range net.core.somaxconn net.ipv4.tcp_max_syn_backlog; do
  echo "$k = $(sysctl -n "$k")"
done >"${1:?FILE}"
echo "ulimit -n = $(ulimit -n)" >>"$1"
