//! `policykg explain`: the sentences behind an entity's facts, or behind the link
//! between two entities, with document and section: as text for the command line, and
//! as data ([`entity_facts`], [`link_facts`]) for the web page of `policykg serve`.
//! Read-only.

use crate::error::{Error, Result};
use crate::graph::{Evidence, Figure, GraphView};
use crate::store::KnowledgeStore;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::Serialize;

/// How many sentences to print per fact.
const SENTENCES_PER_FACT: usize = 5;

/// Explains one entity, or the link between two.
pub fn explain(store: &KnowledgeStore, entity: &str, other: Option<&str>) -> Result<String> {
    let view = GraphView::load(store)?;
    let a = view.find(entity)?;
    let node = view.node(a);
    let Some(other) = other else {
        let mut text = format!("{} ({}) <{}>\n", node.label, node.kind.slug(), node.iri);
        let edges = view.edges_of(a);
        let evidence = view.evidence_around(a, SENTENCES_PER_FACT)?;
        let figures = view.figures_of(a, SENTENCES_PER_FACT)?;
        if edges.is_empty() && figures.is_empty() {
            text.push_str("no relations or figures stated for it\n");
        }
        for (edge, _, _) in edges {
            text.push_str(&format!(
                "\n{}{}\n",
                view.describe(edge),
                inferred_note(&view, edge)
            ));
            let (sentences, total) = evidence.get(&edge).cloned().unwrap_or_default();
            text.push_str(&crate::graph::format_evidence(&sentences, total));
        }
        for figure in &figures {
            text.push_str(&format!("\n{}\n", describe_figure(&node.label, figure)));
            text.push_str(&crate::graph::format_evidence(
                &figure.sentences,
                figure.total,
            ));
        }
        return Ok(text);
    };
    let b = view.find(other)?;
    let direct = view.edges_between(a, b);
    let mut text = String::new();
    if !direct.is_empty() {
        for edge in direct {
            text.push_str(&format!(
                "{}{}\n",
                view.describe(edge),
                inferred_note(&view, edge)
            ));
            text.push_str(&view.evidence(edge, SENTENCES_PER_FACT)?);
        }
        return Ok(text);
    }
    text.push_str(&format!(
        "no sentence links {} and {} directly; the shortest chain:\n",
        node.label,
        view.node(b).label
    ));
    text.push_str(&view.path_report(a, b)?);
    Ok(text)
}

/// One line for a figure: 人工智能 target for 2025: 产业规模 达到4000亿元.
fn describe_figure(label: &str, figure: &Figure) -> String {
    let kind = if figure.target {
        "target"
    } else {
        "observation"
    };
    let year = figure
        .year
        .map_or_else(String::new, |year| format!(" for {year}"));
    format!("{label} {kind}{year}: {} {}", figure.metric, figure.text)
}

fn inferred_note(view: &GraphView, edge: petgraph::graph::EdgeIndex) -> &'static str {
    if view.graph[edge].inferred {
        "  (inferred; the sentences below are its premises)"
    } else {
        ""
    }
}

/// An entity as a reader sees it and a link names it.
#[derive(Clone, Debug, Serialize)]
pub struct EntityRef {
    pub label: String,
    /// district, park, sector or technology.
    pub kind: &'static str,
    pub iri: String,
    /// Other names from the gazetteers (张江 for 张江科学城): sentences may use them.
    pub aliases: Vec<String>,
    /// What names this entity and no other: its label, or its IRI when another entity
    /// has the same label.
    pub name: String,
}

/// One fact with the sentences behind it.
#[derive(Clone, Debug, Serialize)]
pub struct Fact {
    pub subject: EntityRef,
    /// How a person reads the relation: "hosts industry", "located in" …
    pub relation: &'static str,
    /// The ontology property's local name.
    pub predicate: String,
    pub object: EntityRef,
    /// Inferred (a district hosts what its parks focus on): the sentences are its premises.
    pub inferred: bool,
    /// For an inferred fact, the parks it is inferred through: in the district, and
    /// focusing on the industry.
    pub via: Vec<EntityRef>,
    /// The first sentences, in document order.
    pub sentences: Vec<Evidence>,
    /// How many sentences there are in all.
    pub total: usize,
}

/// An entity and all its facts.
#[derive(Clone, Debug, Serialize)]
pub struct EntityFacts {
    pub entity: EntityRef,
    pub facts: Vec<Fact>,
    /// Its targets and observations, each with the sentences that state it.
    pub figures: Vec<Figure>,
}

