//! The on-disk knowledge graph: the only code that imports `oxigraph::store`.
//!
//! One named graph per document, keyed by the document id, and one for the ontology.
//! Replacing a document's graph happens in a single transaction, so a crash leaves
//! either the old graph or the new one, never half of each.

use crate::error::{Error, Result};
use crate::gazetteer::ONTOLOGY_FILES;
use crate::model::Extraction;
use crate::rdf::{document_quads, ONTOLOGY_GRAPH};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedNodeRef, Quad, Term, Variable};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The default store directory, relative to the working directory.
pub const DEFAULT_STORE: &str = "policykg-store";

/// A persistent knowledge graph.
pub struct KnowledgeStore {
    store: Store,
    path: PathBuf,
}

impl KnowledgeStore {
    /// Opens the store at `path`, creating it if needed.
    pub fn open_or_create(path: &Path) -> Result<Self> {
        std::fs::create_dir_all(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let store = Store::open(path).map_err(|error| Error::OpenStore {
            path: path.to_path_buf(),
            message: error.to_string(),
        })?;
        Ok(KnowledgeStore {
            store,
            path: path.to_path_buf(),
        })
    }

    /// Opens an existing store for reading; fails with a hint when there is none yet.
    /// Any number of readers can open the same store at once.
    pub fn open_existing(path: &Path) -> Result<Self> {
        if !path.join("CURRENT").exists() {
            return Err(Error::NoStore(path.to_path_buf()));
        }
        let store = Store::open_read_only(path).map_err(|error| Error::OpenStore {
            path: path.to_path_buf(),
            message: error.to_string(),
        })?;
        Ok(KnowledgeStore {
            store,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// (Re)loads the ontology and gazetteers into their own graph.
    pub fn load_ontology(&self) -> Result<()> {
        let graph = NamedNode::new_unchecked(ONTOLOGY_GRAPH);
        let mut quads = Vec::new();
        for (name, text) in ONTOLOGY_FILES {
            let parser = RdfParser::from_format(RdfFormat::Turtle)
                .with_default_graph(GraphName::NamedNode(graph.clone()));
            for quad in parser.for_slice(text.as_bytes()) {
                quads.push(quad.map_err(|error| Error::DataFile {
                    file: name.to_owned(),
                    message: error.to_string(),
                })?);
            }
        }
        self.replace_graph(graph.as_ref(), &quads)
    }

    /// Replaces a document's graph with the extraction's quads, in one transaction.
    /// Returns the number of quads written.
    pub fn replace_document(&self, extraction: &Extraction) -> Result<usize> {
        let quads = document_quads(extraction);
        let graph_iri = crate::rdf::document_iri(&extraction.document.id);
        let graph = NamedNode::new_unchecked(graph_iri);
        self.replace_graph(graph.as_ref(), &quads)?;
        Ok(quads.len())
    }

    fn replace_graph(&self, graph: NamedNodeRef<'_>, quads: &[Quad]) -> Result<()> {
        let mut transaction = self.store.start_transaction()?;
        transaction.clear_graph(GraphNameRef::NamedNode(graph))?;
        transaction.insert_named_graph(graph);
        transaction.extend(quads.iter());
        transaction.commit()?;
        Ok(())
    }

    /// Removes a document's graph.
    pub fn remove_document(&self, id: &str) -> Result<bool> {
        let graph = NamedNode::new_unchecked(crate::rdf::document_iri(id));
        let existed = self.store.contains_named_graph(graph.as_ref())?;
        let mut transaction = self.store.start_transaction()?;
        transaction.remove_named_graph(graph.as_ref())?;
        transaction.commit()?;
        Ok(existed)
    }

    /// Number of quads in the whole store.
    pub fn len(&self) -> Result<usize> {
        Ok(self.store.len()?)
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.store.is_empty()?)
    }

    /// Number of quads in one graph.
    pub fn graph_len(&self, graph: &str) -> Result<usize> {
        let graph = NamedNode::new_unchecked(graph);
        let mut count = 0;
        for quad in self.store.quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        ) {
            quad?;
            count += 1;
        }
        Ok(count)
    }

    /// Evaluates a SPARQL query; the default graph is the union of all graphs, so
    /// queries need no GRAPH clause to see every document.
    pub fn query(&self, sparql: &str, origin: &str) -> Result<QueryResults<'static>> {
        self.query_with(sparql, origin, Vec::new())
    }

    /// Like [`KnowledgeStore::query`], with variables bound to values beforehand.
    pub fn query_with(
        &self,
        sparql: &str,
        origin: &str,
        bindings: Vec<(&str, Term)>,
    ) -> Result<QueryResults<'static>> {
        let mut prepared = SparqlEvaluator::new()
            .parse_query(sparql)
            .map_err(|error| Error::QuerySyntax {
                origin: origin.to_owned(),
                message: error.to_string(),
            })?;
        if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        for (name, value) in bindings {
            let variable = Variable::new(name).map_err(|error| Error::QuerySyntax {
                origin: origin.to_owned(),
                message: error.to_string(),
            })?;
            prepared = prepared.substitute_variable(variable, value);
        }
        prepared
            .on_store(&self.store)
            .execute()
            .map_err(|error| Error::QueryEvaluation {
                origin: origin.to_owned(),
                message: error.to_string(),
            })
    }

    /// Writes the whole store (all graphs) in a quad or triple format. Triple formats
    /// get the union of all graphs.
    pub fn export(&self, format: RdfFormat, writer: impl Write) -> Result<()> {
        let mut serializer = RdfSerializer::from_format(format)
            .with_prefix("pkg", crate::gazetteer::ONTOLOGY_NS)
            .and_then(|s| s.with_prefix("skos", "http://www.w3.org/2004/02/skos/core#"))
            .and_then(|s| s.with_prefix("prov", "http://www.w3.org/ns/prov#"))
            .and_then(|s| s.with_prefix("dcterms", "http://purl.org/dc/terms/"))
            .and_then(|s| s.with_prefix("rdfs", "http://www.w3.org/2000/01/rdf-schema#"))
            .and_then(|s| s.with_prefix("xsd", "http://www.w3.org/2001/XMLSchema#"))
            .map_err(|error| Error::Storage(error.to_string()))?
            .for_writer(writer);
        let mut quads: Vec<Quad> = self.store.iter().collect::<Result<_, _>>()?;
        // Deterministic output: sorted by graph, subject, predicate, object.
        quads.sort_by_cached_key(|q| {
            (
                q.graph_name.to_string(),
                q.subject.to_string(),
                q.predicate.to_string(),
                q.object.to_string(),
            )
        });
        if format.supports_datasets() {
            for quad in &quads {
                serializer.serialize_quad(quad)?;
            }
        } else {
            let mut seen = std::collections::BTreeSet::new();
            for quad in &quads {
                let triple = oxigraph::model::Triple::new(
                    quad.subject.clone(),
                    quad.predicate.clone(),
                    quad.object.clone(),
                );
                if seen.insert(triple.to_string()) {
                    serializer.serialize_triple(&triple)?;
                }
            }
        }
        serializer.finish()?;
        Ok(())
    }

    /// The ids of the documents in the store.
    pub fn document_ids(&self) -> Result<Vec<String>> {
        let mut ids = Vec::new();
        for graph in self.store.named_graphs() {
            let graph = graph?.to_string();
            let iri = graph.trim_start_matches('<').trim_end_matches('>');
            if let Some(id) = iri.strip_prefix(crate::rdf::DOCUMENT_NS) {
                ids.push(crate::gazetteer::decode_segment(id));
            }
        }
        ids.sort();
        Ok(ids)
    }
}
