//! Extraction: a document in, entities, relations, quantities and diagnostics out.
//!
//! Pure and total: it never fails and never does I/O; odd input yields fewer facts and
//! perhaps a diagnostic. Every rule is general — gazetteers and cue phrases come from
//! `ontology/` through [`Gazetteer`], the document's own structure (sections, run-in
//! headings, enumerations, flattened tables) does the rest. No rule names a fact of any
//! particular document.
//!
//! The passes, in order: segment the text; work out each section's sector and topic
//! place; per sentence, find mentions (gazetteer, then park patterns: suffixes, quoted
//! names, district-prefixed names), pair places with industries, sectors with
//! technologies, and read figures as targets or observations; pair district and area
//! cells of flattened tables; finally infer what districts host through their parks.
//!
//! One module per concern, each with its own `impl Extractor` block; a reader finds the rule
//! for parks without reading the rule for targets:
//! `context` (title, home city, sections), `mentions` (lexicon look-up and the
//! per-sentence passes), `parks`, `industries` (naming and pairing), `technologies`,
//! `figures` (targets and observations), `tables` (flattened tables) and `text`
//! (helpers on characters and strings).

mod compounds;
mod context;
mod figures;
mod indicators;
mod industries;
mod mentions;
mod park_names;
mod parks;
mod tables;
mod technologies;
#[cfg(test)]
mod tests;
mod text;

pub use figures::period_year;
pub(crate) use text::jieba;

use crate::gazetteer::Gazetteer;
use crate::model::{
    Diagnostic, Document, Entity, EntityKind, Extraction, Quantity, Relation, RelationKind,
    Segmented,
};
use crate::segment::segment;
use context::detect_home_city;
use std::collections::{HashMap, HashSet};
use text::first_two;

/// Longest park or area name accepted, in characters.
const MAX_PARK_CHARS: usize = 16;
/// Longest name accepted after a district prefix (闵行紫竹 → 紫竹).
const MAX_PREFIXED_NAME_CHARS: usize = 6;
/// Longest section title taken as a (sub-)sector name.
const MAX_SECTOR_TITLE_CHARS: usize = 15;

/// Extracts everything from one document.
pub fn extract(document: Document, gazetteer: &Gazetteer) -> Extraction {
    match extract_within(document, gazetteer, None) {
        Ok(extraction) => extraction,
        Err(OutOfTime) => unreachable!("extraction without a deadline never runs out of time"),
    }
}

/// Extraction gave up at its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfTime;

/// Extracts everything from one document, or gives up once `deadline` has passed.
///
/// Rust cannot stop a thread from outside, so the deadline is checked from within:
/// before each sentence and each pass over the whole document. Every sentence is at
/// most [`crate::segment::MAX_SENTENCE_CHARS`] long and the work on it is bounded, and
/// nothing else is done per sentence, so extraction stops soon after the deadline
/// whatever the input; segmentation, which runs before, is linear in the text.
pub fn extract_within(
    document: Document,
    gazetteer: &Gazetteer,
    deadline: Option<std::time::Instant>,
) -> Result<Extraction, OutOfTime> {
    let segmented = segment(&document);
    let mut extractor = Extractor::new(&document, &segmented, gazetteer);
    extractor.run(deadline)?;
    let Extractor {
        entities,
        relations,
        quantities,
        diagnostics,
        ..
    } = extractor;
    let mut extraction = Extraction {
        document,
        segmented,
        entities: entities.entities,
        relations: relations.relations,
        quantities,
        diagnostics,
    };
    drop_unstated_entities(&mut extraction);
    Ok(extraction)
}

/// Drops the entities the document turned out not to state: found, then every mention
/// dropped by a later filter (a name inside a company's name, a word used in another
/// sense), in no relation and subject of no figure. The broader entities of the rest
/// stay, so the hierarchy is whole.
fn drop_unstated_entities(extraction: &mut Extraction) {
    let entities = &extraction.entities;
    let mut keep: Vec<bool> = entities.iter().map(|e| !e.mentions.is_empty()).collect();
    for relation in &extraction.relations {
        keep[relation.subject] = true;
        keep[relation.object] = true;
    }
    for quantity in &extraction.quantities {
        keep[quantity.subject] = true;
    }
    let index: HashMap<(EntityKind, &str), usize> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.kind, e.key.as_str()), i))
        .collect();
    for start in 0..entities.len() {
        if !keep[start] {
            continue;
        }
        let mut current = start;
        // Bounded by the number of entities: a malformed hierarchy cannot loop.
        for _ in 0..entities.len() {
            let Some(parent) = entities[current]
                .parent
                .as_deref()
                .and_then(|key| index.get(&(entities[current].kind, key)))
            else {
                break;
            };
            keep[*parent] = true;
            current = *parent;
        }
    }
    if keep.iter().all(|&k| k) {
        return;
    }
    let mut new_index = vec![usize::MAX; keep.len()];
    let mut next = 0;
    for (old, &kept) in keep.iter().enumerate() {
        if kept {
            new_index[old] = next;
            next += 1;
        }
    }
    let mut old = 0;
    extraction.entities.retain(|_| {
        old += 1;
        keep[old - 1]
    });
    for relation in &mut extraction.relations {
        relation.subject = new_index[relation.subject];
        relation.object = new_index[relation.object];
    }
    for quantity in &mut extraction.quantities {
        quantity.subject = new_index[quantity.subject];
    }
}

