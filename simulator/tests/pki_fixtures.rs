//! The committed test PKI (`fixtures/pki`) is exactly what `pki::generate` produces.

use egate_simulator::pki::generate;
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn committed_fixtures_equal_the_generated_pki() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/pki");
    let generated = generate().unwrap();
    let mut committed = BTreeMap::new();
    for entry in std::fs::read_dir(&directory).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if name != "README.md" {
            committed.insert(name, std::fs::read(entry.path()).unwrap());
        }
    }
    let regenerate = "regenerate with `cargo run --release -p egate-simulator --example test_pki -- fixtures/pki`";
    assert_eq!(
        generated.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "file names differ; {regenerate}"
    );
    for (name, bytes) in &generated {
        assert!(committed[name] == *bytes, "{name} differs; {regenerate}");
    }
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generate().unwrap(), generate().unwrap());
}
