#!/usr/bin/env bash
# Throughput benchmark of aileron serve, on loopback only, bounded in time. Two parts:
#   peers     scripts/bench/run-peers.sh (or PEERS_SCRIPT): wrk at CONNECTIONS against nginx,
#             HAProxy, Caddy, a stock YARP proxy and aileron, all round-robin over the same five
#             upstreams (127.0.0.1:8001-8005), in one run; plus the peak RSS (VmHWM) of aileron and
#             of the YARP peer under that load, and the ratios docs/performance.md quotes
#   features  aileron alone, ROUNDS rounds of: round robin (the base), with active health checks on
#             every upstream, with --admin and /metrics scraped every second, with the access log
#             written to a file, and Maglev hashing a header that varies per request (wrk -s, against
#             round robin driven by the same script); medians of requests/s and of the proxy's CPU time
#             per request, and each variant's cost relative to its base in the same rounds
# Usage: scripts/bench.sh [peers|features|all] [seconds=10]     (env: see the defaults below)
# Needs: apt-get install -y wrk nginx haproxy caddy curl, and the .NET SDK.
# Everything else is in this repository: scripts/bench/ holds the peers' configs, the five nginx
# upstreams and the YARP peer project.
# AILERON_DLL runs a built aileron.dll instead of publishing this checkout in Release.
# The machine is shared and noisy: quote ratios from one run, never absolute numbers across runs.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PART=${1:-all}
SECONDS_EACH=${2:-10}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-3}
# aileron's default, one socket event thread per core, unless IO_THREADS is set (IO_THREADS=1 runs
# one, as run-peers.sh runs nginx with worker_processes 1 and HAProxy with nbthread 1).
IO_THREADS=${IO_THREADS-}
SERVE_ARGS=${IO_THREADS:+--io-threads $IO_THREADS}
BENCH=$ROOT/scripts/bench
PEERS_SCRIPT=${PEERS_SCRIPT:-$BENCH/run-peers.sh}
case "$PART" in peers | features | all) ;; *) echo "usage: scripts/bench.sh [peers|features|all] [seconds]" >&2; exit 2 ;; esac
for tool in wrk nginx curl dotnet; do
  command -v "$tool" >/dev/null || { echo "bench: missing $tool (apt-get install -y wrk nginx haproxy caddy curl)" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/aileron-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'echo "bench: interrupted" >&2; exit 130' INT TERM

if [ -z "${AILERON_DLL:-}" ]; then
  echo "bench: publishing aileron (Release)" >&2
  dotnet publish "$ROOT/src/Aileron.Tool" -c Release -o "$WORK/aileron" >"$WORK/publish.log" 2>&1 \
    || { cat "$WORK/publish.log" >&2; exit 1; }
  AILERON_DLL=$WORK/aileron/aileron.dll
fi

config() { # file algorithm hasher-yaml upstream-extra-yaml
  {
    printf 'apiVersion: core/v1\nkind: Entrypoint\nspec:\n  runners:\n    - apiVersion: core/v1\n      kind: HTTPServer\n'
    printf -- '---\napiVersion: core/v1\nkind: HTTPServer\nspec:\n  addr: "127.0.0.1:8080"\n  virtualHosts:\n'
    printf '    - handlers:\n        - handler:\n            apiVersion: core/v1\n            kind: ReverseProxyHandler\n'
    printf -- '---\napiVersion: core/v1\nkind: ReverseProxyHandler\nspec:\n  loadBalancers:\n'
    printf '    - lbAlgorithm: %s\n%s      upstreams:\n' "$2" "$3"
    for port in 8001 8002 8003 8004 8005; do
      printf '        - url: http://127.0.0.1:%s\n%s' "$port" "$4"
    done
  } >"$1"
}
config "$WORK/rr.yaml" RoundRobin "" ""
config "$WORK/health.yaml" RoundRobin "" $'          enableActive: true\n          enablePassive: true\n          healthCheckInterval: 1\n'
config "$WORK/maglev.yaml" Maglev $'      hasher: {hashSource: Header, key: Hash-Key}\n' ""
cat >"$WORK/keys.lua" <<'EOF'
-- A different Hash-Key on every request, so Maglev spreads the load as real clients would.
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, { ["Hash-Key"] = "user-" .. n })
end
EOF

hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null; }
wait_http() { # url
  for _ in $(seq 1 200); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.05; done
  echo "bench: $1 did not come up" >&2; return 1
}

