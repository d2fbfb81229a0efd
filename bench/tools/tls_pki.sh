#!/usr/bin/env bash
# The bench's throw-away ECDSA P-256 certificate for pa.bench under $BENCH_WORK/tls-ec/ (CA ca.pem, server
# agent.pem + agent.key), for run_connections.sh (our agent) and kamailio/kam.sh TLS=1 alike, so both servers show
# LoadGen the same kind of certificate and LoadGen checks either against the same ca.pem. Makes the files only when
# agent.pem is missing (an existing set is reused); prints the folder.
#
#   bench/tools/tls_pki.sh
set -euo pipefail
PKI="${BENCH_WORK:-/tmp/presence-bench}/tls-ec"; NAME=pa.bench
mkdir -p "$PKI"
if [[ ! -s "$PKI/agent.pem" ]]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$PKI/ca.key" -out "$PKI/ca.pem" -days 30 -subj "/CN=bench CA" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$PKI/agent.key" -out "$PKI/agent.csr" -subj "/CN=$NAME" 2>/dev/null
  printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$NAME" >"$PKI/ext.cnf"
  openssl x509 -req -in "$PKI/agent.csr" -CA "$PKI/ca.pem" -CAkey "$PKI/ca.key" -CAcreateserial -out "$PKI/agent.pem" \
    -days 30 -extfile "$PKI/ext.cnf" 2>/dev/null
fi
echo "$PKI"
