#!/usr/bin/env bash
# Downloads the IP-to-country table named in tests/ip-location/package.txt into
# DEST (default: ${EGATE_TOOLS:-/var/cache/egate-tools}/ip-location/<sha256>), checks its
# SHA-256, unpacks it and prints the directory to pass as `egate-gateway serve --ip-location`.
# Idempotent: a present, complete copy is reused.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPEC="$ROOT/tests/ip-location/package.txt"
SHA256="$(sed -n 's/^sha256=//p' "$SPEC")"
exec "$ROOT/scripts/npm-package.sh" "$SPEC" "${1:-${EGATE_TOOLS:-/var/cache/egate-tools}/ip-location/$SHA256}"
