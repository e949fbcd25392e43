//! End-to-end tests of `policykg serve`: the SPARQL 1.1 Protocol, content negotiation,
//! the Graph Store Protocol for reading, canned queries, the limits, and a real
//! client (Python SPARQLWrapper) getting the rows the command line gives.

mod common;

use common::{
    answer, fixture, http, outside_program_available, row_set, run, runs, shared_store,
    start_server, SAMPLE, SAMPLE_ID,
};

fn get(url: &str, accept: &str) -> (u16, String, String) {
    answer(
        http()
            .get(url)
            .header("Accept", accept)
            .call()
            .expect("answers"),
    )
}

fn encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

const COUNT_QUERY: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";

#[test]
fn canned_queries_over_http_give_the_command_lines_output() {
    let (_server, base) = start_server(shared_store(), &["--quiet"]);
    let public = policykg::query::CANNED_QUERIES
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| !policykg::query::is_internal(name));
    for name in public {
        let (status, content_type, body) = get(&format!("{base}/query/{name}?format=csv"), "*/*");
        assert_eq!(status, 200, "{name}: {body}");
        assert!(content_type.starts_with("text/csv"), "{content_type}");
        let cli = run(shared_store(), &["query", name, "--format", "csv"]);
        assert_eq!(body, cli, "{name}: HTTP and the command line differ");
    }
    let (status, _, body) = get(&format!("{base}/query/no-such-query"), "*/*");
    assert_eq!(status, 404);
    assert!(
        body.contains("district-industries"),
        "lists the names: {body}"
    );
    let (status, content_type, body) = get(&format!("{base}/query"), "*/*");
    assert_eq!((status, content_type.as_str()), (200, "application/json"));
    assert!(body.contains("\"/query/sector-targets\""), "{body}");
}

#[test]
fn sparql_protocol_get_and_post_with_content_negotiation() {
    let (_server, base) = start_server(shared_store(), &["--quiet"]);
    let select = format!("{base}/sparql?query={}", encoded(COUNT_QUERY));
    for (accept, expected, starts) in [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            "{",
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<?xml",
        ),
        ("text/csv", "text/csv; charset=utf-8", "n\r\n"),
        (
            "text/tab-separated-values",
            "text/tab-separated-values; charset=utf-8",
            "?n\n",
        ),
        (
            "text/html, text/csv;q=0.9",
            "text/csv; charset=utf-8",
            "n\r\n",
        ),
        ("*/*", "application/sparql-results+json", "{"),
    ] {
        let (status, content_type, body) = get(&select, accept);
        assert_eq!(status, 200, "{accept}: {body}");
        assert_eq!(content_type, expected, "for Accept: {accept}");
        assert!(body.starts_with(starts), "{accept}: {body}");
    }
    let count = get(&select, "text/csv").2;
    // POST, as a form and as a direct body, answers the same.
    let form = answer(
        http()
            .post(format!("{base}/sparql"))
            .header("Accept", "text/csv")
            .send_form([("query", COUNT_QUERY)])
            .expect("answers"),
    );
    assert_eq!((form.0, form.2.as_str()), (200, count.as_str()));
    let direct = answer(
        http()
            .post(format!("{base}/sparql"))
            .header("Accept", "text/csv")
            .header("Content-Type", "application/sparql-query")
            .send(COUNT_QUERY)
            .expect("answers"),
    );
    assert_eq!((direct.0, direct.2.as_str()), (200, count.as_str()));
    // CONSTRUCT comes as Turtle by default, N-Triples on request.
    let construct = format!(
        "{base}/sparql?query={}",
        encoded(
            "PREFIX pkg: <https://w3id.org/policykg/ontology#> \
             CONSTRUCT { ?d a pkg:District } WHERE { SELECT DISTINCT ?d WHERE { ?d a pkg:District } LIMIT 5 }"
        )
    );
    let (status, content_type, _) = get(&construct, "*/*");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/turtle; charset=utf-8")
    );
    let (status, content_type, body) = get(&construct, "application/n-triples");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/n-triples")
    );
    assert_eq!(body.lines().count(), 5, "{body}");
    let (status, _, body) = get(&construct, "text/csv");
    assert_eq!(status, 406, "{body}");
    // ASK
    let ask = format!("{base}/sparql?query={}", encoded("ASK { ?s ?p ?o }"));
    assert_eq!(get(&ask, "text/csv").2.trim(), "true");
}

