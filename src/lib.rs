//! policykg turns Chinese industrial-policy documents (五年规划, 行动方案, 通知) into a
//! knowledge graph: districts, parks, sectors, technologies and targets, with the
//! sentence behind every fact, in an embedded Oxigraph store you can query with SPARQL,
//! walk as a graph and draw with Graphviz.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! [`ingest`] → [`segment`] → [`extract`] → [`rdf`] → [`store`] → [`query`] /
//! [`graph`] / [`diagram`] / [`eval`] / [`explain`], and over HTTP [`serve`] (a
//! read-only SPARQL endpoint) and [`push`] (to a remote store). The binary in
//! `src/main.rs` and [`cli`] are a thin client of this library.

pub mod audit;
pub mod cli;
pub mod diagram;
pub mod error;
pub mod eval;
pub mod explain;
pub mod extract;
pub mod gazetteer;
pub mod graph;
pub mod ingest;
pub mod model;
pub mod push;
pub mod quantity;
pub mod query;
pub mod rdf;
pub mod segment;
pub mod serve;
pub mod store;

pub use error::{Error, Result};
pub use extract::extract;
pub use gazetteer::Gazetteer;
pub use model::{Document, Extraction};
pub use store::KnowledgeStore;

/// Reads and extracts one file: ingest, segment and extract in one call.
pub fn extract_file(path: &std::path::Path) -> Result<Extraction> {
    let document = ingest::read_document(path)?;
    Ok(extract(document, Gazetteer::embedded()))
}
