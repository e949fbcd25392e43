//! End-to-end tests of `policykg push`: against a real, independent Oxigraph server
//! (the `oxigraph` command from Python's `pip install oxigraph`), and against a small
//! fake server for what a real one will not do on demand (fail, check credentials).

mod common;

use common::{
    answer, free_port, http, outside_program_available, policykg, row_set, run, runs, Running,
    SAMPLE,
};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Quads per graph, as CSV rows `graph,count`, from a SPARQL endpoint's answer or the
/// local store.
const COUNT_PER_GRAPH: &str =
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g";

fn remote_csv(query_url: &str, query: &str) -> Vec<Vec<String>> {
    let (status, _, body) = answer(
        http()
            .post(query_url)
            .header("Accept", "text/csv")
            .header("Content-Type", "application/sparql-query")
            .send(query)
            .expect("the Oxigraph server answers"),
    );
    assert_eq!(status, 200, "{body}");
    row_set(&body)
}

fn sample_store(dir: &Path) -> std::path::PathBuf {
    let store = dir.join("store");
    run(&store, &["build", SAMPLE, "--quiet"]);
    store
}

#[test]
fn push_to_an_oxigraph_server_replaces_graphs_and_keeps_the_rows() {
    if !outside_program_available(
        "the `oxigraph` command (pip install oxigraph)",
        runs("oxigraph", &["--version"]),
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let port = free_port();
    let _oxigraph = Running(
        std::process::Command::new("oxigraph")
            .args(["serve", "--location"])
            .arg(dir.path().join("remote"))
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("starts the Oxigraph server"),
    );
    let base = format!("http://127.0.0.1:{port}");
    let query_url = format!("{base}/query");
    let started = std::time::Instant::now();
    while http()
        .get(&format!("{query_url}?query=ASK%7B%7D"))
        .call()
        .is_err()
    {
        assert!(
            started.elapsed().as_secs() < 20,
            "the Oxigraph server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let endpoint = format!("{base}/store");

    // A dry run sends nothing.
    let dry = run(&store, &["push", "--endpoint", &endpoint, "--dry-run"]);
    assert!(dry.contains("would send: 3 graphs"), "{dry}");
    assert!(remote_csv(&query_url, COUNT_PER_GRAPH).is_empty());

    let local_counts = row_set(&run(&store, &["query", COUNT_PER_GRAPH, "--format", "csv"]));
    assert_eq!(local_counts.len(), 3, "ontology, entities, one document");
    let summary = run(&store, &["push", "--endpoint", &endpoint]);
    let total: usize = local_counts
        .iter()
        .map(|r| r[1].parse::<usize>().unwrap())
        .sum();
    assert!(
        summary.contains(&format!("sent: 3 graphs ({total} quads)")),
        "{summary}"
    );
    assert!(summary.contains("refused: 0 graphs"), "{summary}");
    assert_eq!(remote_csv(&query_url, COUNT_PER_GRAPH), local_counts);

    // A canned query reads the entity graph by name: the remote store gives its rows.
    for name in ["district-industries", "sector-targets"] {
        let text = policykg::query::canned(name).unwrap();
        let local = row_set(&run(&store, &["query", name, "--format", "csv"]));
        assert!(!local.is_empty());
        assert_eq!(
            remote_csv(&query_url, text),
            local,
            "{name} on the remote store"
        );
    }

    // Pushing again replaces each graph: nothing doubles.
    run(
        &store,
        &["push", "--endpoint", &endpoint, "--format", "turtle"],
    );
    assert_eq!(remote_csv(&query_url, COUNT_PER_GRAPH), local_counts);

    // A URL that is not the Graph Store Protocol's is refused: exit code 1, and a
    // summary that says so.
    let output = policykg()
        .arg("--store")
        .arg(&store)
        .args(["push", "--endpoint", &format!("{base}/no-such-path")])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("refused: 3 graphs"), "{stdout}");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("HTTP 404"),
        "says why"
    );
}

/// What the fake server saw: each request's first line and Authorization header.
type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// A one-thread HTTP server that answers each request with `status(index, line)`.
fn fake_server(status: impl Fn(usize, &str) -> u16 + Send + 'static) -> (String, Seen) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let seen: Seen = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for (index, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { break };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            reader.read_line(&mut first).unwrap();
            let (mut length, mut authorization) = (0usize, None);
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap();
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap(),
                    "authorization" => authorization = Some(value.trim().to_owned()),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let code = status(index, first.trim());
            log.lock()
                .unwrap()
                .push((first.trim().to_owned(), authorization));
            let text = if code < 300 { "" } else { "no thanks" };
            let _ = write!(
                stream,
                "HTTP/1.1 {code} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            );
        }
    });
    (format!("http://{address}/store"), seen)
}

#[test]
fn push_retries_server_errors_sends_credentials_and_never_prints_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    // The first request fails with 503, then the server takes everything but the
    // entity graph.
    let (endpoint, seen) = fake_server(|index, line| {
        if index == 0 {
            503
        } else if line.contains("graph%2Fentities") {
            400
        } else {
            204
        }
    });
    let output = policykg()
        .arg("--store")
        .arg(&store)
        .env("POLICYKG_PUSH_TOKEN", "s3cret-t0ken")
        .args(["push", "--endpoint", &endpoint, "--retries", "2"])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "a refused graph fails the push"
    );
    assert!(stdout.contains("sent: 2 graphs"), "{stdout}");
    assert!(stdout.contains("refused: 1 graph "), "{stdout}");
    assert!(
        stderr.contains("HTTP 400 Bad Request: no thanks"),
        "{stderr}"
    );
    assert!(
        !format!("{stdout}{stderr}").contains("s3cret"),
        "the token is never printed"
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 4, "three graphs, the first one twice: {seen:?}");
    assert_eq!(
        seen[0].0, seen[1].0,
        "the graph the server failed on is sent again"
    );
    assert!(seen.iter().all(
        |(line, authorization)| line.starts_with("PUT /store?graph=")
            && authorization.as_deref() == Some("Bearer s3cret-t0ken")
    ));
}
