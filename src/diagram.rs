//! Diagrams: parts of the knowledge graph as Graphviz DOT (built with graphviz-rust),
//! rendered to SVG, PNG or PDF by Graphviz `dot`.
//!
//! Output is deterministic — the same store gives byte-identical DOT — because nodes
//! and edges are emitted in sorted order with ids derived from that order. Read-only.

use crate::error::{Error, Result};
use crate::graph::{relation_phrase, GraphView};
use crate::model::EntityKind;
use crate::query::run_canned;
use crate::store::KnowledgeStore;
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The font used for every label: it has the CJK glyphs.
pub const FONT: &str = "Noto Sans CJK SC";

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum View {
    /// Each district with its parks, edges to the industries hosted, ranked by hosts.
    Districts,
    /// Sector → sub-sectors → technologies, with each sector's targets.
    Sectors,
    /// The neighbourhood of one entity.
    Focus,
    /// A CONSTRUCT query's result (--query FILE.rq).
    Query,
    /// A table: districts by row, industries by column, a mark per fact.
    Matrix,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagramFormat {
    Dot,
    Svg,
    Png,
    Pdf,
}

#[derive(Clone, Debug, Default)]
pub struct DiagramOptions {
    pub entity: Option<String>,
    pub depth: usize,
    pub query: Option<PathBuf>,
    pub max_nodes: usize,
    /// Industries (matrix columns, districts-view column) beyond this many are left out,
    /// the least hosted first; the diagram names them.
    pub max_industries: usize,
    /// Beyond the first hop of the focus view, each ring keeps only this many entities,
    /// the most strongly tied to the ring before it.
    pub strongest: usize,
}

/// Colours and shapes per entity type; the legend shows them.
fn style(kind: EntityKind) -> [(&'static str, &'static str); 4] {
    match kind {
        EntityKind::District => [
            ("shape", "box"),
            ("style", "filled,bold"),
            ("fillcolor", "#dbeafe"),
            ("color", "#1d4ed8"),
        ],
        EntityKind::Park => [
            ("shape", "ellipse"),
            ("style", "filled"),
            ("fillcolor", "#dcfce7"),
            ("color", "#15803d"),
        ],
        EntityKind::Sector => [
            ("shape", "box"),
            ("style", "rounded,filled"),
            ("fillcolor", "#fef3c7"),
            ("color", "#b45309"),
        ],
        EntityKind::Technology => [
            ("shape", "note"),
            ("style", "filled"),
            ("fillcolor", "#f3e8ff"),
            ("color", "#7e22ce"),
        ],
        EntityKind::Indicator => [
            ("shape", "hexagon"),
            ("style", "filled"),
            ("fillcolor", "#f1f5f9"),
            ("color", "#475569"),
        ],
    }
}

fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::District => "区 district",
        EntityKind::Park => "园区 park / area",
        EntityKind::Sector => "产业 sector",
        EntityKind::Technology => "技术 technology",
        EntityKind::Indicator => "指标 indicator",
    }
}

fn quoted(text: &str) -> Id {
    Id::Escaped(format!(
        "\"{}\"",
        text.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    ))
}

fn html(text: &str) -> Id {
    Id::Html(format!("<{text}>"))
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn attr(key: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_owned()), quoted(value))
}

fn node_id(id: &str) -> NodeId {
    NodeId(Id::Plain(id.to_owned()), None)
}

fn edge(from: &str, to: &str, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(Vertex::N(node_id(from)), Vertex::N(node_id(to))),
        attributes,
    })
}

fn entity_node(id: &str, kind: EntityKind, label: Id) -> Stmt {
    let mut attributes: Vec<Attribute> = style(kind).iter().map(|(k, v)| attr(k, v)).collect();
    attributes.push(Attribute(Id::Plain("label".to_owned()), label));
    Stmt::Node(Node::new(node_id(id), attributes))
}

/// The statements shared by every view: fonts, layout, title.
fn preamble(title: &str, rankdir: &str) -> Vec<Stmt> {
    vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("fontname", FONT),
            attr("label", title),
            attr("labelloc", "t"),
            attr("fontsize", "20"),
            attr("rankdir", rankdir),
            attr("nodesep", "0.25"),
            attr("ranksep", "1.1"),
            attr("bgcolor", "white"),
            attr("pad", "0.3"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", FONT),
            attr("fontsize", "12"),
            attr("margin", "0.12,0.06"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", FONT),
            attr("fontsize", "9"),
            attr("color", "#6b7280"),
            attr("arrowsize", "0.6"),
        ])),
    ]
}

/// A legend: one sample node per entity type present, and the edge styles.
fn legend(kinds: &BTreeSet<EntityKind>, with_inferred: bool) -> Stmt {
    let mut rows = String::from("<TR><TD>──</TD><TD ALIGN=\"LEFT\">stated in a document</TD></TR>");
    if with_inferred {
        rows.push_str(
            "<TR><TD>- -</TD><TD ALIGN=\"LEFT\">inferred (district via its parks)</TD></TR>",
        );
    }
    legend_with(kinds, &rows)
}

