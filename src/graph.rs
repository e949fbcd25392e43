//! The graph view: the knowledge graph's entities and relations as a petgraph graph,
//! for questions SPARQL answers poorly — neighbourhoods, shortest chains of relations,
//! centrality. Read-only: it loads from the store through canned queries and never
//! writes back.

use crate::error::{Error, Result};
use crate::eval::normalize_name;
use crate::gazetteer::{decode_segment, Gazetteer, ONTOLOGY_NS};
use crate::model::EntityKind;
use crate::query::{run_canned, run_canned_with, run_canned_with_rows};
use crate::store::KnowledgeStore;
use oxigraph::model::{NamedNode, Term};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// An entity in the graph.
#[derive(Clone, Debug)]
pub struct Node {
    pub iri: String,
    pub kind: EntityKind,
    pub label: String,
    /// Other names from the gazetteers (张江 for 张江科学城), sorted.
    pub aliases: Vec<String>,
}

/// Where a fact was stated.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Evidence {
    pub document: String,
    pub section: String,
    pub sentence: String,
}

/// A figure stated about an entity: a target or an observation, with the sentences
/// that state it (the first few, and how many in all).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Figure {
    pub target: bool,
    pub metric: String,
    pub year: Option<i32>,
    /// Plain decimal in the base unit (1万亿元 is 1000000000000).
    pub value: String,
    pub unit: String,
    pub qualifier: String,
    /// The figure as written.
    pub text: String,
    pub sentences: Vec<Evidence>,
    pub total: usize,
}

/// How figures sort: targets before observations, then by year.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct FigureKey {
    observation: bool,
    year: Option<i32>,
    metric: String,
    value: String,
    unit: String,
    qualifier: String,
    text: String,
}

/// A relation between two entities. The sentences that state it are read from the
/// store when asked for ([`GraphView::evidence_of`]): a fact stated by thousands of
/// documents costs one edge here, not thousands.
#[derive(Clone, Debug)]
pub struct Edge {
    /// The ontology property's local name (hostsIndustry, locatedIn …).
    pub predicate: String,
    pub inferred: bool,
}

impl Edge {
    /// How a person reads the relation, subject to object.
    pub fn phrase(&self) -> &'static str {
        relation_phrase(&self.predicate)
    }
}

pub fn relation_phrase(predicate: &str) -> &'static str {
    match predicate {
        "hostsIndustry" => "hosts industry",
        "hostsIndustryViaPark" => "hosts industry (via its parks)",
        "locatedIn" => "located in",
        "focusesOn" => "focuses on",
        "developsTechnology" => "develops technology",
        _ => "related to",
    }
}

/// What [`GraphView::strongest_neighbourhood`] keeps and leaves out.
pub struct Neighbourhood {
    /// Entities kept, each with its distance from the centre; the centre first.
    pub kept: Vec<(NodeIndex, usize)>,
    /// Per distance, the entities left out there, strongest first.
    pub left_out: BTreeMap<usize, Vec<NodeIndex>>,
}

/// The knowledge graph as a directed petgraph graph, nodes in a stable order. Built from
/// the shared entity graph: one node per entity, one edge per distinct fact.
pub struct GraphView<'store> {
    store: &'store KnowledgeStore,
    pub graph: DiGraph<Node, Edge>,
    by_iri: HashMap<String, NodeIndex>,
    /// Every label and alias → nodes.
    labels: HashMap<String, BTreeSet<NodeIndex>>,
}

fn kind_of_class(class: &str) -> Option<EntityKind> {
    let local = class.strip_prefix(ONTOLOGY_NS)?;
    EntityKind::ALL
        .into_iter()
        .find(|kind| kind.class() == local)
}

