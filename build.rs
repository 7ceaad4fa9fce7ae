//! Embeds the ready-made form of each built-in policy (`policies/<id>.snapshot`, see
//! `src/policy/snapshot.rs`) when it was made from the policy and code at hand and is whole. A
//! stale or damaged form is left out, with a warning: that policy is then read from its TOML at
//! every start (slower, same answers), and a test fails until `scripts/snapshots.sh` makes it
//! again.

// Cargo reads its instructions on the build script's standard output.
#![allow(clippy::print_stdout)]

#[path = "src/policy/fingerprint.rs"]
mod fingerprint;

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    for entry in fingerprint::CODE {
        println!("cargo:rerun-if-changed={entry}");
    }
    let code = fingerprint::read_code(root)
        .unwrap_or_else(|e| panic!("cannot read the code the policies' forms depend on: {e}"));
    let mut list =
        String::from("/// The fresh ready-made forms, by policy id (written by build.rs).\n");
    list.push_str("const READY: &[(&str, &[u8])] = &[\n");
    // Every policy of `policies/` (the built-ins are listed in `src/policy/mod.rs`, once).
    println!("cargo:rerun-if-changed=policies");
    for id in policy_ids(&root.join("policies")) {
        let policy_path = format!("policies/{id}.toml");
        let form_path = format!("policies/{id}.snapshot");
        println!("cargo:rerun-if-changed={policy_path}");
        println!("cargo:rerun-if-changed={form_path}");
        let policy = std::fs::read(root.join(&policy_path))
            .unwrap_or_else(|e| panic!("cannot read {policy_path}: {e}"));
        let form = std::fs::read(root.join(&form_path)).unwrap_or_default();
        if fingerprint::is_fresh(&form, &policy, &code) {
            let path = root.join(&form_path);
            let path = path.to_str().expect("a UTF-8 path to the repository");
            let _ = writeln!(list, "    ({id:?}, include_bytes!({path:?})),");
        } else {
            println!(
                "cargo:warning={form_path} is stale or damaged: {id} is read from its TOML at every start until `scripts/snapshots.sh` makes it again"
            );
        }
    }
    list.push_str("];\n");
    std::fs::write(Path::new(&out).join("snapshots.rs"), list)
        .unwrap_or_else(|e| panic!("cannot write the list of ready-made forms: {e}"));
}

/// The ids of the policies in `folder` (`<id>.toml`), sorted.
fn policy_ids(folder: &Path) -> Vec<String> {
    let entries = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", folder.display()));
    let mut ids: Vec<String> = entries
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".toml").map(str::to_owned)
        })
        .collect();
    ids.sort();
    ids
}
