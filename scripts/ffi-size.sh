#!/usr/bin/env bash
# Builds the apps' native library with the release-ffi profile, strips it, prints its size and
# the 15 crates that contribute most code (from the unstripped library's symbol sizes), and
# fails when it is more than 10 % larger than the figure recorded in bindings/size.txt.
# `--record` writes the new figure instead.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
cargo build --quiet --profile release-ffi -p egate-ffi
LIB="${CARGO_TARGET_DIR:-$ROOT/target}/release-ffi/libegate_ffi.so"
STRIPPED="$(mktemp)"
trap 'rm -f "$STRIPPED"' EXIT
strip -o "$STRIPPED" "$LIB"
SIZE=$(stat -c %s "$STRIPPED")
awk -v size="$SIZE" 'BEGIN { printf "stripped libegate_ffi.so (x86_64, release-ffi): %d bytes (%.2f MB)\n", size, size / 1e6 }'
echo "largest crates by code size (text symbols of the unstripped library):"
nm --print-size --size-sort --radix=d -C "$LIB" 2>/dev/null | awk '$3 ~ /^[tTwW]$/' | python3 "$ROOT/scripts/crate-sizes.py" 15
RECORD="$ROOT/bindings/size.txt"
if [[ "${1:-}" == "--record" ]]; then
  echo "$SIZE" > "$RECORD"
  echo "recorded $SIZE bytes in bindings/size.txt"
  exit 0
fi
RECORDED=$(cat "$RECORD")
LIMIT=$((RECORDED * 110 / 100))
if ((SIZE > LIMIT)); then
  echo "the library grew from $RECORDED to $SIZE bytes, more than 10 %" >&2
  exit 1
fi
echo "within 10 % of the recorded $RECORDED bytes"
