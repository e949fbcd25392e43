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

/// Whether a test that needs an outside program (an Oxigraph server, Python with
/// SPARQLWrapper) can run. When it cannot, the test is skipped with a message, unless
/// POLICYKG_REQUIRE_SERVERS is set (CI sets it): then it fails, so it never skips
/// silently where it should run.
pub fn outside_program_available(what: &str, available: bool) -> bool {
    if available {
        return true;
    }
    if std::env::var_os("POLICYKG_REQUIRE_SERVERS").is_some() {
        panic!("{what} is missing and POLICYKG_REQUIRE_SERVERS is set (install it: see .ci/run)");
    }
    eprintln!("skipped: {what} is missing (set POLICYKG_REQUIRE_SERVERS=1 to make this a failure)");
    false
}

/// Whether `program args…` runs and exits with success.
pub fn runs(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// A child process that is killed when the test ends, however it ends.
pub struct Running(pub std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `policykg serve` on a free loopback port; returns the process and its base
/// URL (`http://127.0.0.1:PORT`). The server says its port on its first stderr line.
pub fn start_server(store: &Path, extra: &[&str]) -> (Running, String) {
    use std::io::BufRead;
    let binary = assert_cmd::cargo::cargo_bin("policykg");
    let mut child = std::process::Command::new(binary)
        .env_remove("POLICYKG_STORE")
        .arg("--store")
        .arg(store)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(extra)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts policykg serve");
    let mut stderr = std::io::BufReader::new(child.stderr.take().expect("stderr"));
    let mut first = String::new();
    stderr.read_line(&mut first).expect("reads stderr");
    let running = Running(child);
    let address = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in the server's first line: {first:?}"))
        .to_owned();
    // Keep reading the request log, so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in stderr.lines() {});
    (running, format!("http://{address}"))
}

/// A free TCP port on the loopback interface (for servers that cannot pick their own).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("binds")
        .local_addr()
        .expect("address")
        .port()
}

/// An HTTP client that hands back error statuses as responses.
pub fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .into()
}

/// The status, content type and body of a response.
pub fn answer(response: ureq::http::Response<ureq::Body>) -> (u16, String, String) {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.into_body().read_to_string().expect("a text body");
    (status, content_type, body)
}

/// The data rows of CSV output (no header), as a sorted list: results compared as
/// sets of rows.
pub fn row_set(csv: &str) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = csv_rows(csv)
        .into_iter()
        .skip(1)
        .filter(|row| row.iter().any(|cell| !cell.is_empty()))
        .collect();
    rows.sort();
    rows.dedup();
    rows
}

/// Writes a file, creating its folders.
pub fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Runs `policykg --store STORE ARGS`, returning the exit code and stderr.
pub fn run_status(store: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = policykg()
        .arg("--store")
        .arg(store)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The ids of the documents in a store.
pub fn document_ids(store: &Path) -> Vec<String> {
    csv_rows(&run(store, &["query", "documents", "--format", "csv"]))
        .into_iter()
        .skip(1)
        .map(|row| row[0].clone())
        .collect()
}