/// A legend: one sample node per entity type present, then `edge_rows` (table rows of a
/// line sample and what it means).
fn legend_with(kinds: &BTreeSet<EntityKind>, edge_rows: &str) -> Stmt {
    let mut rows = String::new();
    for kind in kinds {
        let [_, _, (_, fill), (_, color)] = style(*kind);
        rows.push_str(&format!(
            "<TR><TD BGCOLOR=\"{fill}\" COLOR=\"{color}\" BORDER=\"1\" WIDTH=\"18\"> </TD><TD ALIGN=\"LEFT\">{}</TD></TR>",
            kind_name(*kind)
        ));
    }
    rows.push_str(edge_rows);
    let table = format!("<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"3\"><TR><TD COLSPAN=\"2\"><B>Legend 图例</B></TD></TR>{rows}</TABLE>");
    Stmt::Subgraph(Subgraph {
        id: Id::Plain("cluster_legend".to_owned()),
        stmts: vec![
            Stmt::Attribute(attr("style", "rounded")),
            Stmt::Attribute(attr("color", "#9ca3af")),
            Stmt::Attribute(attr("label", "")),
            Stmt::Node(Node::new(
                node_id("legend"),
                vec![
                    attr("shape", "plaintext"),
                    Attribute(Id::Plain("label".to_owned()), html(&table)),
                ],
            )),
        ],
    })
}

fn note(text: &str) -> Stmt {
    Stmt::Node(Node::new(
        node_id("cut_note"),
        vec![
            attr("shape", "note"),
            attr("style", "filled"),
            attr("fillcolor", "#fee2e2"),
            attr("color", "#b91c1c"),
            attr("label", text),
        ],
    ))
}

/// Builds the DOT text of a view.
pub fn build(store: &KnowledgeStore, view: View, options: &DiagramOptions) -> Result<String> {
    // The matrix reads one canned query; the other views walk the whole graph view.
    if view == View::Matrix {
        let graph = matrix(store, options.max_nodes, options.max_industries)?;
        return Ok(graph.print(&mut PrinterContext::default()) + "\n");
    }
    let graph_view = GraphView::load(store)?;
    let graph = match view {
        View::Matrix => unreachable!("drawn above"),
        View::Districts => districts(&graph_view, options.max_nodes, options.max_industries),
        View::Sectors => sectors(store, &graph_view, options.max_nodes)?,
        View::Focus => {
            let name = options.entity.as_deref().ok_or_else(|| {
                Error::Usage(
                    "the focus view needs an entity: policykg diagram focus 临港新片区".to_owned(),
                )
            })?;
            let center = graph_view.find(name)?;
            focus(
                &graph_view,
                center,
                options.depth.max(1),
                options.strongest.max(1),
                options.max_nodes,
            )
        }
        View::Query => {
            let path = options.query.as_ref().ok_or_else(|| {
                Error::Usage(
                    "the query view needs --query FILE.rq with a CONSTRUCT query".to_owned(),
                )
            })?;
            construct(store, &graph_view, path, options.max_nodes)?
        }
    };
    let mut context = PrinterContext::default();
    Ok(graph.print(&mut context) + "\n")
}

