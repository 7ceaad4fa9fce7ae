#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| claim::fuzzing::export(data));
