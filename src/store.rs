//! The on-disk knowledge graph: the only code that imports `oxigraph::store`.
//!
//! One named graph per document, keyed by the document id, and one for the ontology.
//! Replacing a document's graph happens in a single transaction, so a crash leaves
//! either the old graph or the new one, never half of each.

use crate::error::{Error, Result};
use crate::gazetteer::ONTOLOGY_FILES;
use crate::gazetteer::ONTOLOGY_NS;
use crate::model::Extraction;
use crate::rdf::{
    document_quads_and_shared, entity_descriptions, is_shared_statement, ENTITY_GRAPH,
    ONTOLOGY_GRAPH,
};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
    Triple, Variable,
};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
use oxigraph::store::{Store, Transaction};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The bulk loader's threads and memory target: bounded, so a build stays well under
/// 1 GB whatever the corpus size.
const BULK_LOAD_THREADS: usize = 2;
const BULK_LOAD_MEMORY_MB: usize = 200;

/// The comment line in a canned query where bound values go (see
/// [`KnowledgeStore::query_with`]).
pub const VALUES_MARKER: &str = "#{values}";

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

    /// Replaces a document's graph with the extraction's quads and brings the shared
    /// entity graph up to date, all in one transaction. Returns the number of quads
    /// written to the document's graph.
    pub fn replace_document(&self, extraction: &Extraction) -> Result<usize> {
        let (quads, shared) = document_quads_and_shared(extraction);
        let graph = NamedNode::new_unchecked(crate::rdf::document_iri(&extraction.document.id));
        let mut transaction = self.store.start_transaction()?;
        let old = DocumentShare::read(&transaction, graph.as_ref())?;
        transaction.clear_graph(GraphNameRef::NamedNode(graph.as_ref()))?;
        transaction.insert_named_graph(graph.as_ref());
        transaction.extend(quads.iter());
        let new = DocumentShare::of(extraction, shared);
        update_shared(&mut transaction, graph.as_ref(), &old, &new)?;
        transaction.commit()?;
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

    /// Removes a document's graph, and whatever of the shared entity graph no other
    /// document still states. Returns whether the document was in the store.
    pub fn remove_document(&self, id: &str) -> Result<bool> {
        let graph = NamedNode::new_unchecked(crate::rdf::document_iri(id));
        let existed = self.store.contains_named_graph(graph.as_ref())?;
        let mut transaction = self.store.start_transaction()?;
        let old = DocumentShare::read(&transaction, graph.as_ref())?;
        transaction.remove_named_graph(graph.as_ref())?;
        update_shared(
            &mut transaction,
            graph.as_ref(),
            &old,
            &DocumentShare::default(),
        )?;
        transaction.commit()?;
        Ok(existed)
    }

    /// Whether no document has been built into the store yet.
    pub fn has_no_documents(&self) -> Result<bool> {
        Ok(self.document_ids()?.is_empty())
    }

    /// Fills a store that holds no documents yet with Oxigraph's bulk loader, which
    /// writes sorted files instead of one transaction per document: much faster, and
    /// the store comes out compact. The shared entity graph is gathered in memory (it
    /// grows with the distinct entities and facts, not with the documents) and written
    /// at the end. Nothing is visible until the whole load commits, so an interrupted
    /// build leaves the store as it was. `on_document` sees each extraction with the
    /// number of quads written for it.
    pub fn bulk_load_documents(
        &self,
        extractions: impl Iterator<Item = Extraction>,
        mut on_document: impl FnMut(&Extraction, usize),
    ) -> Result<()> {
        let mut entities: HashMap<NamedNode, (Vec<Triple>, u64)> = HashMap::new();
        let mut statements: HashSet<Triple> = HashSet::new();
        let mut loader = self
            .store
            .bulk_loader()
            .with_num_threads(BULK_LOAD_THREADS)
            .with_max_memory_size_in_megabytes(BULK_LOAD_MEMORY_MB);
        let quads = extractions.flat_map(|extraction| {
            let (quads, shared) = document_quads_and_shared(&extraction);
            for description in entity_descriptions(&extraction) {
                entities
                    .entry(description.iri)
                    .or_insert_with(|| (description.triples, 0))
                    .1 += 1;
            }
            statements.extend(shared);
            on_document(&extraction, quads.len());
            quads
        });
        loader.load_quads(quads)?;
        let graph = GraphName::NamedNode(NamedNode::new_unchecked(ENTITY_GRAPH));
        let document_count = NamedNode::new_unchecked(format!("{ONTOLOGY_NS}documentCount"));
        let mut shared = Vec::new();
        for (iri, (triples, count)) in entities {
            shared.extend(triples.into_iter().map(|t| t.in_graph(graph.clone())));
            shared.push(Quad::new(
                iri,
                document_count.clone(),
                Literal::from(count as i64),
                graph.clone(),
            ));
        }
        shared.extend(statements.into_iter().map(|t| t.in_graph(graph.clone())));
        loader.load_quads(shared)?;
        loader.commit()?;
        Ok(())
    }

    /// Compacts the database after many single-document writes, so the store on disk
    /// stays close to the size of its content.
    pub fn compact(&self) -> Result<()> {
        self.store.flush()?;
        Ok(self.store.optimize()?)
    }

    /// Writes what the database holds in memory to disk and lets it drop its write-ahead
    /// logs: called every so many documents, so memory and disk stay bounded during a
    /// long build into an existing store.
    pub fn flush(&self) -> Result<()> {
        Ok(self.store.flush()?)
    }

    /// Number of quads in the store, from each document's recorded size and the sizes
    /// of the two shared graphs: answers without scanning every document's graph.
    pub fn triple_count(&self) -> Result<usize> {
        let mut total = self.graph_len(ONTOLOGY_GRAPH)? + self.graph_len(ENTITY_GRAPH)?;
        let size = NamedNode::new_unchecked(format!("{ONTOLOGY_NS}quadCount"));
        for quad in self
            .store
            .quads_for_pattern(None, Some(size.as_ref()), None, None)
        {
            if let Term::Literal(literal) = quad?.object {
                total += literal.value().parse::<usize>().unwrap_or(0);
            }
        }
        Ok(total)
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
    ///
    /// A query that marks a line with the comment [`VALUES_MARKER`] at the start of its
    /// WHERE clause gets the values there, as a one-row `VALUES` block, so the query
    /// planner starts from them (a fact's evidence is then a few index lookups, not a
    /// scan). Other queries get Oxigraph's variable substitution.
    pub fn query_with(
        &self,
        sparql: &str,
        origin: &str,
        bindings: Vec<(&str, Term)>,
    ) -> Result<QueryResults<'static>> {
        if !bindings.is_empty() && sparql.contains(VALUES_MARKER) {
            let (variables, row): (Vec<&str>, Vec<Term>) = bindings.into_iter().unzip();
            return self.query_with_rows(sparql, origin, &variables, vec![row]);
        }
        let mut prepared = SparqlEvaluator::new()
            .parse_query(sparql)
            .map_err(|error| syntax_error(origin, &error))?;
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
            .map_err(|error| evaluation_error(origin, &error))
    }

    /// Evaluates a SPARQL query the way the HTTP endpoint needs: a dataset chosen by the
    /// request (the union of all graphs as default graph when it chooses none, as
    /// [`KnowledgeStore::query`] does), and a token that stops the evaluation when the
    /// time limit is up (the results then fail with a "cancelled" error).
    pub fn query_in_dataset(
        &self,
        sparql: &str,
        origin: &str,
        dataset: &QueryDataset,
        cancellation: CancellationToken,
    ) -> Result<QueryResults<'static>> {
        let mut prepared = SparqlEvaluator::new()
            .with_cancellation_token(cancellation)
            .parse_query(sparql)
            .map_err(|error| syntax_error(origin, &error))?;
        if !dataset.default_graphs.is_empty() || !dataset.named_graphs.is_empty() {
            // The protocol's default-graph-uri and named-graph-uri override the query's own
            // FROM and FROM NAMED.
            let spec = prepared.dataset_mut();
            if dataset.default_graphs.is_empty() {
                spec.set_default_graph_as_union();
            } else {
                spec.set_default_graph(
                    dataset
                        .default_graphs
                        .iter()
                        .map(|iri| GraphName::NamedNode(iri.clone()))
                        .collect(),
                );
            }
            if !dataset.named_graphs.is_empty() {
                spec.set_available_named_graphs(
                    dataset
                        .named_graphs
                        .iter()
                        .map(|iri| NamedOrBlankNode::NamedNode(iri.clone()))
                        .collect(),
                );
            }
        } else if prepared.dataset().is_default_dataset() {
            prepared.dataset_mut().set_default_graph_as_union();
        }
        prepared
            .on_store(&self.store)
            .execute()
            .map_err(|error| evaluation_error(origin, &error))
    }

    /// Like [`KnowledgeStore::query_with`], with several rows of values for the
    /// variables: the query must mark where they go with [`VALUES_MARKER`].
    pub fn query_with_rows(
        &self,
        sparql: &str,
        origin: &str,
        variables: &[&str],
        rows: Vec<Vec<Term>>,
    ) -> Result<QueryResults<'static>> {
        if !sparql.contains(VALUES_MARKER) {
            return Err(Error::QuerySyntax {
                origin: origin.to_owned(),
                message: format!("the query has no '{VALUES_MARKER}' line for its values"),
            });
        }
        let names: Vec<String> = variables.iter().map(|name| format!("?{name}")).collect();
        let rows: Vec<String> = rows
            .iter()
            .map(|row| {
                let values: Vec<String> = row.iter().map(Term::to_string).collect();
                format!("({})", values.join(" "))
            })
            .collect();
        let block = format!("VALUES ({}) {{ {} }}", names.join(" "), rows.join(" "));
        self.query(&sparql.replacen(VALUES_MARKER, &block, 1), origin)
    }

    /// Writes the whole store in a quad or triple format, streaming: the ontology graph,
    /// the shared entity graph, then each document's graph in document-id order. Memory
    /// stays flat however large the store. Triple formats get the union of all graphs:
    /// the shared graphs' triples once each, and each document's own triples without
    /// the shared statements the entity graph already holds.
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
        if format.supports_datasets() {
            for graph in self.graph_iris()? {
                let graph = NamedNode::new_unchecked(graph);
                for quad in self.store.quads_for_pattern(
                    None,
                    None,
                    None,
                    Some(GraphNameRef::NamedNode(graph.as_ref())),
                ) {
                    serializer.serialize_quad(&quad?)?;
                }
            }
        } else {
            self.for_each_union_triple(|triple| Ok(serializer.serialize_triple(&triple)?))?;
        }
        serializer.finish()?;
        Ok(())
    }

    /// The store's graphs in the order `export` and `push` write them: the ontology
    /// graph, the shared entity graph, then each document's graph in document-id order.
    pub fn graph_iris(&self) -> Result<Vec<String>> {
        let mut graphs = vec![ONTOLOGY_GRAPH.to_owned(), ENTITY_GRAPH.to_owned()];
        graphs.extend(
            self.document_ids()?
                .iter()
                .map(|id| crate::rdf::document_iri(id)),
        );
        Ok(graphs)
    }

    /// Whether the store has a named graph with this IRI.
    pub fn has_graph(&self, iri: &str) -> Result<bool> {
        let Ok(graph) = NamedNode::new(iri) else {
            return Ok(false);
        };
        Ok(self.store.contains_named_graph(graph.as_ref())?)
    }

    /// Calls `each` with every triple of one named graph, streaming; stops at the first
    /// error `each` returns (a size or time limit, a closed connection).
    pub fn for_each_triple_in_graph(
        &self,
        iri: &str,
        mut each: impl FnMut(Triple) -> Result<()>,
    ) -> Result<()> {
        let graph = NamedNode::new_unchecked(iri);
        for quad in self.store.quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        ) {
            let quad = quad?;
            each(Triple::new(quad.subject, quad.predicate, quad.object))?;
        }
        Ok(())
    }

    /// Calls `each` with every triple of the union of all graphs, each once, streaming
    /// in flat memory: the shared graphs' triples (deduplicated), then each document's
    /// own triples without the shared statements the entity graph already holds.
    pub fn for_each_union_triple(&self, mut each: impl FnMut(Triple) -> Result<()>) -> Result<()> {
        let mut shared_triples: HashSet<Triple> = HashSet::new();
        for (position, graph) in self.graph_iris()?.iter().enumerate() {
            let is_shared = position < 2;
            self.for_each_triple_in_graph(graph, |triple| {
                if !is_shared && is_shared_statement(&triple.subject, &triple.predicate) {
                    return Ok(());
                }
                if is_shared && !shared_triples.insert(triple.clone()) {
                    return Ok(());
                }
                each(triple)
            })?;
        }
        Ok(())
    }

    /// What identifies the state of the store on disk: the database's manifest and
    /// write-ahead logs, with their sizes. It changes whenever a build or remove commits,
    /// so a long-running reader (the HTTP server) knows when to open the store again: a
    /// read-only store sees the database as it was when it was opened.
    pub fn disk_state(path: &Path) -> Option<String> {
        let mut parts = vec![std::fs::read_to_string(path.join("CURRENT")).ok()?];
        let mut entries: Vec<String> = std::fs::read_dir(path)
            .ok()?
            .filter_map(|entry| {
                let entry = entry.ok()?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if !(name.ends_with(".log") || name.starts_with("MANIFEST-")) {
                    return None;
                }
                let metadata = entry.metadata().ok()?;
                let modified = metadata
                    .modified()
                    .ok()
                    .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |since| since.as_nanos());
                Some(format!("{name}:{}:{modified}", metadata.len()))
            })
            .collect();
        entries.sort();
        parts.extend(entries);
        Some(parts.join(","))
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