/// Each district one node listing its parks (each with the industries it focuses on);
/// industries in one column on the right, ranked by how many districts host them (the
/// count is in the label), the least hosted beyond `max_industries` left out and named
/// in a note. The only edges are district → industry: solid where a document states it,
/// dashed where it follows from the parks. A park as a node of its own, in a cluster
/// per district, made the sample's picture 5,630 px tall.
fn districts(view: &GraphView, max_nodes: usize, max_industries: usize) -> Graph {
    let g = &view.graph;
    let mut parks_by_district: BTreeMap<NodeIndex, BTreeSet<NodeIndex>> = BTreeMap::new();
    let mut focus_of: BTreeMap<NodeIndex, BTreeSet<String>> = BTreeMap::new();
    let mut district_edges: BTreeMap<(NodeIndex, NodeIndex), bool> = BTreeMap::new();
    for edge in g.edge_references() {
        let (source, target) = (edge.source(), edge.target());
        match edge.weight().predicate.as_str() {
            "locatedIn" => {
                parks_by_district.entry(target).or_default().insert(source);
            }
            "focusesOn" => {
                focus_of
                    .entry(source)
                    .or_default()
                    .insert(g[target].label.clone());
            }
            "hostsIndustry" => {
                district_edges.insert((source, target), false);
            }
            "hostsIndustryViaPark" => {
                district_edges.entry((source, target)).or_insert(true);
            }
            _ => {}
        }
    }
    for &(district, _) in district_edges.keys() {
        parks_by_district.entry(district).or_default();
    }
    let order = |a: &NodeIndex, b: &NodeIndex| g[*a].label.cmp(&g[*b].label);
    let mut districts: Vec<NodeIndex> = parks_by_district.keys().copied().collect();
    districts.sort_by(order);
    let mut budget = max_nodes;
    let mut omitted = 0usize;
    let mut shown: BTreeSet<NodeIndex> = BTreeSet::new();
    let mut stmts = preamble("Districts, their parks and industries 区—园区—产业", "LR");
    stmts.push(Stmt::GAttribute(GraphAttributes::Graph(vec![
        attr("newrank", "true"),
        attr("ranksep", "2.2"),
        attr("nodesep", "0.12"),
    ])));
    let mut ids: BTreeMap<NodeIndex, String> = BTreeMap::new();
    for (number, district) in districts.iter().enumerate() {
        let mut parks: Vec<NodeIndex> = parks_by_district[district].iter().copied().collect();
        parks.sort_by(order);
        if budget == 0 {
            omitted += 1 + parks.len();
            continue;
        }
        let id = format!("d{number}");
        ids.insert(*district, id.clone());
        shown.insert(*district);
        budget -= 1;
        let [_, _, (_, park_fill), (_, park_color)] = style(EntityKind::Park);
        let mut label = format!(
            "<TABLE BORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"2\"><TR><TD><B>{}</B></TD></TR>",
            escape_html(&g[*district].label)
        );
        for park in parks {
            if budget == 0 {
                omitted += 1;
                continue;
            }
            budget -= 1;
            let focus: Vec<&String> = focus_of
                .get(&park)
                .map(|f| f.iter().collect())
                .unwrap_or_default();
            let mut cell = escape_html(&g[park].label);
            if !focus.is_empty() {
                let mut listed: Vec<String> =
                    focus.iter().take(4).map(|f| escape_html(f)).collect();
                if focus.len() > 4 {
                    listed.push(format!("+{}", focus.len() - 4));
                }
                cell.push_str(&format!(
                    "<BR/><FONT POINT-SIZE=\"9\" COLOR=\"#166534\">{}</FONT>",
                    listed.join(" · ")
                ));
            }
            label.push_str(&format!(
                "<TR><TD BGCOLOR=\"{park_fill}\" COLOR=\"{park_color}\" BORDER=\"1\" STYLE=\"ROUNDED\">{cell}</TD></TR>"
            ));
        }
        label.push_str("</TABLE>");
        stmts.push(entity_node(&id, EntityKind::District, html(&label)));
    }
    // Industries ranked by how many of the districts shown host them, then by name.
    let mut hosts: BTreeMap<NodeIndex, usize> = BTreeMap::new();
    for (district, industry) in district_edges.keys() {
        if shown.contains(district) {
            *hosts.entry(*industry).or_default() += 1;
        }
    }
    let mut industries: Vec<(NodeIndex, usize)> = hosts.into_iter().collect();
    industries.sort_by(|a, b| (b.1, &g[a.0].label).cmp(&(a.1, &g[b.0].label)));
    let mut column = vec![Stmt::Attribute(attr("rank", "same"))];
    let mut left_out: Vec<String> = Vec::new();
    let mut previous: Option<String> = None;
    for (number, (industry, count)) in industries.iter().enumerate() {
        if budget == 0 || number >= max_industries.max(1) {
            left_out.push(format!("{} {count}", g[*industry].label));
            continue;
        }
        budget -= 1;
        let id = format!("s{number}");
        ids.insert(*industry, id.clone());
        column.push(entity_node(
            &id,
            EntityKind::Sector,
            html(&format!(
                "{} <FONT POINT-SIZE=\"10\" COLOR=\"#92400e\">{count}</FONT>",
                escape_html(&g[*industry].label)
            )),
        ));
        // Invisible links down the column keep it in rank order.
        if let Some(previous) = previous.replace(id.clone()) {
            column.push(edge(&previous, &id, vec![attr("style", "invis")]));
        }
    }
    stmts.push(Stmt::Subgraph(Subgraph {
        id: Id::Plain("industries".to_owned()),
        stmts: column,
    }));
    let mut has_inferred = false;
    for ((district, industry), inferred) in &district_edges {
        let (Some(from), Some(to)) = (ids.get(district), ids.get(industry)) else {
            continue;
        };
        let attributes = if *inferred {
            has_inferred = true;
            vec![
                attr("style", "dashed"),
                attr("color", "#9ca3af"),
                attr("tooltip", "hosts industry (via its parks)"),
            ]
        } else {
            vec![
                attr("color", "#1d4ed8"),
                attr("penwidth", "1.3"),
                attr("tooltip", "hosts industry"),
            ]
        };
        stmts.push(edge(from, to, attributes));
    }
    let kinds: BTreeSet<EntityKind> =
        [EntityKind::District, EntityKind::Park, EntityKind::Sector].into();
    let mut legend_rows = String::from(
        "<TR><TD>123</TD><TD ALIGN=\"LEFT\">districts hosting the industry</TD></TR><TR><TD>──</TD><TD ALIGN=\"LEFT\">stated in a document</TD></TR>",
    );
    if has_inferred {
        legend_rows.push_str(
            "<TR><TD>- -</TD><TD ALIGN=\"LEFT\">inferred (district via its parks)</TD></TR>",
        );
    }
    stmts.push(legend_with(&kinds, &legend_rows));
    let mut notes: Vec<String> = Vec::new();
    if !left_out.is_empty() {
        let lines: Vec<String> = left_out.chunks(6).map(|chunk| chunk.join("、")).collect();
        notes.push(format!(
            "{} more industries not shown (raise --max-industries), with the districts hosting each:\n{}",
            left_out.len(),
            lines.join("\n")
        ));
    }
    if omitted > 0 {
        notes.push(format!(
            "{omitted} more nodes not shown (raise --max-nodes)"
        ));
    }
    if districts.is_empty() {
        notes.push("no district facts in the store yet (run policykg build)".to_owned());
    }
    if !notes.is_empty() {
        stmts.push(note(&notes.join("\n")));
    }
    Graph::DiGraph {
        id: Id::Plain("districts".to_owned()),
        strict: false,
        stmts,
    }
}

