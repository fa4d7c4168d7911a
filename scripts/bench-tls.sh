#!/usr/bin/env bash
# TLS termination and HTTP/2 against the peers in one run: the TLS and HTTP/2 rows of
# scripts/bench-all.sh (wrk over https, HTTP/1.1 keep-alive; h2load -c CONNECTIONS -m 10), every
# proxy with the same certificate. Usage: scripts/bench-tls.sh [seconds=10]  (env as bench-all.sh's)
exec env MODES="tls h2" "$(dirname "$0")/bench-all.sh" "$@"
