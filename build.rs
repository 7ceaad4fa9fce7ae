//! Turns each built-in policy (`policies/*.toml`, the source of truth) into JSON in
//! `OUT_DIR`: a form the binary reads several times faster than TOML at every start (see
//! `src/policy/embedded.rs`). A policy that does not parse fails the build here; its full
//! checks run in its tests.

// Cargo reads its instructions on the build script's standard output.
#![allow(clippy::print_stdout)]

use std::path::Path;

const BUILTIN: &[&str] = &["amazon-fr", "amazon-us"];

fn main() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    for id in BUILTIN {
        let source = format!("policies/{id}.toml");
        println!("cargo:rerun-if-changed={source}");
        let text = std::fs::read_to_string(&source)
            .unwrap_or_else(|e| panic!("cannot read {source}: {e}"));
        let value: serde_json::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
        let json = serde_json::to_string(&value).expect("JSON from a JSON value");
        std::fs::write(Path::new(&out).join(format!("{id}.json")), json)
            .unwrap_or_else(|e| panic!("cannot write the JSON form of {id}: {e}"));
    }
}