/// Sectors with their sub-sectors and technologies; targets inside each sector's node.
fn sectors(store: &KnowledgeStore, view: &GraphView, max_nodes: usize) -> Result<Graph> {
    let g = &view.graph;
    let sector_table = run_canned(store, "sectors")?;
    let mut parent_of: BTreeMap<String, String> = BTreeMap::new();
    for row in &sector_table.rows {
        if let (Some(sector), Some(parent)) = (
            sector_table.text(row, "sector"),
            sector_table.text(row, "parent"),
        ) {
            parent_of.insert(sector, parent);
        }
    }
    let targets = run_canned(store, "sector-targets")?;
    let mut targets_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in &targets.rows {
        let Some(sector) = targets.text(row, "sector") else {
            continue;
        };
        let year = targets.text(row, "year").unwrap_or_default();
        let metric = targets.text(row, "metric").unwrap_or_default();
        let text = targets.text(row, "text").unwrap_or_default();
        let line = format!("{year} {metric} {text}");
        let list = targets_of.entry(sector).or_default();
        if !list.contains(&line) {
            list.push(line);
        }
    }
    // Sectors that take part: with technologies, targets, sub-sectors or a parent.
    let mut technologies_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for edge in g
        .edge_references()
        .filter(|e| e.weight().predicate == "developsTechnology")
    {
        technologies_of
            .entry(g[edge.source()].label.clone())
            .or_default()
            .insert(g[edge.target()].label.clone());
    }
    let mut sectors: BTreeSet<String> = technologies_of.keys().cloned().collect();
    sectors.extend(targets_of.keys().cloned());
    for (child, parent) in &parent_of {
        if sectors.contains(child)
            || sectors.contains(parent)
            || technologies_of.contains_key(child)
        {
            sectors.insert(child.clone());
            sectors.insert(parent.clone());
        }
    }
    let mut stmts = preamble(
        "Sectors, sub-sectors, technologies and targets 产业—细分领域—技术—目标",
        "LR",
    );
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut budget = max_nodes;
    let mut omitted = 0;
    // Roots first, then depth-first, so the cut keeps whole branches.
    let roots: Vec<&String> = sectors
        .iter()
        .filter(|s| !parent_of.get(*s).is_some_and(|p| sectors.contains(p)))
        .collect();
    let mut ordered: Vec<String> = Vec::new();
    let mut stack: Vec<String> = roots.iter().rev().map(|s| (*s).clone()).collect();
    while let Some(sector) = stack.pop() {
        if ordered.contains(&sector) {
            continue;
        }
        ordered.push(sector.clone());
        let children: Vec<String> = parent_of
            .iter()
            .filter(|(_, p)| **p == sector)
            .map(|(c, _)| c.clone())
            .filter(|c| sectors.contains(c))
            .collect();
        stack.extend(children.into_iter().rev());
    }
    for sector in &ordered {
        if budget == 0 {
            omitted += 1;
            continue;
        }
        let id = format!("s{}", ids.len());
        ids.insert(sector.clone(), id.clone());
        let mut label = format!(
            "<TABLE BORDER=\"0\" CELLSPACING=\"0\"><TR><TD><B>{}</B></TD></TR>",
            escape_html(sector)
        );
        for line in targets_of.get(sector).into_iter().flatten().take(6) {
            label.push_str(&format!("<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\" COLOR=\"#92400e\">▸ {}</FONT></TD></TR>", escape_html(line)));
        }
        label.push_str("</TABLE>");
        stmts.push(entity_node(&id, EntityKind::Sector, html(&label)));
        budget -= 1;
    }
    for (child, parent) in &parent_of {
        if let (Some(from), Some(to)) = (ids.get(parent), ids.get(child)) {
            stmts.push(edge(
                from,
                to,
                vec![
                    attr("color", "#b45309"),
                    attr("penwidth", "1.4"),
                    attr("tooltip", "sub-sector"),
                ],
            ));
        }
    }
    // Each sector's technologies in one node, three to a row: one edge per sector
    // instead of a fan of dozens.
    for (number, sector) in ordered.iter().enumerate() {
        let Some(from) = ids.get(sector).cloned() else {
            continue;
        };
        let Some(technologies) = technologies_of.get(sector) else {
            continue;
        };
        if budget == 0 {
            omitted += technologies.len();
            continue;
        }
        budget -= 1;
        let mut rows = String::new();
        let cells: Vec<String> = technologies
            .iter()
            .map(|t| format!("<TD ALIGN=\"LEFT\">{}</TD>", escape_html(t)))
            .collect();
        for row in cells.chunks(3) {
            rows.push_str(&format!("<TR>{}</TR>", row.concat()));
        }
        let label =
            format!("<TABLE BORDER=\"0\" CELLSPACING=\"1\" CELLPADDING=\"2\">{rows}</TABLE>");
        let id = format!("t{number}");
        let mut node = entity_node(&id, EntityKind::Technology, html(&label));
        if let Stmt::Node(node) = &mut node {
            node.attributes.push(attr("fontsize", "10"));
        }
        stmts.push(node);
        stmts.push(edge(
            &from,
            &id,
            vec![
                attr("color", "#7e22ce"),
                attr("tooltip", "develops technology"),
            ],
        ));
    }
    let kinds: BTreeSet<EntityKind> = [EntityKind::Sector, EntityKind::Technology].into();
    stmts.push(legend(&kinds, false));
    if omitted > 0 {
        stmts.push(note(&format!(
            "{omitted} more nodes not shown (raise --max-nodes)"
        )));
    }
    Ok(Graph::DiGraph {
        id: Id::Plain("sectors".to_owned()),
        strict: false,
        stmts,
    })
}

