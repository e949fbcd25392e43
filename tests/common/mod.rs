//! The one helper end-to-end tests use: run the `policykg` binary, and a store built
//! once per test binary from the bundled sample and the test fixtures.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/shanghai-2021-strategic-emerging-industries-14th-fyp.html"
);
pub const SAMPLE_ID: &str = "shanghai-2021-strategic-emerging-industries-14th-fyp";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn gold(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/gold")
        .join(name)
}

/// The binary, with a clean environment.
pub fn policykg() -> Command {
    let mut command = Command::cargo_bin("policykg").expect("binary built");
    command.env_remove("POLICYKG_STORE");
    command
}

/// Runs the binary against a store, asserts success, returns stdout.
pub fn run(store: &Path, args: &[&str]) -> String {
    let output = policykg()
        .arg("--store")
        .arg(store)
        .args(args)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "policykg {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

/// A store holding the sample and every fixture, built once and then only read.
pub fn shared_store() -> &'static Path {
    static STORE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let store = dir.path().join("store");
            run(
                &store,
                &["build", SAMPLE, fixture("").to_str().unwrap(), "--quiet"],
            );
            (dir, store)
        })
        .1
}

/// Parses CSV output into rows of fields (no quoting needed for these tests' data
/// except quoted fields, which are unquoted here).
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| {
            let mut fields = Vec::new();
            let mut field = String::new();
            let mut quoted = false;
            let mut chars = line.trim_end_matches('\r').chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' if quoted && chars.peek() == Some(&'"') => {
                        field.push('"');
                        chars.next();
                    }
                    '"' => quoted = !quoted,
                    ',' if !quoted => fields.push(std::mem::take(&mut field)),
                    _ => field.push(c),
                }
            }
            fields.push(field);
            fields
        })
        .collect()
}
