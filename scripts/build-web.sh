#!/usr/bin/env bash
# Builds the web page into dist/:
#   dist/index.html, the files of www/, and dist/pkg/optiscape.js + optiscape_bg.wasm.
# Needs what scripts/setup.sh installs (the wasm32 target and wasm-bindgen-cli);
# runs wasm-opt -Oz from e2e/node_modules (npm's binaryen) when it is installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ -d "$HOME/.cargo/bin" ]; then
    case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH="$HOME/.cargo/bin:$PATH" ;; esac
fi

say() { printf 'build-web: %s\n' "$*"; }
size_of() { wc -c <"$1" | tr -d ' '; }

die() { printf 'build-web: error: %s\n' "$*" >&2; exit 1; }

command -v wasm-bindgen >/dev/null 2>&1 || die "wasm-bindgen not found: run scripts/setup.sh"
[ -f index.html ] || die "index.html not found at the repository root"

say "cargo build --release --lib --target wasm32-unknown-unknown"
cargo build --release --lib --target wasm32-unknown-unknown

WASM_IN="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/optiscape.wasm"
OUT=dist
rm -rf "$OUT"
mkdir -p "$OUT/pkg"

say "wasm-bindgen --target web -> $OUT/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$OUT/pkg" "$WASM_IN"

WASM_OUT="$OUT/pkg/optiscape_bg.wasm"
WASM_OPT=e2e/node_modules/.bin/wasm-opt
if [ -x "$WASM_OPT" ]; then
    before="$(size_of "$WASM_OUT")"
    # The features rustc enables by default for wasm32 (bulk memory, sign-ext,
    # nontrapping float-to-int, mutable globals, reference types, multivalue) are
    # allowed so that wasm-opt accepts the module as it is.
    if "$WASM_OPT" -Oz \
        --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
        --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd \
        "$WASM_OUT" -o "$WASM_OUT.opt" 2>"$WASM_OUT.opt.log"; then
        mv "$WASM_OUT.opt" "$WASM_OUT"
        rm -f "$WASM_OUT.opt.log"
        say "wasm-opt -Oz: $before -> $(size_of "$WASM_OUT") bytes"
    else
        head -n 20 "$WASM_OUT.opt.log" >&2 || true
        rm -f "$WASM_OUT.opt" "$WASM_OUT.opt.log"
        say "wasm-opt failed: keeping the unoptimised $WASM_OUT ($before bytes)"
    fi
else
    say "wasm-opt not installed (npm ci in e2e/): keeping the unoptimised $WASM_OUT ($(size_of "$WASM_OUT") bytes)"
fi

cp index.html "$OUT/index.html"
if [ -d www ]; then
    cp -r www/. "$OUT/"
fi
say "done: $OUT/ ($(du -sk "$OUT" | cut -f1) KiB)"