#[test]
fn bad_queries_updates_and_writes_get_clear_http_errors() {
    let (_server, base) = start_server(shared_store(), &["--quiet"]);
    let bad = format!(
        "{base}/sparql?query={}",
        encoded("SELECT ?s WHERE {\n  ?s ?p\n}")
    );
    let (status, content_type, body) = get(&bad, "*/*");
    assert_eq!(status, 400);
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    assert!(body.contains("line 3, column"), "says where: {body}");
    let (status, _, body) = get(&format!("{base}/sparql"), "*/*");
    assert_eq!(status, 400, "no query: {body}");
    let insert = "INSERT DATA { <urn:a> <urn:b> <urn:c> }";
    for response in [
        http()
            .post(format!("{base}/sparql"))
            .send_form([("update", insert)]),
        http()
            .post(format!("{base}/sparql"))
            .header("Content-Type", "application/sparql-update")
            .send(insert),
        http()
            .post(format!("{base}/sparql"))
            .header("Content-Type", "application/sparql-query")
            .send(insert),
    ] {
        let (status, _, body) = answer(response.expect("answers"));
        assert_eq!(status, 403, "{body}");
        assert!(body.contains("read-only"), "{body}");
    }
    let graph = format!(
        "{base}/store?graph={}",
        encoded("https://w3id.org/policykg/graph/entities")
    );
    for method in ["PUT", "POST", "DELETE"] {
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(&graph)
            .body(Vec::<u8>::new())
            .unwrap();
        let (status, _, body) = answer(http().run(request).expect("answers"));
        assert_eq!(status, 405, "{method}: {body}");
    }
    let still = get(
        &format!(
            "{base}/sparql?query={}",
            encoded("ASK { <urn:a> <urn:b> <urn:c> }")
        ),
        "text/csv",
    );
    assert_eq!(still.2.trim(), "false", "nothing was written");
}

#[test]
fn time_and_size_limits_answer_with_http_errors() {
    let (_server, base) = start_server(
        shared_store(),
        &["--quiet", "--timeout", "0.2", "--max-rows", "3"],
    );
    let started = std::time::Instant::now();
    let slow = format!(
        "{base}/sparql?query={}",
        encoded("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    );
    let (status, _, body) = get(&slow, "*/*");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("time limit of 0.2 s"), "{body}");
    assert!(
        started.elapsed().as_secs_f64() < 5.0,
        "answered at the limit"
    );
    let (status, _, body) = get(&format!("{base}/query/districts"), "*/*");
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("more than 3 rows"), "{body}");
    let (status, _, _) = get(
        &format!(
            "{base}/sparql?query={}",
            encoded("SELECT * WHERE { ?s ?p ?o } LIMIT 3")
        ),
        "*/*",
    );
    assert_eq!(status, 200, "at the limit is fine");
}

#[test]
fn graph_store_protocol_reads_one_graph() {
    let (_server, base) = start_server(shared_store(), &["--quiet"]);
    let iri = format!("https://w3id.org/policykg/doc/{SAMPLE_ID}");
    let (status, content_type, body) = get(
        &format!("{base}/store?graph={}", encoded(&iri)),
        "application/n-triples",
    );
    assert_eq!(
        (status, content_type.as_str()),
        (200, "application/n-triples")
    );
    let count = run(
        shared_store(),
        &[
            "query",
            &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"),
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        body.lines().count().to_string(),
        count.lines().nth(1).unwrap().trim(),
        "every triple of the graph, once"
    );
    let (status, _, body) = get(
        &format!("{base}/store?graph={}", encoded("urn:no-such-graph")),
        "*/*",
    );
    assert_eq!(status, 404, "{body}");
    let (status, content_type, _) = get(&format!("{base}/store?default"), "text/turtle");
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/turtle; charset=utf-8")
    );
}

