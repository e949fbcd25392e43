//! The HTTP server (`policykg serve`): the SPARQL 1.1 Protocol at `/sparql`, the
//! Graph Store Protocol for reading at `/store`, the canned queries at
//! `/query/{name}`, and a web page at `/` for people who do not write SPARQL (query
//! editor, entity pages, the district × industry matrix, diagrams), over the same
//! on-disk store the other commands read.
//!
//! It must never write: the store is opened read-only, SPARQL UPDATE is refused, and
//! the Graph Store Protocol answers only GET and HEAD. Every answer is computed in full
//! before it is sent, under a time limit and a size limit, so a client gets either the
//! whole result or an HTTP error that says which limit it hit, never a cut-off result.
//! A read-only store sees the database as it was when opened, so the server opens it
//! again when a `build` or `remove` has changed it on disk.
//!
//! Queries run through the same functions as `policykg query` ([`KnowledgeStore`] and
//! [`crate::query`]): a canned query over HTTP gives the rows the command line gives.
//! The page's JSON endpoints (`/api/…`) are the library's own answers ([`crate::explain`],
//! [`crate::graph`], [`crate::diagram`]) serialized; the page itself (`web/`) is
//! embedded in the binary and fetches nothing from elsewhere.

use crate::diagram::{self, DiagramFormat, DiagramOptions, Matrix, View};
use crate::error::Error;
use crate::explain;
use crate::graph::GraphView;
use crate::query::{self, OutputFormat};
use crate::store::{KnowledgeStore, QueryDataset};
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use oxigraph::model::NamedNode;
use oxigraph::sparql::{CancellationToken, QueryResults};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The default address: loopback only, so nothing outside this machine can read the
/// store unless the user asks for it.
pub const DEFAULT_BIND: &str = "127.0.0.1:7878";

/// How often, at most, the server looks at the store on disk for changes.
const STORE_CHECK_INTERVAL: Duration = Duration::from_millis(500);

/// The largest request body accepted (a query or a form), in bytes.
const MAX_REQUEST_BYTES: usize = 1024 * 1024;

/// What `policykg serve` was asked for.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub store: PathBuf,
    pub bind: SocketAddr,
    /// The longest a query (or a graph read) may run before it is stopped.
    pub timeout: Duration,
    /// The most rows (SELECT) or triples (CONSTRUCT, DESCRIBE, a graph) in one answer.
    pub max_rows: usize,
    /// Print one line per request on stderr.
    pub log_requests: bool,
}

/// Starts the server and answers requests until Ctrl-C or SIGTERM. `on_listening` gets
/// the address actually bound (the port is chosen by the system when it is 0).
pub fn serve(options: ServeOptions, on_listening: impl FnOnce(SocketAddr)) -> crate::Result<()> {
    let store = KnowledgeStore::open_existing(&options.store)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.bind)
            .await
            .map_err(|error| {
                Error::Usage(format!(
                    "cannot listen on '{}': {error} (is another server using the port? try --bind 127.0.0.1:0 for any free port)",
                    options.bind
                ))
            })?;
        on_listening(listener.local_addr()?);
        let state = Arc::new(ServerState {
            open: Mutex::new(OpenStore {
                store: Arc::new(store),
                disk_state: KnowledgeStore::disk_state(&options.store),
                checked: Instant::now(),
            }),
            options,
        });
        axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        Ok(())
    })
}

/// The routes.
fn router(state: Arc<ServerState>) -> Router {
    let log = state.options.log_requests;
    let router = Router::new()
        .route("/", get(index))
        .route("/app.js", get(script))
        .route("/style.css", get(stylesheet))
        .route("/api/entities", get(api_entities))
        .route("/api/entity", get(api_entity))
        .route("/api/explain", get(api_explain))
        .route("/api/matrix", get(api_matrix))
        .route("/api/diagram/{view}", get(api_diagram))
        .route(
            "/sparql",
            get(sparql_get).post(sparql_post).fallback(read_only),
        )
        .route("/store", get(graph_store_get).fallback(read_only))
        .route("/query", get(canned_list))
        .route("/query/{name}", get(canned_get))
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(state);
    if log {
        router.layer(axum::middleware::from_fn(log_request))
    } else {
        router
    }
}