/// How an edge of each relation is drawn in the focus view: colour and dash. Colours
/// instead of a label on every edge, which crowded the picture; the legend names them.
fn relation_style(predicate: &str) -> (&'static str, &'static str) {
    match predicate {
        "hostsIndustry" => ("#1d4ed8", "solid"),
        "hostsIndustryViaPark" => ("#9ca3af", "dashed"),
        "locatedIn" => ("#15803d", "solid"),
        "focusesOn" => ("#d97706", "solid"),
        "developsTechnology" => ("#7e22ce", "solid"),
        _ => ("#6b7280", "solid"),
    }
}

/// The neighbourhood of one entity: the first hop whole, and beyond it only the
/// `strongest` entities of each hop (see [`GraphView::strongest_neighbourhood`]); a note
/// counts what was left out, by type.
fn focus(
    view: &GraphView,
    center: NodeIndex,
    depth: usize,
    strongest: usize,
    max_nodes: usize,
) -> Graph {
    let g = &view.graph;
    let crate::graph::Neighbourhood {
        kept: found,
        left_out,
    } = view.strongest_neighbourhood(center, depth, strongest);
    let total = found.len();
    let kept: Vec<NodeIndex> = found
        .iter()
        .take(max_nodes.max(1))
        .map(|(n, _)| *n)
        .collect();
    let kept_set: BTreeSet<NodeIndex> = kept.iter().copied().collect();
    let mut stmts = preamble(
        &format!(
            "{} — {} hop{}",
            g[center].label,
            depth,
            if depth == 1 { "" } else { "s" }
        ),
        "LR",
    );
    let mut ids: BTreeMap<NodeIndex, String> = BTreeMap::new();
    let mut sorted = kept.clone();
    sorted.sort_by(|a, b| (g[*a].kind, &g[*a].label).cmp(&(g[*b].kind, &g[*b].label)));
    let mut kinds = BTreeSet::new();
    for (number, node) in sorted.iter().enumerate() {
        let id = format!("n{number}");
        ids.insert(*node, id.clone());
        kinds.insert(g[*node].kind);
        let mut stmt = entity_node(&id, g[*node].kind, quoted(&g[*node].label));
        if *node == center {
            if let Stmt::Node(node) = &mut stmt {
                node.attributes.push(attr("penwidth", "3"));
                node.attributes.push(attr("fontsize", "16"));
            }
        }
        stmts.push(stmt);
    }
    // Beyond one hop, each hop is a column: the centre, its neighbours, theirs. Left to
    // the edges' directions, parks, districts and sectors of the second hop spread over
    // five columns and the canvas grew wide and tall.
    if depth > 1 {
        let mut rings: BTreeMap<usize, Vec<&String>> = BTreeMap::new();
        for (node, distance) in found.iter().take(kept.len()) {
            rings.entry(*distance).or_default().push(&ids[node]);
        }
        for (distance, members) in rings {
            let mut column = vec![Stmt::Attribute(attr(
                "rank",
                if distance == 0 { "min" } else { "same" },
            ))];
            let mut members = members;
            members.sort();
            column.extend(
                members
                    .into_iter()
                    .map(|id| Stmt::Node(Node::new(node_id(id), vec![]))),
            );
            stmts.push(Stmt::Subgraph(Subgraph {
                id: Id::Plain(format!("hop{distance}")),
                stmts: column,
            }));
        }
    }
    let distance_of: BTreeMap<NodeIndex, usize> = found.iter().copied().collect();
    // (from, to, predicate, drawn backwards): an edge that points back towards the centre
    // is written the other way round with its arrow reversed, so that the columns above
    // hold (Graphviz ranks by the written direction).
    let mut edges: Vec<(String, String, String, bool)> = Vec::new();
    for edge in g.edge_references() {
        let (source, target) = (edge.source(), edge.target());
        if kept_set.contains(&source) && kept_set.contains(&target) {
            let backwards = depth > 1 && distance_of[&source] > distance_of[&target];
            let (from, to) = if backwards {
                (target, source)
            } else {
                (source, target)
            };
            edges.push((
                ids[&from].clone(),
                ids[&to].clone(),
                edge.weight().predicate.clone(),
                backwards,
            ));
        }
    }
    edges.sort();
    let mut predicates: BTreeSet<String> = BTreeSet::new();
    for (from, to, predicate, backwards) in edges {
        let (color, line) = relation_style(&predicate);
        let mut attributes = vec![
            attr("color", color),
            attr("tooltip", relation_phrase(&predicate)),
        ];
        if line != "solid" {
            attributes.push(attr("style", line));
        }
        if backwards {
            attributes.push(attr("dir", "back"));
        }
        stmts.push(edge(&from, &to, attributes));
        predicates.insert(predicate);
    }
    let relation_rows: String = predicates
        .iter()
        .map(|predicate| {
            let (color, line) = relation_style(predicate);
            let sample = if line == "dashed" { "╍╍╍" } else { "━━━" };
            format!(
                "<TR><TD><FONT COLOR=\"{color}\">{sample}</FONT></TD><TD ALIGN=\"LEFT\">{}</TD></TR>",
                relation_phrase(predicate)
            )
        })
        .collect();
    stmts.push(legend_with(&kinds, &relation_rows));
    let mut notes: Vec<String> = Vec::new();
    for (distance, weak) in &left_out {
        let mut by_kind: BTreeMap<EntityKind, usize> = BTreeMap::new();
        for node in weak {
            *by_kind.entry(g[*node].kind).or_default() += 1;
        }
        let kinds: Vec<String> = by_kind
            .iter()
            .map(|(kind, count)| format!("{count} {}", kind_name(*kind)))
            .collect();
        notes.push(format!(
            "{distance} hops away: {strongest} shown, those linked to the most of hop {};\n{} more left out ({}) (raise --strongest)",
            distance - 1,
            weak.len(),
            kinds.join(", ")
        ));
    }
    if total > kept.len() {
        notes.push(format!(
            "{} more nodes not shown (raise --max-nodes)",
            total - kept.len()
        ));
    }
    if !notes.is_empty() {
        stmts.push(note(&notes.join("\n")));
    }
    Graph::DiGraph {
        id: Id::Plain("focus".to_owned()),
        strict: false,
        stmts,
    }
}

