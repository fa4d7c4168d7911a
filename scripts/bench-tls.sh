#!/usr/bin/env bash
# TLS termination and HTTP/2 against nginx, in one run, on loopback only, bounded in time:
#   https  wrk (HTTP/1.1 over TLS, keep-alive) at CONNECTIONS against nginx and aileron
#   h2     h2load -c CONNECTIONS -m 10 (HTTP/2 by ALPN) against nginx and aileron
# Both proxies terminate TLS with the same certificate (a throwaway EC P-256 one made with openssl
# in a temporary directory) and round-robin over the same five nginx upstreams on
# 127.0.0.1:18101-18105 (ports apart from scripts/bench.sh's, so the two never meet).
# Usage: scripts/bench-tls.sh [seconds=10]      (env: CONNECTIONS=64, AILERON_DLL, IO_THREADS)
# Needs: apt-get install -y wrk nginx nghttp2-client openssl curl, and the .NET SDK.
# The machine is shared and noisy: quote the ratios of one run, never absolute numbers across runs.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
D=${1:-10}
C=${CONNECTIONS:-64}
for tool in wrk nginx h2load openssl curl dotnet; do
  command -v "$tool" >/dev/null || { echo "bench-tls: missing $tool (apt-get install -y wrk nginx nghttp2-client openssl curl)" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/aileron-bench-tls.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'echo "bench-tls: interrupted" >&2; exit 130' INT TERM

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$WORK/server.key" -out "$WORK/server.crt" 2>/dev/null

cat >"$WORK/upstreams.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/upstreams.pid;
error_log $WORK/upstreams.err warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
$(for p in 18101 18102 18103 18104 18105; do echo "  server { listen 127.0.0.1:$p; location / { return 200 \"Server :$p\\n\"; } }"; done)
}
CONF
cat >"$WORK/proxy.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/proxy.pid;
error_log $WORK/proxy.err warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  http2_max_concurrent_streams 250;
  upstream pool {
$(for p in 18101 18102 18103 18104 18105; do echo "    server 127.0.0.1:$p;"; done)
    keepalive 256;
  }
  server {
    listen 127.0.0.1:18443 ssl http2;
    ssl_certificate $WORK/server.crt;
    ssl_certificate_key $WORK/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { proxy_pass http://pool; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
CONF
{
  printf 'apiVersion: core/v1\nkind: Entrypoint\nspec:\n  runners:\n    - {apiVersion: core/v1, kind: HTTPServer}\n'
  printf -- '---\napiVersion: core/v1\nkind: HTTPServer\nspec:\n  addr: "127.0.0.1:18444"\n  http2Config: {}\n'
  printf '  httpConfig:\n    listenConfig:\n      tlsConfig:\n        certKeyPairs:\n'
  printf '          - {certFile: "%s", keyFile: "%s"}\n' "$WORK/server.crt" "$WORK/server.key"
  printf '  virtualHosts:\n    - handlers:\n        - handler: {apiVersion: core/v1, kind: ReverseProxyHandler}\n'
  printf -- '---\napiVersion: core/v1\nkind: ReverseProxyHandler\nspec:\n  loadBalancers:\n    - upstreams:\n'
  for p in 18101 18102 18103 18104 18105; do printf '        - url: http://127.0.0.1:%s\n' "$p"; done
} >"$WORK/aileron.yaml"

if [ -z "${AILERON_DLL:-}" ]; then
  echo "bench-tls: publishing aileron (Release)" >&2
  dotnet publish "$ROOT/src/Aileron.Tool" -c Release -o "$WORK/aileron" >"$WORK/publish.log" 2>&1 \
    || { cat "$WORK/publish.log" >&2; exit 1; }
  AILERON_DLL=$WORK/aileron/aileron.dll
fi

nginx -c "$WORK/upstreams.conf" & pids+=($!)
nginx -c "$WORK/proxy.conf" & pids+=($!)
dotnet "$AILERON_DLL" serve -f "$WORK/aileron.yaml" ${IO_THREADS:+--io-threads $IO_THREADS} >"$WORK/aileron.log" 2>&1 & pids+=($!)
for url in https://127.0.0.1:18443/ https://127.0.0.1:18444/; do
  for _ in $(seq 1 200); do curl -fsSk -o /dev/null "$url" 2>/dev/null && break; sleep 0.05; done
  curl -fsSk -o /dev/null "$url" || { echo "bench-tls: $url did not come up" >&2; cat "$WORK/aileron.log" >&2; exit 1; }
done

https() { # port -> requests/s
  wrk -t1 -c"$C" -d3s "https://127.0.0.1:$1/" >/dev/null 2>&1
  wrk -t1 -c"$C" -d"${D}s" "https://127.0.0.1:$1/" 2>&1 | awk '/Requests\/sec/ {print $2}'
}
h2() { # port -> requests/s
  h2load -c"$C" -m10 -D3 "https://127.0.0.1:$1/" >/dev/null 2>&1
  h2load -c"$C" -m10 -D"$D" "https://127.0.0.1:$1/" 2>&1 | awk '/^finished in/ {gsub(",", "", $4); print $4}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

nginx_https=$(https 18443); aileron_https=$(https 18444)
nginx_h2=$(h2 18443); aileron_h2=$(h2 18444)
printf "%-24s %12s %12s %8s\n" "" nginx aileron "a/n"
printf "%-24s %12s %12s %8s\n" "https (wrk, HTTP/1.1)" "$nginx_https" "$aileron_https" "$(ratio "$aileron_https" "$nginx_https")"
printf "%-24s %12s %12s %8s\n" "h2 (h2load -m10)" "$nginx_h2" "$aileron_h2" "$(ratio "$aileron_h2" "$nginx_h2")"
echo "(requests/s over ${D}s, $C connections, both proxies with one certificate and five upstreams)"
