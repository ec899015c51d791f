//! The Swift binding tests (`tests/swift`) on Linux: the bindings are generated from the built
//! `libegate_ffi.so` by the workspace's `uniffi-bindgen`, compiled with the Swift tests by
//! trixie's `swiftc` (Swift 5 language mode) inside a cached Debian trixie chroot, and run there
//! against the host-built library.
//!
//! Needs `EGATE_SWIFT_ROOT` (the chroot made by scripts/swift-chroot.sh), root (to mount /proc
//! in it), and a `cargo build --workspace` first; scripts/test.sh provides them.

use egate_e2e::browser::{CITIZEN, LoopbackGateway, PASSWORD};
use egate_e2e::foreign::{ProcMount, QR_TEXT, generate, library_and_bindgen, write_qr_frame};
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
#[ignore = "needs the Swift chroot (EGATE_SWIFT_ROOT) and root; run by scripts/test.sh"]
fn the_swift_binding_tests_pass_on_linux() {
    let root = PathBuf::from(std::env::var_os("EGATE_SWIFT_ROOT").expect("EGATE_SWIFT_ROOT"));
    let (library, bindgen) = library_and_bindgen();
    let name = format!("egate-swift-{}", std::process::id());
    let work = root.join(&name);
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    generate(&bindgen, &library, "swift", &work);
    std::fs::copy(&library, work.join("libegate_ffi.so")).unwrap();
    let inside = format!("/{name}");
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("swift");
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(&tests).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "swift") {
            let file = path.file_name().unwrap().to_str().unwrap().to_owned();
            std::fs::copy(&path, work.join(&file)).unwrap();
            sources.push(format!("{inside}/{file}"));
        }
    }
    sources.sort();
    write_qr_frame(&work.join("frame.pgm"));
    let mut gateway = LoopbackGateway::start(&work);
    let script = format!(
        "cd {inside} && swiftc -swift-version 5 -module-cache-path {inside}/mc -I {inside} \
         -Xcc -fmodule-map-file={inside}/egate_ffiFFI.modulemap -L {inside} -legate_ffi \
         {inside}/EgateCore.swift {sources} -o {inside}/tests \
         && mkdir -p {inside}/data && EGATE_QR_FRAME={inside}/frame.pgm \
         EGATE_QR_TEXT='{QR_TEXT}' EGATE_GATEWAY={origin} EGATE_CITIZEN={CITIZEN} \
         EGATE_PASSWORD='{PASSWORD}' EGATE_DATA={inside}/data \
         LD_LIBRARY_PATH={inside} {inside}/tests",
        origin = gateway.origin,
        sources = sources.join(" ")
    );
    let mounted = ProcMount::new(&root);
    let report = gateway.converse(
        Command::new("chroot")
            .arg(&root)
            .args(["bash", "-c", &script]),
    );
    drop(mounted);
    println!("{report}");
    assert!(report.contains(", 0 failed"), "{report}");
    assert!(!report.contains("swift: 0 passed"), "{report}");
    std::fs::remove_dir_all(&work).unwrap();
}
