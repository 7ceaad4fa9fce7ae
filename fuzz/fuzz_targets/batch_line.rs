#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| claim::fuzzing::batch_line(data));