impl<'store> GraphView<'store> {
    /// Loads every entity and relation from the store.
    pub fn load(store: &'store KnowledgeStore) -> Result<GraphView<'store>> {
        let mut view = GraphView {
            store,
            graph: DiGraph::new(),
            by_iri: HashMap::new(),
            labels: HashMap::new(),
        };
        // Nodes first, sorted by IRI, so the same store always gives the same graph.
        let labels = run_canned(store, "entity-labels")?;
        let mut entities: BTreeMap<String, (EntityKind, Option<String>, Vec<String>)> =
            BTreeMap::new();
        for row in &labels.rows {
            let (Some(iri), Some(class), Some(label)) = (
                labels.text(row, "entity"),
                labels.text(row, "type"),
                labels.text(row, "label"),
            ) else {
                continue;
            };
            let Some(kind) = kind_of_class(&class) else {
                continue;
            };
            let entry = entities.entry(iri).or_insert((kind, None, Vec::new()));
            if labels.text(row, "preferred").as_deref() == Some("true") {
                entry.1 = Some(label);
            } else {
                entry.2.push(label);
            }
        }
        for (iri, (kind, label, mut aliases)) in entities {
            let label =
                label.unwrap_or_else(|| decode_segment(iri.rsplit('/').next().unwrap_or_default()));
            aliases.sort();
            aliases.dedup();
            aliases.retain(|alias| *alias != label);
            let index = view.graph.add_node(Node {
                iri: iri.clone(),
                kind,
                label: label.clone(),
                aliases: aliases.clone(),
            });
            view.by_iri.insert(iri, index);
            for name in std::iter::once(label).chain(aliases) {
                view.labels.entry(name).or_default().insert(index);
            }
        }
        // Edges, sorted, so the same store always gives the same graph.
        let edges = run_canned(store, "graph-edges")?;
        let mut facts: BTreeSet<(String, String, String)> = BTreeSet::new();
        for row in &edges.rows {
            if let (Some(subject), Some(predicate), Some(object)) = (
                edges.text(row, "subject"),
                edges.text(row, "predicate"),
                edges.text(row, "object"),
            ) {
                facts.insert((subject, predicate, object));
            }
        }
        for (subject, predicate, object) in facts {
            let (Some(&from), Some(&to)) = (view.by_iri.get(&subject), view.by_iri.get(&object))
            else {
                continue;
            };
            let predicate = predicate
                .strip_prefix(ONTOLOGY_NS)
                .unwrap_or(&predicate)
                .to_owned();
            let inferred = predicate == "hostsIndustryViaPark";
            view.graph.add_edge(
                from,
                to,
                Edge {
                    predicate,
                    inferred,
                },
            );
        }
        Ok(view)
    }

    pub fn node(&self, index: NodeIndex) -> &Node {
        &self.graph[index]
    }

    /// Finds an entity by any label or alias; an ambiguous name lists the candidates.
    pub fn find(&self, name: &str) -> Result<NodeIndex> {
        let name = name.trim();
        let candidates = self.candidates(name);
        match candidates.len() {
            0 => Err(Error::UnknownEntity(name.to_owned())),
            1 => Ok(*candidates.iter().next().expect("one candidate")),
            _ => Err(Error::AmbiguousEntity {
                name: name.to_owned(),
                candidates: candidates
                    .iter()
                    .map(|&i| format!("{} ({})", self.graph[i].label, self.graph[i].kind.slug()))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// Every entity a name may mean: by label or alias, by IRI, else through the
    /// gazetteers' aliases and suffix rules. Empty when none; more than one when the
    /// name is ambiguous (a sector and a technology of the same name).
    pub fn candidates(&self, name: &str) -> BTreeSet<NodeIndex> {
        let gazetteer = Gazetteer::embedded();
        let name = name.trim();
        let mut candidates: BTreeSet<NodeIndex> =
            self.labels.get(name).cloned().unwrap_or_default();
        if candidates.is_empty() {
            if let Some(&index) = self.by_iri.get(name) {
                candidates.insert(index);
            }
        }
        if candidates.is_empty() {
            // Through the gazetteers' aliases and suffix rules: 闵行 → 闵行区, 生物医药产业 → 生物医药.
            for kind in EntityKind::ALL {
                let normalized = normalize_name(kind, name, gazetteer);
                if let Some(found) = self.labels.get(&normalized) {
                    candidates.extend(found.iter().filter(|&&i| self.graph[i].kind == kind));
                }
            }
        }
        candidates
    }

    /// Neighbours of a node in both directions, in a stable order.
    fn incident(&self, node: NodeIndex) -> Vec<(EdgeIndex, NodeIndex, bool)> {
        let mut edges: Vec<(EdgeIndex, NodeIndex, bool)> = self
            .graph
            .edges_directed(node, Direction::Outgoing)
            .map(|e| (e.id(), e.target(), true))
            .chain(
                self.graph
                    .edges_directed(node, Direction::Incoming)
                    .map(|e| (e.id(), e.source(), false)),
            )
            .collect();
        edges.sort_by(|a, b| {
            (&self.graph[a.0].predicate, &self.graph[a.1].label, a.2).cmp(&(
                &self.graph[b.0].predicate,
                &self.graph[b.1].label,
                b.2,
            ))
        });
        edges
    }

    /// Entities whose label or an alias contains `text`: exact names first, then those
    /// with the most relations, then by label; at most `limit`.
    pub fn search(&self, text: &str, limit: usize) -> Vec<NodeIndex> {
        let text = text.trim();
        if text.is_empty() {
            return Vec::new();
        }
        let mut found: BTreeMap<NodeIndex, bool> = BTreeMap::new();
        for (label, nodes) in &self.labels {
            if label.contains(text) {
                for &node in nodes {
                    *found.entry(node).or_default() |= label == text;
                }
            }
        }
        let mut found: Vec<(NodeIndex, bool, usize)> = found
            .into_iter()
            .map(|(node, exact)| (node, exact, self.graph.neighbors_undirected(node).count()))
            .collect();
        found.sort_by(|a, b| {
            (b.1, b.2, &self.graph[a.0].label).cmp(&(a.1, a.2, &self.graph[b.0].label))
        });
        found
            .into_iter()
            .take(limit)
            .map(|(node, _, _)| node)
            .collect()
    }

    /// The shortest chain of relations between two entities (ignoring direction), as
    /// (edge, from, to) hops.
    pub fn shortest_path(
        &self,
        from: NodeIndex,
        to: NodeIndex,
    ) -> Option<Vec<(EdgeIndex, NodeIndex, NodeIndex)>> {
        let mut previous: HashMap<NodeIndex, (EdgeIndex, NodeIndex)> = HashMap::new();
        let mut queue = VecDeque::from([from]);
        let mut seen = BTreeSet::from([from]);
        while let Some(node) = queue.pop_front() {
            if node == to {
                let mut hops = Vec::new();
                let mut current = to;
                while current != from {
                    let (edge, before) = previous[&current];
                    hops.push((edge, before, current));
                    current = before;
                }
                hops.reverse();
                return Some(hops);
            }
            for (edge, next, _) in self.incident(node) {
                // Stated facts first: inferred edges only help when nothing else links.
                if self.graph[edge].inferred {
                    continue;
                }
                if seen.insert(next) {
                    previous.insert(next, (edge, node));
                    queue.push_back(next);
                }
            }
        }
        None
    }

    fn describe_edge(&self, edge: EdgeIndex) -> String {
        let (source, target) = self.graph.edge_endpoints(edge).expect("edge exists");
        format!(
            "{} —{}→ {}",
            self.graph[source].label,
            self.graph[edge].phrase(),
            self.graph[target].label
        )
    }

    /// The sentences behind the facts that `bindings` select (a fact's subject,
    /// predicate and object, or only an entity as subject or as object), per edge: the
    /// first `limit` in document order with their text, and how many there are in all.
    /// Two queries: the sentences' names for every matching fact (cheap: no text), then
    /// the text of only those printed.
    fn evidence_where(
        &self,
        bindings: Vec<(&str, Term)>,
        limit: usize,
    ) -> Result<HashMap<EdgeIndex, (Vec<Evidence>, usize)>> {
        let table = run_canned_with(self.store, "fact-sentences", bindings)?;
        let mut sentences: HashMap<EdgeIndex, Vec<(String, usize, String)>> = HashMap::new();
        for row in &table.rows {
            let (Some(subject), Some(predicate), Some(object), Some(sentence)) = (
                table.text(row, "subject"),
                table.text(row, "predicate"),
                table.text(row, "object"),
                table.text(row, "sentence"),
            ) else {
                continue;
            };
            let (Some(source), Some(target)) = (self.by_iri(&subject), self.by_iri(&object)) else {
                continue;
            };
            let local = predicate.strip_prefix(ONTOLOGY_NS).unwrap_or(&predicate);
            let Some(edge) = self
                .graph
                .edges_connecting(source, target)
                .find(|edge| edge.weight().predicate == local)
                .map(|edge| edge.id())
            else {
                continue;
            };
            sentences
                .entry(edge)
                .or_default()
                .push(sentence_order(sentence));
        }
        let mut chosen: HashMap<EdgeIndex, (Vec<String>, usize)> = HashMap::new();
        let mut wanted: Vec<String> = Vec::new();
        for (edge, list) in sentences {
            let (first, total) = first_sentences(list, limit);
            wanted.extend(first.iter().cloned());
            chosen.insert(edge, (first, total));
        }
        let texts = self.sentence_texts(&wanted)?;
        Ok(chosen
            .into_iter()
            .map(|(edge, (iris, total))| {
                let evidence = iris
                    .iter()
                    .filter_map(|iri| texts.get(iri).cloned())
                    .collect();
                (edge, (evidence, total))
            })
            .collect())
    }

    /// Document, section and text of each sentence named.
    fn sentence_texts(&self, sentences: &[String]) -> Result<HashMap<String, Evidence>> {
        let mut texts = HashMap::new();
        if sentences.is_empty() {
            return Ok(texts);
        }
        let rows = sentences
            .iter()
            .map(|iri| vec![Term::NamedNode(NamedNode::new_unchecked(iri))])
            .collect();
        let table = run_canned_with_rows(self.store, "sentence-texts", &["sentence"], rows)?;
        for row in &table.rows {
            if let Some(iri) = table.text(row, "sentence") {
                texts.insert(
                    iri,
                    Evidence {
                        document: table.text(row, "document").unwrap_or_default(),
                        section: table.text(row, "section").unwrap_or_default(),
                        sentence: table.text(row, "text").unwrap_or_default(),
                    },
                );
            }
        }
        Ok(texts)
    }

    /// The sentences behind one fact: the first `limit`, and how many in all.
    pub fn evidence_of(&self, edge: EdgeIndex, limit: usize) -> Result<(Vec<Evidence>, usize)> {
        let (source, target) = self.graph.edge_endpoints(edge).expect("edge exists");
        let iri = |text: &str| Term::NamedNode(NamedNode::new_unchecked(text));
        let predicate = format!("{ONTOLOGY_NS}{}", self.graph[edge].predicate);
        let bindings = vec![
            ("subject", iri(&self.graph[source].iri)),
            ("predicate", iri(&predicate)),
            ("object", iri(&self.graph[target].iri)),
        ];
        Ok(self
            .evidence_where(bindings, limit)?
            .remove(&edge)
            .unwrap_or_default())
    }

    /// The sentences behind every fact of one entity, in two passes (its facts as
    /// subject, then as object) rather than one per fact.
    pub fn evidence_around(
        &self,
        node: NodeIndex,
        limit: usize,
    ) -> Result<HashMap<EdgeIndex, (Vec<Evidence>, usize)>> {
        let iri = Term::NamedNode(NamedNode::new_unchecked(&self.graph[node].iri));
        let mut evidence = self.evidence_where(vec![("subject", iri.clone())], limit)?;
        evidence.extend(self.evidence_where(vec![("object", iri)], limit)?);
        Ok(evidence)
    }

    /// The figures stated about one entity — targets first, then observations, each by
    /// year — with the first `limit` sentences that state each and how many in all.
    pub fn figures_of(&self, node: NodeIndex, limit: usize) -> Result<Vec<Figure>> {
        let iri = Term::NamedNode(NamedNode::new_unchecked(&self.graph[node].iri));
        let table = run_canned_with(self.store, "entity-figures", vec![("entity", iri)])?;
        // One figure per (kind, metric, year, value, unit, qualifier, text).
        let mut figures: BTreeMap<FigureKey, Vec<(String, usize, String)>> = BTreeMap::new();
        for row in &table.rows {
            let field = |column: &str| table.text(row, column).unwrap_or_default();
            let key = FigureKey {
                observation: field("target") != "true",
                year: field("year").parse().ok(),
                metric: field("metric"),
                value: field("value"),
                unit: field("unit"),
                qualifier: field("qualifier"),
                text: field("text"),
            };
            let sentences = figures.entry(key).or_default();
            if let Some(sentence) = table.text(row, "sentence") {
                sentences.push(sentence_order(sentence));
            }
        }
        let mut chosen = Vec::new();
        let mut wanted = Vec::new();
        for (key, sentences) in figures {
            let (first, total) = first_sentences(sentences, limit);
            wanted.extend(first.iter().cloned());
            chosen.push((key, first, total));
        }
        let texts = self.sentence_texts(&wanted)?;
        Ok(chosen
            .into_iter()
            .map(|(key, iris, total)| Figure {
                target: !key.observation,
                metric: key.metric,
                year: key.year,
                value: key.value,
                unit: key.unit,
                qualifier: key.qualifier,
                text: key.text,
                sentences: iris
                    .iter()
                    .filter_map(|iri| texts.get(iri).cloned())
                    .collect(),
                total,
            })
            .collect())
    }

    fn evidence_lines(&self, edge: EdgeIndex, limit: usize) -> Result<String> {
        let (evidence, total) = self.evidence_of(edge, limit)?;
        Ok(format_evidence(&evidence, total))
    }
}

/// A sentence's IRI with what it sorts by: IRIs are `{document}#s{position}`, so by
/// document, then position.
fn sentence_order(iri: String) -> (String, usize, String) {
    let (document, position) = iri.rsplit_once("#s").unwrap_or((&iri, "0"));
    let position = position.parse().unwrap_or(0);
    (document.to_owned(), position, iri)
}

/// The first `limit` of some sentences (from [`sentence_order`]) in document order,
/// and how many distinct ones there are.
fn first_sentences(
    mut sentences: Vec<(String, usize, String)>,
    limit: usize,
) -> (Vec<String>, usize) {
    sentences.sort();
    sentences.dedup();
    let total = sentences.len();
    let first = sentences
        .into_iter()
        .take(limit)
        .map(|(_, _, iri)| iri)
        .collect();
    (first, total)
}

/// Sentences, one per line, and how many more of `total` there are.
pub fn format_evidence(evidence: &[Evidence], total: usize) -> String {
    let mut text = String::new();
    for item in evidence {
        text.push_str(&format!(
            "    [{}{}] {}\n",
            item.document,
            section_suffix(&item.section),
            item.sentence
        ));
    }
    if total > evidence.len() {
        text.push_str(&format!(
            "    … and {} more sentences\n",
            total - evidence.len()
        ));
    }
    text
}

impl GraphView<'_> {
    /// `policykg path`: the chain with each hop's sentence.
    pub fn path_report(&self, from: NodeIndex, to: NodeIndex) -> Result<String> {
        let (a, b) = (&self.graph[from], &self.graph[to]);
        Ok(match self.shortest_path(from, to) {
            None => format!(
                "no chain of stated relations links {} ({}) and {} ({})\n",
                a.label,
                a.kind.slug(),
                b.label,
                b.kind.slug()
            ),
            Some(hops) if hops.is_empty() => format!("{} is {}\n", a.label, b.label),
            Some(hops) => {
                let mut text = format!(
                    "{} → {}: {} hop{}\n",
                    a.label,
                    b.label,
                    hops.len(),
                    if hops.len() == 1 { "" } else { "s" }
                );
                for (number, (edge, _, _)) in hops.iter().enumerate() {
                    text.push_str(&format!("{}. {}\n", number + 1, self.describe_edge(*edge)));
                    text.push_str(&self.evidence_lines(*edge, 2)?);
                }
                text
            }
        })
    }

    /// Nodes within `depth` hops, with the hop distance and the edge that reached them.
    pub fn neighborhood(
        &self,
        node: NodeIndex,
        depth: usize,
    ) -> Vec<(NodeIndex, usize, Option<EdgeIndex>)> {
        let mut found = vec![(node, 0, None)];
        let mut seen = BTreeSet::from([node]);
        let mut frontier = vec![node];
        for distance in 1..=depth {
            let mut next_frontier = Vec::new();
            for &current in &frontier {
                for (edge, next, _) in self.incident(current) {
                    if seen.insert(next) {
                        found.push((next, distance, Some(edge)));
                        next_frontier.push(next);
                    }
                }
            }
            frontier = next_frontier;
        }
        found
    }

    /// The neighbourhood of a node ring by ring, for a diagram that must fit a screen:
    /// the first ring whole, and of each ring after it only the `strongest` entities —
    /// those linked to the most entities kept in the ring before (ties: more relations
    /// in all, then label). Entities left out are not expanded further. Returns the
    /// entities kept with their distance, centre first, and per ring the ones left out.
    pub fn strongest_neighbourhood(
        &self,
        node: NodeIndex,
        depth: usize,
        strongest: usize,
    ) -> Neighbourhood {
        let mut kept = vec![(node, 0)];
        let mut left_out: BTreeMap<usize, Vec<NodeIndex>> = BTreeMap::new();
        let mut seen = BTreeSet::from([node]);
        let mut ring = vec![node];
        for distance in 1..=depth {
            // Each candidate with the number of kept entities of the last ring it links to.
            let mut ties: BTreeMap<NodeIndex, BTreeSet<NodeIndex>> = BTreeMap::new();
            for &current in &ring {
                for (_, next, _) in self.incident(current) {
                    if !seen.contains(&next) {
                        ties.entry(next).or_default().insert(current);
                    }
                }
            }
            let mut candidates: Vec<(NodeIndex, usize)> = ties
                .into_iter()
                .map(|(candidate, linked)| (candidate, linked.len()))
                .collect();
            seen.extend(candidates.iter().map(|(candidate, _)| *candidate));
            if distance > 1 {
                candidates.sort_by_cached_key(|(candidate, links)| {
                    (
                        std::cmp::Reverse(*links),
                        std::cmp::Reverse(self.incident(*candidate).len()),
                        self.graph[*candidate].label.clone(),
                    )
                });
                if candidates.len() > strongest {
                    let weak = candidates.split_off(strongest);
                    left_out.insert(distance, weak.into_iter().map(|(n, _)| n).collect());
                }
            }
            ring = candidates.iter().map(|(candidate, _)| *candidate).collect();
            kept.extend(ring.iter().map(|&candidate| (candidate, distance)));
        }
        Neighbourhood { kept, left_out }
    }

    /// `policykg neighbors`: everything within N hops, grouped by relation.
    pub fn neighbors_report(&self, node: NodeIndex, depth: usize) -> Result<String> {
        let center = &self.graph[node];
        let evidence = self.evidence_around(node, 1)?;
        let mut text = format!("{} ({})\n", center.label, center.kind.slug());
        let mut groups: BTreeMap<(usize, String), Vec<String>> = BTreeMap::new();
        let mut direct: BTreeMap<String, Vec<(EdgeIndex, NodeIndex)>> = BTreeMap::new();
        for (edge, other, outgoing) in self.incident(node) {
            let phrase = self.graph[edge].phrase();
            let heading = if outgoing {
                phrase.to_owned()
            } else {
                format!("is the object of '{phrase}' from")
            };
            direct.entry(heading).or_default().push((edge, other));
        }
        for (heading, items) in &direct {
            text.push_str(&format!("\n{heading} ({}):\n", items.len()));
            for (edge, other) in items {
                let other = &self.graph[*other];
                text.push_str(&format!("  {} ({})\n", other.label, other.kind.slug()));
                let (sentences, total) = evidence.get(edge).cloned().unwrap_or_default();
                text.push_str(&format_evidence(&sentences, total));
            }
        }
        for (other, distance, edge) in self.neighborhood(node, depth) {
            if distance < 2 {
                continue;
            }
            let edge = edge.expect("reached through an edge");
            let (source, target) = self.graph.edge_endpoints(edge).expect("edge exists");
            let via = if source == other { target } else { source };
            groups
                .entry((distance, self.graph[edge].phrase().to_owned()))
                .or_default()
                .push(format!(
                    "{} ({}) via {}",
                    self.graph[other].label,
                    self.graph[other].kind.slug(),
                    self.graph[via].label
                ));
        }
        for ((distance, phrase), items) in groups {
            text.push_str(&format!("\n{distance} hops, {phrase} ({}):\n", items.len()));
            for item in items {
                text.push_str(&format!("  {item}\n"));
            }
        }
        if direct.is_empty() {
            text.push_str("  (no relations)\n");
        }
        Ok(text)
    }

    /// Degree (distinct neighbours) and PageRank of every node, computed on the graph
    /// with each relation counted in both directions.
    pub fn centrality(&self) -> Vec<(NodeIndex, usize, f64)> {
        let mut undirected: DiGraph<(), ()> =
            DiGraph::with_capacity(self.graph.node_count(), self.graph.edge_count() * 2);
        for _ in self.graph.node_indices() {
            undirected.add_node(());
        }
        for edge in self.graph.edge_references() {
            undirected.add_edge(edge.source(), edge.target(), ());
            undirected.add_edge(edge.target(), edge.source(), ());
        }
        let ranks = petgraph::algo::page_rank(&undirected, 0.85_f64, 60);
        self.graph
            .node_indices()
            .map(|node| {
                let neighbours: BTreeSet<NodeIndex> = self
                    .incident(node)
                    .into_iter()
                    .map(|(_, other, _)| other)
                    .collect();
                (node, neighbours.len(), ranks[node.index()])
            })
            .collect()
    }

    /// `policykg rank`: entities by degree, then PageRank.
    pub fn rank_report(&self, kind: Option<EntityKind>, top: usize) -> String {
        let mut rows: Vec<(NodeIndex, usize, f64)> = self
            .centrality()
            .into_iter()
            .filter(|(node, degree, _)| {
                *degree > 0 && kind.is_none_or(|k| self.graph[*node].kind == k)
            })
            .collect();
        rows.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then(b.2.partial_cmp(&a.2).unwrap_or(std::cmp::Ordering::Equal))
                .then(self.graph[a.0].label.cmp(&self.graph[b.0].label))
        });
        let mut table = crate::query::Table {
            columns: ["rank", "entity", "type", "degree", "pagerank"]
                .map(str::to_owned)
                .to_vec(),
            rows: Vec::new(),
        };
        use oxigraph::model::{Literal, Term};
        for (position, (node, degree, rank)) in rows.iter().take(top).enumerate() {
            let cell = |text: String| Some(Term::from(Literal::new_simple_literal(text)));
            table.rows.push(vec![
                cell((position + 1).to_string()),
                cell(self.graph[*node].label.clone()),
                cell(self.graph[*node].kind.slug().to_owned()),
                cell(degree.to_string()),
                cell(format!("{rank:.4}")),
            ]);
        }
        let mut buffer = Vec::new();
        crate::query::write_table(&table, &mut buffer).expect("writing to memory");
        String::from_utf8(buffer).expect("utf-8 table")
    }

    /// The node of an entity IRI.
    pub fn by_iri(&self, iri: &str) -> Option<NodeIndex> {
        self.by_iri.get(iri).copied()
    }

    /// Edges between two nodes, either direction.
    pub fn edges_between(&self, a: NodeIndex, b: NodeIndex) -> Vec<EdgeIndex> {
        self.incident(a)
            .into_iter()
            .filter(|(_, other, _)| *other == b)
            .map(|(edge, _, _)| edge)
            .collect()
    }

    /// All edges touching a node, stated and inferred, sorted.
    pub fn edges_of(&self, node: NodeIndex) -> Vec<(EdgeIndex, NodeIndex, bool)> {
        self.incident(node)
    }

    pub fn describe(&self, edge: EdgeIndex) -> String {
        self.describe_edge(edge)
    }

    pub fn evidence(&self, edge: EdgeIndex, limit: usize) -> Result<String> {
        self.evidence_lines(edge, limit)
    }
}

fn section_suffix(section: &str) -> String {
    if section.is_empty() {
        String::new()
    } else {
        format!(" › {section}")
    }
}
