//! `cargo run -p uniffi-bindgen -- generate target/debug/libegate_ffi.so --language kotlin
//! --language swift --out-dir DIR`: the bindings of the built library.

fn main() {
    uniffi::uniffi_bindgen_main();
}
