#!/usr/bin/env bash
# Soak test of aileron serve, on loopback only, bounded in time (it stops by itself; SOAK_MAX_SECONDS
# is a hard limit, default 900). Five nginx upstreams (one process each, so one can be killed) on
# free ports; aileron in front with health checks on; wrk as the load. Phases:
#   reload   wrk 64 connections for RELOAD_SECONDS (30) while the config file is rewritten 20 times,
#            valid and invalid in turn, the upstream set changing, in place and by rename
#   faults   wrk while upstreams are killed (SIGKILL) and brought back, one after another
#   hostile  wrk while malformed, oversized, path-escaping, CONNECT and slowloris requests are sent
#   memory   REQUESTS (1,000,000) requests after a warm-up; aileron's RSS before and after
#   sigterm  wrk while aileron gets SIGTERM: every request an upstream answered must reach wrk
# Prints each phase's figures, then a summary table for docs/operations.md's Reliability section.
# Needs: wrk, nginx, curl, the .NET SDK.   Usage: scripts/soak.sh   (env: see the defaults below)
# AILERON_DLL runs a built aileron.dll instead of publishing this checkout in Release.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONNECTIONS=${CONNECTIONS:-64}
RELOAD_SECONDS=${RELOAD_SECONDS:-30}
REWRITES=${REWRITES:-20}
FAULT_SECONDS=${FAULT_SECONDS:-24}
HOSTILE_SECONDS=${HOSTILE_SECONDS:-12}
REQUESTS=${REQUESTS:-1000000}
WARMUP=${WARMUP:-100000}
SOAK_MAX_SECONDS=${SOAK_MAX_SECONDS:-900}
for tool in wrk nginx curl dotnet; do
  command -v "$tool" >/dev/null || { echo "soak: missing $tool (apt-get install -y wrk nginx curl)" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/aileron-soak.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  # Upstreams restarted by a background phase are not in pids: their pid files name them.
  for f in "$WORK"/up*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
  wait 2>/dev/null
}
trap cleanup EXIT
trap 'echo "soak: interrupted" >&2; exit 130' INT TERM
# The hard limit: whatever hangs, the script ends (its EXIT trap stops every process it started).
( sleep "$SOAK_MAX_SECONDS"; echo "soak: hard limit of ${SOAK_MAX_SECONDS}s reached" >&2; kill -TERM $$ ) &
watchdog=$!
pids+=("$watchdog")

free_port() { # a loopback port nothing listens on
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
wait_http() { # url
  for _ in $(seq 1 200); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.05; done
  echo "soak: $1 did not come up" >&2; return 1
}

# --- upstreams: nginx, one process per port, each logging the requests it answers -------------
UP_PORTS=()
UP_PIDS=()
start_upstream() { # index
  local i=$1 port=${UP_PORTS[$1]}
  cat >"$WORK/up$i.conf" <<EOF
# One process, no master: SIGKILL to it is an upstream crash, sockets and all.
master_process off;
daemon off;
pid $WORK/up$i.pid;
error_log $WORK/up$i.err warn;
events { worker_connections 4096; }
http {
  access_log $WORK/up$i.access.log combined buffer=64k flush=1s;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$port; location / { return 200 "upstream $i\n"; } }
}
EOF
  nginx -c "$WORK/up$i.conf" -e "$WORK/up$i.err" &
  UP_PIDS[$i]=$!
  disown "${UP_PIDS[$i]}" # killed on purpose in the fault phase: no "Killed" line from the shell
  pids+=("${UP_PIDS[$i]}")
}
for i in 0 1 2 3 4; do UP_PORTS[$i]=$(free_port); start_upstream "$i"; done
for i in 0 1 2 3 4; do wait_http "http://127.0.0.1:${UP_PORTS[$i]}/" || exit 1; done
answered_by_upstreams() { # requests the upstreams have answered, health checks left out
  sleep 2 # nginx flushes its log buffer every second
  cat "$WORK"/up*.access.log 2>/dev/null | grep -vc 'aileron-health-check'
}

# --- aileron ---------------------------------------------------------------------------------
if [ -z "${AILERON_DLL:-}" ]; then
  echo "soak: publishing aileron (Release)..."
  dotnet publish "$ROOT/src/Aileron.Tool" -c Release -o "$WORK/aileron" -v quiet -nologo >/dev/null || { echo "soak: build failed" >&2; exit 2; }
  AILERON_DLL="$WORK/aileron/aileron.dll"
