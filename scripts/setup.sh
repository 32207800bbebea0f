#!/usr/bin/env bash
# Installs what building and testing optiscape needs, and skips what is already there:
#   - the wasm32-unknown-unknown Rust target,
#   - wasm-bindgen-cli at exactly the wasm-bindgen version of Cargo.lock,
#   - Debian's chromium and chromium-driver (root only; otherwise it says what to run),
#   - the e2e/ npm packages (Playwright, binaryen's wasm-opt) from e2e/package-lock.json.
# Safe to run any number of times; a warm run takes about a second.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ -d "$HOME/.cargo/bin" ]; then
    case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH="$HOME/.cargo/bin:$PATH" ;; esac
fi

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# Runs a noisy command with its output in a log, shown only if it fails.
quietly() {
    local log
    log="$(mktemp)"
    if "$@" >"$log" 2>&1; then
        rm -f "$log"
    else
        local rc=$?
        tail -n 40 "$log" >&2
        rm -f "$log"
        die "'$*' failed (exit $rc)"
    fi
}

command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust with rustup first"
command -v rustup >/dev/null 2>&1 || die "rustup not found: it is needed to add the wasm32 target"

# 1. wasm32 target
if rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
    say "wasm32-unknown-unknown target present"
else
    say "adding the wasm32-unknown-unknown target"
    quietly rustup target add wasm32-unknown-unknown
fi

# 1b. the lint gates' tools
for component in clippy rustfmt; do
    if rustup component list --installed | grep -q "^$component"; then
        say "$component present"
    else
        say "adding $component"
        quietly rustup component add "$component"
    fi
done

# 2. wasm-bindgen CLI at the version of the wasm-bindgen crate in Cargo.lock
if [ ! -f Cargo.lock ]; then
    say "no Cargo.lock: generating it"
    quietly cargo generate-lockfile
fi
WB_VERSION="$(awk '
    /^\[\[package\]\]/ { in_wb = 0 }
    /^name = "wasm-bindgen"$/ { in_wb = 1; next }
    in_wb && /^version = / { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)"
[ -n "$WB_VERSION" ] || die "Cargo.lock has no wasm-bindgen package"
HAVE_WB=""
if command -v wasm-bindgen >/dev/null 2>&1; then
    HAVE_WB="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')"
fi
if [ "$HAVE_WB" = "$WB_VERSION" ] && command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    say "wasm-bindgen-cli $WB_VERSION present"
else
    say "installing wasm-bindgen-cli $WB_VERSION (had: ${HAVE_WB:-none}; takes about a minute)"
    # --debug: ~1 min instead of ~7, same output. No --locked: its lockfile pins a
    # crate release the registry does not serve.
    quietly cargo install --debug --force wasm-bindgen-cli --version "$WB_VERSION"
fi

# 3. Chromium and ChromeDriver (Debian packages)
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    say "chromium and chromedriver present"
elif [ "$(id -u)" -eq 0 ]; then
    say "installing chromium and chromium-driver with apt-get (about 40 s)"
    export DEBIAN_FRONTEND=noninteractive
    quietly apt-get update
    quietly apt-get install -y chromium chromium-driver
else
    die "chromium and chromedriver are missing; run as root: apt-get update && apt-get install -y chromium chromium-driver"
fi

# 4. python3 serves dist/ (scripts/serve.sh and Playwright's web server)
if command -v python3 >/dev/null 2>&1; then
    say "python3 present"
elif [ "$(id -u)" -eq 0 ]; then
    say "installing python3 with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    quietly apt-get update
    quietly apt-get install -y python3
else
    die "python3 is missing; run as root: apt-get install -y python3"
fi

# 5. npm packages for the end-to-end tests and wasm-opt
command -v npm >/dev/null 2>&1 || die "npm not found: Node.js 20 or newer with npm is needed for e2e/"
if [ -d e2e/node_modules ] && [ ! e2e/package-lock.json -nt e2e/node_modules ]; then
    say "e2e npm packages present"
else
    say "installing e2e npm packages (npm ci)"
    (cd e2e && export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 && quietly npm ci --no-audit --no-fund)
    touch e2e/node_modules
fi
