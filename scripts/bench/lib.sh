# Pieces scripts/bench-all.sh and scripts/bench-memory.sh share; sourced, never run.

# nginx_conf NAME WORK CONNECTIONS LINE... : an nginx of one worker (pid and error log in WORK),
# with the LINEs inside its http block.
nginx_conf() {
  local name=$1 work=$2 connections=$3
  shift 3
  printf 'worker_processes 1;\ndaemon off;\npid %s/%s.pid;\nerror_log %s/%s.err warn;\n' "$work" "$name" "$work" "$name"
  printf 'worker_rlimit_nofile %s;\nevents { worker_connections %s; }\n' $((connections * 4)) "$connections"
  printf 'http {\n  access_log off;\n  keepalive_requests 1000000;\n'
  printf '  %s\n' "$@"
  printf '}\n'
}

# nginx_pool PORT... : the upstream block both proxies' nginx configs balance over.
nginx_pool() {
  printf 'upstream pool {\n'
  printf '    server 127.0.0.1:%s;\n' "$@"
  printf '    keepalive 256;\n  }\n'
}

# aileron_handler PORT... : the Entrypoint's ReverseProxyHandler, round robin over 127.0.0.1 PORTs.
aileron_handler() {
  printf -- '---\napiVersion: core/v1\nkind: ReverseProxyHandler\nspec:\n  loadBalancers:\n    - upstreams:\n'
  printf '        - url: http://127.0.0.1:%s\n' "$@"
}

# aileron_server NAME ADDR LINE... : an HTTPServer NAME on ADDR over that handler, with LINEs in its spec.
aileron_server() {
  local name=$1 addr=$2
  shift 2
  printf -- '---\napiVersion: core/v1\nkind: HTTPServer\nmetadata: {name: %s}\nspec:\n  addr: "%s"\n' "$name" "$addr"
  [ $# -gt 0 ] && printf '  %s\n' "$@"
  printf '  virtualHosts:\n    - handlers:\n        - handler: {apiVersion: core/v1, kind: ReverseProxyHandler}\n'
}

# publish_aileron WHO WORK ROOT : sets AILERON_DLL, publishing ROOT's aileron in Release into WORK unless it is set.
publish_aileron() {
  [ -n "${AILERON_DLL:-}" ] && return 0
  echo "$1: publishing aileron (Release)" >&2
  dotnet publish "$3/src/Aileron.Tool" -c Release -o "$2/aileron" >"$2/publish.log" 2>&1 \
    || { cat "$2/publish.log" >&2; return 1; }
  AILERON_DLL=$2/aileron/aileron.dll
}
