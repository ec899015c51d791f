//! What the binding tests in Kotlin and Swift share: the built library and binding generator,
//! and running a tool with its output kept for the failure message.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace's `target/debug` (or `$CARGO_TARGET_DIR/debug`).
pub fn target_debug() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| manifest.join("../target"), PathBuf::from)
        .join("debug")
}

/// The built `libegate_ffi.so` and `uniffi-bindgen`.
///
/// # Panics
/// When they were not built (`cargo build --workspace` first).
pub fn library_and_bindgen() -> (PathBuf, PathBuf) {
    let debug = target_debug();
    let library = debug.join("libegate_ffi.so");
    let bindgen = debug.join("uniffi-bindgen");
    assert!(
        library.exists() && bindgen.exists(),
        "build first: cargo build --workspace"
    );
    (library, bindgen)
}

/// Generates the `language` bindings of `library` into `out`.
///
/// # Panics
/// When the generator fails.
pub fn generate(bindgen: &Path, library: &Path, language: &str, out: &Path) {
    run(Command::new(bindgen)
        .arg("generate")
        .arg(library)
        .args(["--language", language, "--no-format", "--out-dir"])
        .arg(out)
        .current_dir(env!("CARGO_MANIFEST_DIR")));
}

/// Runs `command`; answers its standard output and error.
///
/// # Panics
/// When it fails, with what it printed.
pub fn run(command: &mut Command) -> String {
    let output = command.output().expect("the tool starts");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{command:?} failed:\n{text}");
    text
}
