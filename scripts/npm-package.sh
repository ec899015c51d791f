#!/usr/bin/env bash
# Downloads the npm registry package named in SPEC (lines `url=` and `sha256=`) into DEST
# (default: ${EGATE_TOOLS:-/var/cache/egate-tools}/npm/<sha256>), checks its SHA-256, unpacks it
# and prints the directory. Idempotent: a present, complete copy is reused.
set -euo pipefail
SPEC="$1"
spec() { sed -n "s/^$1=//p" "$SPEC"; }
URL="$(spec url)" SHA256="$(spec sha256)"
DEST="${2:-${EGATE_TOOLS:-/var/cache/egate-tools}/npm/$SHA256}"
if [[ ! -f "$DEST/.complete" ]]; then
  rm -rf "$DEST" && mkdir -p "$DEST"
  curl -fsSL --retry 3 -o "$DEST/package.tgz" "$URL"
  echo "$SHA256  $DEST/package.tgz" | sha256sum -c --quiet -
  tar -xzf "$DEST/package.tgz" -C "$DEST" --strip-components=1
  rm "$DEST/package.tgz"
  touch "$DEST/.complete"
fi
echo "$DEST"