/// What the handlers share: the options and the store, opened again when it changed.
struct ServerState {
    options: ServeOptions,
    open: Mutex<OpenStore>,
}

struct OpenStore {
    store: Arc<KnowledgeStore>,
    disk_state: Option<String>,
    checked: Instant,
}

impl ServerState {
    /// The store as it is now on disk. A read-only store is a snapshot of the moment it
    /// was opened, so when a build or remove has committed since, the store is opened
    /// again; queries still running keep the handle they started with.
    fn store(&self) -> Arc<KnowledgeStore> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.checked.elapsed() >= STORE_CHECK_INTERVAL {
            open.checked = Instant::now();
            let now = KnowledgeStore::disk_state(&self.options.store);
            if now.is_some() && now != open.disk_state {
                match KnowledgeStore::open_existing(&self.options.store) {
                    Ok(store) => {
                        open.store = Arc::new(store);
                        open.disk_state = now;
                    }
                    // A build may be in the middle of changing files: keep the old
                    // view, and try again at the next request.
                    Err(error) => eprintln!("warning: cannot open the store again: {error}"),
                }
            }
        }
        open.store.clone()
    }
}

/// An answer that is an error: a status and a message in plain text.
#[derive(Debug)]
struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    fn read_only() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "this server is read-only: SPARQL UPDATE is refused (change the store with `policykg build` or `policykg remove`)",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, format!("error: {}\n", self.message)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        response
    }
}

impl From<std::io::Error> for ApiError {
    fn from(error: std::io::Error) -> Self {
        Error::Io(error).into()
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        let status = match &error {
            Error::QuerySyntax { .. } | Error::FormatMismatch { .. } | Error::Usage(_) => {
                StatusCode::BAD_REQUEST
            }
            Error::ResultTooLarge { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::UnknownEntity(_) => StatusCode::NOT_FOUND,
            Error::AmbiguousEntity { .. } => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, error.to_string())
    }
}

/// A successful answer: its media type and its bytes.
struct Reply {
    content_type: &'static str,
    body: Vec<u8>,
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = self.body.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        headers.insert(header::VARY, HeaderValue::from_static("accept"));
        response
    }
}

/// The formats the server writes, by the kind of result they fit.
const SOLUTION_FORMATS: [(OutputFormat, &str, &str); 4] = [
    (
        OutputFormat::Json,
        "application/sparql-results+json",
        "json",
    ),
    (OutputFormat::Xml, "application/sparql-results+xml", "xml"),
    (OutputFormat::Csv, "text/csv; charset=utf-8", "csv"),
    (
        OutputFormat::Tsv,
        "text/tab-separated-values; charset=utf-8",
        "tsv",
    ),
];
const GRAPH_FORMATS: [(OutputFormat, &str, &str); 3] = [
    (OutputFormat::Turtle, "text/turtle; charset=utf-8", "turtle"),
    (OutputFormat::Nt, "application/n-triples", "nt"),
    (OutputFormat::Xml, "application/rdf+xml", "xml"),
];

/// Other names clients use for the same formats, in `Accept` or `?format=`.
fn media_type_aliases(name: &str) -> &str {
    match name {
        "application/json" | "text/json" | "application/sparql-results+json" => "json",
        "application/xml" | "text/xml" | "application/sparql-results+xml" => "xml",
        "application/rdf+xml" | "rdf+xml" | "rdfxml" => "xml",
        "text/csv" => "csv",
        "text/tab-separated-values" => "tsv",
        "text/turtle" | "application/x-turtle" | "ttl" | "n3" | "text/n3" => "turtle",
        "application/n-triples" | "text/plain" | "ntriples" | "n-triples" => "nt",
        other => other,
    }
}

/// Which kind of result a request is answered with.
#[derive(Clone, Copy)]
enum ResultKind {
    /// SELECT and ASK.
    Solutions,
    /// CONSTRUCT, DESCRIBE and graphs of the Graph Store Protocol.
    Graph,
}

