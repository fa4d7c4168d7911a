#!/usr/bin/env bash
# Runs the reference scenario with one command: the five upstreams of server.cs, then aileron in
# front of them on :8080. Ctrl+C stops both.
#   bash examples/proxy-loadbalancing/run.sh                       # round robin
#   bash examples/proxy-loadbalancing/run.sh config-maglev.yaml    # any config of this folder
# AILERON_CMD overrides how aileron is started (default: the tool built from this checkout).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
config="$here/${1:-config-round-robin.yaml}"
[ -f "$config" ] || config="$1"

echo "building aileron and the upstreams..."
dotnet build "$root/src/Aileron.Tool" -c Release -v quiet -nologo >/dev/null
(cd "$here" && dotnet build server.cs -v quiet -nologo >/dev/null)

(cd "$here" && exec dotnet run --no-build server.cs) &
upstreams=$!
trap 'kill $upstreams 2>/dev/null; wait $upstreams 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 100); do
  curl -fsS http://localhost:8005/ >/dev/null 2>&1 && break
  sleep 0.1
done

echo "aileron on http://localhost:8080 with $(basename "$config"); try: curl http://localhost:8080"
${AILERON_CMD:-dotnet "$root/src/Aileron.Tool/bin/Release/net10.0/aileron.dll"} serve -f "$config"
