//! Sending the store to a remote RDF store (`policykg push`) with the SPARQL 1.1 Graph
//! Store HTTP Protocol: one HTTP PUT per graph to `ENDPOINT?graph=IRI`, so pushing again
//! replaces each graph on the remote store instead of adding to it.
//!
//! It only reads the local store. Credentials come from the environment and go only
//! into the `Authorization` header of requests to the endpoint: never into a message,
//! a log line or the dry run's output, and an endpoint URL with credentials in it is
//! refused for that reason.

use crate::error::{Error, Result};
use crate::store::KnowledgeStore;
use base64::Engine;
use oxigraph::io::{RdfFormat, RdfSerializer};
use std::time::Duration;

/// The environment variables credentials are read from.
pub const TOKEN_VARIABLE: &str = "POLICYKG_PUSH_TOKEN";
pub const USER_VARIABLE: &str = "POLICYKG_PUSH_USER";
pub const PASSWORD_VARIABLE: &str = "POLICYKG_PUSH_PASSWORD";

/// How a graph is written in the request body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PushFormat {
    /// N-Triples: every store reads it, line by line.
    Nt,
    /// Turtle: smaller bodies.
    Turtle,
}

impl PushFormat {
    fn rdf_format(self) -> RdfFormat {
        match self {
            PushFormat::Nt => RdfFormat::NTriples,
            PushFormat::Turtle => RdfFormat::Turtle,
        }
    }
}

/// How to authenticate to the remote store.
#[derive(Clone)]
pub enum Credentials {
    Basic { user: String, password: String },
    Bearer(String),
}

// Written by hand so that a debug print can never show a secret.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe())
    }
}

impl Credentials {
    /// Reads credentials from the environment: a bearer token from
    /// `POLICYKG_PUSH_TOKEN`, else a user and password from `POLICYKG_PUSH_USER` and
    /// `POLICYKG_PUSH_PASSWORD`, else none.
    pub fn from_env() -> Result<Option<Credentials>> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Option<Credentials>> {
        if let Some(token) = lookup(TOKEN_VARIABLE) {
            return Ok(Some(Credentials::Bearer(token)));
        }
        match (lookup(USER_VARIABLE), lookup(PASSWORD_VARIABLE)) {
            (Some(user), Some(password)) => Ok(Some(Credentials::Basic { user, password })),
            (None, None) => Ok(None),
            (Some(_), None) => Err(Error::Usage(format!(
                "{USER_VARIABLE} is set but {PASSWORD_VARIABLE} is not (set both for basic authentication)"
            ))),
            (None, Some(_)) => Err(Error::Usage(format!(
                "{PASSWORD_VARIABLE} is set but {USER_VARIABLE} is not (set both for basic authentication)"
            ))),
        }
    }

    fn header(&self) -> String {
        match self {
            Credentials::Basic { user, password } => format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            ),
            Credentials::Bearer(token) => format!("Bearer {token}"),
        }
    }

    /// What the user is told about authentication: where it comes from, not what it is.
    pub fn describe(&self) -> &'static str {
        match self {
            Credentials::Basic { .. } => {
                "basic authentication from POLICYKG_PUSH_USER and POLICYKG_PUSH_PASSWORD"
            }
            Credentials::Bearer(_) => "a bearer token from POLICYKG_PUSH_TOKEN",
        }
    }
}

/// What `policykg push` was asked for.
#[derive(Clone, Debug)]
pub struct PushOptions {
    /// The Graph Store Protocol endpoint, e.g. `http://localhost:7878/store`.
    pub endpoint: String,
    pub format: PushFormat,
    /// Print what would be sent without sending it.
    pub dry_run: bool,
    /// The longest one request may take.
    pub timeout: Duration,
    /// How many times a graph is sent again after a 5xx answer or a timeout.
    pub retries: u32,
    pub credentials: Option<Credentials>,
}

/// What became of one graph.
#[derive(Clone, Debug)]
pub struct GraphOutcome {
    pub graph: String,
    pub triples: usize,
    pub bytes: usize,
    /// The URL the graph goes to.
    pub url: String,
    /// `Ok(status)` when the remote store took it, `Err(reason)` when it refused it or
    /// could not be reached; `Ok(0)` in a dry run.
    pub result: std::result::Result<u16, String>,
}

/// What a push did, graph by graph.
#[derive(Debug, Default)]
pub struct PushReport {
    pub graphs: Vec<GraphOutcome>,
}

impl PushReport {
    pub fn sent(&self) -> impl Iterator<Item = &GraphOutcome> {
        self.graphs.iter().filter(|g| g.result.is_ok())
    }

    pub fn refused(&self) -> impl Iterator<Item = &GraphOutcome> {
        self.graphs.iter().filter(|g| g.result.is_err())
    }

