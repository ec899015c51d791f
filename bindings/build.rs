//! Packs the library's relative relocations (RELR), which would otherwise take about a tenth of
//! its size: `-z pack-relative-relocs` on Linux (glibc 2.36 and later), and Android's packed
//! format with RELR (API level 28 and later).

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    match os.as_str() {
        "linux" => println!("cargo:rustc-cdylib-link-arg=-Wl,-z,pack-relative-relocs"),
        "android" => println!("cargo:rustc-cdylib-link-arg=-Wl,--pack-dyn-relocs=android+relr"),
        _ => {}
    }
}