fi
PROXY_PORT=$(free_port)
CONFIG="$WORK/config.yaml"
config_for() { # upstream indexes...
  local health="enableActive: true, healthCheckInterval: 1, unhealthyThreshold: 1, healthyThreshold: 1, enablePassive: true, consecutiveFailures: 3, baseEjectionTime: 2s"
  cat <<EOF
apiVersion: core/v1
kind: Entrypoint
spec:
  runners:
    - {apiVersion: core/v1, kind: HTTPServer}
---
apiVersion: core/v1
kind: HTTPServer
spec:
  addr: "127.0.0.1:$PROXY_PORT"
  shutdownTimeout: 10
  maxRequestBodySize: 1048576
  virtualHosts:
    - handlers:
        - handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
---
apiVersion: core/v1
kind: ReverseProxyHandler
spec:
  loadBalancers:
    - pathMatcher: {match: /, matchType: Prefix}
      upstreams:
EOF
  for i in "$@"; do echo "        - {url: \"http://127.0.0.1:${UP_PORTS[$i]}\", $health}"; done
}
config_for 0 1 2 3 4 >"$CONFIG"
start_aileron() {
  dotnet "$AILERON_DLL" serve -f "$CONFIG" >"$WORK/aileron.log" 2>&1 &
  AILERON_PID=$!
  pids+=("$AILERON_PID")
  wait_http "http://127.0.0.1:$PROXY_PORT/" || { cat "$WORK/aileron.log" >&2; exit 1; }
}
start_aileron
URL="http://127.0.0.1:$PROXY_PORT/"
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$AILERON_PID/status"; }

# wrk's figures: requests, non-2xx/3xx answers, socket errors (connect read write timeout)
WRK_REQUESTS=0; WRK_NON2XX=0; WRK_ERRORS=0; WRK_ERRORS_DETAIL=""; WRK_RPS=0
run_wrk() { # seconds [connections]
  local out
  out=$(timeout $(( $1 + 30 )) wrk -t2 -c"${2:-$CONNECTIONS}" -d"${1}s" "$URL" 2>&1)
  WRK_REQUESTS=$(awk '/requests in/ {print $1}' <<<"$out")
  WRK_NON2XX=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  WRK_RPS=$(awk '/Requests\/sec:/ {printf "%d", $2}' <<<"$out")
  WRK_ERRORS_DETAIL=$(grep -o 'Socket errors:.*' <<<"$out")
  WRK_ERRORS=$(sed -n 's/.*connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' <<<"$out" | awk '{print $1+$2+$3+$4}')
  WRK_REQUESTS=${WRK_REQUESTS:-0}; WRK_NON2XX=${WRK_NON2XX:-0}; WRK_ERRORS=${WRK_ERRORS:-0}
}
wrk -t2 -c"$CONNECTIONS" -d3s "$URL" >/dev/null 2>&1 # JIT and connection pools warm

# --- phase 1: reload under load --------------------------------------------------------------
echo "== reload: wrk ${CONNECTIONS}c ${RELOAD_SECONDS}s, config rewritten $REWRITES times (valid and invalid in turn)"
sets=("0 1 2" "1 2 3" "2 3 4" "0 3 4" "0 1 2 3 4")
rewrite_loop() {
  local gap_ms=$(( RELOAD_SECONDS * 1000 / (REWRITES + 1) ))
  for n in $(seq 1 "$REWRITES"); do
    sleep "$(awk -v ms="$gap_ms" 'BEGIN {print ms / 1000}')"
    if (( n % 2 == 0 )); then
      # shellcheck disable=SC2086 # the set is a list of indexes
      config_for ${sets[$(( n / 2 % 5 ))]} >"$WORK/next.yaml"
    else
      printf 'apiVersion: core/v1\nkind: HTTPServer\nspec:\n  addr: "%s"\n  shutdownTimeut: 5\n' "127.0.0.1:$PROXY_PORT" >"$WORK/next.yaml"
    fi
    if (( n % 4 < 2 )); then mv -f "$WORK/next.yaml" "$CONFIG"; else cat "$WORK/next.yaml" >"$CONFIG"; fi
  done
}
rewrite_loop &
rewriter=$!
pids+=("$rewriter")
run_wrk "$RELOAD_SECONDS"
wait "$rewriter"
sleep 1
RELOADED=$(grep -c 'config reloaded' "$WORK/aileron.log")
REJECTED=$(grep -c 'config reload rejected: still serving' "$WORK/aileron.log")
R_REQUESTS=$WRK_REQUESTS; R_NON2XX=$WRK_NON2XX; R_ERRORS=$WRK_ERRORS; R_RPS=$WRK_RPS
echo "   $R_REQUESTS requests ($R_RPS/s), non-2xx $R_NON2XX, socket errors $R_ERRORS ($WRK_ERRORS_DETAIL); reloads applied $RELOADED, rejected $REJECTED"
config_for 0 1 2 3 4 >"$CONFIG"
sleep 1