#[test]
fn the_server_sees_what_a_build_writes_while_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    run(&store, &["build", SAMPLE, "--quiet"]);
    let (_server, base) = start_server(&store, &["--quiet"]);
    let documents =
        |base: &str| row_set(&get(&format!("{base}/query/documents?format=csv"), "*/*").2).len();
    assert_eq!(documents(&base), 1);
    run(
        &store,
        &[
            "build",
            fixture("changning-15th-fyp-digital-economy.md")
                .to_str()
                .unwrap(),
            "--quiet",
        ],
    );
    // The server looks at the store on disk at most twice a second.
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert_eq!(documents(&base), 2, "the new document is served");
    run(&store, &["remove", SAMPLE_ID]);
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert_eq!(documents(&base), 1, "the removed document is gone");
}

/// Python's SPARQLWrapper, a client nobody here wrote, reads the endpoint: a canned
/// query's SPARQL text gives the rows `policykg query NAME` gives, by GET and by POST.
#[test]
fn sparqlwrapper_gets_the_rows_the_command_line_gives() {
    let available = runs("python3", &["-c", "import SPARQLWrapper"]);
    if !outside_program_available(
        "python3 with SPARQLWrapper (pip install SPARQLWrapper)",
        available,
    ) {
        return;
    }
    let (_server, base) = start_server(shared_store(), &["--quiet"]);
    const CLIENT: &str = r#"
import csv, sys
from SPARQLWrapper import SPARQLWrapper, JSON, POST, GET
endpoint, method = sys.argv[1], sys.argv[2]
client = SPARQLWrapper(endpoint)
client.setQuery(sys.stdin.read())
client.setReturnFormat(JSON)
client.setMethod(POST if method == "POST" else GET)
result = client.query().convert()
names = result["head"]["vars"]
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(names)
for binding in result["results"]["bindings"]:
    out.writerow([binding.get(name, {}).get("value", "") for name in names])
"#;
    for (name, method) in [
        ("district-industries", "GET"),
        ("sector-targets", "POST"),
        ("park-industries", "GET"),
    ] {
        let text = policykg::query::canned(name).unwrap();
        let output = std::process::Command::new("python3")
            .args(["-c", CLIENT, &format!("{base}/sparql"), method])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(text.as_bytes())?;
                child.wait_with_output()
            })
            .expect("runs python3");
        assert!(
            output.status.success(),
            "SPARQLWrapper failed on {name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let client_rows = row_set(&String::from_utf8(output.stdout).unwrap());
        let cli_rows = row_set(&run(shared_store(), &["query", name, "--format", "csv"]));
        assert!(!cli_rows.is_empty(), "{name} has rows on the sample");
        assert_eq!(
            client_rows, cli_rows,
            "{name} over SPARQLWrapper ({method})"
        );
    }
}

fn json(url: &str) -> (u16, serde_json::Value) {
    let (status, content_type, body) = get(url, "*/*");
    if status == 200 {
        assert_eq!(content_type, "application/json", "{url}");
        (status, serde_json::from_str(&body).expect("JSON"))
    } else {
        (status, serde_json::Value::String(body))
    }
}