/// A SPARQL syntax error with its position said plainly: the parser's
/// `error at 3:14: expected …` becomes `line 3, column 14: expected …`.
/// A query that parsed but failed to run (or was cancelled), named by its origin.
fn evaluation_error(origin: &str, error: &dyn std::fmt::Display) -> Error {
    Error::QueryEvaluation {
        origin: origin.to_owned(),
        message: error.to_string(),
    }
}

fn syntax_error(origin: &str, error: &dyn std::fmt::Display) -> Error {
    let text = error.to_string();
    let message = text
        .strip_prefix("error at ")
        .and_then(|rest| {
            let (position, detail) = rest.split_once(": ")?;
            let (line, column) = position.split_once(':')?;
            let (line, column) = (line.parse::<u64>().ok()?, column.parse::<u64>().ok()?);
            Some(format!("line {line}, column {column}: {detail}"))
        })
        .unwrap_or(text);
    Error::QuerySyntax {
        origin: origin.to_owned(),
        message,
    }
}

/// The dataset a protocol request chooses with `default-graph-uri` and
/// `named-graph-uri`; empty means the store's own choice (the union of all graphs as
/// default graph, every graph as a named graph).
#[derive(Clone, Debug, Default)]
pub struct QueryDataset {
    pub default_graphs: Vec<NamedNode>,
    pub named_graphs: Vec<NamedNode>,
}