/// A label written top to bottom, one character a line, as Chinese is set vertically:
/// matrix columns stay one character wide. Runs of ASCII letters and digits (5G) stay
/// on one line.
fn vertical(label: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut ascii_run = String::new();
    for character in label.chars() {
        if character.is_ascii_alphanumeric() {
            ascii_run.push(character);
            continue;
        }
        if !ascii_run.is_empty() {
            lines.push(std::mem::take(&mut ascii_run));
        }
        lines.push(character.to_string());
    }
    if !ascii_run.is_empty() {
        lines.push(ascii_run);
    }
    lines
        .iter()
        .map(|line| escape_html(line))
        .collect::<Vec<_>>()
        .join("<BR/>")
}

/// Names in lines of at most `per_line`, joined with 、 as Chinese lists are.
fn wrapped_list(names: &[String], per_line: usize) -> String {
    names
        .chunks(per_line.max(1))
        .map(|chunk| {
            chunk
                .iter()
                .map(|name| escape_html(name))
                .collect::<Vec<_>>()
                .join("、")
        })
        .collect::<Vec<_>>()
        .join("<BR ALIGN=\"LEFT\"/>")
}

/// Districts by row and industries by column, one node holding an HTML-like table: a
/// filled mark where a document states that the district hosts the industry, a hollow
/// one where it only follows from the district's parks (`district-industries-all`,
/// `inferred`). Industries are ordered by how many districts host them, then by how
/// many state it, then by name; districts by how many industries they host, then by
/// name. Industries beyond `max_industries` and districts beyond `max_rows` are left out,
/// the least hosted first, and the table's foot names them.
/// Which districts host which industries, for the matrix view and the web page.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Matrix {
    /// Districts, those hosting the most industries first (ties: the most stated,
    /// then by name).
    pub districts: Vec<RankedName>,
    /// Industries, those hosted by the most districts first (same ties).
    pub industries: Vec<RankedName>,
    /// One per district and industry hosted, in district and industry order.
    pub cells: Vec<MatrixCell>,
}

/// A row or column of the matrix, with how many cells it has.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RankedName {
    pub name: String,
    /// Cells in all.
    pub count: usize,
    /// Cells a document states (the others are only inferred from parks).
    pub stated: usize,
}

/// A district hosting an industry.
#[derive(Clone, Debug, serde::Serialize)]
pub struct MatrixCell {
    pub district: String,
    pub industry: String,
    /// Only inferred from a park in the district: no document states it.
    pub inferred: bool,
}

impl Matrix {
    /// Reads the matrix from the store (`district-industries-all`).
    pub fn load(store: &KnowledgeStore) -> Result<Matrix> {
        let table = run_canned(store, "district-industries-all")?;
        // (district, industry) → stated by some document (else only inferred).
        let mut cells: BTreeMap<(String, String), bool> = BTreeMap::new();
        for row in &table.rows {
            let (Some(district), Some(industry)) =
                (table.text(row, "district"), table.text(row, "industry"))
            else {
                continue;
            };
            let stated = table.text(row, "inferred").as_deref() != Some("true");
            *cells.entry((district, industry)).or_insert(false) |= stated;
        }
        // Per industry: (districts hosting it, districts stating it); per district: the same.
        let mut industry_counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let mut district_counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for ((district, industry), stated) in &cells {
            for counts in [
                industry_counts.entry(industry).or_default(),
                district_counts.entry(district).or_default(),
            ] {
                counts.0 += 1;
                counts.1 += usize::from(*stated);
            }
        }
        let by_count = |counts: &BTreeMap<&str, (usize, usize)>| -> Vec<RankedName> {
            let mut list: Vec<RankedName> = counts
                .iter()
                .map(|(name, (all, stated))| RankedName {
                    name: (*name).to_owned(),
                    count: *all,
                    stated: *stated,
                })
                .collect();
            list.sort_by(|a, b| (b.count, b.stated, &a.name).cmp(&(a.count, a.stated, &b.name)));
            list
        };
        Ok(Matrix {
            industries: by_count(&industry_counts),
            districts: by_count(&district_counts),
            cells: cells
                .into_iter()
                .map(|((district, industry), stated)| MatrixCell {
                    district,
                    industry,
                    inferred: !stated,
                })
                .collect(),
        })
    }
}

