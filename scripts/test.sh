#!/usr/bin/env bash
# Runs every test of optiscape, in order, stopping at the first stage that fails:
#   (0) lint gates:          cargo fmt --check; cargo clippy -D warnings, native and wasm32
#   (a) native tests:        cargo test
#   (b) in-browser tests:    cargo test --release --target wasm32-unknown-unknown --test 'browser*'
#                            (headless Chromium through chromedriver and wasm-bindgen-test-runner)
#   (c) the web build:       scripts/build-web.sh
#   (d) end-to-end tests:    Playwright in e2e/, against dist/ served on 127.0.0.1:8765
# Installs what is missing first (scripts/setup.sh). The last line it prints is
#   optiscape: N passed, N failed
# counting the tests of (a), (b) and (d). The exit status is non-zero if anything failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ -d "$HOME/.cargo/bin" ]; then
    case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH="$HOME/.cargo/bin:$PATH" ;; esac
fi

LOGDIR="$(mktemp -d -t optiscape-test.XXXXXX)"
trap 'rm -rf "$LOGDIR"' EXIT

PASSED=0
FAILED=0

stage() { printf '\n==> %s\n' "$*"; }

summary() {
    printf '\noptiscape: %d passed, %d failed\n' "$PASSED" "$FAILED"
}

# Adds the counts of cargo's "test result: ok. N passed; M failed; ..." lines in a log.
count_cargo() {
    local log="$1" p f
    read -r p f < <(awk '
        /^test result: / {
            for (i = 1; i <= NF; i++) {
                if ($(i) ~ /^passed;?$/) p += $(i - 1)
                if ($(i) ~ /^failed;?$/) f += $(i - 1)
            }
        }
        END { print p + 0, f + 0 }
    ' "$log")
    PASSED=$((PASSED + p))
    FAILED=$((FAILED + f))
    LAST_FAILED="$f"
}

# A stage that failed without a failing test (a compile error, a crashed runner) still
# counts as one failure, so the summary line never reads "0 failed" after a failure.
fail_stage() {
    local name="$1" rc="$2"
    if [ "${LAST_FAILED:-0}" -eq 0 ]; then
        FAILED=$((FAILED + 1))
    fi
    printf '\ntest: stage "%s" failed (exit %d); stopping\n' "$name" "$rc" >&2
    summary
    exit 1
}

# Runs a command with its output both shown and kept in a log; sets RC.
run_logged() {
    local log="$1"
    shift
    set +e
    "$@" 2>&1 | tee "$log"
    RC=${PIPESTATUS[0]}
    set -e
}

stage "setup"
./scripts/setup.sh

# (0) lint gates: formatting, and clippy with warnings denied on both targets
stage "(0) lint: cargo fmt --check, cargo clippy (native and wasm32) -D warnings"
LAST_FAILED=0
run_logged "$LOGDIR/fmt.log" cargo fmt --check
[ "$RC" -eq 0 ] || fail_stage "cargo fmt --check" "$RC"
run_logged "$LOGDIR/clippy.log" cargo clippy --all-targets -- -D warnings
[ "$RC" -eq 0 ] || fail_stage "cargo clippy (native)" "$RC"
run_logged "$LOGDIR/clippy-wasm.log" cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings
[ "$RC" -eq 0 ] || fail_stage "cargo clippy (wasm32)" "$RC"

# (a) native tests
stage "(a) native tests: cargo test"
LAST_FAILED=0
run_logged "$LOGDIR/native.log" cargo test
count_cargo "$LOGDIR/native.log"
[ "$RC" -eq 0 ] || fail_stage "native cargo test" "$RC"

# (b) in-browser tests
stage "(b) in-browser tests: cargo test --release --target wasm32-unknown-unknown --test 'browser*'"
LAST_FAILED=0
if [ -f tests/browser.rs ]; then
    export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
    run_logged "$LOGDIR/browser.log" cargo test --release --target wasm32-unknown-unknown --test 'browser*'
    count_cargo "$LOGDIR/browser.log"
    [ "$RC" -eq 0 ] || fail_stage "in-browser cargo test" "$RC"
else
    echo "test: tests/browser.rs does not exist: skipping the in-browser tests"
fi

# (c) web build
stage "(c) web build: scripts/build-web.sh"
LAST_FAILED=0
run_logged "$LOGDIR/build.log" ./scripts/build-web.sh
[ "$RC" -eq 0 ] || fail_stage "web build" "$RC"

# (d) end-to-end tests
stage "(d) end-to-end tests: npx playwright test (e2e/)"
LAST_FAILED=0
E2E_JSON="$LOGDIR/playwright.json"
run_e2e() {
    cd e2e
    # list for the people reading, json for the counts below.
    PLAYWRIGHT_JSON_OUTPUT_FILE="$E2E_JSON" PLAYWRIGHT_JSON_OUTPUT_NAME="$E2E_JSON" \
        npx --no-install playwright test --reporter=list,json
}
run_logged "$LOGDIR/e2e.log" run_e2e
e2e_counts=""
if [ -s "$E2E_JSON" ]; then
    e2e_counts="$(node -e '
        const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).stats || {};
        console.log((s.expected || 0) + (s.flaky || 0), s.unexpected || 0);
    ' "$E2E_JSON" 2>/dev/null || true)"
fi
if [ -z "$e2e_counts" ]; then
    # No JSON report: read the list reporter's closing "N passed (Xs)" / "N failed" lines.
    e2e_counts="$(awk '
        /^[[:space:]]*[0-9]+ passed( |$)/ { p += $1 }
        /^[[:space:]]*[0-9]+ flaky( |$)/  { p += $1 }
        /^[[:space:]]*[0-9]+ failed( |$)/ { f += $1 }
        END { print p + 0, f + 0 }
    ' "$LOGDIR/e2e.log")"
fi
read -r e2e_p e2e_f <<<"$e2e_counts"
PASSED=$((PASSED + e2e_p))
FAILED=$((FAILED + e2e_f))
LAST_FAILED="$e2e_f"
if [ "$RC" -eq 0 ] && [ "$e2e_p" -eq 0 ] && [ "$e2e_f" -eq 0 ]; then
    echo "test: Playwright ran no test" >&2
    RC=1
fi
[ "$RC" -eq 0 ] || fail_stage "end-to-end tests" "$RC"

summary
if [ "$FAILED" -ne 0 ]; then
    exit 1
fi
