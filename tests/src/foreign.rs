//! What the binding and shell tests in Kotlin and Swift share: the built library and binding
//! generator, a camera-like frame showing a login QR code, running a tool with its output kept
//! for the failure message, and /proc mounted in the Swift chroot.

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

/// The text of the QR code in [`write_qr_frame`]'s frame (a login link's size).
pub const QR_TEXT: &str = "egate-login:1?origin=https://gw.example&sid=AAECAwQFBgcICQoLDA0ODw&secret=ZmVkY2JhOTg3NjU0MzIxMA&exp=1030";

/// Writes a 640×480 binary PGM (P5) frame showing [`QR_TEXT`] at 5 pixels per module on a
/// mid-grey background, as a camera's luma plane would.
///
/// # Panics
/// When the file cannot be written.
pub fn write_qr_frame(path: &Path) {
    let (width, height, scale, left, top) = (640, 480, 5, 150, 60);
    let code = qrcode::QrCode::new(QR_TEXT.as_bytes()).expect("the text fits a QR code");
    let modules = code.width();
    let colors = code.to_colors();
    let mut luma = vec![128u8; width * height];
    let side = (modules + 8) * scale;
    for y in 0..side {
        for x in 0..side {
            let (mx, my) = ((x / scale).wrapping_sub(4), (y / scale).wrapping_sub(4));
            let dark =
                mx < modules && my < modules && colors[my * modules + mx] == qrcode::Color::Dark;
            luma[(top + y) * width + left + x] = if dark { 20 } else { 235 };
        }
    }
    let mut file = format!("P5\n{width} {height}\n255\n").into_bytes();
    file.extend(luma);
    std::fs::write(path, file).expect("the frame is written");
}

/// /proc mounted in the chroot for as long as it lives (swiftc needs it).
#[derive(Debug)]
pub struct ProcMount(PathBuf);

impl ProcMount {
    /// Mounts /proc in the chroot at `root` unless it is mounted.
    ///
    /// # Panics
    /// When it cannot be mounted.
    pub fn new(root: &Path) -> Self {
        let proc = root.join("proc");
        let mounts = std::fs::read_to_string("/proc/mounts").expect("the mount table");
        if !mounts.contains(&format!(" {} ", proc.display())) {
            run(Command::new("mount")
                .args(["-t", "proc", "proc"])
                .arg(&proc));
        }
        Self(proc)
    }
}

impl Drop for ProcMount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}
