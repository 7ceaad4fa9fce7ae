//! Embeds the ready-made form of each built-in policy (`policies/<id>.snapshot`, see
//! `src/policy/snapshot.rs`) when it was made from the policy and code at hand. A stale or
//! missing form is left out, with a warning: that policy is then read from its TOML at every
//! start (slower, same answers), and a test fails until `scripts/snapshots.sh` makes it again.

// Cargo reads its instructions on the build script's standard output.
#![allow(clippy::print_stdout)]

#[path = "src/policy/fingerprint.rs"]
mod fingerprint;

use std::fmt::Write as _;
use std::path::Path;

const BUILTIN: &[&str] = &["amazon-fr", "amazon-us"];

fn read(path: &Path) -> Vec<u8> {
    println!("cargo:rerun-if-changed={}", path.display());
    std::fs::read(path).unwrap_or_default()
}

fn main() {
    let root = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    let schema: Vec<Vec<u8>> = fingerprint::SCHEMA_FILES
        .iter()
        .map(|file| read(&root.join(file)))
        .collect();
    let mut code =
        String::from("/// The fresh ready-made forms, by policy id (written by build.rs).\n");
    code.push_str("const READY: &[(&str, &[u8])] = &[\n");
    for id in BUILTIN {
        let policy = read(&root.join(format!("policies/{id}.toml")));
        let form = root.join(format!("policies/{id}.snapshot"));
        let header = fingerprint::header(&policy, &schema);
        if read(&form).starts_with(header.as_bytes()) {
            let path = form.to_str().expect("a UTF-8 path to the repository");
            let _ = writeln!(code, "    ({id:?}, include_bytes!({path:?})),");
        } else {
            println!(
                "cargo:warning=policies/{id}.snapshot is stale or missing: {id} is read from its TOML at every start until `scripts/snapshots.sh` makes it again"
            );
        }
    }
    code.push_str("];\n");
    std::fs::write(Path::new(&out).join("snapshots.rs"), code)
        .unwrap_or_else(|e| panic!("cannot write the list of ready-made forms: {e}"));
}
