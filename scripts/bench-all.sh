#!/usr/bin/env bash
# Every kind of traffic, against nginx, HAProxy and a stock YARP proxy, in one run, on loopback only,
# bounded in time; prints one Markdown table of requests/s, p99 and aileron's ratios to nginx:
#   GET          wrk -c CONNECTIONS, GET /
#   POST 4 KB    wrk, POST / with a 4,096-byte body
#   POST 64 KB   wrk, POST / with a 65,536-byte body
#   64 KB answer wrk, GET /64k (the upstream serves a 64 KiB file)
#   TLS          wrk over https (HTTP/1.1, keep-alive), every proxy with the same certificate
#   HTTP/2       h2load -c CONNECTIONS -m 10 over TLS (h2 by ALPN); h2load reports no percentiles: its mean
# Every proxy round-robins over the same five nginx upstreams (127.0.0.1:18201-18205); nginx and
# HAProxy run one worker or thread, as scripts/bench/run-peers.sh runs them; the YARP peer is
# scripts/bench/yarp-peer. Ports 18201-18205, 1828x (cleartext) and 1844x (TLS) keep clear of bench.sh's.
# Usage: scripts/bench-all.sh [seconds=10]    (env: CONNECTIONS=64, AILERON_DLL, MODES="get post4k ...",
#   WARMUP=3: seconds of the same traffic before each measured cell; the JIT runtimes (aileron, YARP)
#   keep tiering up hot code for about half a minute after a code path is first used, so WARMUP=30
#   measures their steady state, while the default measures them as a short benchmark finds them)
# Needs: apt-get install -y wrk nginx haproxy nghttp2-client openssl curl, and the .NET SDK.
# The machine is shared and noisy: quote the ratios of one run, never absolute numbers across runs.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D=${1:-10}
C=${CONNECTIONS:-64}
W=${WARMUP:-3}
MODES=${MODES:-get post4k post64k resp64k tls h2}
for tool in wrk nginx haproxy h2load openssl curl dotnet; do
  command -v "$tool" >/dev/null || { echo "bench-all: missing $tool (apt-get install -y wrk nginx haproxy nghttp2-client openssl curl)" >&2; exit 2; }
done