#[test]
fn the_web_page_and_its_json_endpoints() {
    let (_server, base) = start_server(shared_store(), &["--quiet"]);
    // The page and its two files, from the binary, allowed to load nothing else.
    let response = http().get(format!("{base}/")).call().expect("answers");
    let policy = response
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    let (status, content_type, page) = answer(response);
    assert_eq!(
        (status, content_type.as_str()),
        (200, "text/html; charset=utf-8")
    );
    assert!(page.contains("<html lang=\"zh\">"), "{page}");
    for (path, kind) in [("/app.js", "text/javascript"), ("/style.css", "text/css")] {
        let (status, content_type, body) = get(&format!("{base}{path}"), "*/*");
        assert_eq!(status, 200, "{path}");
        assert!(content_type.starts_with(kind), "{path}: {content_type}");
        assert!(!body.is_empty(), "{path}");
    }
    assert!(
        !page.contains("src=\"http") && !page.contains("href=\"http"),
        "the page loads nothing from elsewhere"
    );
    // An entity's facts, each with its sentences, document and section.
    let (status, entity) = json(&format!("{base}/api/entity?name={}", encoded("浦东")));
    assert_eq!(status, 200, "{entity}");
    assert_eq!(
        entity["entity"]["label"], "浦东新区",
        "an alias finds the entity"
    );
    let fact = entity["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|fact| fact["object"]["label"] == "集成电路")
        .expect("浦东新区 hosts 集成电路");
    assert_eq!(fact["predicate"], "hostsIndustry");
    // The shared store holds fixtures too: the sample's sentence is one of them.
    let sentences = fact["sentences"].as_array().unwrap();
    assert!(
        sentences
            .iter()
            .any(|sentence| sentence["document"] == SAMPLE_ID
                && sentence["section"] == "空间布局逐步优化"
                && sentence["sentence"]
                    .as_str()
                    .unwrap()
                    .contains("浦东新区集成电路和生物医药")),
        "{sentences:#?}"
    );
    // A sector's targets, each with the sentences that state it.
    let (status, entity) = json(&format!("{base}/api/entity?name={}", encoded("新能源汽车")));
    assert_eq!(status, 200, "{entity}");
    let target = entity["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|figure| figure["target"] == true && figure["text"] == "3500亿元左右")
        .expect("新能源汽车 has its 2025 target");
    assert_eq!(target["year"], 2025, "{target}");
    assert!(
        target["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .any(|sentence| sentence["sentence"]
                .as_str()
                .unwrap()
                .contains("新能源汽车制造业产值达到3500亿元左右")),
        "{target}"
    );
    let (status, message) = json(&format!("{base}/api/entity?name=no-such-entity"));
    assert_eq!(status, 404, "{message}");
    // The evidence of a matrix cell; an inferred one names the parks it follows from.
    let (status, matrix) = json(&format!("{base}/api/matrix"));
    assert_eq!(status, 200);
    let cells = matrix["cells"].as_array().unwrap();
    assert!(cells.iter().any(|cell| cell["district"] == "浦东新区"
        && cell["industry"] == "集成电路"
        && cell["inferred"] == false));
    let inferred = cells
        .iter()
        .find(|cell| cell["inferred"] == true)
        .expect("a cell only inferred from parks");
    let (status, link) = json(&format!(
        "{base}/api/explain?a={}&b={}",
        encoded(inferred["district"].as_str().unwrap()),
        encoded(inferred["industry"].as_str().unwrap())
    ));
    assert_eq!(status, 200, "{link}");
    let fact = &link["facts"][0];
    assert_eq!(fact["inferred"], true, "{link}");
    assert!(
        !fact["via"].as_array().unwrap().is_empty(),
        "names its parks: {link}"
    );
    assert!(!fact["sentences"].as_array().unwrap().is_empty(), "{link}");
    // Search, and diagrams as SVG.
    let (status, found) = json(&format!("{base}/api/entities?q={}", encoded("张江")));
    assert_eq!(status, 200);
    assert_eq!(found[0]["label"], "张江科学城", "{found}");
    let (status, content_type, svg) = get(
        &format!("{base}/api/diagram/focus?entity={}", encoded("临港新片区")),
        "*/*",
    );
    assert_eq!((status, content_type.as_str()), (200, "image/svg+xml"));
    assert!(svg.contains("<svg") && svg.contains("临港新片区"));
    let (status, _, message) = get(&format!("{base}/api/diagram/query"), "*/*");
    assert_eq!(status, 404, "{message}");
}
