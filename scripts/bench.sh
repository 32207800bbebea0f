#!/usr/bin/env bash
# Benchmarks the web page in headless Chromium and prints a table of the figures beside their
# targets (see BENCHMARKS.md):
#   1. installs what is missing (scripts/setup.sh) and builds dist/ (scripts/build-web.sh);
#   2. serves dist/ with python3 -m http.server on 127.0.0.1, on a free port;
#   3. runs e2e/bench.js against it, then stops the server.
# Arguments are passed to e2e/bench.js (e.g. --json bench.json).
# BENCH_SKIP_BUILD=1 skips steps 1's setup and build and measures the dist/ that is there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ -d "$HOME/.cargo/bin" ]; then
    case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH="$HOME/.cargo/bin:$PATH" ;; esac
fi

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

if [ "${BENCH_SKIP_BUILD:-0}" = "1" ]; then
    say "BENCH_SKIP_BUILD=1: measuring the existing dist/"
else
    ./scripts/setup.sh
    ./scripts/build-web.sh
fi
[ -f dist/index.html ] && [ -f dist/pkg/optiscape_bg.wasm ] || die "dist/ is not built"

# A port nobody listens on (the kernel picks it; the small race with other programs is accepted).
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
URL="http://127.0.0.1:$PORT/"

python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
SERVER_PID=$!
stop_server() {
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}
trap stop_server EXIT

# Waits up to ~10 s for the server to answer.
for _ in $(seq 1 100); do
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' "$URL" 2>/dev/null; then
        break
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || die "the web server exited (port $PORT)"
    sleep 0.1
done
say "serving dist/ at $URL"

cd e2e
node bench.js --url "$URL" --dist "$ROOT/dist" "$@"
