// swift-tools-version: 5.10
// The Swift packages of the iOS shell: the Rust core's binary, its generated bindings and the platform adapters.

import PackageDescription

let package = Package(
    name: "EgateKit",
    platforms: [.iOS(.v16)],
    products: [
        .library(name: "EgateCore", targets: ["EgateCore"]),
        .library(name: "EgatePlatform", targets: ["EgatePlatform"]),
    ],
    targets: [
        // Built by scripts/build-xcframework.sh; not committed.
        .binaryTarget(name: "egate_ffiFFI", path: "Frameworks/egate_ffiFFI.xcframework"),
        // uniffi's generated Swift, written here by the same script; not committed.
        .target(name: "EgateCore", dependencies: ["egate_ffiFFI"], path: "Sources/EgateCore"),
        .target(
            name: "EgatePlatform",
            dependencies: ["EgateCore"],
            path: "Sources/EgatePlatform",
            swiftSettings: [.enableUpcomingFeature("StrictConcurrency")]
        ),
    ]
)
