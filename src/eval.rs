//! Evaluation: scores what the store holds for one document against a hand-made gold
//! file, per relation, with the misses and false positives listed.
//!
//! Names are compared the way a reader would: full-width forms folded to ASCII, aliases
//! resolved through the gazetteers (张江 = 张江科学城), 产业 and 技术 suffixes dropped, and a
//! district prefix on a park name ignored (闵行紫竹 = 紫竹). Values are compared as
//! numbers. Read-only: it never changes the store.

use crate::error::{Error, Result};
use crate::gazetteer::{Gazetteer, ONTOLOGY_NS};
use crate::model::{EntityKind, Extraction, RelationKind};
use crate::query::Table;
use crate::store::KnowledgeStore;
use oxigraph::model::{NamedNode, Term};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The relations a gold file can annotate, in report order.
pub const RELATIONS: [&str; 6] = [
    "district-industry",
    "park-district",
    "park-industry",
    "sector-target",
    "sector-observation",
    "sector-technology",
];

/// A fact as compared: relation name and normalised fields.
pub type Fact = (String, Vec<String>);

/// A parsed gold file.
#[derive(Clone, Debug, Default)]
pub struct GoldFile {
    /// The document id from a `# document: ID` line.
    pub document: Option<String>,
    /// Relations annotated only for some subjects (`# partial: sector-technology`):
    /// predictions for other subjects are not counted.
    pub partial: BTreeSet<String>,
    /// `# annotated: all`: every relation is annotated, so a relation without gold facts
    /// means the document states none, and whatever is extracted for it is wrong.
    pub all_annotated: bool,
    /// Facts as written (relation, fields).
    pub facts: Vec<(String, Vec<String>)>,
}

