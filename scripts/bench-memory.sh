#!/usr/bin/env bash
# Memory and connection storms, aileron beside nginx, on loopback only, bounded in time:
#   rest     RSS of each proxy after start and one request
#   c64      peak RSS under wrk -c64 for SECONDS
#   c1000    peak RSS under wrk -c1000 for SECONDS
#   1M       aileron's RSS after 100,000 requests and after 1,000,000 more (wrk -c64 in 5 s rounds)
#   storm    a burst of 5,000 new connections (wrk -c5000 -d3s): socket errors and non-2xx of each
# RSS of nginx is its master's plus its worker's. Both proxies round-robin over five nginx
# upstreams on 127.0.0.1:18301-18305.
# Usage: scripts/bench-memory.sh [seconds=10]    (env: AILERON_DLL)
# Needs: apt-get install -y wrk nginx curl, and the .NET SDK. The machine is shared: read ratios.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D=${1:-10}
for tool in wrk nginx curl dotnet; do
  command -v "$tool" >/dev/null || { echo "bench-memory: missing $tool (apt-get install -y wrk nginx curl)" >&2; exit 2; }
done
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# shellcheck source=bench/lib.sh
. "$ROOT/scripts/bench/lib.sh"
WORK=$(mktemp -d /tmp/aileron-bench-memory.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'echo "bench-memory: interrupted" >&2; exit 130' INT TERM

UPSTREAMS=(18301 18302 18303 18304 18305)
NGINX=18381
AILERON=18380
upstream_servers=()
for p in "${UPSTREAMS[@]}"; do upstream_servers+=("server { listen 127.0.0.1:$p backlog=8192; location / { return 200 \"Server :$p\\n\"; } }"); done
nginx_conf upstreams "$WORK" 16384 "${upstream_servers[@]}" >"$WORK/upstreams.conf"
nginx_conf nginx "$WORK" 16384 "$(nginx_pool "${UPSTREAMS[@]}")" \
  "server { listen 127.0.0.1:$NGINX backlog=8192; location / { proxy_pass http://pool; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }" \
  >"$WORK/nginx.conf"
{
  printf 'apiVersion: core/v1\nkind: Entrypoint\nspec:\n  runners:\n    - {apiVersion: core/v1, kind: HTTPServer, name: proxy}\n'
  aileron_server proxy "127.0.0.1:$AILERON"
  aileron_handler "${UPSTREAMS[@]}"
} >"$WORK/aileron.yaml"
publish_aileron bench-memory "$WORK" "$ROOT" || exit 1

nginx -c "$WORK/upstreams.conf" & pids+=($!)
nginx -c "$WORK/nginx.conf" & nginx_pid=$!; pids+=($nginx_pid)
dotnet "$AILERON_DLL" serve -f "$WORK/aileron.yaml" >"$WORK/aileron.log" 2>&1 & aileron_pid=$!; pids+=($aileron_pid)
for port in $NGINX $AILERON; do
  for _ in $(seq 1 200); do curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.05; done
done

kb() { # pid field -> KB (the process and its children: nginx's worker)
  local total=0 p
  for p in $1 $(pgrep -P "$1"); do total=$((total + $(awk -v f="$2:" '$1 == f {print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done
  echo $total
}
mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }
peak_under() { # connections -> "nginx_kb aileron_kb" (peak RSS sampled every 0.2 s under load)
  local c=$1 port pid peak now
  local out=()
  for target in "$NGINX:$nginx_pid" "$AILERON:$aileron_pid"; do
    port=${target%%:*}; pid=${target##*:}; peak=$(kb "$pid" VmRSS)
    wrk -t2 -c"$c" -d"${D}s" "http://127.0.0.1:$port/" >"$WORK/wrk-$c-$port.txt" 2>&1 & local w=$!
    while kill -0 $w 2>/dev/null; do now=$(kb "$pid" VmRSS); [ "$now" -gt "$peak" ] && peak=$now; sleep 0.2; done
    out+=("$peak")
  done
  echo "${out[@]}"
}
errors() { grep -E "Socket errors|Non-2xx" "$1" | tr -s ' ' | tr '\n' ' '; }

rest_n=$(kb $nginx_pid VmRSS); rest_a=$(kb $aileron_pid VmRSS)
read -r c64_n c64_a < <(peak_under 64)
read -r c1k_n c1k_a < <(peak_under 1000)
echo "| | nginx | aileron | aileron − 2 × nginx |"
echo "|---|---:|---:|---:|"
printf '| RSS at rest | %s | %s | |\n' "$(mb "$rest_n")" "$(mb "$rest_a")"
printf '| peak RSS, -c64 | %s | %s | |\n' "$(mb "$c64_n")" "$(mb "$c64_a")"
printf '| peak RSS, -c1000 | %s | %s | %s |\n' "$(mb "$c1k_n")" "$(mb "$c1k_a")" "$(mb $((c1k_a - 2 * c1k_n)))"

# At least N requests, in rounds of 5 s of wrk -c64, counted from wrk's own totals.
requests() {
  local total=0 n
  while [ "$total" -lt "$1" ]; do
    n=$(wrk -t1 -c64 -d5s "http://127.0.0.1:$AILERON/" 2>&1 | awk '/requests in/ {print $1}')
    [ "${n:-0}" -gt 0 ] || { echo "bench-memory: wrk got no answers" >&2; break; }
    total=$((total + n))
  done
  echo "$total"
}
requests 100000 >/dev/null
before=$(kb $aileron_pid VmRSS)
million=$(requests 1000000)
after=$(kb $aileron_pid VmRSS)
echo
echo "aileron RSS after 100,000 requests: $(mb "$before"); after 1,000,000 more: $(mb "$after") ($million counted by wrk)"

echo
for target in "nginx:$NGINX" "aileron:$AILERON"; do
  name=${target%%:*}; port=${target##*:}
  wrk -t2 -c5000 -d3s "http://127.0.0.1:$port/" >"$WORK/storm-$name.txt" 2>&1
  echo "storm of 5,000 connections, $name: $(grep -E 'requests in' "$WORK/storm-$name.txt" | tr -s ' ') $(errors "$WORK/storm-$name.txt")"
done