/// What the client asked for: `?format=` wins over `Accept`.
#[derive(Clone, Debug, Default)]
struct Negotiation {
    format: Option<String>,
    accept: Option<String>,
}

impl Negotiation {
    fn new(format: Option<String>, headers: &HeaderMap) -> Self {
        Negotiation {
            format,
            accept: headers
                .get(header::ACCEPT)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned),
        }
    }

    /// The output format and media type for a result of this kind.
    fn choose(&self, kind: ResultKind) -> Result<(OutputFormat, &'static str), ApiError> {
        let formats: &[(OutputFormat, &'static str, &'static str)] = match kind {
            ResultKind::Solutions => &SOLUTION_FORMATS,
            ResultKind::Graph => &GRAPH_FORMATS,
        };
        let names = || {
            formats
                .iter()
                .map(|(_, media, name)| format!("{name} ({})", media.split(';').next().unwrap()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(format) = &self.format {
            let wanted = media_type_aliases(format.trim());
            return formats
                .iter()
                .find(|(_, _, name)| *name == wanted)
                .map(|(format, media, _)| (*format, *media))
                .ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "format '{format}' does not fit this result (use one of: {})",
                        names()
                    ))
                });
        }
        let Some(accept) = self.accept.as_deref().filter(|a| !a.trim().is_empty()) else {
            return Ok((formats[0].0, formats[0].1));
        };
        // Media ranges by quality, best first; equal qualities keep the client's order.
        let mut ranges: Vec<(f32, String)> = accept
            .split(',')
            .filter_map(|range| {
                let mut parts = range.split(';');
                let media = parts.next()?.trim().to_ascii_lowercase();
                let quality = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (quality > 0.0 && !media.is_empty()).then_some((quality, media))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, media) in &ranges {
            if media == "*/*" {
                return Ok((formats[0].0, formats[0].1));
            }
            if let Some(kind) = media.strip_suffix("/*") {
                if let Some((format, media, _)) =
                    formats.iter().find(|(_, m, _)| m.starts_with(kind))
                {
                    return Ok((*format, media));
                }
                continue;
            }
            let wanted = media_type_aliases(media);
            if let Some((format, media, _)) = formats.iter().find(|(_, _, name)| *name == wanted) {
                return Ok((*format, media));
            }
        }
        Err(ApiError::new(
            StatusCode::NOT_ACCEPTABLE,
            format!(
                "cannot answer in any type of 'Accept: {accept}' (this result comes as {})",
                names()
            ),
        ))
    }
}

/// Runs `work` on a thread where blocking is allowed, with the store and a token that
/// is cancelled when the time limit is up; answers 503 at the limit whether or not the
/// work has noticed yet (it stops at its next look at the store).
async fn run_limited(
    state: Arc<ServerState>,
    work: impl FnOnce(&KnowledgeStore, &ServeOptions, CancellationToken) -> Result<Reply, ApiError>
        + Send
        + 'static,
) -> Result<Reply, ApiError> {
    let token = CancellationToken::new();
    let limit = state.options.timeout;
    let task = {
        let token = token.clone();
        let state = state.clone();
        tokio::task::spawn_blocking(move || {
            let store = state.store();
            work(&store, &state.options, token)
        })
    };
    match tokio::time::timeout(limit, task).await {
        Ok(Ok(reply)) => reply,
        Ok(Err(panic)) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the query failed unexpectedly: {panic}"),
        )),
        Err(_) => {
            token.cancel();
            Err(timed_out(limit))
        }
    }
}

fn timed_out(limit: Duration) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!(
            "the query ran longer than the server's time limit of {} s and was stopped (make it more selective, or start the server with a larger --timeout)",
            limit.as_secs_f64()
        ),
    )
}

/// Evaluates a query and writes its result in the negotiated format.
async fn answer_query(
    state: Arc<ServerState>,
    text: String,
    origin: String,
    dataset: QueryDataset,
    negotiation: Negotiation,
) -> Result<Reply, ApiError> {
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(
            "the query is empty (pass it as ?query=… or POST it)",
        ));
    }
    run_limited(state, move |store, options, token| {
        let results = match store.query_in_dataset(&text, &origin, &dataset, token.clone()) {
            Err(Error::QuerySyntax { .. }) if query::is_update(&text) => {
                return Err(ApiError::read_only())
            }
            other => other?,
        };
        let kind = match results {
            QueryResults::Graph(_) => ResultKind::Graph,
            _ => ResultKind::Solutions,
        };
        let (format, content_type) = negotiation.choose(kind)?;
        let mut body = Vec::new();
        match query::write_results_limited(results, format, &origin, options.max_rows, &mut body) {
            Ok(()) => Ok(Reply { content_type, body }),
            Err(_) if token.is_cancelled() => Err(timed_out(options.timeout)),
            Err(error) => Err(error.into()),
        }
    })
    .await
}

/// The parameters of a query string or a form body, in order.
fn parameters(encoded: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(encoded).into_owned().collect()
}

fn first(parameters: &[(String, String)], name: &str) -> Option<String> {
    parameters
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.clone())
}

/// The dataset of `default-graph-uri` and `named-graph-uri` parameters.
fn dataset(parameters: &[(String, String)]) -> Result<QueryDataset, ApiError> {
    let mut dataset = QueryDataset::default();
    for (key, value) in parameters {
        let list = match key.as_str() {
            "default-graph-uri" => &mut dataset.default_graphs,
            "named-graph-uri" => &mut dataset.named_graphs,
            _ => continue,
        };
        list.push(NamedNode::new(value).map_err(|error| {
            ApiError::bad_request(format!("'{value}' in {key} is not an IRI: {error}"))
        })?);
    }
    Ok(dataset)
}

async fn sparql_get(
    State(state): State<Arc<ServerState>>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Reply, ApiError> {
    let parameters = parameters(raw.unwrap_or_default().as_bytes());
    if first(&parameters, "update").is_some() {
        return Err(ApiError::read_only());
    }
    let Some(text) = first(&parameters, "query") else {
        return Err(ApiError::bad_request(
            "no query: pass it as /sparql?query=… (URL-encoded), or POST it (see the README)",
        ));
    };
    let dataset = dataset(&parameters)?;
    let negotiation = Negotiation::new(first(&parameters, "format"), &headers);
    answer_query(state, text, "the query".to_owned(), dataset, negotiation).await
}

async fn sparql_post(
    State(state): State<Arc<ServerState>>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Reply, ApiError> {
    let url_parameters = parameters(raw.unwrap_or_default().as_bytes());
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let text_of = |body: &Bytes| {
        String::from_utf8(body.to_vec())
            .map_err(|_| ApiError::bad_request("the request body is not UTF-8 text"))
    };
    let (text, parameters) = match content_type.as_str() {
        "application/sparql-query" => (text_of(&body)?, url_parameters),
        "application/sparql-update" => return Err(ApiError::read_only()),
        "application/x-www-form-urlencoded" => {
            let mut form = parameters(&body);
            if first(&form, "update").is_some() {
                return Err(ApiError::read_only());
            }
            let text = first(&form, "query").ok_or_else(|| {
                ApiError::bad_request("the form has no 'query' field (send query=…)")
            })?;
            form.extend(url_parameters);
            (text, form)
        }
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "cannot read a body of type '{other}' (send application/sparql-query, or application/x-www-form-urlencoded with query=…)"
                ),
            ))
        }
    };
    let dataset = dataset(&parameters)?;
    let negotiation = Negotiation::new(first(&parameters, "format"), &headers);
    answer_query(state, text, "the query".to_owned(), dataset, negotiation).await
}

/// `GET /query/{name}`: a canned query, as `policykg query NAME` runs it.
async fn canned_get(
    State(state): State<Arc<ServerState>>,
    UrlPath(name): UrlPath<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Reply, ApiError> {
    let parameters = parameters(raw.unwrap_or_default().as_bytes());
    let Some(text) = query::canned(&name) else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!(
                "no canned query '{name}' (canned queries: {}; GET /query lists them)",
                public_queries()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    let negotiation = Negotiation::new(first(&parameters, "format"), &headers);
    answer_query(
        state,
        text.to_owned(),
        format!("'{name}'"),
        QueryDataset::default(),
        negotiation,
    )
    .await
}

fn public_queries() -> impl Iterator<Item = (&'static str, &'static str)> {
    query::CANNED_QUERIES
        .iter()
        .copied()
        .filter(|(name, _)| !query::is_internal(name))
}

/// `GET /query`: the canned queries with what each answers, as JSON.
async fn canned_list() -> Response {
    let list: Vec<serde_json::Value> = public_queries()
        .map(|(name, text)| {
            serde_json::json!({
                "name": name,
                "answers": query::describe(text),
                "url": format!("/query/{name}"),
                "sparql": text,
            })
        })
        .collect();
    let body = serde_json::to_vec_pretty(&list).unwrap_or_default();
    (
        [(header::CONTENT_TYPE, "application/json")],
        [body, b"\n".to_vec()].concat(),
    )
        .into_response()
}

/// `GET /store?graph=IRI` or `GET /store?default`: one graph of the store, read with the
/// SPARQL 1.1 Graph Store HTTP Protocol. The default graph is what SPARQL queries here
/// see as their default graph: the union of all graphs, each triple once.
async fn graph_store_get(
    State(state): State<Arc<ServerState>>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Reply, ApiError> {
    let parameters = parameters(raw.unwrap_or_default().as_bytes());
    let graph = first(&parameters, "graph");
    let default = parameters.iter().any(|(key, _)| key == "default");
    let graph = match (graph, default) {
        (Some(graph), false) => Some(graph),
        (None, true) => None,
        _ => {
            return Err(ApiError::bad_request(
                "name one graph: /store?graph=IRI (e.g. https://w3id.org/policykg/graph/entities) or /store?default for the union of all graphs",
            ))
        }
    };
    let negotiation = Negotiation::new(first(&parameters, "format"), &headers);
    let (format, content_type) = negotiation.choose(ResultKind::Graph)?;
    run_limited(state, move |store, options, token| {
        if let Some(graph) = &graph {
            if !store.has_graph(graph)? {
                return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    format!("no graph '{graph}' in the store (list them with /sparql?query=SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{}} }})"),
                ));
            }
        }
        let mut serializer = oxigraph::io::RdfSerializer::from_format(match format {
            OutputFormat::Nt => oxigraph::io::RdfFormat::NTriples,
            OutputFormat::Xml => oxigraph::io::RdfFormat::RdfXml,
            _ => oxigraph::io::RdfFormat::Turtle,
        })
        .for_writer(Vec::new());
        let mut triples = 0usize;
        let each = |triple: oxigraph::model::Triple| -> crate::Result<()> {
            if token.is_cancelled() {
                return Err(Error::QueryEvaluation {
                    origin: "the graph".to_owned(),
                    message: "cancelled".to_owned(),
                });
            }
            triples += 1;
            if triples > options.max_rows {
                return Err(Error::ResultTooLarge {
                    limit: options.max_rows,
                });
            }
            Ok(serializer.serialize_triple(&triple)?)
        };
        let written = match &graph {
            Some(graph) => store.for_each_triple_in_graph(graph, each),
            None => store.for_each_union_triple(each),
        };
        match written {
            Ok(()) => Ok(Reply {
                content_type,
                body: serializer.finish()?,
            }),
            Err(_) if token.is_cancelled() => Err(timed_out(options.timeout)),
            Err(Error::ResultTooLarge { limit }) => Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("the graph has more than {limit} triples (raise the server's --max-rows, or write it with `policykg export`)"),
            )),
            Err(error) => Err(error.into()),
        }
    })
    .await
}

/// Any method that would write: PUT, POST, DELETE, PATCH on `/store`, PUT and others on
/// `/sparql`.
async fn read_only(method: Method) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed: this server is read-only (GET and HEAD read graphs; change the store with `policykg build` or `policykg remove`)"),
    )
}

async fn not_found(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("nothing at {method} {uri} (try / for the web page, /sparql, /store?graph=IRI, /query or /query/NAME)"),
    )
}

/// The web page: one HTML page, its script and its style sheet, embedded in the binary.
const INDEX_PAGE: &str = include_str!("../web/index.html");
const SCRIPT: &str = include_str!("../web/app.js");
const STYLESHEET: &str = include_str!("../web/style.css");

/// The page may load only what this server sends: no script from elsewhere, no inline
/// script, so a sentence of a document can never run as code even if it slipped into
/// the page unescaped.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}

/// `/`: the web page.
async fn index() -> Response {
    static_file("text/html; charset=utf-8", INDEX_PAGE)
}

async fn script() -> Response {
    static_file("text/javascript; charset=utf-8", SCRIPT)
}

async fn stylesheet() -> Response {
    static_file("text/css; charset=utf-8", STYLESHEET)
}

/// How many sentences per fact the entity page shows, and the most a request may ask.
const ENTITY_SENTENCES: usize = 3;
const MAX_SENTENCES: usize = 200;

fn json_reply(value: &impl serde::Serialize) -> Result<Reply, ApiError> {
    let mut body = serde_json::to_vec(value)
        .map_err(|error| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()))?;
    body.push(b'\n');
    Ok(Reply {
        content_type: "application/json",
        body,
    })
}

/// A whole-number parameter, `default` when absent, at most `max`.
fn number(
    parameters: &[(String, String)],
    name: &str,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match first(parameters, name) {
        None => Ok(default),
        Some(text) => text
            .trim()
            .parse::<usize>()
            .map(|n| n.min(max))
            .map_err(|_| ApiError::bad_request(format!("{name} '{text}' is not a whole number"))),
    }
}

fn required(
    parameters: &[(String, String)],
    name: &str,
    example: &str,
) -> Result<String, ApiError> {
    first(parameters, name)
        .filter(|value| !value.trim().is_empty())
        .ok_or_else(|| ApiError::bad_request(format!("no {name}: pass it as {example}")))
}

/// `GET /api/entities?q=TEXT`: entities whose name contains the text, for the page's
/// search box.
async fn api_entities(
    State(state): State<Arc<ServerState>>,
    RawQuery(raw): RawQuery,
) -> Result<Reply, ApiError> {
    let parameters = parameters(raw.unwrap_or_default().as_bytes());
    let text = first(&parameters, "q").unwrap_or_default();
    let limit = number(&parameters, "limit", 20, 500)?;
    run_limited(state, move |store, _, _| {
        let view = GraphView::load(store)?;
        let found: Vec<explain::EntityRef> = view
            .search(&text, limit)
            .into_iter()
            .map(|node| explain::entity_ref(&view, node))
            .collect();
        json_reply(&found)
    })
    .await
}

/// `GET /api/entity?name=NAME`: an entity's facts with the sentences behind each; for
/// a name several entities have, `{"candidates": […]}` to choose from.
async fn api_entity(
    State(state): State<Arc<ServerState>>,
    RawQuery(raw): RawQuery,
) -> Result<Reply, ApiError> {
    let parameters = parameters(raw.unwrap_or_default().as_bytes());
    let name = required(&parameters, "name", "/api/entity?name=浦东新区")?;
    let sentences = number(&parameters, "sentences", ENTITY_SENTENCES, MAX_SENTENCES)?;
    run_limited(state, move |store, _, _| {
        let view = GraphView::load(store)?;
        let candidates = explain::resolve(&view, &name)?;
        if let [node] = candidates[..] {
            return json_reply(&explain::entity_facts(&view, node, sentences)?);
        }
        let candidates: Vec<explain::EntityRef> = candidates
            .into_iter()
            .map(|node| explain::entity_ref(&view, node))
            .collect();
        json_reply(&serde_json::json!({ "name": name, "candidates": candidates }))
    })
    .await
}

