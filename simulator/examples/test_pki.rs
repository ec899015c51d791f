//! Writes the reproducible test PKI (`egate_simulator::pki::generate`) into a directory:
//! `cargo run --release -p egate-simulator --example test_pki -- fixtures/pki`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(directory) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: test_pki <directory>");
        return ExitCode::from(2);
    };
    let files = match egate_simulator::pki::generate() {
        Ok(files) => files,
        Err(error) => {
            eprintln!("cannot generate the test PKI: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(error) = std::fs::create_dir_all(&directory) {
        eprintln!("cannot create {}: {error}", directory.display());
        return ExitCode::FAILURE;
    }
    for (name, bytes) in &files {
        let path = directory.join(name);
        if let Err(error) = std::fs::write(&path, bytes) {
            eprintln!("cannot write {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
        println!("{}", path.display());
    }
    ExitCode::SUCCESS
}
