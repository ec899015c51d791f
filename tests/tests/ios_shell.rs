//! The iOS shell (`ios/`) as far as Linux can check it: every Swift file passes `swiftc -parse`
//! (Debian trixie's swiftlang in the cached chroot; UIKit, CoreNFC and the other Apple
//! frameworks are not resolved by a parse), and the string catalog has English and Turkish for
//! every key. Building and running the app needs Xcode (`ios/README.md`).
//!
//! The parse needs `EGATE_SWIFT_ROOT` (scripts/swift-chroot.sh) and root to mount /proc in it.

use egate_e2e::foreign::ProcMount;
use egate_e2e::shell::{files_with_extension, repository};
use std::process::Command;

#[test]
#[ignore = "needs the Swift chroot (EGATE_SWIFT_ROOT) and root; run by scripts/test.sh"]
fn every_swift_file_of_the_ios_shell_parses() {
    let root = std::path::PathBuf::from(std::env::var_os("EGATE_SWIFT_ROOT").expect("root"));
    let sources = files_with_extension(&repository().join("ios"), "swift");
    assert!(
        sources.len() >= 10,
        "the shell has {} Swift files",
        sources.len()
    );
    let name = format!("egate-ios-parse-{}", std::process::id());
    let work = root.join(&name);
    let _ = std::fs::remove_dir_all(&work);
    let mut inside = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        let dir = work.join(index.to_string());
        std::fs::create_dir_all(&dir).unwrap();
        let file = source.file_name().unwrap();
        std::fs::copy(source, dir.join(file)).unwrap();
        inside.push(format!("/{name}/{index}/{}", file.to_str().unwrap()));
    }
    let mounted = ProcMount::new(&root);
    for (source, path) in sources.iter().zip(&inside) {
        let output = Command::new("chroot")
            .arg(&root)
            .args(["swiftc", "-parse", path])
            .output()
            .unwrap();
        assert!(
            output.status.success() && output.stderr.is_empty(),
            "{} does not parse:\n{}",
            source.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    drop(mounted);
    println!("swift syntax: {} files parsed", sources.len());
    std::fs::remove_dir_all(&work).unwrap();
}

#[test]
fn every_catalog_string_has_english_and_turkish() {
    let catalogs = files_with_extension(&repository().join("ios"), "xcstrings");
    assert!(!catalogs.is_empty(), "no string catalog");
    for file in catalogs {
        let text = std::fs::read_to_string(&file).unwrap();
        let catalog: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(catalog["sourceLanguage"], "en");
        let strings = catalog["strings"].as_object().expect("strings");
        assert!(strings.len() >= 50, "{} strings", strings.len());
        for (key, entry) in strings {
            for language in ["en", "tr"] {
                let unit = &entry["localizations"][language];
                let text = unit["stringUnit"]["value"]
                    .as_str()
                    .or_else(|| unit["variations"].is_object().then_some("variations"));
                assert!(
                    text.is_some_and(|t| !t.is_empty()),
                    "{key} has no {language} text in {}",
                    file.display()
                );
            }
        }
    }
}