fn matrix(store: &KnowledgeStore, max_rows: usize, max_industries: usize) -> Result<Graph> {
    let data = Matrix::load(store)?;
    let cells: BTreeMap<(String, String), bool> = data
        .cells
        .iter()
        .map(|cell| {
            (
                (cell.district.clone(), cell.industry.clone()),
                !cell.inferred,
            )
        })
        .collect();
    let ranked = |list: &[RankedName]| -> Vec<(String, usize, usize)> {
        list.iter()
            .map(|item| (item.name.clone(), item.count, item.stated))
            .collect()
    };
    let industries = ranked(&data.industries);
    let districts = ranked(&data.districts);
    let (shown_industries, left_industries) =
        industries.split_at(industries.len().min(max_industries.max(1)));
    let (shown_districts, left_districts) =
        districts.split_at(districts.len().min(max_rows.max(1)));

    let mut rows = String::new();
    // Header: a corner, one vertical name per industry, then the row total.
    rows.push_str("<TR><TD BORDER=\"0\" ALIGN=\"RIGHT\" VALIGN=\"BOTTOM\"><FONT POINT-SIZE=\"10\" COLOR=\"#6b7280\">产业 industry →<BR ALIGN=\"RIGHT\"/>区 district ↓</FONT></TD>");
    for (industry, _, _) in shown_industries {
        rows.push_str(&format!(
            "<TD BGCOLOR=\"#fef3c7\" VALIGN=\"BOTTOM\">{}</TD>",
            vertical(industry)
        ));
    }
    rows.push_str("<TD BORDER=\"0\" VALIGN=\"BOTTOM\"><FONT POINT-SIZE=\"10\" COLOR=\"#6b7280\">数<BR/>量</FONT></TD></TR>");
    for (district, all, _) in shown_districts {
        rows.push_str(&format!(
            "<TR><TD BGCOLOR=\"#dbeafe\" ALIGN=\"LEFT\">{}</TD>",
            escape_html(district)
        ));
        for (industry, _, _) in shown_industries {
            let cell = match cells.get(&(district.clone(), industry.clone())) {
                Some(true) => "<TD BGCOLOR=\"#bfdbfe\"><FONT COLOR=\"#1d4ed8\">●</FONT></TD>",
                Some(false) => "<TD BGCOLOR=\"#f3f4f6\"><FONT COLOR=\"#6b7280\">○</FONT></TD>",
                None => "<TD> </TD>",
            };
            rows.push_str(cell);
        }
        rows.push_str(&format!(
            "<TD BORDER=\"0\" ALIGN=\"RIGHT\"><FONT POINT-SIZE=\"10\" COLOR=\"#6b7280\">{all}</FONT></TD></TR>"
        ));
    }
    // Footer: how many districts host each industry.
    rows.push_str("<TR><TD BORDER=\"0\" ALIGN=\"RIGHT\"><FONT POINT-SIZE=\"10\" COLOR=\"#6b7280\">数量 districts</FONT></TD>");
    for (_, all, _) in shown_industries {
        rows.push_str(&format!(
            "<TD BORDER=\"0\"><FONT POINT-SIZE=\"10\" COLOR=\"#6b7280\">{all}</FONT></TD>"
        ));
    }
    rows.push_str("<TD BORDER=\"0\"></TD></TR>");
    let mut foot: Vec<String> = vec![
        "<FONT COLOR=\"#1d4ed8\">●</FONT> stated in a document 文件明确&#160;&#160;&#160;&#160;<FONT COLOR=\"#6b7280\">○</FONT> only inferred from the district's parks 经园区推断".to_owned(),
    ];
    if !left_industries.is_empty() {
        let names: Vec<String> = left_industries
            .iter()
            .map(|(name, all, _)| format!("{name} {all}"))
            .collect();
        foot.push(format!(
            "<FONT COLOR=\"#b91c1c\">{} more industries not shown (raise --max-industries), with the districts hosting each:</FONT><BR ALIGN=\"LEFT\"/>{}",
            left_industries.len(),
            wrapped_list(&names, 6)
        ));
    }
    if !left_districts.is_empty() {
        let names: Vec<String> = left_districts
            .iter()
            .map(|(name, all, _)| format!("{name} {all}"))
            .collect();
        foot.push(format!(
            "<FONT COLOR=\"#b91c1c\">{} more districts not shown (raise --max-nodes), with the industries each hosts:</FONT><BR ALIGN=\"LEFT\"/>{}",
            left_districts.len(),
            wrapped_list(&names, 6)
        ));
    }
    if cells.is_empty() {
        foot.push("no district facts in the store yet (run policykg build)".to_owned());
    }
    // A line per row keeps the DOT readable and its diffs small; Graphviz ignores
    // whitespace between the elements of an HTML-like label.
    let matrix_label = format!(
        "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\" COLOR=\"#d1d5db\">\n{}</TABLE>",
        rows.replace("</TR>", "</TR>\n")
    );
    // The legend and notes are a node of their own below the table: as a row of the
    // table, a long note would widen the matrix's columns.
    let notes_label = format!(
        "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\">{}</TABLE>",
        foot.iter()
            .map(|line| format!(
                "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\">{line}</FONT><BR ALIGN=\"LEFT\"/></TD></TR>"
            ))
            .collect::<String>()
    );
    let mut stmts = preamble("Districts × industries 区—产业矩阵", "TB");
    stmts.push(Stmt::GAttribute(GraphAttributes::Graph(vec![attr(
        "ranksep", "0.05",
    )])));
    for (id, label) in [("matrix", matrix_label), ("notes", notes_label)] {
        stmts.push(Stmt::Node(Node::new(
            node_id(id),
            vec![
                attr("shape", "plaintext"),
                attr("margin", "0"),
                Attribute(Id::Plain("label".to_owned()), html(&label)),
            ],
        )));
    }
    stmts.push(edge("matrix", "notes", vec![attr("style", "invis")]));
    Ok(Graph::DiGraph {
        id: Id::Plain("matrix".to_owned()),
        strict: false,
        stmts,
    })
}

