#!/usr/bin/env bash
# Runs the gRPC example with one command: the gRPC upstream of server/, then aileron in front of
# it on :50000. Ctrl+C stops both. In another terminal, call it through the proxy:
#   dotnet run --project examples/proxy-grpc/client
#   bash examples/proxy-grpc/run.sh                  # h2c upstream (config-h2c.yaml)
#   bash examples/proxy-grpc/run.sh config-tls.yaml  # HTTP/2 over TLS upstream, trusted through rootCAs
# AILERON_CMD overrides how aileron is started (default: the tool built from this checkout).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
config="$here/${1:-config-h2c.yaml}"
[ -f "$config" ] || config="$1"

echo "building aileron, the gRPC upstream and the client..."
dotnet build "$root/src/Aileron.Tool" -c Release -v quiet -nologo >/dev/null
dotnet build "$here/server" -v quiet -nologo >/dev/null
dotnet build "$here/client" -v quiet -nologo >/dev/null

# From this folder: the server writes pki/ca.pem here, and config-tls.yaml reads ./pki/ca.pem.
cd "$here"
rm -f pki/ca.pem
dotnet run --no-build --project server -- "$here/pki" &
upstream=$!
trap 'kill $upstream 2>/dev/null; wait $upstream 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 300); do
  [ -f pki/ca.pem ] && (exec 3<>/dev/tcp/127.0.0.1/50051) 2>/dev/null && break
  sleep 0.1
done
[ -f pki/ca.pem ] || { echo "the gRPC upstream did not start" >&2; exit 1; }

echo "aileron on http://localhost:50000 with $(basename "$config"); try: dotnet run --project $here/client"
${AILERON_CMD:-dotnet "$root/src/Aileron.Tool/bin/Release/net10.0/aileron.dll"} serve -f "$config"
