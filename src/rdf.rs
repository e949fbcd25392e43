//! Turns an [`Extraction`] into RDF, following `ontology/policykg.ttl`. Pure: no store,
//! no I/O.
//!
//! The data model (see ARCHITECTURE.md): a document's named graph holds only what that
//! document states — its metadata, sentences and sections, which entities it mentions
//! where, each fact as a plain triple and as a reified `pkg:Assertion` with its
//! provenance (`prov:wasDerivedFrom` the sentences), and its figures. What an entity
//! *is* (type, labels, code) is the same in every document and lives once in the
//! shared entity graph ([`ENTITY_GRAPH`]), with the union of the plain facts, so that
//! queries read each description and each distinct fact once however many documents
//! repeat them. This module gives the two parts; `store` keeps the shared graph right.

use crate::gazetteer::{iri_segment, Gazetteer, ONTOLOGY_NS};
use crate::model::{EntityKind, Extraction, Quantity, Relation, RelationKind};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use std::collections::BTreeSet;

pub const DOCUMENT_NS: &str = "https://w3id.org/policykg/doc/";
/// The named graph holding the ontology and gazetteers.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/policykg/graph/ontology";
/// The named graph shared by all documents: each mentioned entity's description, the
/// number of documents that mention it, and the union of the relations they state.
pub const ENTITY_GRAPH: &str = "https://w3id.org/policykg/graph/entities";

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const PROV: &str = "http://www.w3.org/ns/prov#";
const DCTERMS: &str = "http://purl.org/dc/terms/";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// The IRI of a document, which is also the name of its graph.
pub fn document_iri(id: &str) -> String {
    format!("{DOCUMENT_NS}{}", iri_segment(id))
}

fn node(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn pkg(local: &str) -> NamedNode {
    node(&format!("{ONTOLOGY_NS}{local}"))
}

fn zh(text: &str) -> Term {
    Literal::new_language_tagged_literal_unchecked(text, "zh").into()
}

fn plain(text: &str) -> Term {
    Literal::new_simple_literal(text).into()
}

fn typed(value: &str, datatype: &str) -> Term {
    Literal::new_typed_literal(value, node(&format!("{XSD}{datatype}"))).into()
}

struct Writer {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Writer {
    fn add(&mut self, subject: &NamedNode, predicate: NamedNode, object: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(subject.clone()),
            predicate,
            object.into(),
            self.graph.clone(),
        ));
    }
}