# shellcheck source=bench/lib.sh
. "$ROOT/scripts/bench/lib.sh"
WORK=$(mktemp -d /tmp/aileron-bench-all.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'echo "bench-all: interrupted" >&2; exit 130' INT TERM

UPSTREAMS=(18201 18202 18203 18204 18205)
declare -A HTTP_PORT=([nginx]=18281 [haproxy]=18282 [yarp]=18284 [aileron]=18280)
declare -A TLS_PORT=([nginx]=18441 [haproxy]=18442 [yarp]=18444 [aileron]=18440)
PEERS=(nginx haproxy yarp aileron)

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$WORK/server.key" -out "$WORK/server.crt" 2>/dev/null
cat "$WORK/server.crt" "$WORK/server.key" >"$WORK/server.pem"
# nginx's workers run as nobody: the file and the folders above it must be readable by all.
mkdir -p "$WORK/www" && head -c 65536 /dev/zero | tr '\0' 'a' >"$WORK/www/64k" && chmod a+rX "$WORK" "$WORK/www" "$WORK/www/64k"

upstream_servers=()
for p in "${UPSTREAMS[@]}"; do upstream_servers+=("server { listen 127.0.0.1:$p; location = /64k { root $WORK/www; } location / { return 200 \"Server :$p\\n\"; } }"); done
nginx_conf upstreams "$WORK" 4096 "client_max_body_size 1m;" "${upstream_servers[@]}" >"$WORK/upstreams.conf"
nginx_conf nginx "$WORK" 4096 "client_max_body_size 1m;" "http2_max_concurrent_streams 250;" "$(nginx_pool "${UPSTREAMS[@]}")" \
  "server {
    listen 127.0.0.1:${HTTP_PORT[nginx]};
    listen 127.0.0.1:${TLS_PORT[nginx]} ssl http2;
    ssl_certificate $WORK/server.crt;
    ssl_certificate_key $WORK/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { proxy_pass http://pool; proxy_http_version 1.1; proxy_set_header Connection \"\"; }
  }" >"$WORK/nginx.conf"
cat >"$WORK/haproxy.cfg" <<CONF
global
  maxconn 4096
  nbthread 1
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
frontend fe
  bind 127.0.0.1:${HTTP_PORT[haproxy]}
  bind 127.0.0.1:${TLS_PORT[haproxy]} ssl crt $WORK/server.pem alpn h2,http/1.1
  default_backend be
backend be
  balance roundrobin
  http-reuse always
$(for p in "${UPSTREAMS[@]}"; do echo "  server s$p 127.0.0.1:$p"; done)
CONF
{
  printf 'apiVersion: core/v1\nkind: Entrypoint\nspec:\n  runners:\n'
  printf '    - {apiVersion: core/v1, kind: HTTPServer, name: %s}\n' plain tls
  aileron_server plain "127.0.0.1:${HTTP_PORT[aileron]}"
  aileron_server tls "127.0.0.1:${TLS_PORT[aileron]}" "http2Config: {}" "httpConfig:" "  listenConfig:" "    tlsConfig:" \
    "      certKeyPairs:" "        - {certFile: \"$WORK/server.crt\", keyFile: \"$WORK/server.key\"}"
  aileron_handler "${UPSTREAMS[@]}"
} >"$WORK/aileron.yaml"

publish_aileron bench-all "$WORK" "$ROOT" || exit 1
YARP_OUT=${YARP_OUT:-/tmp/aileron-bench-yarp-peer}
if [ ! -f "$YARP_OUT/yarp-peer.dll" ]; then
  echo "bench-all: building the YARP peer" >&2
  src=$(mktemp -d); cp "$ROOT/scripts/bench/yarp-peer/Program.cs" "$ROOT/scripts/bench/yarp-peer/yarp-peer.csproj" "$src"
  dotnet publish "$src/yarp-peer.csproj" -c Release -o "$YARP_OUT" >"$WORK/yarp-publish.log" 2>&1 \
    || { cat "$WORK/yarp-publish.log" >&2; exit 1; }
  rm -rf "$src"
fi

nginx -c "$WORK/upstreams.conf" & pids+=($!)
nginx -c "$WORK/nginx.conf" & pids+=($!)
haproxy -f "$WORK/haproxy.cfg" -q & pids+=($!)
# The stock peer on this run's ports, over these upstreams, with Kestrel's default certificate for https.
YARP_URLS="http://127.0.0.1:${HTTP_PORT[yarp]};https://127.0.0.1:${TLS_PORT[yarp]}" \
  YARP_UPSTREAMS="$(printf 'http://127.0.0.1:%s;' "${UPSTREAMS[@]}")" \
  Kestrel__Certificates__Default__Path="$WORK/server.crt" Kestrel__Certificates__Default__KeyPath="$WORK/server.key" \
  dotnet "$YARP_OUT/yarp-peer.dll" >"$WORK/yarp.log" 2>&1 & pids+=($!)
dotnet "$AILERON_DLL" serve -f "$WORK/aileron.yaml" >"$WORK/aileron.log" 2>&1 & pids+=($!)
for peer in "${PEERS[@]}"; do
  for url in "http://127.0.0.1:${HTTP_PORT[$peer]}/" "https://127.0.0.1:${TLS_PORT[$peer]}/"; do
    for _ in $(seq 1 200); do curl -fsSk -o /dev/null "$url" 2>/dev/null && break; sleep 0.05; done
    curl -fsSk -o /dev/null "$url" || { echo "bench-all: $peer at $url did not come up" >&2; cat "$WORK/$peer.log" 2>/dev/null >&2; exit 1; }
  done
done

for size in 4096 65536; do
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/octet-stream"\nwrk.body = string.rep("x", %d)\n' "$size" >"$WORK/post$size.lua"
done

ms() { # wrk latency (850.00us, 1.20ms, 2.00s) -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'
}
measure() { # mode peer -> "rps p99ms" ("- -" when the mode could not run)
  local mode=$1 peer=$2 http="http://127.0.0.1:${HTTP_PORT[$2]}" https="https://127.0.0.1:${TLS_PORT[$2]}" args=() url out
  case $mode in
    get) url=$http/ ;;
    post4k) url=$http/; args=(-s "$WORK/post4096.lua") ;;
    post64k) url=$http/; args=(-s "$WORK/post65536.lua") ;;
    resp64k) url=$http/64k ;;
    tls) url=$https/ ;;
    h2)
      h2load -c"$C" -m10 -D"$W" "$https/" >/dev/null 2>&1
      out=$(h2load -c"$C" -m10 -D"$D" "$https/" 2>&1)
      echo "$(echo "$out" | awk '/^finished in/ {gsub(",", "", $4); print $4}') $(echo "$out" | awk '/^time for request:/ {print $6}' | xargs -r -I{} bash -c "$(declare -f ms); ms {}")"
      return ;;
  esac
  wrk -t1 -c"$C" -d"${W}s" "${args[@]}" "$url" >/dev/null 2>&1
  out=$(wrk -t1 -c"$C" -d"${D}s" --latency "${args[@]}" "$url" 2>&1)
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(ms "$(echo "$out" | awk '$1=="99%" {print $2}')")$(echo "$out" | grep -qE 'Non-2xx|Socket errors' && echo ' !')"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "-") printf "%.2f", a / b; else print "n/a" }'; }
declare -A NAME=([get]="GET" [post4k]="POST 4 KB" [post64k]="POST 64 KB" [resp64k]="64 KB answer" [tls]="TLS (wrk, HTTP/1.1)" [h2]="HTTP/2 (h2load -m10, mean)")

echo "| traffic | nginx rps | HAProxy rps | YARP rps | aileron rps | aileron / nginx | aileron / HAProxy | p99 aileron vs nginx (ms) |"
echo "|---|---|---|---|---|---|---|---|"
for mode in $MODES; do
  declare -A rps=() p99=() flag=()
  for peer in "${PEERS[@]}"; do
    read -r r p f < <(measure "$mode" "$peer")
    rps[$peer]=${r:--}; p99[$peer]=${p:--}; flag[$peer]=${f:-}
  done
  printf '| %s | %s%s | %s%s | %s%s | %s%s | %s | %s | %s vs %s |\n' "${NAME[$mode]}" \
    "${rps[nginx]}" "${flag[nginx]}" "${rps[haproxy]}" "${flag[haproxy]}" "${rps[yarp]}" "${flag[yarp]}" "${rps[aileron]}" "${flag[aileron]}" \
    "$(ratio "${rps[aileron]}" "${rps[nginx]}")" "$(ratio "${rps[aileron]}" "${rps[haproxy]}")" "${p99[aileron]}" "${p99[nginx]}"
  unset rps p99 flag
done
echo
echo "(one run: ${D}s per cell after a ${W}s warm-up, $C connections, five nginx upstreams; \"!\" marks a cell with non-2xx answers or socket errors)"
