#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| egate_fuzz::ber_tlv(data));