peers() {
  [ -f "$PEERS_SCRIPT" ] || { echo "bench: no $PEERS_SCRIPT (set PEERS_SCRIPT)" >&2; return 1; }
  # VmHWM only grows, so the last sample taken while run-peers runs is each process's peak.
  (
    while sleep 0.5; do
      y=$(pgrep -f "yarp-peer.dll" | head -1); a=$(pgrep -f "$AILERON_DLL serve -f $WORK/rr.yaml" | head -1)
      [ -n "$y" ] && echo "yarp $(hwm_kb "$y")" >"$WORK/hwm-yarp"
      [ -n "$a" ] && echo "aileron $(hwm_kb "$a")" >"$WORK/hwm-aileron"
    done
  ) &
  local sampler=$!
  pids+=("$sampler")
  AILERON_CMD="dotnet $AILERON_DLL serve -f $WORK/rr.yaml $SERVE_ARGS" bash "$PEERS_SCRIPT" "$SECONDS_EACH" "$CONNECTIONS" | tee "$WORK/peers.txt"
  kill "$sampler" 2>/dev/null
  local yarp_kb aileron_kb
  yarp_kb=$(awk '{print $2}' "$WORK/hwm-yarp" 2>/dev/null)
  aileron_kb=$(awk '{print $2}' "$WORK/hwm-aileron" 2>/dev/null)
  echo "peak RSS (VmHWM): aileron ${aileron_kb:-?} KB, yarp ${yarp_kb:-?} KB"
  awk -v a="${aileron_kb:-0}" -v y="${yarp_kb:-0}" '
    { for (i = 2; i <= NF; i++) if ($i ~ /^rps=/) { sub("rps=", "", $i); rps[$1] = $i }
      for (i = 2; i <= NF; i++) if ($i ~ /^p99=/) { sub("p99=", "", $i); p99[$1] = $i } }
    END {
      if (!rps["aileron"]) { print "bench: aileron did not answer"; exit 1 }
      printf "ratios: aileron/yarp %.2f, aileron/nginx %.2f, aileron/haproxy %.2f; p99 aileron %s vs yarp %s",
        rps["aileron"] / rps["yarp"], rps["aileron"] / rps["nginx"], rps["aileron"] / rps["haproxy"], p99["aileron"], p99["yarp"]
      if (a && y) printf "; peak RSS aileron/yarp %.2f", a / y
      printf "\n"
    }' "$WORK/peers.txt"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

measure() { # name url pid wrk-args... -> "name rps p99 cpu-us-per-request errors"
  local name=$1 url=$2 pid=$3
  shift 3
  wrk -t1 -c"$CONNECTIONS" -d3s "$@" "$url" >/dev/null 2>&1
  local r before after
  before=$(cpu_ticks "$pid")
  r=$(wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$@" "$url" 2>&1)
  after=$(cpu_ticks "$pid")
  local errors rps
  errors=$(echo "$r" | grep -E "Non-2xx|Socket errors" | tr -s ' ' | tr '\n' ' ')
  rps=$(echo "$r" | awk '/Requests\/sec/ {print $2}')
  echo "$name $rps $(echo "$r" | awk '$1=="99%" {print $2}') $(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$(echo "$r" | awk '/requests in/ {print $1}')" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }') $errors"
}

variant() { # name config extra-serve-args wrk-args...
  local name=$1 cfg=$2 extra=$3
  shift 3
  # shellcheck disable=SC2086 # SERVE_ARGS and extra hold separate arguments
  dotnet "$AILERON_DLL" serve -f "$cfg" $SERVE_ARGS $extra >"$WORK/$name.log" 2>&1 &
  local p=$! scraper=""
  wait_http http://127.0.0.1:8080/ || { kill "$p"; return 1; }
  if [ "$name" = metrics ]; then
    # Warm the scrape path first: the runtime compiles a method fully only after it has run
    # through two counted tiers (30 calls each, then the background compile), which Prometheus'
    # 15 s interval takes an hour to reach; before that a scrape under load costs several times more.
    for _ in $(seq 1 150); do curl -fsS -o /dev/null http://127.0.0.1:9901/metrics; done
    (while sleep 1; do curl -fsS -o /dev/null http://127.0.0.1:9901/metrics; done) &
    scraper=$!
  fi
  measure "$name" http://127.0.0.1:8080/ "$p" "$@" | tee -a "$WORK/features.txt"
  [ -n "$scraper" ] && kill "$scraper" 2>/dev/null
  kill "$p"; wait "$p" 2>/dev/null
}

features() {
  nginx -c "$BENCH/upstreams-nginx.conf" &
  local up=$!
  pids+=("$up")
  wait_http http://127.0.0.1:8001/ || return 1
  : >"$WORK/features.txt"
  for round in $(seq 1 "$ROUNDS"); do
    echo "round $round of $ROUNDS" >&2
    variant base "$WORK/rr.yaml" ""
    variant health "$WORK/health.yaml" ""
    variant metrics "$WORK/rr.yaml" "--admin 127.0.0.1:9901"
    variant accesslog-on "$WORK/rr.yaml" "--access-log --log-format json"
    # wrk spends CPU on a script, which the proxy shares cores with: compare Maglev with round
    # robin driven by the same script.
    variant base-script "$WORK/rr.yaml" "" -s "$WORK/keys.lua"
    variant maglev-header "$WORK/maglev.yaml" "" -s "$WORK/keys.lua"
  done
  echo "medians of $ROUNDS rounds: requests/s, proxy CPU per request, each against its base"
  echo "(round robin without extras; maglev-header against base-script, driven by the same wrk script)"
  awk '
    { rps[$1] = rps[$1] " " $2; cpu[$1] = cpu[$1] " " $4; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
    function median(list,   a, k, i, j, t) {
      k = split(list, a, " ")
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    END {
      for (i = 1; i <= n; i++) {
        v = order[i]; b = v == "maglev-header" ? "base-script" : v == "base-script" ? "base-script" : "base"
        r = median(rps[v]); c = median(cpu[v]); rb = median(rps[b]); cb = median(cpu[b])
        printf "  %-14s %8.0f rps %+6.1f%%   %6.1f us/request %+6.1f%%\n", v, r, (r / rb - 1) * 100, c, (c / cb - 1) * 100
      }
    }' "$WORK/features.txt"
}

case "$PART" in
  peers) peers ;;
  features) features ;;
  all) peers && features ;;
esac