# --- phase 2: upstream faults ----------------------------------------------------------------
echo "== faults: wrk ${CONNECTIONS}c ${FAULT_SECONDS}s while upstreams are killed and restarted"
FAULTS=0
fault_loop() {
  local step=$(( FAULT_SECONDS / 6 ))
  for i in 1 3; do
    sleep "$step"; kill -KILL "${UP_PIDS[$i]}" 2>/dev/null
    sleep "$step"; start_upstream "$i"
  done
}
fault_loop &
faulter=$!
pids+=("$faulter")
run_wrk "$FAULT_SECONDS"
wait "$faulter"
FAULTS=2
F_REQUESTS=$WRK_REQUESTS; F_NON2XX=$WRK_NON2XX; F_ERRORS=$WRK_ERRORS
echo "   $F_REQUESTS requests, non-2xx $F_NON2XX, socket errors $F_ERRORS ($WRK_ERRORS_DETAIL); upstreams killed and restarted: $FAULTS"
for i in 0 1 2 3 4; do wait_http "http://127.0.0.1:${UP_PORTS[$i]}/" || exit 1; done
sleep 3 # let health checks bring the restarted upstreams back

# --- phase 3: hostile input ------------------------------------------------------------------
echo "== hostile: wrk ${CONNECTIONS}c ${HOSTILE_SECONDS}s while bad requests are sent beside it"
BAD_TRIED=0; BAD_REFUSED=0
raw() { # request bytes -> status code of the answer ("000" when the connection was just closed)
  local answer
  answer=$( { exec 3<>"/dev/tcp/127.0.0.1/$PROXY_PORT" && printf '%b' "$1" >&3 && timeout 3 head -c 12 <&3; } 2>/dev/null)
  [[ $answer =~ ^HTTP/1\.[01]\ ([0-9]{3}) ]] && echo "${BASH_REMATCH[1]}" || echo 000
}
big_header=$(head -c 40000 /dev/zero | tr '\0' a)
hostile=(
  'GARBAGE\r\n\r\n'
  'GET /x HTTP/9.9\r\nHost: a\r\n\r\n'
  'GET /x HTTP/1.1\r\nHost: a\r\nBad Name: v\r\n\r\n'
  'GET /x HTTP/1.1\r\n\r\n'
  'POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'
  "GET /x HTTP/1.1\\r\\nHost: a\\r\\nX-Big: $big_header\\r\\n\\r\\n"
  'GET /api/..%2F..%2Fetc/passwd HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'
  'GET /..%252F..%252Fetc HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'
  'CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\nConnection: close\r\n\r\n'
  'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000\r\nConnection: close\r\n\r\n'
  'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n'
)
hostile_loop() {
  local end=$(( SECONDS + HOSTILE_SECONDS - 2 ))
  # slowloris: a few connections that trickle header lines and never finish
  for s in 1 2 3 4; do
    ( exec 3<>"/dev/tcp/127.0.0.1/$PROXY_PORT" || exit; printf 'GET / HTTP/1.1\r\nHost: a\r\n' >&3
      while (( SECONDS < end )); do printf 'X-Slow: %s\r\n' "$s" >&3 2>/dev/null || break; sleep 2; done ) &
  done
  while (( SECONDS < end )); do
    for r in "${hostile[@]}"; do
      code=$(raw "$r")
      echo "$code" >>"$WORK/hostile.codes"
    done
  done
  wait
}
: >"$WORK/hostile.codes"
hostile_loop &
hostiler=$!
pids+=("$hostiler")
run_wrk "$HOSTILE_SECONDS"
wait "$hostiler"
BAD_TRIED=$(wc -l <"$WORK/hostile.codes")
BAD_REFUSED=$(grep -cE '^(4[0-9][0-9]|505|000)$' "$WORK/hostile.codes")
SMUGGLED=$(grep -c 'smuggled' "$WORK"/up*.access.log 2>/dev/null | awk -F: '{s += $NF} END {print s + 0}')
H_REQUESTS=$WRK_REQUESTS; H_NON2XX=$WRK_NON2XX; H_ERRORS=$WRK_ERRORS
echo "   $H_REQUESTS requests, non-2xx $H_NON2XX, socket errors $H_ERRORS; bad requests tried $BAD_TRIED (+4 slowloris connections): refused $BAD_REFUSED, smuggled requests seen upstream $SMUGGLED"
echo "   (the Content-Length + chunked request is forwarded as Kestrel reads it, chunked, so it is answered 200; what hides behind it is not)"
echo "   codes: $(sort "$WORK/hostile.codes" | uniq -c | awk '{printf "%s×%s ", $1, $2}')"