impl GoldFile {
    pub fn read(path: &Path) -> Result<GoldFile> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        GoldFile::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<GoldFile> {
        let mut gold = GoldFile::default();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if let Some(comment) = line.strip_prefix('#') {
                let comment = comment.trim();
                if let Some(id) = comment.strip_prefix("document:") {
                    gold.document = Some(id.trim().to_owned());
                } else if comment
                    .strip_prefix("annotated:")
                    .is_some_and(|what| what.split_whitespace().next() == Some("all"))
                {
                    gold.all_annotated = true;
                } else if let Some(relations) = comment.strip_prefix("partial:") {
                    gold.partial.extend(
                        relations
                            .split([',', ' '])
                            .filter(|r| !r.is_empty())
                            .map(str::to_owned),
                    );
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let relation = fields[0];
            let expected = match relation {
                "sector-target" | "sector-observation" => 5,
                _ if RELATIONS.contains(&relation) => 3,
                _ => {
                    return Err(Error::Gold {
                        path: path.to_path_buf(),
                        line: number + 1,
                        message: format!(
                            "unknown relation '{relation}' (expected one of {})",
                            RELATIONS.join(", ")
                        ),
                    })
                }
            };
            if fields.len() != expected {
                return Err(Error::Gold {
                    path: path.to_path_buf(),
                    line: number + 1,
                    message: format!(
                        "'{relation}' takes {} tab-separated fields, found {}",
                        expected - 1,
                        fields.len() - 1
                    ),
                });
            }
            gold.facts.push((
                relation.to_owned(),
                fields[1..].iter().map(|f| (*f).to_owned()).collect(),
            ));
        }
        Ok(gold)
    }
}

/// Folds full-width ASCII forms (％, （, －, Ｆ) to ASCII and trims.
fn fold_width(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// The name an entity is compared by.
pub fn normalize_name(kind: EntityKind, name: &str, gazetteer: &Gazetteer) -> String {
    let name = fold_width(name).trim_matches(['“', '”', '"']).to_owned();
    // A product sector can stand where a technology is expected (智能网联汽车).
    let resolve = |candidate: &str| -> Option<String> {
        let concepts: Vec<&crate::gazetteer::Concept> = gazetteer
            .lookup(candidate)
            .iter()
            .map(|&i| &gazetteer.concepts[i])
            .collect();
        concepts
            .iter()
            .find(|c| c.kind == kind)
            .or_else(|| {
                concepts
                    .iter()
                    .find(|c| kind == EntityKind::Technology && c.kind == EntityKind::Sector)
            })
            .map(|c| c.label.clone())
    };
    let resolved = resolve(&name);
    let known = resolved.is_some();
    let mut name = resolved.unwrap_or(name);
    match kind {
        EntityKind::Sector if !known => {
            for suffix in ["产业集群", "产业", "行业"] {
                if let Some(stripped) = name.strip_suffix(suffix) {
                    if stripped.chars().count() >= 2 {
                        name = resolve(stripped).unwrap_or_else(|| stripped.to_owned());
                        break;
                    }
                }
            }
        }
        EntityKind::Technology if !known => {
            if let Some(stripped) = name.strip_suffix("技术") {
                if stripped.chars().count() >= 2 {
                    name = resolve(stripped).unwrap_or_else(|| stripped.to_owned());
                }
            }
        }
        EntityKind::Park => {
            // 闵行紫竹 and 紫竹 are the same area; so are 金山新型显示产业基地 and its bare name.
            let chars: Vec<char> = name.chars().collect();
            let blocked = gazetteer
                .cues
                .not_districts
                .iter()
                .any(|word| name.starts_with(word.as_str()));
            for length in (2..chars.len().saturating_sub(1))
                .rev()
                .filter(|_| !blocked)
            {
                let prefix: String = chars[..length].iter().collect();
                if gazetteer
                    .lookup(&prefix)
                    .iter()
                    .any(|&i| gazetteer.concepts[i].kind == EntityKind::District)
                {
                    let rest: String = chars[length..].iter().collect();
                    name = resolve(&rest).unwrap_or(rest);
                    break;
                }
            }
        }
        _ => {}
    }
    name
}

/// 350000000000.0 → 350000000000; 18.90 → 18.9.
fn normalize_number(value: &str) -> String {
    let value = fold_width(value);
    let value = if value.contains('.') {
        value.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        value
    };
    let trimmed = value.trim_start_matches('0');
    if trimmed.is_empty() || trimmed.starts_with('.') {
        format!("0{trimmed}")
    } else {
        trimmed.to_owned()
    }
}

/// The kinds of a relation's two named fields.
fn kinds(relation: &str) -> (EntityKind, Option<EntityKind>) {
    match relation {
        "district-industry" => (EntityKind::District, Some(EntityKind::Sector)),
        "park-district" => (EntityKind::Park, Some(EntityKind::District)),
        "park-industry" => (EntityKind::Park, Some(EntityKind::Sector)),
        "sector-technology" => (EntityKind::Sector, Some(EntityKind::Technology)),
        _ => (EntityKind::Sector, None),
    }
}

/// Normalises one fact's fields for comparison.
pub fn normalize_fact(relation: &str, fields: &[String], gazetteer: &Gazetteer) -> Fact {
    let (subject_kind, object_kind) = kinds(relation);
    let mut normalized = vec![normalize_name(subject_kind, &fields[0], gazetteer)];
    match object_kind {
        Some(kind) => normalized.push(normalize_name(kind, &fields[1], gazetteer)),
        None => {
            normalized.push(fold_width(&fields[1]));
            normalized.push(normalize_number(&fields[2]));
            normalized.push(fold_width(&fields[3]));
        }
    }
    (relation.to_owned(), normalized)
}

/// What the extractor produced for one document, as raw (relation, fields) facts.
pub fn predictions_from_extraction(extraction: &Extraction) -> Vec<(String, Vec<String>)> {
    let mut facts = Vec::new();
    for relation in extraction.relations.iter().filter(|r| !r.inferred) {
        facts.push((
            relation.kind.gold_name().to_owned(),
            vec![
                extraction.entities[relation.subject].label.clone(),
                extraction.entities[relation.object].label.clone(),
            ],
        ));
    }
    for quantity in &extraction.quantities {
        let relation = if quantity.is_target {
            "sector-target"
        } else {
            "sector-observation"
        };
        facts.push((
            relation.to_owned(),
            vec![
                extraction.entities[quantity.subject].label.clone(),
                quantity.year.map(|y| y.to_string()).unwrap_or_default(),
                quantity.value.clone(),
                quantity.unit.as_str().to_owned(),
            ],
        ));
    }
    facts
}

/// What the store holds for one document, as raw (relation, fields) facts.
pub fn predictions_from_store(
    store: &KnowledgeStore,
    document: &str,
) -> Result<Vec<(String, Vec<String>)>> {
    let doc = Term::NamedNode(NamedNode::new_unchecked(crate::rdf::document_iri(document)));
    let mut facts = Vec::new();
    let relations = run(store, "document-relations", &doc)?;
    for row in &relations.rows {
        let inferred = relations.text(row, "inferred").unwrap_or_default();
        if inferred == "true" {
            continue;
        }
        let predicate = relations.text(row, "predicate").unwrap_or_default();
        let local = predicate.strip_prefix(ONTOLOGY_NS).unwrap_or(&predicate);
        let Some(kind) = RelationKind::ALL
            .into_iter()
            .find(|k| k.property() == local)
        else {
            continue;
        };
        facts.push((
            kind.gold_name().to_owned(),
            vec![
                relations.text(row, "subject").unwrap_or_default(),
                relations.text(row, "object").unwrap_or_default(),
            ],
        ));
    }
    let quantities = run(store, "document-quantities", &doc)?;
    for row in &quantities.rows {
        let relation = if quantities.text(row, "target").as_deref() == Some("true") {
            "sector-target"
        } else {
            "sector-observation"
        };
        facts.push((
            relation.to_owned(),
            ["sector", "year", "value", "unit"]
                .iter()
                .map(|column| quantities.text(row, column).unwrap_or_default())
                .collect(),
        ));
    }
    if facts.is_empty() && !store.document_ids()?.iter().any(|id| id == document) {
        return Err(Error::Usage(format!(
            "no document '{document}' in the store (see `policykg query documents`)"
        )));
    }
    Ok(facts)
}

fn run(store: &KnowledgeStore, name: &str, doc: &Term) -> Result<Table> {
    crate::query::run_canned_with(store, name, vec![("doc", doc.clone())])
}

/// Scores for one relation.
#[derive(Clone, Debug, Default)]
pub struct Score {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    pub misses: Vec<Vec<String>>,
    pub false_positives: Vec<Vec<String>>,
}

impl Score {
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            if self.gold == 0 {
                1.0
            } else {
                0.0
            }
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.correct as f64 / self.gold as f64
        }
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Scores for every relation the gold file annotates.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub document: String,
    pub scores: BTreeMap<String, Score>,
}

impl Report {
    pub fn f1(&self, relation: &str) -> Option<f64> {
        self.scores.get(relation).map(Score::f1)
    }

