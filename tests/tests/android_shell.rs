//! The Android shell (`android/`) as far as a desktop JVM can check it (no Android SDK here):
//! every Kotlin file passes the Kotlin compiler's parser; the adapters that use only `android.*`
//! (IsoDep, the Keystore), the OkHttp adapter and the platform-free state holders compile
//! against Robolectric's android-all (Android 14), OkHttp and the generated bindings, and their
//! JUnit tests pass on the JVM with the real library; every string has its Turkish translation
//! and every `R.string` the code names exists.
//!
//! Needs `EGATE_KOTLIN` (kotlinc), `EGATE_JNA` and `EGATE_ANDROID_JARS` (the classpath
//! scripts/maven-jars.sh prints for tests/android/jars.txt); scripts/test.sh provides them.

use egate_e2e::foreign::{generate, library_and_bindgen, run};
use egate_e2e::shell::{files_with_extension, repository};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn kotlin() -> PathBuf {
    PathBuf::from(std::env::var_os("EGATE_KOTLIN").expect("EGATE_KOTLIN"))
}

fn app() -> PathBuf {
    repository().join("android/app/src")
}

fn work(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("egate-android-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
#[ignore = "needs kotlinc (EGATE_KOTLIN); run by scripts/test.sh"]
fn every_kotlin_file_of_the_android_shell_parses() {
    let sources = files_with_extension(&repository().join("android"), "kt");
    assert!(
        sources.len() >= 20,
        "the shell has {} Kotlin files",
        sources.len()
    );
    let out = work("parse");
    let output = Command::new(kotlin().join("bin/kotlinc"))
        .args(&sources)
        .args(["-nowarn", "-d"])
        .arg(out.join("classes"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stderr);
    let syntax: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("error: syntax error"))
        .collect();
    assert!(syntax.is_empty(), "syntax errors:\n{}", syntax.join("\n"));
    assert!(
        text.contains("error:"),
        "the Android sources compiled without Android: the check would not see a syntax error"
    );
    println!("kotlin syntax: {} files parsed", sources.len());
    std::fs::remove_dir_all(&out).unwrap();
}

/// The JUnit test classes among `tests`: the package and the file's name.
fn test_classes(tests: &[PathBuf]) -> Vec<String> {
    tests
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            let package = text
                .lines()
                .find_map(|line| line.strip_prefix("package "))
                .expect("a package line")
                .trim();
            let class = file.file_stem().unwrap().to_str().unwrap();
            format!("{package}.{class}")
        })
        .collect()
}

#[test]
#[ignore = "needs kotlinc, JNA and the Android jars (EGATE_ANDROID_JARS); run by scripts/test.sh"]
fn the_adapters_and_state_holders_compile_against_android_and_pass_their_tests() {
    let jars = std::env::var("EGATE_ANDROID_JARS").expect("EGATE_ANDROID_JARS");
    let jna = std::env::var("EGATE_JNA").expect("EGATE_JNA");
    let (library, bindgen) = library_and_bindgen();
    let out = work("adapters");
    let generated = out.join("generated");
    generate(&bindgen, &library, "kotlin", &generated);
    let main = app().join("main/java/eu/egate/app");
    let mut sources = files_with_extension(&generated, "kt");
    for folder in ["platform", "http", "state"] {
        sources.extend(files_with_extension(&main.join(folder), "kt"));
    }
    let tests = files_with_extension(&app().join("test"), "kt");
    assert!(!tests.is_empty(), "no unit tests");
    let lib = kotlin().join("lib");
    let classpath = [
        lib.join("kotlin-stdlib.jar").display().to_string(),
        lib.join("kotlinx-coroutines-core-jvm.jar")
            .display()
            .to_string(),
        jna,
        jars,
    ]
    .join(":");
    let jar = out.join("shell.jar");
    run(Command::new(kotlin().join("bin/kotlinc"))
        .args(&sources)
        .args(&tests)
        .args(["-nowarn", "-cp", &classpath, "-d"])
        .arg(&jar));
    let report = run(Command::new("java")
        .arg(format!(
            "-Djna.library.path={}",
            library.parent().unwrap().display()
        ))
        .arg("-cp")
        .arg(format!("{}:{classpath}", jar.display()))
        .arg("org.junit.runner.JUnitCore")
        .args(test_classes(&tests)));
    println!("{report}");
    assert!(report.contains("\nOK ("), "{report}");
    std::fs::remove_dir_all(&out).unwrap();
}

/// The string names of a resource file.
fn string_names(file: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(file).unwrap();
    text.split("<string name=\"")
        .skip(1)
        .chain(text.split("<plurals name=\"").skip(1))
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

#[test]
fn every_string_is_translated_and_every_named_string_exists() {
    let res = app().join("main/res");
    let english = string_names(&res.join("values/strings.xml"));
    let turkish = string_names(&res.join("values-tr/strings.xml"));
    assert!(english.len() >= 50, "{} strings", english.len());
    let untranslated: Vec<_> = english.difference(&turkish).collect();
    assert!(untranslated.is_empty(), "no Turkish for {untranslated:?}");
    let stray: Vec<_> = turkish.difference(&english).collect();
    assert!(stray.is_empty(), "Turkish only: {stray:?}");
    let mut missing = BTreeSet::new();
    for file in files_with_extension(&app().join("main"), "kt") {
        let text = std::fs::read_to_string(&file).unwrap();
        for rest in text.split("R.string.").skip(1) {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !english.contains(&name) {
                missing.insert(format!("{name} ({})", file.display()));
            }
        }
    }
    assert!(missing.is_empty(), "named but missing: {missing:?}");
}