/// The quads of one document's graph and, computed once for both, its shared
/// statements (see [`shared_statements`]).
pub fn document_quads_and_shared(extraction: &Extraction) -> (Vec<Quad>, Vec<Triple>) {
    let document = &extraction.document;
    let doc_iri = document_iri(&document.id);
    let doc = node(&doc_iri);
    let mut out = Writer {
        graph: GraphName::NamedNode(doc.clone()),
        quads: Vec::new(),
    };
    let rdf_type = node(&format!("{RDF}type"));
    out.add(&doc, rdf_type.clone(), pkg("Document"));
    out.add(
        &doc,
        node(&format!("{DCTERMS}identifier")),
        plain(&document.id),
    );
    out.add(&doc, pkg("format"), plain(document.format.as_str()));
    out.add(
        &doc,
        node(&format!("{PROV}atLocation")),
        plain(&document.path),
    );
    let metadata = &document.metadata;
    let fields = [
        ("title", &metadata.title),
        ("date", &metadata.date),
        ("source", &metadata.source),
        ("publisher", &metadata.author),
        ("bibliographicCitation", &metadata.number),
    ];
    for (property, value) in fields {
        if let Some(value) = value {
            out.add(&doc, node(&format!("{DCTERMS}{property}")), zh(value));
        }
    }

    // Sentences that something points at: evidence, mentions, figures.
    let mut used: BTreeSet<usize> = BTreeSet::new();
    for entity in &extraction.entities {
        used.extend(&entity.mentions);
    }
    for relation in &extraction.relations {
        used.extend(&relation.evidence);
    }
    used.extend(extraction.quantities.iter().map(|q| q.sentence));
    let sentence_iri = |index: usize| node(&format!("{doc_iri}#s{index}"));
    let section_iri = |index: usize| node(&format!("{doc_iri}#sec{index}"));
    let mut sections_used: BTreeSet<usize> = BTreeSet::new();
    for &index in &used {
        let sentence = &extraction.segmented.sentences[index];
        let iri = sentence_iri(index);
        out.add(&iri, rdf_type.clone(), pkg("Sentence"));
        out.add(&iri, pkg("text"), zh(&sentence.text));
        out.add(&iri, pkg("inDocument"), doc.clone());
        out.add(&iri, pkg("inSection"), section_iri(sentence.section));
        out.add(&iri, pkg("position"), typed(&index.to_string(), "integer"));
        out.add(
            &iri,
            pkg("startOffset"),
            typed(&sentence.start.to_string(), "integer"),
        );
        out.add(
            &iri,
            pkg("endOffset"),
            typed(&sentence.end.to_string(), "integer"),
        );
        let mut section = Some(sentence.section);
        while let Some(index) = section {
            sections_used.insert(index);
            section = extraction.segmented.sections[index].parent;
        }
    }
    for &index in &sections_used {
        let section = &extraction.segmented.sections[index];
        let iri = section_iri(index);
        out.add(&iri, rdf_type.clone(), pkg("Section"));
        out.add(&iri, pkg("inDocument"), doc.clone());
        out.add(&iri, pkg("position"), typed(&index.to_string(), "integer"));
        if !section.title.is_empty() {
            out.add(&iri, node(&format!("{RDFS}label")), zh(&section.title));
        }
        if !section.number.is_empty() {
            out.add(&iri, pkg("number"), plain(&section.number));
        }
        if let Some(parent) = section.parent {
            out.add(&iri, pkg("parentSection"), section_iri(parent));
        }
    }

    // Entities: the document says it mentions them, and where. What an entity *is*
    // (type, labels, code) is shared by every document and written once, in the
    // entity graph (see `entity_descriptions`).
    let entity_iri = |kind: EntityKind, key: &str| node(&Gazetteer::entity_iri(kind, key));
    for entity in &extraction.entities {
        let iri = entity_iri(entity.kind, &entity.key);
        out.add(&iri, pkg("mentionedIn"), doc.clone());
        for &sentence in &entity.mentions {
            out.add(&iri, pkg("mentionedInSentence"), sentence_iri(sentence));
        }
    }
    // Shared statements (relations and broader sectors) stated by this document: kept
    // here, so that removing the document knows what it stated, and also copied once
    // into the entity graph, which queries read.
    let shared = shared_statements(extraction);
    for triple in &shared {
        out.quads.push(triple.clone().in_graph(out.graph.clone()));
    }

    // Relations, plain and reified with provenance.
    for (index, relation) in extraction.relations.iter().enumerate() {
        let subject = &extraction.entities[relation.subject];
        let object = &extraction.entities[relation.object];
        let property = relation_property(relation);
        let subject_iri = entity_iri(subject.kind, &subject.key);
        let object_iri = entity_iri(object.kind, &object.key);
        let fact = node(&format!("{doc_iri}#fact{index}"));
        out.add(&fact, rdf_type.clone(), pkg("Assertion"));
        out.add(&fact, node(&format!("{RDF}subject")), subject_iri);
        out.add(&fact, node(&format!("{RDF}predicate")), property);
        out.add(&fact, node(&format!("{RDF}object")), object_iri);
        out.add(
            &fact,
            pkg("inferred"),
            typed(&relation.inferred.to_string(), "boolean"),
        );
        out.add(&fact, pkg("rule"), plain(relation.rule));
        out.add(&fact, pkg("inDocument"), doc.clone());
        for &sentence in &relation.evidence {
            out.add(
                &fact,
                node(&format!("{PROV}wasDerivedFrom")),
                sentence_iri(sentence),
            );
        }
    }

    // Figures: the figure itself (sector, metric, year, value …) is a shared statement,
    // one node per distinct figure; the document records that it states it, where.
    for (index, quantity) in extraction.quantities.iter().enumerate() {
        let iri = node(&format!("{doc_iri}#q{index}"));
        let subject = &extraction.entities[quantity.subject];
        out.add(&iri, rdf_type.clone(), pkg("FigureStatement"));
        out.add(
            &iri,
            pkg("figure"),
            figure_iri(quantity, &subject.kind, &subject.key),
        );
        out.add(&iri, pkg("inDocument"), doc.clone());
        out.add(
            &iri,
            node(&format!("{PROV}wasDerivedFrom")),
            sentence_iri(quantity.sentence),
        );
    }
    // The graph's own size (this quad included), so the store can count its quads
    // without scanning them.
    let size = out.quads.len() + 1;
    out.add(&doc, pkg("quadCount"), typed(&size.to_string(), "integer"));
    (out.quads, shared)
}

/// The property a relation is written with: inferred hosting has its own.
fn relation_property(relation: &Relation) -> NamedNode {
    if relation.inferred && relation.kind == RelationKind::HostsIndustry {
        pkg("hostsIndustryViaPark")
    } else {
        pkg(relation.kind.property())
    }
}