    /// The summary printed at the end, one line each for what was sent and refused.
    pub fn render(&self, endpoint: &str, dry_run: bool) -> String {
        let (sent, refused): (Vec<_>, Vec<_>) = (self.sent().collect(), self.refused().collect());
        let triples = |graphs: &[&GraphOutcome]| graphs.iter().map(|g| g.triples).sum::<usize>();
        let verb = if dry_run { "would send" } else { "sent" };
        let mut text = format!("endpoint: {endpoint}\n");
        text.push_str(&format!(
            "{verb}: {} graph{} ({} quads)\n",
            sent.len(),
            if sent.len() == 1 { "" } else { "s" },
            triples(&sent)
        ));
        if !dry_run {
            text.push_str(&format!(
                "refused: {} graph{} ({} quads)\n",
                refused.len(),
                if refused.len() == 1 { "" } else { "s" },
                triples(&refused)
            ));
        }
        text
    }
}

/// Checks the endpoint: an http or https URL without credentials in it.
pub fn check_endpoint(endpoint: &str) -> Result<()> {
    let rest = endpoint
        .strip_prefix("http://")
        .or_else(|| endpoint.strip_prefix("https://"))
        .ok_or_else(|| {
            Error::Usage(format!(
                "'{endpoint}' is not an http:// or https:// URL (e.g. http://localhost:7878/store)"
            ))
        })?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(Error::Usage(format!(
            "the endpoint URL has credentials in it; give them in {USER_VARIABLE} and {PASSWORD_VARIABLE} (or {TOKEN_VARIABLE}) instead, so they are never printed"
        )));
    }
    if authority.is_empty() {
        return Err(Error::Usage(format!("'{endpoint}' has no host")));
    }
    Ok(())
}

/// The URL a graph is PUT to: `ENDPOINT?graph=IRI`, the IRI percent-encoded.
pub fn graph_url(endpoint: &str, graph: &str) -> String {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    let encoded: String = form_urlencoded::byte_serialize(graph.as_bytes()).collect();
    format!("{endpoint}{separator}graph={encoded}")
}

/// Sends every graph of the store (the ontology graph, the shared entity graph, then
/// each document's graph), one PUT each, and calls `on_graph` after each. A graph the
/// remote store refuses is reported and the push goes on; when the endpoint cannot be
/// reached at all, the remaining graphs are reported as not sent.
pub fn push(
    store: &KnowledgeStore,
    options: &PushOptions,
    mut on_graph: impl FnMut(&GraphOutcome),
) -> Result<PushReport> {
    check_endpoint(&options.endpoint)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(options.timeout))
        .build()
        .into();
    let mut report = PushReport::default();
    let mut unreachable: Option<String> = None;
    for graph in store.graph_iris()? {
        let (body, triples) = serialize_graph(store, &graph, options.format)?;
        let url = graph_url(&options.endpoint, &graph);
        let result = if options.dry_run {
            Ok(0)
        } else if let Some(reason) = &unreachable {
            Err(format!("not sent: {reason}"))
        } else {
            match send(&agent, &url, &body, options) {
                Ok(status) => Ok(status),
                Err(Failure::Refused(reason)) => Err(reason),
                Err(Failure::Unreachable(reason)) => {
                    unreachable = Some(reason.clone());
                    Err(reason)
                }
            }
        };
        let outcome = GraphOutcome {
            graph,
            triples,
            bytes: body.len(),
            url,
            result,
        };
        on_graph(&outcome);
        report.graphs.push(outcome);
    }
    Ok(report)
}

fn serialize_graph(
    store: &KnowledgeStore,
    graph: &str,
    format: PushFormat,
) -> Result<(Vec<u8>, usize)> {
    let mut serializer = RdfSerializer::from_format(format.rdf_format());
    if format == PushFormat::Turtle {
        serializer = serializer
            .with_prefix("pkg", crate::gazetteer::ONTOLOGY_NS)
            .and_then(|s| s.with_prefix("skos", "http://www.w3.org/2004/02/skos/core#"))
            .and_then(|s| s.with_prefix("prov", "http://www.w3.org/ns/prov#"))
            .map_err(|error| Error::Storage(error.to_string()))?;
    }
    let mut serializer = serializer.for_writer(Vec::new());
    let mut triples = 0;
    store.for_each_triple_in_graph(graph, |triple| {
        triples += 1;
        Ok(serializer.serialize_triple(&triple)?)
    })?;
    Ok((serializer.finish()?, triples))
}

enum Failure {
    /// The remote store answered no (4xx, or 5xx until the retries ran out).
    Refused(String),
    /// No answer at all (connection refused, timeouts until the retries ran out), or
    /// an answer that means no graph will be taken (wrong URL, wrong credentials).
    Unreachable(String),
}