# --- phase 4: memory over a million requests -------------------------------------------------
echo "== memory: $WARMUP requests to warm up, then $REQUESTS requests"
DONE_REQUESTS=0
M_LOST=0
requests_of() { # count: run wrk in slices until that many requests are done (into DONE_REQUESTS)
  DONE_REQUESTS=0
  while (( DONE_REQUESTS < $1 )); do
    run_wrk 10
    DONE_REQUESTS=$(( DONE_REQUESTS + WRK_REQUESTS ))
    M_LOST=$(( M_LOST + WRK_NON2XX + WRK_ERRORS ))
  done
}
requests_of "$WARMUP"
RSS_BEFORE=$(rss_kb)
requests_of "$REQUESTS"
M_REQUESTS=$DONE_REQUESTS
RSS_AFTER=$(rss_kb)
RSS_GROWTH=$(awk -v a="$RSS_BEFORE" -v b="$RSS_AFTER" 'BEGIN {printf "%.1f", (b - a) * 100 / a}')
echo "   $M_REQUESTS requests; RSS after warm-up $((RSS_BEFORE / 1024)) MB, after $((RSS_AFTER / 1024)) MB: ${RSS_GROWTH}%"

# --- phase 5: SIGTERM under load --------------------------------------------------------------
echo "== sigterm: wrk ${CONNECTIONS}c, SIGTERM to aileron after 3 s"
before=$(answered_by_upstreams)
out_file="$WORK/wrk-sigterm.txt"
( timeout 40 wrk -t2 -c"$CONNECTIONS" -d10s "$URL" >"$out_file" 2>&1 ) &
wrker=$!
sleep 3
kill -TERM "$AILERON_PID"
wait "$AILERON_PID"; AILERON_EXIT=$?
wait "$wrker"
after=$(answered_by_upstreams)
S_UPSTREAM=$(( after - before ))
S_ANSWERED=$(awk '/requests in/ {print $1}' "$out_file")
S_NON2XX=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out_file"); S_NON2XX=${S_NON2XX:-0}
S_ERRORS=$(grep -o 'Socket errors:.*' "$out_file")
S_LOST=$(( S_UPSTREAM - S_ANSWERED + S_NON2XX ))
(( S_LOST < 0 )) && S_LOST=0
echo "   upstreams answered $S_UPSTREAM, wrk received $S_ANSWERED (non-2xx $S_NON2XX); exit code $AILERON_EXIT"
echo "   ${S_ERRORS:-no socket errors}: requests never accepted (wrk writing to connections the stopping proxy closed, reconnecting to a closed port)"

# --- summary ------------------------------------------------------------------------------------
CARRIED=$(( R_REQUESTS + F_REQUESTS + H_REQUESTS + M_REQUESTS + S_ANSWERED ))
LOST=$(( R_NON2XX + R_ERRORS + H_NON2XX + H_ERRORS + M_LOST + S_LOST ))
cat <<EOF

== summary ($(nproc) cores, loopback, wrk -c$CONNECTIONS)
| figure | value |
| --- | --- |
| requests carried | $CARRIED |
| config rewrites under load (valid / invalid) | $REWRITES ($RELOADED applied, $REJECTED rejected) |
| reload phase: non-2xx / socket errors | $R_NON2XX / $R_ERRORS of $R_REQUESTS |
| faults injected (upstream SIGKILL + restart) | $FAULTS |
| fault phase: non-2xx / socket errors | $F_NON2XX / $F_ERRORS of $F_REQUESTS |
| bad inputs tried (+ slowloris connections) | $BAD_TRIED (+4): $BAD_REFUSED refused with 4xx/505, $SMUGGLED smuggled through |
| hostile phase: non-2xx / socket errors for wrk | $H_NON2XX / $H_ERRORS of $H_REQUESTS |
| RSS after warm-up → after $M_REQUESTS requests | $((RSS_BEFORE / 1024)) MB → $((RSS_AFTER / 1024)) MB (${RSS_GROWTH}%) |
| SIGTERM under load: accepted / answered | $S_UPSTREAM / $S_ANSWERED, exit $AILERON_EXIT |
| requests lost (outside the fault phase) | $LOST |
EOF
kill "$watchdog" 2>/dev/null
[ "$LOST" -eq 0 ] && [ "$AILERON_EXIT" -eq 0 ]