/// Any CONSTRUCT query's triples drawn as a graph.
fn construct(
    store: &KnowledgeStore,
    view: &GraphView,
    path: &PathBuf,
    max_nodes: usize,
) -> Result<Graph> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    let origin = format!("'{}'", path.display());
    let results = store.query(&text, &origin)?;
    let oxigraph::sparql::QueryResults::Graph(triples) = results else {
        return Err(Error::Usage(format!(
            "{origin} is not a CONSTRUCT or DESCRIBE query"
        )));
    };
    let mut edges: BTreeSet<(String, String, String)> = BTreeSet::new();
    for triple in triples {
        let triple = triple.map_err(|error| Error::QueryEvaluation {
            origin: origin.clone(),
            message: error.to_string(),
        })?;
        edges.insert((
            triple.subject.to_string(),
            triple.predicate.as_str().to_owned(),
            triple.object.to_string(),
        ));
    }
    let label_of = |term: &str| -> (String, Option<EntityKind>) {
        let iri = term.trim_start_matches('<').trim_end_matches('>');
        if let Some(node) = view.by_iri(iri) {
            return (view.graph[node].label.clone(), Some(view.graph[node].kind));
        }
        if term.starts_with('"') {
            let value = term.trim_start_matches('"');
            let value = value.rsplit_once('"').map_or(value, |(v, _)| v);
            return (value.to_owned(), None);
        }
        (
            crate::gazetteer::decode_segment(iri.rsplit(['/', '#']).next().unwrap_or(iri)),
            None,
        )
    };
    let mut terms: BTreeSet<String> = BTreeSet::new();
    for (s, _, o) in &edges {
        terms.insert(s.clone());
        terms.insert(o.clone());
    }
    let phrase = |p: &str| {
        let predicate = p.rsplit(['/', '#']).next().unwrap_or(p);
        relation_phrase(predicate).replace("related to", predicate)
    };
    // One relation throughout: say it once in the title instead of on every edge.
    let predicates: BTreeSet<&String> = edges.iter().map(|(_, p, _)| p).collect();
    let single =
        (predicates.len() == 1).then(|| phrase(predicates.iter().next().expect("one predicate")));
    let title = match &single {
        Some(relation) => format!("{} — {relation}", path.display()),
        None => path.display().to_string(),
    };
    let mut stmts = preamble(&title, "LR");
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut kinds = BTreeSet::new();
    let mut omitted = 0;
    for term in &terms {
        if ids.len() >= max_nodes {
            omitted += 1;
            continue;
        }
        let id = format!("n{}", ids.len());
        let (label, kind) = label_of(term);
        match kind {
            Some(kind) => {
                kinds.insert(kind);
                stmts.push(entity_node(&id, kind, quoted(&label)));
            }
            None => stmts.push(Stmt::Node(Node::new(
                node_id(&id),
                vec![attr("shape", "plaintext"), attr("label", &label)],
            ))),
        }
        ids.insert(term.clone(), id);
    }
    for (s, p, o) in &edges {
        if let (Some(from), Some(to)) = (ids.get(s), ids.get(o)) {
            let attributes = match single {
                Some(_) => vec![attr("tooltip", &phrase(p))],
                None => vec![attr("label", &phrase(p))],
            };
            stmts.push(edge(from, to, attributes));
        }
    }
    if !kinds.is_empty() {
        stmts.push(legend(&kinds, false));
    }
    if omitted > 0 {
        stmts.push(note(&format!(
            "{omitted} more nodes not shown (raise --max-nodes)"
        )));
    }
    Ok(Graph::DiGraph {
        id: Id::Plain("query".to_owned()),
        strict: false,
        stmts,
    })
}

/// Renders DOT text: as is for `dot`, through Graphviz `dot` otherwise.
pub fn render(dot: &str, format: DiagramFormat) -> Result<Vec<u8>> {
    let flag = match format {
        DiagramFormat::Dot => return Ok(dot.as_bytes().to_vec()),
        DiagramFormat::Svg => "-Tsvg",
        DiagramFormat::Png => "-Tpng",
        DiagramFormat::Pdf => "-Tpdf",
    };
    let mut child = Command::new("dot")
        .arg(flag)
        .args(if format == DiagramFormat::Png {
            vec!["-Gdpi=110"]
        } else {
            vec![]
        })
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| Error::GraphvizMissing(error.to_string()))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = dot.as_bytes().to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|error| Error::GraphvizFailed(error.to_string()))?;
    writer
        .join()
        .map_err(|_| Error::GraphvizFailed("writing to dot failed".to_owned()))?
        .map_err(|error| Error::GraphvizFailed(error.to_string()))?;
    if !output.status.success() {
        return Err(Error::GraphvizFailed(
            String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        ));
    }
    Ok(output.stdout)
}
