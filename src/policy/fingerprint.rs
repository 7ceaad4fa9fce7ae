//! What a built-in policy's ready-made form was made from (see `snapshot.rs`): the first line
//! of the form names the policy's text and the code that decides its bytes, each by a hash.
//! The build script (`build.rs`) compiles this file too, to embed only forms made from the
//! policy and code at hand: it uses the standard library alone.

/// The files whose text decides the layout of a ready-made form besides the policy's own:
/// the structs and enums it holds by position, and the way they are written. Editing one
/// makes the forms stale until they are made again (`scripts/snapshots.sh`). Types written as
/// words (vocabularies, languages, currencies) or as JSON (a test's case) are not listed: a
/// change there fails to read back, and the policy is then read from its TOML.
#[allow(dead_code, reason = "read by the build script and the tests only")]
pub const SCHEMA_FILES: &[&str] = &[
    "src/policy/model.rs",
    "src/policy/snapshot.rs",
    "src/policy/fingerprint.rs",
    "src/case/facts.rs",
    "src/money.rs",
    "src/date.rs",
];

/// The first line of a ready-made form, newline included.
pub fn header(policy: &[u8], schema: &[Vec<u8>]) -> String {
    let schema_hash = schema.iter().fold(FNV_OFFSET, |h, file| fnv(h, file));
    format!(
        "claim policy snapshot 1 policy={:016x} schema={schema_hash:016x}\n",
        fnv(FNV_OFFSET, policy)
    )
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, 64 bits: enough to tell a changed file, not meant to resist anyone.
fn fnv(start: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(start, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
