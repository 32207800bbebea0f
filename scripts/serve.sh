#!/usr/bin/env bash
# Installs what is missing, builds the page into dist/ and serves it on 127.0.0.1.
#   ./scripts/serve.sh            # http://127.0.0.1:8080/
#   PORT=9000 ./scripts/serve.sh  # another port
# Stop it with Ctrl-C.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT="${PORT:-8080}"

./scripts/setup.sh
./scripts/build-web.sh

echo "optiscape: open http://127.0.0.1:${PORT}/"
# Python 3.11's http.server sends .wasm files as application/wasm, which
# WebAssembly.instantiateStreaming needs.
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist
