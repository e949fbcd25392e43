//! The library's error type.
//!
//! Every variant carries the context a user needs to fix the problem: the file, the
//! query name, the IRI. Messages are lowercase, quote the offending value and carry no
//! trailing period, so the binary can print them as `error: ...` unchanged.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read '{path}': {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "cannot build '{path}': {} MB is over the limit of {} MB (raise it with --max-document-mb)",
        megabytes(*.bytes),
        megabytes(*.limit)
    )]
    TooLarge {
        path: PathBuf,
        bytes: u64,
        limit: u64,
    },
    #[error("cannot decode '{path}': {reason}")]
    Decode { path: PathBuf, reason: String },
    #[error("no such file or directory: '{0}'")]
    NotFound(PathBuf),
    #[error("no documents found under '{0}' (looked for .csv, .html, .htm, .md, .markdown, .txt)")]
    NoDocuments(PathBuf),
    #[error(
        "cannot open the store at '{path}': {message} (is another policykg process using it?)"
    )]
    OpenStore { path: PathBuf, message: String },
    #[error("the store at '{0}' does not exist yet (run `policykg build <PATH>` first)")]
    NoStore(PathBuf),
    #[error("store error: {0}")]
    Storage(String),
    #[error("invalid SPARQL in {origin}: {message}")]
    QuerySyntax { origin: String, message: String },
    #[error("cannot evaluate {origin}: {message}")]
    QueryEvaluation { origin: String, message: String },
    #[error("unknown query '{name}' (canned queries: {available})")]
    UnknownQuery { name: String, available: String },
    #[error("format '{format}' does not fit a {kind} query (use {expected})")]
    FormatMismatch {
        format: String,
        kind: &'static str,
        expected: &'static str,
    },
    #[error("the result has more than {limit} rows or triples (add a LIMIT to the query, or raise the server's --max-rows)")]
    ResultTooLarge { limit: usize },
    #[error("bad data file '{file}': {message}")]
    DataFile { file: String, message: String },
    #[error(
        "no entity is called '{0}' (try `policykg query sectors` or `policykg query districts`)"
    )]
    UnknownEntity(String),
    #[error("'{name}' is ambiguous; candidates: {candidates}")]
    AmbiguousEntity { name: String, candidates: String },
    #[error("cannot run Graphviz `dot`: {0} (install it with `apt-get install graphviz`, or use --format dot)")]
    GraphvizMissing(String),
    #[error("graphviz `dot` failed: {0}")]
    GraphvizFailed(String),
    #[error("bad gold file '{path}' line {line}: {message}")]
    Gold {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Usage(String),
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
}

/// Bytes as megabytes (1 MB = 1,000,000 bytes), without trailing zeros.
fn megabytes(bytes: u64) -> String {
    let megabytes = bytes as f64 / 1e6;
    let text = if megabytes >= 1.0 {
        format!("{megabytes:.1}")
    } else {
        format!("{megabytes:.6}")
    };
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

impl Error {
    /// Whether the error comes from how the tool was called (exit code 2) rather than
    /// from something that went wrong while working (exit code 1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::Usage(_)
                | Error::UnknownQuery { .. }
                | Error::FormatMismatch { .. }
                | Error::QuerySyntax { .. }
        )
    }
}

impl From<oxigraph::store::StorageError> for Error {
    fn from(error: oxigraph::store::StorageError) -> Self {
        Error::Storage(error.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
