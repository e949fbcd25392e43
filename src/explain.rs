//! `policykg explain`: the sentences behind an entity's facts, or behind the link
//! between two entities, with document and section. Read-only.

use crate::error::Result;
use crate::graph::GraphView;
use crate::store::KnowledgeStore;

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
        if edges.is_empty() {
            text.push_str("no relations stated for it\n");
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

fn inferred_note(view: &GraphView, edge: petgraph::graph::EdgeIndex) -> &'static str {
    if view.graph[edge].inferred {
        "  (inferred; the sentences below are its premises)"
    } else {
        ""
    }
}