/// `GET /api/explain?a=NAME&b=NAME`: the facts between two entities with their
/// sentences, or the shortest chain between them.
async fn api_explain(
    State(state): State<Arc<ServerState>>,
    RawQuery(raw): RawQuery,
) -> Result<Reply, ApiError> {
    let parameters = parameters(raw.unwrap_or_default().as_bytes());
    let a = required(&parameters, "a", "/api/explain?a=浦东新区&b=集成电路")?;
    let b = required(&parameters, "b", "/api/explain?a=浦东新区&b=集成电路")?;
    let sentences = number(&parameters, "sentences", 20, MAX_SENTENCES)?;
    run_limited(state, move |store, _, _| {
        let view = GraphView::load(store)?;
        json_reply(&explain::link_facts(&view, &a, &b, sentences)?)
    })
    .await
}

/// `GET /api/matrix`: which districts host which industries, ranked, each cell marked
/// when it is only inferred from parks.
async fn api_matrix(State(state): State<Arc<ServerState>>) -> Result<Reply, ApiError> {
    run_limited(state, move |store, _, _| json_reply(&Matrix::load(store)?)).await
}

/// `GET /api/diagram/{view}?entity=…`: a diagram as SVG, as `policykg diagram VIEW
/// --format svg` draws it.
async fn api_diagram(
    State(state): State<Arc<ServerState>>,
    UrlPath(view_name): UrlPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Reply, ApiError> {
    let parameters = parameters(raw.unwrap_or_default().as_bytes());
    let view = <View as clap::ValueEnum>::from_str(&view_name, true)
        .ok()
        .filter(|view| *view != View::Query)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                format!("no diagram '{view_name}' here (try districts, sectors, matrix or focus?entity=NAME; draw a query with `policykg diagram query`)"),
            )
        })?;
    let options = DiagramOptions {
        entity: first(&parameters, "entity").filter(|name| !name.trim().is_empty()),
        depth: number(&parameters, "depth", 1, 4)?.max(1),
        query: None,
        max_nodes: number(&parameters, "max_nodes", 150, 1000)?,
        max_industries: number(&parameters, "max_industries", 30, 500)?,
        strongest: number(&parameters, "strongest", 20, 200)?,
    };
    run_limited(state, move |store, _, _| {
        let dot = diagram::build(store, view, &options)?;
        Ok(Reply {
            content_type: "image/svg+xml",
            body: diagram::render(&dot, DiagramFormat::Svg)?,
        })
    })
    .await
}

async fn log_request(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let started = Instant::now();
    let line = format!("{} {}", request.method(), request.uri().path());
    let response = next.run(request).await;
    eprintln!(
        "{line} {} {:.0} ms",
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn negotiate(accept: &str, kind: ResultKind) -> Result<&'static str, StatusCode> {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(accept).unwrap());
        Negotiation::new(None, &headers)
            .choose(kind)
            .map(|(_, media)| media)
            .map_err(|error| error.status)
    }

    #[test]
    fn accept_headers_choose_formats_by_quality() {
        use ResultKind::*;
        assert_eq!(
            negotiate("text/csv", Solutions),
            Ok("text/csv; charset=utf-8")
        );
        assert_eq!(
            negotiate("text/csv;q=0.5, application/sparql-results+xml", Solutions),
            Ok("application/sparql-results+xml")
        );
        assert_eq!(
            negotiate("*/*", Solutions),
            Ok("application/sparql-results+json")
        );
        assert_eq!(negotiate("text/*", Graph), Ok("text/turtle; charset=utf-8"));
        assert_eq!(
            negotiate("application/n-triples", Graph),
            Ok("application/n-triples")
        );
        assert_eq!(
            negotiate("image/png", Solutions),
            Err(StatusCode::NOT_ACCEPTABLE)
        );
        assert_eq!(
            negotiate("text/turtle", Solutions),
            Err(StatusCode::NOT_ACCEPTABLE)
        );
    }

    #[test]
    fn format_parameter_wins_over_accept() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_static("text/csv"));
        let chosen = Negotiation::new(Some("tsv".into()), &headers)
            .choose(ResultKind::Solutions)
            .unwrap();
        assert_eq!(chosen.0, OutputFormat::Tsv);
        let wrong = Negotiation::new(Some("turtle".into()), &headers).choose(ResultKind::Solutions);
        assert_eq!(wrong.unwrap_err().status, StatusCode::BAD_REQUEST);
    }
}