/// The first sentence of each sentence's block: a block's sentences are consecutive.
fn block_first_sentences(sentences: &[crate::model::Sentence]) -> Vec<usize> {
    let mut first = Vec::with_capacity(sentences.len());
    for (index, sentence) in sentences.iter().enumerate() {
        let same_block = index > 0 && sentences[index - 1].block == sentence.block;
        first.push(if same_block { first[index - 1] } else { index });
    }
    first
}

/// A lexicon entry: which gazetteer concepts carry a label, or a blocker that stops a
/// shorter label from matching inside a longer non-entity string (黄浦江 is not 黄浦).
#[derive(Clone, Debug)]
enum Lex {
    Concepts(Vec<usize>),
    Dynamic(EntityKind, String),
    Block,
}

/// An entity mention in a sentence, with character offsets.
#[derive(Clone, Debug)]
struct Mention {
    start: usize,
    end: usize,
    entity: usize,
    kind: EntityKind,
    /// For a district given by a prefix inside a park name, or a district-prefixed park.
    prefix_district: Option<usize>,
    /// Sectors named inside a park name (金山新型显示产业基地 → 新型显示).
    inner_sectors: Vec<usize>,
}

#[derive(Default)]
struct EntityTable {
    entities: Vec<Entity>,
    index: HashMap<(EntityKind, String), usize>,
}

impl EntityTable {
    fn add(
        &mut self,
        kind: EntityKind,
        key: &str,
        label: &str,
        english: Option<&str>,
        parent: Option<&str>,
    ) -> usize {
        if let Some(&index) = self.index.get(&(kind, key.to_owned())) {
            if self.entities[index].parent.is_none() {
                self.entities[index].parent = parent.map(str::to_owned);
            }
            return index;
        }
        let index = self.entities.len();
        self.entities.push(Entity {
            kind,
            key: key.to_owned(),
            label: label.to_owned(),
            english: english.map(str::to_owned),
            parent: parent.map(str::to_owned),
            mentions: Vec::new(),
        });
        self.index.insert((kind, key.to_owned()), index);
        index
    }

    fn mention(&mut self, entity: usize, sentence: usize) {
        let mentions = &mut self.entities[entity].mentions;
        if mentions.last() != Some(&sentence) {
            mentions.push(sentence);
        }
    }
}

#[derive(Default)]
struct RelationTable {
    relations: Vec<Relation>,
    index: HashMap<(RelationKind, usize, usize, bool), usize>,
    /// The first relation of each kind, subject and inferred flag, so "does this park lie
    /// anywhere yet" is one lookup, not a scan of every relation per sentence.
    first_by_subject: HashMap<(RelationKind, usize, bool), usize>,
    /// (relation, sentence) pairs already in some relation's evidence: a relation that
    /// a repeated paragraph states thousands of times would otherwise search its whole
    /// evidence list each time (quadratic in the repetitions).
    evidence_seen: HashSet<(usize, usize)>,
}

impl RelationTable {
    fn add(
        &mut self,
        kind: RelationKind,
        subject: usize,
        object: usize,
        inferred: bool,
        rule: &'static str,
        evidence: &[usize],
    ) {
        if subject == object {
            return;
        }
        let key = (kind, subject, object, inferred);
        let index = *self.index.entry(key).or_insert_with(|| {
            self.relations.push(Relation {
                kind,
                subject,
                object,
                inferred,
                rule,
                evidence: Vec::new(),
            });
            self.relations.len() - 1
        });
        self.first_by_subject
            .entry((kind, subject, inferred))
            .or_insert(index);
        for &sentence in evidence {
            if self.evidence_seen.insert((index, sentence)) {
                self.relations[index].evidence.push(sentence);
            }
        }
    }

    fn has(&self, kind: RelationKind, subject: usize, object: usize) -> bool {
        self.index.contains_key(&(kind, subject, object, false))
    }

    /// The first relation of this kind with this subject, stated or inferred as asked.
    fn first_with_subject(
        &self,
        kind: RelationKind,
        subject: usize,
        inferred: bool,
    ) -> Option<&Relation> {
        self.first_by_subject
            .get(&(kind, subject, inferred))
            .map(|&index| &self.relations[index])
    }
}

/// What a section contributes to the sentences under it.
#[derive(Clone, Debug, Default)]
struct SectionContext {
    /// The nearest sector heading at or above this section.
    sector: Option<usize>,
    /// The outermost sector heading above this section.
    top_sector: Option<usize>,
    /// A place the heading is about (（一）打造张江科技创新极 → 张江).
    topic: Option<usize>,
    /// Whether the section reports the past (发展基础, 发展现状).
    past: bool,
    /// Whether the heading itself names the sector (the sector's own section).
    own_sector: bool,
}

