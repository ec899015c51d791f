#!/usr/bin/env bash
# Builds the Rust core (egate-ffi) for iOS devices and simulators, generates its Swift bindings
# and packs the static libraries into ios/Frameworks/egate_ffiFFI.xcframework for Package.swift.
# Needs macOS with Xcode and rustup. Idempotent: run it again after any change to the Rust code.
set -euo pipefail

IOS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$IOS_DIR/.." && pwd)
PROFILE=release-ffi
LIBRARY=libegate_ffi.a
MODULE=egate_ffiFFI
DEVICE_TARGET=aarch64-apple-ios
SIMULATOR_TARGETS=(aarch64-apple-ios-sim x86_64-apple-ios)
STAGE="$ROOT/target/ios-xcframework"
FRAMEWORK="$IOS_DIR/Frameworks/$MODULE.xcframework"
BINDINGS="$IOS_DIR/Sources/EgateCore"

[[ "$(uname -s)" == Darwin ]] || { echo "build-xcframework.sh needs macOS with Xcode" >&2; exit 1; }
command -v xcodebuild >/dev/null || { echo "xcodebuild not found: install Xcode" >&2; exit 1; }

# The same deployment target as the app, for the C code (SQLite) the Rust build compiles.
export IPHONEOS_DEPLOYMENT_TARGET=16.0

cd "$ROOT"
rustup target add "$DEVICE_TARGET" "${SIMULATOR_TARGETS[@]}"
for target in "$DEVICE_TARGET" "${SIMULATOR_TARGETS[@]}"; do
  cargo build --locked --profile "$PROFILE" -p egate-ffi --target "$target"
done

rm -rf "$STAGE"
mkdir -p "$STAGE/device" "$STAGE/simulator" "$STAGE/generated" "$STAGE/headers/$MODULE"
cp "target/$DEVICE_TARGET/$PROFILE/$LIBRARY" "$STAGE/device/$LIBRARY"
simulator_slices=()
for target in "${SIMULATOR_TARGETS[@]}"; do
  simulator_slices+=("target/$target/$PROFILE/$LIBRARY")
done
lipo -create "${simulator_slices[@]}" -output "$STAGE/simulator/$LIBRARY"

# The workspace's own uniffi-bindgen (tools/uniffi-bindgen, the exact uniffi version of
# egate-ffi) reads the interface from the built library, and bindings/uniffi.toml (the Swift
# module names) from the crate.
cargo uniffi-bindgen generate "target/$DEVICE_TARGET/$PROFILE/$LIBRARY" \
  --language swift --out-dir "$STAGE/generated" --no-format

# The header and module map in a directory of the module's name, so that the xcframework's
# headers never collide with another library's module.modulemap in the build products.
cp "$STAGE/generated/$MODULE.h" "$STAGE/headers/$MODULE/$MODULE.h"
cp "$STAGE/generated/$MODULE.modulemap" "$STAGE/headers/$MODULE/module.modulemap"

rm -rf "$FRAMEWORK"
mkdir -p "$(dirname "$FRAMEWORK")"
xcodebuild -create-xcframework \
  -library "$STAGE/device/$LIBRARY" -headers "$STAGE/headers" \
  -library "$STAGE/simulator/$LIBRARY" -headers "$STAGE/headers" \
  -output "$FRAMEWORK"

mkdir -p "$BINDINGS"
cp "$STAGE/generated/EgateCore.swift" "$BINDINGS/EgateCore.swift"

echo "$FRAMEWORK"
echo "$BINDINGS/EgateCore.swift"