    pub fn render(&self, verbose: bool) -> String {
        let mut text = format!("document: {}\n", self.document);
        text.push_str(&format!(
            "{:<20}{:>6}{:>6}{:>6}{:>11}{:>8}{:>8}\n",
            "relation", "gold", "found", "right", "precision", "recall", "F1"
        ));
        for relation in RELATIONS {
            let Some(score) = self.scores.get(relation) else {
                continue;
            };
            if score.gold == 0 && score.predicted == 0 {
                continue;
            }
            text.push_str(&format!(
                "{:<20}{:>6}{:>6}{:>6}{:>11.3}{:>8.3}{:>8.3}\n",
                relation,
                score.gold,
                score.predicted,
                score.correct,
                score.precision(),
                score.recall(),
                score.f1()
            ));
        }
        for relation in RELATIONS {
            let Some(score) = self.scores.get(relation) else {
                continue;
            };
            let limit = if verbose { usize::MAX } else { 10 };
            for (title, list) in [
                ("missed", &score.misses),
                ("false positives", &score.false_positives),
            ] {
                if list.is_empty() {
                    continue;
                }
                text.push_str(&format!("\n{relation} — {title} ({}):\n", list.len()));
                for fact in list.iter().take(limit) {
                    text.push_str(&format!("  {}\n", fact.join("  ")));
                }
                if list.len() > limit {
                    text.push_str(&format!(
                        "  … {} more (use --verbose)\n",
                        list.len() - limit
                    ));
                }
            }
        }
        text
    }
}

/// Compares predictions with gold.
pub fn score(
    gold: &GoldFile,
    predictions: &[(String, Vec<String>)],
    document: &str,
    gazetteer: &Gazetteer,
) -> Report {
    let gold_facts: BTreeSet<Fact> = gold
        .facts
        .iter()
        .map(|(r, f)| normalize_fact(r, f, gazetteer))
        .collect();
    let mut predicted: BTreeSet<Fact> = predictions
        .iter()
        .map(|(r, f)| normalize_fact(r, f, gazetteer))
        .collect();
    // Only relations the gold annotates are scored: those it has facts for, or all of
    // them when it says so.
    let annotated: BTreeSet<&str> = if gold.all_annotated {
        RELATIONS.into_iter().collect()
    } else {
        gold_facts.iter().map(|(r, _)| r.as_str()).collect()
    };
    predicted.retain(|(relation, _)| annotated.contains(relation.as_str()));
    for relation in &gold.partial {
        let subjects: BTreeSet<&String> = gold_facts
            .iter()
            .filter(|(r, _)| r == relation)
            .map(|(_, f)| &f[0])
            .collect();
        predicted.retain(|(r, fields)| r != relation || subjects.contains(&fields[0]));
    }
    let mut report = Report {
        document: document.to_owned(),
        scores: BTreeMap::new(),
    };
    for relation in annotated {
        let gold_set: BTreeSet<&Vec<String>> = gold_facts
            .iter()
            .filter(|(r, _)| r == relation)
            .map(|(_, f)| f)
            .collect();
        let predicted_set: BTreeSet<&Vec<String>> = predicted
            .iter()
            .filter(|(r, _)| r == relation)
            .map(|(_, f)| f)
            .collect();
        let score = Score {
            gold: gold_set.len(),
            predicted: predicted_set.len(),
            correct: gold_set.intersection(&predicted_set).count(),
            misses: gold_set
                .difference(&predicted_set)
                .map(|f| (*f).clone())
                .collect(),
            false_positives: predicted_set
                .difference(&gold_set)
                .map(|f| (*f).clone())
                .collect(),
        };
        report.scores.insert(relation.to_owned(), score);
    }
    report
}

/// Scores the store's facts for a document against a gold file.
pub fn evaluate(store: &KnowledgeStore, gold: &GoldFile, document: &str) -> Result<Report> {
    let predictions = predictions_from_store(store, document)?;
    Ok(score(gold, &predictions, document, Gazetteer::embedded()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_through_aliases_and_forms() {
        let gazetteer = Gazetteer::embedded();
        assert_eq!(
            normalize_name(EntityKind::District, "闵行", gazetteer),
            "闵行区"
        );
        assert_eq!(
            normalize_name(EntityKind::Sector, "生物医药产业", gazetteer),
            "生物医药"
        );
        assert_eq!(
            normalize_name(EntityKind::Park, "闵行紫竹", gazetteer),
            normalize_name(EntityKind::Park, "紫竹", gazetteer)
        );
        assert_eq!(normalize_number("350000000000"), "350000000000");
        assert_eq!(normalize_number("18.90"), "18.9");
    }

    #[test]
    fn scores_count_hits_misses_and_false_positives() {
        let gold = GoldFile::parse("# document: d\ndistrict-industry\t浦东新区\t集成电路\ndistrict-industry\t徐汇区\t人工智能\n", Path::new("g.tsv")).unwrap();
        let predictions = vec![
            (
                "district-industry".to_owned(),
                vec!["浦东".to_owned(), "集成电路产业".to_owned()],
            ),
            (
                "district-industry".to_owned(),
                vec!["杨浦区".to_owned(), "人工智能".to_owned()],
            ),
        ];
        let report = score(&gold, &predictions, "d", Gazetteer::embedded());
        let score = &report.scores["district-industry"];
        assert_eq!((score.gold, score.predicted, score.correct), (2, 2, 1));
        assert!((score.f1() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn a_fully_annotated_gold_scores_relations_it_has_no_facts_for() {
        let text = "# document: d\ndistrict-industry\t浦东新区\t集成电路\n";
        let predictions = vec![(
            "park-district".to_owned(),
            vec!["张江".to_owned(), "浦东新区".to_owned()],
        )];
        let partial = GoldFile::parse(text, Path::new("g.tsv")).unwrap();
        let report = score(&partial, &predictions, "d", Gazetteer::embedded());
        assert!(!report.scores.contains_key("park-district"));
        let full =
            GoldFile::parse(&format!("# annotated: all\n{text}"), Path::new("g.tsv")).unwrap();
        let report = score(&full, &predictions, "d", Gazetteer::embedded());
        let park = &report.scores["park-district"];
        assert_eq!((park.gold, park.predicted, park.correct), (0, 1, 0));
        assert_eq!(park.precision(), 0.0);
    }

    #[test]
    fn malformed_gold_lines_are_reported_with_line_numbers() {
        let error =
            GoldFile::parse("district-industry\t浦东新区\n", Path::new("g.tsv")).unwrap_err();
        assert!(error.to_string().contains("line 1"), "{error}");
    }
}