struct Extractor<'a> {
    document: &'a Document,
    segmented: &'a Segmented,
    gazetteer: &'a Gazetteer,
    home_city: Option<String>,
    lexicon: HashMap<String, Lex>,
    /// The first two characters of every lexicon label: most positions of a text start
    /// no label, and one set lookup tells so before any label-length lookups.
    label_starts: std::collections::HashSet<(char, char)>,
    max_label_chars: usize,
    entities: EntityTable,
    relations: RelationTable,
    quantities: Vec<Quantity>,
    diagnostics: Vec<Diagnostic>,
    sections: Vec<SectionContext>,
    /// The year the document's plan period ends (十四五 → 2025), from its title.
    period_year: Option<i32>,
    /// The sector the document as a whole is about, from its title.
    document_sector: Option<usize>,
    /// Mentions per sentence, kept for the table pass.
    sentence_mentions: Vec<Vec<Mention>>,
    /// For each sentence, the first sentence of its block (paragraph): worked out once,
    /// so rules that look back to a paragraph's start cost the same however long it is.
    block_first_sentence: Vec<usize>,
    /// For each sentence, the years its paragraph up to it gives figures (see
    /// [`figures::BlockYears`]), worked out in one pass over each paragraph.
    block_years: Vec<figures::BlockYears>,
    /// The year the document was issued, once asked.
    document_year: std::cell::OnceCell<Option<i32>>,
    /// Generic park words and place names, longest first (see `is_proper_name`).
    generic_and_place_words: std::cell::OnceCell<Vec<&'a String>>,
    /// Cities and provinces the document names (short forms: 上海, 湖北).
    places_named: Vec<String>,
}

impl<'a> Extractor<'a> {
    fn new(document: &'a Document, segmented: &'a Segmented, gazetteer: &'a Gazetteer) -> Self {
        let home_city = detect_home_city(document, segmented, gazetteer);
        let mut lexicon: HashMap<String, Lex> = HashMap::new();
        for (label, concepts) in gazetteer.labels() {
            lexicon.insert(label.to_owned(), Lex::Concepts(concepts.to_vec()));
        }
        if let Some(city) = &home_city {
            for (short, concept) in gazetteer.short_forms(city) {
                if let Lex::Concepts(concepts) = lexicon
                    .entry(short.clone())
                    .or_insert_with(|| Lex::Concepts(Vec::new()))
                {
                    if !concepts.contains(concept) {
                        concepts.push(*concept);
                    }
                }
            }
        }
        for blocker in gazetteer
            .cues
            .not_districts
            .iter()
            .chain(&gazetteer.cues.not_names)
        {
            lexicon.insert(blocker.clone(), Lex::Block);
        }
        let max_label_chars = lexicon
            .keys()
            .map(|label| label.chars().count())
            .max()
            .unwrap_or(1);
        let label_starts = lexicon
            .keys()
            .filter_map(|label| first_two(label))
            .collect();
        Extractor {
            document,
            segmented,
            gazetteer,
            home_city,
            lexicon,
            label_starts,
            max_label_chars,
            entities: EntityTable::default(),
            relations: RelationTable::default(),
            quantities: Vec::new(),
            diagnostics: Vec::new(),
            sections: Vec::new(),
            period_year: None,
            document_sector: None,
            sentence_mentions: Vec::new(),
            block_first_sentence: block_first_sentences(&segmented.sentences),
            block_years: figures::block_years(&segmented.sentences),
            document_year: std::cell::OnceCell::new(),
            generic_and_place_words: std::cell::OnceCell::new(),
            places_named: gazetteer
                .place_names
                .iter()
                .zip(gazetteer.place_name_counts(&segmented.text))
                .filter(|(_, count)| *count > 0)
                .map(|((name, _), _)| name.clone())
                .collect(),
        }
    }

    fn run(&mut self, deadline: Option<std::time::Instant>) -> Result<(), OutOfTime> {
        let check = || match deadline {
            Some(deadline) if std::time::Instant::now() >= deadline => Err(OutOfTime),
            _ => Ok(()),
        };
        let title = self.document_title();
        self.period_year = period_year(&title);
        self.document_sector = self
            .find_mentions(&title)
            .into_iter()
            .find(|m| m.kind == EntityKind::Sector)
            .map(|m| m.entity);
        self.analyse_sections();
        for index in 0..self.segmented.sentences.len() {
            check()?;
            let mentions = self.sentence(index);
            self.sentence_mentions.push(mentions);
        }
        check()?;
        self.flattened_tables();
        self.indicator_tables();
        check()?;
        self.document_district(&title);
        self.infer_district_industries();
        if self.entities.entities.is_empty() {
            self.diagnostics.push(Diagnostic {
                sentence: None,
                message: "no entities found; is this an industrial-policy document?".to_owned(),
            });
        }
        Ok(())
    }
}