/// What a document states that the entity graph shares: every relation as a plain
/// triple, every broader sector or technology it gives, and every figure (a node per
/// distinct figure, linked from its sector). In the extraction's order, without repeats.
pub fn shared_statements(extraction: &Extraction) -> Vec<Triple> {
    let entity_iri = |kind: EntityKind, key: &str| node(&Gazetteer::entity_iri(kind, key));
    let mut triples = UniqueTriples::default();
    for relation in &extraction.relations {
        let subject = &extraction.entities[relation.subject];
        let object = &extraction.entities[relation.object];
        triples.insert(Triple::new(
            entity_iri(subject.kind, &subject.key),
            relation_property(relation),
            entity_iri(object.kind, &object.key),
        ));
    }
    for entity in &extraction.entities {
        if let Some(parent) = &entity.parent {
            triples.insert(Triple::new(
                entity_iri(entity.kind, &entity.key),
                node(&format!("{SKOS}broader")),
                entity_iri(entity.kind, parent),
            ));
        }
    }
    for quantity in &extraction.quantities {
        let subject = &extraction.entities[quantity.subject];
        let figure = figure_iri(quantity, &subject.kind, &subject.key);
        let link = if quantity.is_target {
            "hasTarget"
        } else {
            "hasObservation"
        };
        let mut add = |property: &str, object: Term| {
            triples.insert(Triple::new(figure.clone(), pkg(property), object));
        };
        add("metric", zh(&quantity.metric));
        add("value", typed(&quantity.value, "decimal"));
        if let Some(max) = &quantity.value_max {
            add("valueMax", typed(max, "decimal"));
        }
        add("unit", plain(quantity.unit.as_str()));
        add("unitText", zh(&quantity.unit_text));
        if let Some(year) = quantity.year {
            add("year", typed(&year.to_string(), "integer"));
        }
        if let Some(qualifier) = &quantity.qualifier {
            add("qualifier", zh(qualifier));
        }
        add(
            "growthRate",
            typed(&quantity.is_growth_rate.to_string(), "boolean"),
        );
        add("text", zh(&quantity.text));
        triples.insert(Triple::new(
            entity_iri(subject.kind, &subject.key),
            pkg(link),
            figure,
        ));
    }
    triples.list
}

/// Triples in the order first added, each once.
#[derive(Default)]
struct UniqueTriples {
    seen: std::collections::HashSet<Triple>,
    list: Vec<Triple>,
}

impl UniqueTriples {
    fn insert(&mut self, triple: Triple) {
        if self.seen.insert(triple.clone()) {
            self.list.push(triple);
        }
    }
}

/// Where distinct figures live: one IRI per (subject, target or not, metric, year,
/// value, unit, qualifier, wording), the same in every document and every build.
pub const FIGURE_NS: &str = "https://w3id.org/policykg/id/figure/";

/// The IRI of a figure: a stable 64-bit FNV-1a hash of everything that tells two
/// figures apart.
fn figure_iri(quantity: &Quantity, kind: &EntityKind, key: &str) -> NamedNode {
    let fields = [
        kind.slug(),
        key,
        if quantity.is_target {
            "target"
        } else {
            "observation"
        },
        &quantity.metric,
        &quantity.year.map(|y| y.to_string()).unwrap_or_default(),
        &quantity.value,
        quantity.value_max.as_deref().unwrap_or_default(),
        quantity.unit.as_str(),
        &quantity.unit_text,
        quantity.qualifier.as_deref().unwrap_or_default(),
        &quantity.text,
        if quantity.is_growth_rate {
            "growth"
        } else {
            "level"
        },
    ];
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for field in fields {
        for byte in field.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    node(&format!("{FIGURE_NS}{hash:016x}"))
}

/// Whether a quad of a document's graph is a shared statement, which the entity graph
/// also holds: a relation, a broader entity, a figure's link or a figure's property.
pub fn is_shared_statement(subject: &NamedOrBlankNode, predicate: &NamedNode) -> bool {
    let Some(local) = predicate.as_str().strip_prefix(ONTOLOGY_NS) else {
        return predicate.as_str() == format!("{SKOS}broader");
    };
    if RelationKind::ALL
        .iter()
        .any(|kind| kind.property() == local)
        || matches!(
            local,
            "hostsIndustryViaPark" | "hasTarget" | "hasObservation"
        )
    {
        return true;
    }
    matches!(subject, NamedOrBlankNode::NamedNode(node) if node.as_str().starts_with(FIGURE_NS))
}

/// An entity's description, the same whichever document mentions it: its type,
/// preferred labels and (for districts) code. Written once into the entity graph.
pub struct EntityDescription {
    pub iri: NamedNode,
    pub triples: Vec<Triple>,
}

/// The descriptions of the entities a document mentions, one per entity.
pub fn entity_descriptions(extraction: &Extraction) -> Vec<EntityDescription> {
    let rdf_type = node(&format!("{RDF}type"));
    let pref_label = node(&format!("{SKOS}prefLabel"));
    let mut seen = BTreeSet::new();
    let mut descriptions = Vec::new();
    for entity in &extraction.entities {
        let iri = node(&Gazetteer::entity_iri(entity.kind, &entity.key));
        if !seen.insert(iri.clone()) {
            continue;
        }
        let mut triples = vec![
            Triple::new(iri.clone(), rdf_type.clone(), pkg(entity.kind.class())),
            Triple::new(iri.clone(), pref_label.clone(), zh(&entity.label)),
        ];
        if let Some(english) = &entity.english {
            triples.push(Triple::new(
                iri.clone(),
                pref_label.clone(),
                Literal::new_language_tagged_literal_unchecked(english, "en"),
            ));
        }
        if entity.kind == EntityKind::District {
            triples.push(Triple::new(
                iri.clone(),
                node(&format!("{SKOS}notation")),
                plain(&entity.key),
            ));
        }
        descriptions.push(EntityDescription { iri, triples });
    }
    descriptions
}