/// What one document contributes to the shared entity graph: the entities it mentions
/// (with their descriptions) and the shared statements it makes.
#[derive(Default)]
struct DocumentShare {
    descriptions: HashMap<NamedNode, Vec<Triple>>,
    statements: HashSet<Triple>,
}

impl DocumentShare {
    /// A document's share, from its extraction and the shared statements computed with
    /// its quads.
    fn of(extraction: &Extraction, statements: Vec<Triple>) -> Self {
        DocumentShare {
            descriptions: entity_descriptions(extraction)
                .into_iter()
                .map(|d| (d.iri, d.triples))
                .collect(),
            statements: statements.into_iter().collect(),
        }
    }

    /// What the document's graph, as stored, contributes (descriptions left empty:
    /// only the entities' names are needed to count them down).
    fn read(transaction: &Transaction<'_>, graph: NamedNodeRef<'_>) -> Result<Self> {
        let mut share = DocumentShare::default();
        let graph_name = GraphNameRef::NamedNode(graph);
        let mentioned_in = NamedNode::new_unchecked(format!("{ONTOLOGY_NS}mentionedIn"));
        for quad in transaction.quads_for_pattern(None, None, None, Some(graph_name)) {
            let quad = quad?;
            if quad.predicate == mentioned_in {
                if let oxigraph::model::NamedOrBlankNode::NamedNode(entity) = quad.subject {
                    share.descriptions.insert(entity, Vec::new());
                }
            } else if is_shared_statement(&quad.subject, &quad.predicate) {
                share
                    .statements
                    .insert(Triple::new(quad.subject, quad.predicate, quad.object));
            }
        }
        Ok(share)
    }
}

