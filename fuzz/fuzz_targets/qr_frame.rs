#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| egate_fuzz::qr_frame(data));
