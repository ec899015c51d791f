//! The Kotlin binding tests (`tests/kotlin`) on a desktop JVM: the bindings are generated from
//! the built `libegate_ffi.so` by the workspace's `uniffi-bindgen` (with `android = false`, the
//! JVM flavour), compiled with the Kotlin tests by kotlinc and run with JNA.
//!
//! Needs `EGATE_KOTLIN` (the npm `kotlin-compiler` package directory) and `EGATE_JNA` (jna.jar),
//! and a `cargo build --workspace` first; scripts/test.sh provides all three.

use egate_e2e::browser::{CITIZEN, LoopbackGateway, PASSWORD};
use egate_e2e::foreign::{QR_TEXT, generate, library_and_bindgen, run, write_qr_frame};
use egate_e2e::shell::files_with_extension;
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
#[ignore = "needs kotlinc and JNA (EGATE_KOTLIN, EGATE_JNA); run by scripts/test.sh"]
fn the_kotlin_binding_tests_pass_on_the_jvm() {
    let kotlin = PathBuf::from(std::env::var_os("EGATE_KOTLIN").expect("EGATE_KOTLIN"));
    let jna = PathBuf::from(std::env::var_os("EGATE_JNA").expect("EGATE_JNA"));
    let (library, bindgen) = library_and_bindgen();
    let work = std::env::temp_dir().join(format!("egate-kotlin-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let generated = work.join("generated");
    generate(&bindgen, &library, "kotlin", &generated);
    let lib = kotlin.join("lib");
    let classpath = [
        jna.clone(),
        lib.join("kotlinx-coroutines-core-jvm.jar"),
        lib.join("kotlin-stdlib.jar"),
    ]
    .map(|p| p.display().to_string())
    .join(":");
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("kotlin");
    let jar = work.join("tests.jar");
    run(Command::new(kotlin.join("bin/kotlinc"))
        .args(files_with_extension(&generated, "kt"))
        .args(files_with_extension(&tests, "kt"))
        .args(["-nowarn", "-cp", &classpath, "-d"])
        .arg(&jar));
    let frame = work.join("frame.pgm");
    write_qr_frame(&frame);
    let mut gateway = LoopbackGateway::start(&work);
    let report = gateway.converse(
        Command::new("java")
            .env("EGATE_QR_FRAME", &frame)
            .env("EGATE_QR_TEXT", QR_TEXT)
            .env("EGATE_GATEWAY", &gateway.origin)
            .env("EGATE_CITIZEN", CITIZEN)
            .env("EGATE_PASSWORD", PASSWORD)
            .arg(format!(
                "-Djna.library.path={}",
                library.parent().unwrap().display()
            ))
            .arg("-cp")
            .arg(format!("{}:{classpath}", jar.display()))
            .arg("CardReadTestKt"),
    );
    println!("{report}");
    assert!(report.contains(", 0 failed"), "{report}");
    assert!(!report.contains("kotlin: 0 passed"), "{report}");
    std::fs::remove_dir_all(&work).unwrap();
}

#[test]
#[ignore = "needs the built library (cargo build --workspace); run by scripts/test.sh"]
fn the_android_configuration_generates_the_android_flavour() {
    let (library, bindgen) = library_and_bindgen();
    let out = std::env::temp_dir().join(format!("egate-android-{}", std::process::id()));
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("../bindings/uniffi-android.toml");
    run(Command::new(&bindgen)
        .arg("generate")
        .arg(&library)
        .args(["--language", "kotlin", "--no-format", "--config"])
        .arg(&config)
        .arg("--out-dir")
        .arg(&out));
    let android = std::fs::read_to_string(out.join("eu/egate/core/egate.kt")).unwrap();
    assert!(
        android.contains("import android.os.Build"),
        "not the Android flavour"
    );
    std::fs::remove_dir_all(&out).unwrap();
}