/// Brings the shared entity graph from `old` to `new` for one document whose graph
/// has already been rewritten in this transaction: entities it newly mentions count one
/// document more (and get their description when they had none), entities it no longer
/// mentions count one less (and lose their description at zero); statements it newly
/// makes are added, statements it no longer makes are removed unless another document
/// still makes them.
fn update_shared(
    transaction: &mut Transaction<'_>,
    document: NamedNodeRef<'_>,
    old: &DocumentShare,
    new: &DocumentShare,
) -> Result<()> {
    let shared = NamedNode::new_unchecked(ENTITY_GRAPH);
    let shared_graph = GraphNameRef::NamedNode(shared.as_ref());
    let document_count = NamedNode::new_unchecked(format!("{ONTOLOGY_NS}documentCount"));
    let count_of = |transaction: &Transaction<'_>, entity: &NamedNode| -> Result<i64> {
        for quad in transaction.quads_for_pattern(
            Some(entity.as_ref().into()),
            Some(document_count.as_ref()),
            None,
            Some(shared_graph),
        ) {
            if let Term::Literal(literal) = quad?.object {
                return Ok(literal.value().parse().unwrap_or(0));
            }
        }
        Ok(0)
    };
    let set_count = |transaction: &mut Transaction<'_>, entity: &NamedNode, from: i64, to: i64| {
        let quad = |count: i64| {
            Quad::new(
                entity.clone(),
                document_count.clone(),
                Literal::from(count),
                GraphName::NamedNode(shared.clone()),
            )
        };
        if from > 0 {
            transaction.remove(&quad(from));
        }
        if to > 0 {
            transaction.insert(&quad(to));
        }
    };
    for (entity, triples) in &new.descriptions {
        if old.descriptions.contains_key(entity) {
            continue;
        }
        let count = count_of(transaction, entity)?;
        if count == 0 {
            for triple in triples {
                transaction.insert(triple.as_ref().in_graph(shared_graph));
            }
        }
        set_count(transaction, entity, count, count + 1);
    }
    for entity in old.descriptions.keys() {
        if new.descriptions.contains_key(entity) {
            continue;
        }
        let count = count_of(transaction, entity)?;
        if count <= 1 {
            let quads: Vec<Quad> = transaction
                .quads_for_pattern(Some(entity.as_ref().into()), None, None, Some(shared_graph))
                .collect::<std::result::Result<_, _>>()?;
            for quad in &quads {
                // Its shared statements go below, one by one, if no one else makes them.
                let statement = Triple::new(
                    quad.subject.clone(),
                    quad.predicate.clone(),
                    quad.object.clone(),
                );
                if !old.statements.contains(&statement) {
                    transaction.remove(quad);
                }
            }
        } else {
            set_count(transaction, entity, count, count - 1);
        }
    }
    for statement in new.statements.difference(&old.statements) {
        transaction.insert(statement.as_ref().in_graph(shared_graph));
    }
    for statement in old.statements.difference(&new.statements) {
        let mut stated_elsewhere = false;
        for quad in transaction.quads_for_pattern(
            Some(statement.subject.as_ref()),
            Some(statement.predicate.as_ref()),
            Some(statement.object.as_ref()),
            None,
        ) {
            // Only another document's graph counts: the ontology graph states the
            // gazetteers' broader sectors too, and the shared graph is what we update.
            if let GraphName::NamedNode(graph) = quad?.graph_name {
                if graph.as_str().starts_with(crate::rdf::DOCUMENT_NS) && graph.as_ref() != document
                {
                    stated_elsewhere = true;
                    break;
                }
            }
        }
        if !stated_elsewhere {
            transaction.remove(statement.as_ref().in_graph(shared_graph));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_say_line_and_column() {
        let Err(error) = SparqlEvaluator::new().parse_query("SELECT * WHERE {\n  ?s ?p \n}") else {
            panic!("the query is not valid SPARQL")
        };
        let message = syntax_error("the query", &error).to_string();
        assert!(
            message.starts_with("invalid SPARQL in the query: line 3, column "),
            "{message}"
        );
    }
}
