#!/usr/bin/env bash
# Makes (once) a Debian trixie chroot with Swift (`swiftlang`) for the Swift binding tests in
# DEST (default: ${EGATE_TOOLS:-/var/cache/egate-tools}/swift-trixie) and prints it. No Swift
# compiler exists for bookworm; trixie's runs in a chroot. Needs root. Idempotent: a complete
# chroot is reused, and a chroot made with an older package list gets the missing packages.
set -euo pipefail
DEST="${1:-${EGATE_TOOLS:-/var/cache/egate-tools}/swift-trixie}"
# ca-certificates: the core's HTTP client loads the system's roots, as on any real machine.
PACKAGES="swiftlang libc6-dev libstdc++-14-dev ca-certificates"
if [[ ! -f "$DEST/.complete" ]]; then
  command -v debootstrap >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  }
  umount "$DEST/proc" 2>/dev/null || true
  rm -rf "$DEST"
  mkdir -p "$DEST"
  debootstrap --variant=minbase trixie "$DEST" http://deb.debian.org/debian >/dev/null
fi
if [[ "$(cat "$DEST/.complete" 2>/dev/null)" != "$PACKAGES" ]]; then
  mountpoint -q "$DEST/proc" || {
    mount -t proc proc "$DEST/proc"
    trap 'umount "$DEST/proc"' EXIT
  }
  chroot "$DEST" bash -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null"
  echo "$PACKAGES" > "$DEST/.complete"
fi
echo "$DEST"
