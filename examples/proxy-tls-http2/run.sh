#!/usr/bin/env bash
# TLS termination and HTTP/2 with one command: makes a throwaway CA, a server certificate for
# localhost (and 127.0.0.1, ::1) and a client certificate with openssl into ./pki (git-ignored,
# never committed), starts the upstream of server.cs on :8001, then aileron on https://localhost:8443.
# Ctrl+C stops both.
#   bash examples/proxy-tls-http2/run.sh                    # TLS + HTTP/2
#   bash examples/proxy-tls-http2/run.sh config-mtls.yaml   # and clients need a certificate
# AILERON_CMD overrides how aileron is started (default: the tool built from this checkout).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
config="${1:-config.yaml}"
pki="$here/pki"

if [ ! -f "$pki/server.crt" ]; then
  echo "making a CA, a server and a client certificate in $pki..."
  mkdir -p "$pki"
  (
    cd "$pki"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
      -subj "/CN=aileron example CA" -keyout ca.key -out ca.crt 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
      -subj "/CN=localhost" -keyout server.key -out server.csr 2>/dev/null
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -out server.crt \
      -extfile <(printf "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n") 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
      -subj "/CN=example client" -keyout client.key -out client.csr 2>/dev/null
    openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -out client.crt \
      -extfile <(printf "extendedKeyUsage=clientAuth\n") 2>/dev/null
    rm -f ./*.csr ca.srl
  )
fi

echo "building aileron and the upstream..."
dotnet build "$root/src/Aileron.Tool" -c Release -v quiet -nologo >/dev/null
(cd "$here" && dotnet build server.cs -v quiet -nologo >/dev/null)

(cd "$here" && exec dotnet run --no-build server.cs) &
upstream=$!
trap 'kill $upstream 2>/dev/null; wait $upstream 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 100); do
  curl -fsS http://localhost:8001/ >/dev/null 2>&1 && break
  sleep 0.1
done

echo "aileron on https://localhost:8443 with $config; try:"
echo "  curl --http2 --cacert $pki/ca.crt https://localhost:8443/"
[ "$config" = config-mtls.yaml ] && echo "  curl --cacert $pki/ca.crt --cert $pki/client.crt --key $pki/client.key https://localhost:8443/"
cd "$here"
${AILERON_CMD:-dotnet "$root/src/Aileron.Tool/bin/Release/net10.0/aileron.dll"} serve -f "$config"