/// What links two entities: the facts between them, or, when there is none, the
/// shortest chain of facts (empty when nothing links them).
#[derive(Clone, Debug, Serialize)]
pub struct LinkFacts {
    pub a: EntityRef,
    pub b: EntityRef,
    pub facts: Vec<Fact>,
    pub chain: Vec<Fact>,
}

/// The entity a node is, named so that the name finds it again.
pub fn entity_ref(view: &GraphView, node: NodeIndex) -> EntityRef {
    let entity = view.node(node);
    let unique = view.candidates(&entity.label).len() == 1;
    EntityRef {
        label: entity.label.clone(),
        kind: entity.kind.slug(),
        iri: entity.iri.clone(),
        aliases: entity.aliases.clone(),
        name: if unique {
            entity.label.clone()
        } else {
            entity.iri.clone()
        },
    }
}

fn fact(view: &GraphView, edge: EdgeIndex, sentences: Vec<Evidence>, total: usize) -> Fact {
    let (source, target) = view.graph.edge_endpoints(edge).expect("edge exists");
    let relation = &view.graph[edge];
    Fact {
        subject: entity_ref(view, source),
        relation: relation.phrase(),
        predicate: relation.predicate.clone(),
        object: entity_ref(view, target),
        inferred: relation.inferred,
        via: if relation.inferred {
            parks_between(view, source, target)
                .into_iter()
                .map(|park| entity_ref(view, park))
                .collect()
        } else {
            Vec::new()
        },
        sentences,
        total,
    }
}

/// The parks located in `district` that focus on `industry`: what an inferred
/// district–industry fact follows from.
fn parks_between(view: &GraphView, district: NodeIndex, industry: NodeIndex) -> Vec<NodeIndex> {
    let mut parks: Vec<NodeIndex> = view
        .graph
        .edges_directed(district, Direction::Incoming)
        .filter(|edge| edge.weight().predicate == "locatedIn")
        .map(|edge| edge.source())
        .filter(|&park| {
            view.graph
                .edges_connecting(park, industry)
                .any(|edge| edge.weight().predicate == "focusesOn")
        })
        .collect();
    parks.sort_by(|a, b| view.node(*a).label.cmp(&view.node(*b).label));
    parks.dedup();
    parks
}

/// Every fact of one entity, each with its first `limit` sentences.
pub fn entity_facts(view: &GraphView, node: NodeIndex, limit: usize) -> Result<EntityFacts> {
    let evidence = view.evidence_around(node, limit)?;
    let facts = view
        .edges_of(node)
        .into_iter()
        .map(|(edge, _, _)| {
            let (sentences, total) = evidence.get(&edge).cloned().unwrap_or_default();
            fact(view, edge, sentences, total)
        })
        .collect();
    Ok(EntityFacts {
        entity: entity_ref(view, node),
        facts,
        figures: view.figures_of(node, limit)?,
    })
}

/// The facts between two entities named `a` and `b`, each with its first `limit`
/// sentences; when no fact links them, the shortest chain with two sentences a hop.
/// A name that means several entities is read as the one linked to the other name.
pub fn link_facts(view: &GraphView, a: &str, b: &str, limit: usize) -> Result<LinkFacts> {
    let (first, second) = (view.candidates(a), view.candidates(b));
    let linked = first.iter().find_map(|&x| {
        second
            .iter()
            .find(|&&y| !view.edges_between(x, y).is_empty())
            .map(|&y| (x, y))
    });
    let (x, y) = match linked {
        Some(pair) => pair,
        None => (view.find(a)?, view.find(b)?),
    };
    let mut facts = Vec::new();
    for edge in view.edges_between(x, y) {
        let (sentences, total) = view.evidence_of(edge, limit)?;
        facts.push(fact(view, edge, sentences, total));
    }
    let mut chain = Vec::new();
    if facts.is_empty() {
        for (edge, _, _) in view.shortest_path(x, y).unwrap_or_default() {
            let (sentences, total) = view.evidence_of(edge, 2)?;
            chain.push(fact(view, edge, sentences, total));
        }
    }
    Ok(LinkFacts {
        a: entity_ref(view, x),
        b: entity_ref(view, y),
        facts,
        chain,
    })
}

/// The entities a name may mean, for a reader to choose from: an error when there is
/// none.
pub fn resolve(view: &GraphView, name: &str) -> Result<Vec<NodeIndex>> {
    let candidates: Vec<NodeIndex> = view.candidates(name).into_iter().collect();
    if candidates.is_empty() {
        return Err(Error::UnknownEntity(name.trim().to_owned()));
    }
    Ok(candidates)
}
