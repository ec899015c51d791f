#!/usr/bin/env bash
# The QR decoder benchmark: egate's decoder and zxing-cpp (PyPI `zxing-cpp`, its version
# recorded) on the same seeded frame set, both pinned to one core, timing decode only. Prints
# per degradation class the frames read right and the median and 95th percentile decode time
# of each, as the Markdown table the README shows.
#
# The frames (about 0.9 GB) are written once into the tool cache ($EGATE_TOOLS, default
# /var/cache/egate-tools) by `egate-qr-frames` with the seed in fixtures/qr-frames/seed, and
# checked against fixtures/qr-frames/manifest.sha256.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${EGATE_TOOLS:-/var/cache/egate-tools}
cd "$ROOT"
mkdir -p "$CACHE"
log() { printf '\n== %s\n' "$*" >&2; }

log "cargo build --release (egate, egate-qr-frames)"
cargo build --release -q -p egate -p egate-qr-frames

seed=$(cat fixtures/qr-frames/seed)
frames="$CACHE/qr-frames/$seed"
matches() { (cd "$frames" 2>/dev/null && sha256sum --quiet --strict -c "$ROOT/fixtures/qr-frames/manifest.sha256" >/dev/null 2>&1); }
if ! matches; then
  log "frames for seed $seed into $frames"
  rm -rf "$frames"
  target/release/egate-qr-frames --seed "$seed" --out "$frames"
  matches || { echo "the frames differ from fixtures/qr-frames/manifest.sha256" >&2; exit 1; }
fi

venv=$(EGATE_TOOLS="$CACHE" scripts/python-venv.sh zxing-venv tests/qr/requirements.txt)
results=$(mktemp -d)
log "egate qr bench (one core)"
taskset -c 0 target/release/egate qr bench "$frames" --json > "$results/egate.json"
log "zxing-cpp (one core)"
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 taskset -c 0 "$venv/bin/python" tests/qr/zxing_bench.py "$frames" \
  > "$results/zxing.json"
python3 tests/qr/table.py "$results/egate.json" "$results/zxing.json"
rm -rf "$results"
