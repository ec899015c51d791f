#!/usr/bin/env bash
# Downloads the IP-to-country table named in tests/ip-location/package.txt into
# DEST (default: ${EGATE_TOOLS:-/var/cache/egate-tools}/ip-location/<sha256>), checks its
# SHA-256, unpacks it and prints the directory to pass as `egate-gateway serve --ip-location`.
# Idempotent: a present, complete copy is reused.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spec() { sed -n "s/^$1=//p" "$ROOT/tests/ip-location/package.txt"; }
URL="$(spec url)" SHA256="$(spec sha256)"
DEST="${1:-${EGATE_TOOLS:-/var/cache/egate-tools}/ip-location/$SHA256}"
if [[ ! -f "$DEST/.complete" ]]; then
  rm -rf "$DEST" && mkdir -p "$DEST"
  curl -fsSL --retry 3 -o "$DEST/package.tgz" "$URL"
  echo "$SHA256  $DEST/package.tgz" | sha256sum -c --quiet -
  tar -xzf "$DEST/package.tgz" -C "$DEST" --strip-components=1
  rm "$DEST/package.tgz"
  touch "$DEST/.complete"
fi
echo "$DEST"