/// PUTs one body, again after a 5xx answer, a 408 or 429, or a network error, waiting
/// 0.5 s, 1 s, 2 s… in between.
fn send(
    agent: &ureq::Agent,
    url: &str,
    body: &[u8],
    options: &PushOptions,
) -> std::result::Result<u16, Failure> {
    let content_type = match options.format {
        PushFormat::Nt => "application/n-triples",
        PushFormat::Turtle => "text/turtle; charset=utf-8",
    };
    let mut attempt = 0;
    loop {
        let mut request = agent.put(url).header("Content-Type", content_type);
        if let Some(credentials) = &options.credentials {
            request = request.header("Authorization", credentials.header());
        }
        let failure = match request.send(body) {
            Ok(mut response) => {
                let status = response.status().as_u16();
                if (200..300).contains(&status) {
                    return Ok(status);
                }
                let text = response
                    .body_mut()
                    .with_config()
                    .limit(64 * 1024)
                    .read_to_string()
                    .unwrap_or_default();
                let reason = refusal(status, &text);
                // These say the endpoint or the credentials are wrong: every other graph
                // would be refused the same way, so the push stops here.
                if matches!(status, 401 | 403 | 404 | 405) {
                    return Err(Failure::Unreachable(reason));
                }
                if !(status >= 500 || status == 408 || status == 429) {
                    return Err(Failure::Refused(reason));
                }
                Failure::Refused(reason)
            }
            Err(error) => Failure::Unreachable(format!("no answer from the endpoint: {error}")),
        };
        if attempt >= options.retries {
            return Err(failure);
        }
        std::thread::sleep(Duration::from_millis(500 << attempt.min(6)));
        attempt += 1;
    }
}

/// A refusal in one line: the status, its reason, and the first line of what the
/// server said.
fn refusal(status: u16, body: &str) -> String {
    let reason = match status {
        400 => " Bad Request",
        401 => {
            " Unauthorized (check POLICYKG_PUSH_USER/POLICYKG_PUSH_PASSWORD or POLICYKG_PUSH_TOKEN)"
        }
        403 => " Forbidden (is the store read-only, or the user not allowed to write?)",
        404 => " Not Found (is this the store's Graph Store Protocol URL?)",
        405 => " Method Not Allowed (is this the store's Graph Store Protocol URL?)",
        413 => " Payload Too Large",
        415 => " Unsupported Media Type (try --format turtle)",
        _ => "",
    };
    let said: String = body
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default()
        .chars()
        .take(200)
        .collect();
    if said.is_empty() {
        format!("HTTP {status}{reason}")
    } else {
        format!("HTTP {status}{reason}: {said}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_urls_encode_the_iri() {
        assert_eq!(
            graph_url(
                "http://localhost:7878/store",
                "https://w3id.org/policykg/doc/a b"
            ),
            "http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Fpolicykg%2Fdoc%2Fa+b"
        );
        assert!(graph_url("http://h/gsp?x=1", "urn:g").starts_with("http://h/gsp?x=1&graph="));
    }

    #[test]
    fn endpoints_with_credentials_or_without_scheme_are_refused() {
        assert!(check_endpoint("http://localhost:7878/store").is_ok());
        assert!(check_endpoint("https://db.example/repositories/r/rdf-graphs/service").is_ok());
        assert!(check_endpoint("localhost:7878/store").is_err());
        let error = check_endpoint("http://me:secret@host/store").unwrap_err();
        assert!(!error.to_string().contains("secret"), "{error}");
    }

    #[test]
    fn credentials_come_from_the_environment_and_never_show() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let bearer = Credentials::from_lookup(env(&[(TOKEN_VARIABLE, "t0ken")]))
            .unwrap()
            .unwrap();
        assert_eq!(bearer.header(), "Bearer t0ken");
        assert!(!format!("{bearer:?}").contains("t0ken"));
        let basic =
            Credentials::from_lookup(env(&[(USER_VARIABLE, "admin"), (PASSWORD_VARIABLE, "pw")]))
                .unwrap()
                .unwrap();
        assert_eq!(basic.header(), "Basic YWRtaW46cHc=");
        assert!(!format!("{basic:?}").contains("pw"));
        assert!(Credentials::from_lookup(env(&[(USER_VARIABLE, "admin")])).is_err());
        assert!(Credentials::from_lookup(env(&[])).unwrap().is_none());
    }

    #[test]
    fn refusals_say_what_the_server_said() {
        assert_eq!(
            refusal(400, "\n  Bad N-Triples at line 3\nmore"),
            "HTTP 400 Bad Request: Bad N-Triples at line 3"
        );
        assert!(refusal(401, "").contains("POLICYKG_PUSH_TOKEN"));
    }
}
