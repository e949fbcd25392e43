//! The audit: every park, industry and technology name extracted from a set of documents,
//! with how often it was seen, one sentence that shows it, and why it may be junk, most
//! doubtful first. It reads documents through ingest and extract and never touches the
//! store; it judges nothing itself, it only orders names for a person to skim.

use crate::error::Error;
use crate::gazetteer::Gazetteer;
use crate::model::{EntityKind, Extraction};
use crate::{extract, ingest};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Part-of-speech tags (jieba's) a proper name does not start with: verbs, adverbs,
/// prepositions, conjunctions, pronouns, numerals, auxiliaries.
const DOUBTFUL_FIRST_TAGS: [&str; 8] = ["v", "vd", "d", "p", "c", "r", "m", "u"];

/// One extracted name across all documents.
#[derive(Clone, Debug)]
pub struct AuditName {
    pub kind: EntityKind,
    pub label: String,
    /// Whether the gazetteers know a concept of this kind with this label.
    pub known: bool,
    pub documents: usize,
    pub mentions: usize,
    /// Relations the name takes part in, over all documents.
    pub relations: usize,
    pub example: String,
    /// How the example writes the name when not as its label: another name of the
    /// concept (工业母机 for 高端数控机床, AR for 增强现实); empty when written as labelled.
    pub written: String,
    /// Whether the example states a fact about the name (not only mentions it).
    pub example_states_fact: bool,
    pub example_document: String,
    pub reasons: Vec<String>,
    pub doubt: u32,
}

/// Names by kind and label.
#[derive(Debug, Default)]
pub struct AuditReport {
    names: BTreeMap<(EntityKind, String), AuditName>,
}

/// Extracts every file (on all cores) and gathers the names; files that cannot be read
/// are returned with their error, the rest is audited.
pub fn audit(
    files: &[ingest::InputFile],
    gazetteer: &Gazetteer,
) -> (AuditReport, Vec<(PathBuf, Error)>) {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let report = std::sync::Mutex::new(AuditReport::default());
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(file) = files.get(index) else { break };
                let read = ingest::read_document_with(
                    &file.path,
                    &file.id(),
                    &ingest::ReadOptions::default(),
                );
                match read {
                    Ok(ingested) => {
                        let extraction = extract(ingested.document, gazetteer);
                        let names = names_of(&extraction, gazetteer);
                        report.lock().expect("no panic holds the lock").add(names);
                    }
                    Err(error) => failures
                        .lock()
                        .expect("no panic holds the lock")
                        .push((file.path.clone(), error)),
                }
            });
        }
    });
    let mut failures = failures.into_inner().expect("no panic holds the lock");
    failures.sort_by(|a, b| a.0.cmp(&b.0));
    let mut report = report.into_inner().expect("no panic holds the lock");
    for name in report.names.values_mut() {
        judge(name, &gazetteer.cues.name_verbs);
    }
    (report, failures)
}

/// The audited kinds of one extraction's entities, as names seen in one document.
fn names_of(extraction: &Extraction, gazetteer: &Gazetteer) -> Vec<AuditName> {
    let mut relations = vec![0; extraction.entities.len()];
    for relation in &extraction.relations {
        relations[relation.subject] += 1;
        relations[relation.object] += 1;
    }
    extraction
        .entities
        .iter()
        .enumerate()
        .filter(|(_, entity)| entity.kind != EntityKind::District)
        .filter_map(|(index, entity)| {
            // Where the document names it: best a sentence that states a fact about it
            // (what the extractor claims: a relation, else a figure), else a mention. An
            // entity with none is only a known sector's broader one, added to complete
            // the hierarchy: the document does not name it.
            let relation_sentence = extraction
                .relations
                .iter()
                .find(|r| r.subject == index || r.object == index)
                .and_then(|r| r.evidence.first());
            let figure = extraction.quantities.iter().find(|q| q.subject == index);
            let fact_sentence = relation_sentence.or_else(|| figure.map(|figure| &figure.sentence));
            let sentence = fact_sentence.or_else(|| entity.mentions.first())?;
            let mut example = extraction
                .segmented
                .sentences
                .get(*sentence)
                .map_or_else(String::new, |sentence| sentence.text.clone());
            // A table cell (累计完成 3250) says little alone: its row's indicator goes first.
            if let Some(figure) =
                figure.filter(|f| relation_sentence.is_none() && f.sentence == *sentence)
            {
                if !example.contains(&figure.metric) {
                    example = format!("{}：{example}", figure.metric);
                }
            }
            let written = written_form(gazetteer, entity.kind, &entity.label, &example);
            Some(AuditName {
                kind: entity.kind,
                label: entity.label.clone(),
                known: gazetteer
                    .lookup(&entity.label)
                    .iter()
                    .any(|&concept| gazetteer.concepts[concept].kind == entity.kind),
                documents: 1,
                mentions: entity.mentions.len(),
                relations: relations[index],
                example,
                written,
                example_states_fact: fact_sentence.is_some(),
                example_document: extraction.document.id.clone(),
                reasons: Vec::new(),
                doubt: 0,
            })
        })
        .collect()
}

impl AuditReport {
    fn add(&mut self, names: Vec<AuditName>) {
        for name in names {
            match self.names.get_mut(&(name.kind, name.label.clone())) {
                Some(seen) => {
                    seen.documents += 1;
                    seen.mentions += name.mentions;
                    seen.relations += name.relations;
                    // A sentence stating a fact beats a bare mention; among equals the
                    // first document in id order, so the report does not depend on
                    // which worker finished first.
                    let rank =
                        |states_fact: bool, example: &str| (states_fact, !example.is_empty());
                    let new_rank = rank(name.example_states_fact, &name.example);
                    let seen_rank = rank(seen.example_states_fact, &seen.example);
                    let better = new_rank > seen_rank
                        || (new_rank == seen_rank && name.example_document < seen.example_document);
                    if better && !name.example.is_empty() {
                        seen.example = name.example;
                        seen.written = name.written;
                        seen.example_states_fact = name.example_states_fact;
                        seen.example_document = name.example_document;
                    }
                }
                None => {
                    self.names.insert((name.kind, name.label.clone()), name);
                }
            }
        }
    }

    /// The names of one kind (or all), most doubtful first, then the rarest, then by label.
    pub fn names(&self, kind: Option<EntityKind>) -> Vec<AuditName> {
        let mut names: Vec<AuditName> = self
            .names
            .values()
            .filter(|name| kind.is_none_or(|kind| name.kind == kind))
            .cloned()
            .collect();
        names.sort_by(|a, b| {
            b.doubt
                .cmp(&a.doubt)
                .then(a.documents.cmp(&b.documents))
                .then(a.kind.cmp(&b.kind))
                .then(a.label.cmp(&b.label))
        });
        names
    }
}

/// The other name of a known concept that a sentence writes it as, when the sentence
/// does not hold its label: the longest such name, or empty.
fn written_form(gazetteer: &Gazetteer, kind: EntityKind, label: &str, sentence: &str) -> String {
    if sentence.is_empty() || sentence.contains(label) {
        return String::new();
    }
    gazetteer
        .lookup(label)
        .iter()
        .map(|&concept| &gazetteer.concepts[concept])
        .filter(|concept| concept.kind == kind && concept.label == label)
        .flat_map(|concept| &concept.alt_labels)
        .filter(|alt| sentence.contains(alt.as_str()))
        .max_by_key(|alt| alt.chars().count())
        .cloned()
        .unwrap_or_default()
}

/// Scores how doubtful a name is and says why. The weights only order the list; a
/// name that starts with a verb is the surest sign of a clause taken for a name.
fn judge(name: &mut AuditName, name_verbs: &[String]) {
    let mut add = |points: u32, reason: String| {
        name.doubt += points;
        name.reasons.push(reason);
    };
    let verb = name_verbs
        .iter()
        .filter(|verb| name.label.starts_with(verb.as_str()))
        .max_by_key(|verb| verb.len());
    let first_tag = extract::jieba()
        .tag(&name.label, true)
        .into_iter()
        .next()
        .map(|tag| (tag.word.to_owned(), tag.tag.to_owned()));
    if let Some(verb) = verb {
        add(3, format!("starts with the verb '{verb}'"));
    } else if let Some((word, tag)) = first_tag {
        if DOUBTFUL_FIRST_TAGS.contains(&tag.as_str())
            && word.chars().count() < name.label.chars().count()
        {
            add(3, format!("starts with '{word}' ({tag})"));
        }
    }
    if !name.known {
        add(2, "not in the gazetteers".to_owned());
    }
    if name.documents == 1 {
        add(1, "in one document".to_owned());
    }
    if name.relations == 0 {
        add(1, "in no relation".to_owned());
    }
    let length = name.label.chars().count();
    if length <= 2 || length >= 12 {
        add(1, format!("{length} characters"));
    }
    if name.label.chars().any(|c| {
        matches!(
            c,
            '，' | '、' | '；' | '：' | '“' | '”' | '（' | '）' | '《' | '》'
        )
    }) {
        add(2, "punctuation inside".to_owned());
    }
}

/// Draws `size` names at random (a fixed seed draws the same ones again), in kind and
/// label order for reading.
pub fn sample(mut names: Vec<AuditName>, size: usize, seed: u64) -> Vec<AuditName> {
    names.sort_by(|a, b| a.kind.cmp(&b.kind).then(a.label.cmp(&b.label)));
    // A partial Fisher–Yates shuffle driven by SplitMix64: deterministic, no dependency.
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let size = size.min(names.len());
    for i in 0..size {
        let j = i + (next() % (names.len() - i) as u64) as usize;
        names.swap(i, j);
    }
    names.truncate(size);
    names.sort_by(|a, b| a.kind.cmp(&b.kind).then(a.label.cmp(&b.label)));
    names
}

fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Sector => "industry",
        other => other.slug(),
    }
}

/// Tab-separated, one name a line, with a header; tabs and newlines in sentences become
/// spaces.
pub fn render_tsv(names: &[AuditName]) -> String {
    let mut out = String::from(
        "type\tname\tdoubt\treasons\tdocuments\tmentions\tknown\tdocument\texample\twritten\n",
    );
    let clean = |text: &str| text.replace(['\t', '\n', '\r'], " ");
    for name in names {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            kind_name(name.kind),
            clean(&name.label),
            name.doubt,
            name.reasons.join("; "),
            name.documents,
            name.mentions,
            if name.known { "yes" } else { "no" },
            name.example_document,
            clean(&name.example),
            clean(&name.written)
        );
    }
    out
}

/// A table for a terminal: the example sentence cut to fit beside the name.
pub fn render_table(names: &[AuditName]) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = String::new();
    let label_width = names
        .iter()
        .map(|name| name.label.width())
        .max()
        .unwrap_or(4)
        .clamp(4, 24);
    let pad = |text: &str, width: usize| {
        let shown: String = truncate_to_width(text, width);
        let fill = width.saturating_sub(shown.width());
        format!("{shown}{}", " ".repeat(fill))
    };
    let _ = writeln!(
        out,
        "{:<10} {} doubt docs  why doubtful / example",
        "type",
        pad("name", label_width),
    );
    for name in names {
        let _ = writeln!(
            out,
            "{:<10} {} {:>5} {:>4}  {}",
            kind_name(name.kind),
            pad(&name.label, label_width),
            name.doubt,
            name.documents,
            if name.reasons.is_empty() {
                "-".to_owned()
            } else {
                name.reasons.join("; ")
            }
        );
        let _ = writeln!(
            out,
            "{:<10} {} {:>5} {:>4}  {}",
            "",
            pad("", label_width),
            "",
            "",
            if name.written.is_empty() {
                truncate_to_width(name.example.trim(), 70)
            } else {
                truncate_to_width(
                    &format!("(written {}) {}", name.written, name.example.trim()),
                    70,
                )
            }
        );
    }
    let counts: BTreeSet<(&str, usize)> = [
        EntityKind::Park,
        EntityKind::Sector,
        EntityKind::Technology,
        EntityKind::Indicator,
    ]
    .into_iter()
    .map(|kind| {
        (
            kind_name(kind),
            names.iter().filter(|name| name.kind == kind).count(),
        )
    })
    .collect();
    let counts: Vec<String> = counts
        .into_iter()
        .map(|(kind, count)| format!("{count} {kind}"))
        .collect();
    let _ = writeln!(out, "{} names: {}", names.len(), counts.join(", "));
    out
}

fn truncate_to_width(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            out.pop();
            out.push('…');
            return out;
        }
        used += w;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(label: &str, known: bool, documents: usize, relations: usize) -> AuditName {
        AuditName {
            kind: EntityKind::Park,
            label: label.to_owned(),
            known,
            documents,
            mentions: documents,
            relations,
            example: String::new(),
            written: String::new(),
            example_states_fact: false,
            example_document: String::new(),
            reasons: Vec::new(),
            doubt: 0,
        }
    }

    #[test]
    fn a_clause_taken_for_a_name_is_more_doubtful_than_a_known_park() {
        let mut clause = name("推进宿迁集成改革示范区", false, 1, 0);
        let mut park = name("张江科学城", true, 5, 3);
        let verbs = &Gazetteer::embedded().cues.name_verbs;
        judge(&mut clause, verbs);
        judge(&mut park, verbs);
        assert!(clause.doubt > park.doubt, "{clause:?} vs {park:?}");
        assert!(clause.reasons.iter().any(|r| r.starts_with("starts with")));
        assert!(park.reasons.is_empty(), "{park:?}");
    }

    #[test]
    fn an_indicators_example_is_the_sentence_of_its_figure() {
        let document = crate::ingest::parse_document(
            "t",
            "t.md",
            "---\n标题: 2026年福建省政府工作报告\n发布日期: 2026-02-06\n---\n\n\
             一、一年接着一年干，新福建建设持续取得新进展新成效\n\n\
             初步统计，2025年全省地区生产总值60199.45亿元、增长5%，进出口下降5.4%。\n\n\
             与共建国家进出口贸易额突破5万亿元。",
            Some("md"),
        );
        let gazetteer = Gazetteer::embedded();
        let extraction = crate::extract::extract(document, gazetteer);
        let names = names_of(&extraction, gazetteer);
        let trade = names
            .iter()
            .find(|n| n.kind == EntityKind::Indicator && n.label == "进出口")
            .expect("进出口 is an indicator");
        assert!(trade.example.contains("进出口下降5.4%"), "{trade:?}");
        assert!(trade.example_states_fact);
        assert!(trade.written.is_empty(), "{trade:?}");
    }

    #[test]
    fn a_table_cells_example_names_its_row() {
        let cells = [
            "序号",
            "指标",
            "单位",
            "属性",
            "目标值",
            "1",
            "工业总产值",
            "亿元",
            "预期性",
            "达到 3200",
        ];
        let text = format!(
            "---\n标题: 某区国民经济和社会发展第十五个五年规划纲要\n---\n\n{}\n",
            cells.join("\n\n")
        );
        let document = crate::ingest::parse_document("t", "t.md", &text, Some("md"));
        let gazetteer = Gazetteer::embedded();
        let names = names_of(&crate::extract::extract(document, gazetteer), gazetteer);
        let output = names
            .iter()
            .find(|n| n.label == "工业总产值")
            .expect("工业总产值 is an indicator");
        assert_eq!(output.example, "工业总产值：达到 3200");
    }

    #[test]
    fn a_name_written_otherwise_says_how() {
        let gazetteer = Gazetteer::embedded();
        assert_eq!(
            written_form(
                gazetteer,
                EntityKind::Sector,
                "低空经济",
                "加快推进本市低空飞行服务管理能力建设。"
            ),
            "低空飞行服务"
        );
        assert_eq!(
            written_form(gazetteer, EntityKind::Sector, "低空经济", "发展低空经济。"),
            ""
        );
    }

    #[test]
    fn a_sample_is_deterministic_and_of_the_asked_size() {
        let names: Vec<AuditName> = (0..50)
            .map(|i| name(&format!("园区{i:02}"), false, 1, 0))
            .collect();
        let labels =
            |names: Vec<AuditName>| -> Vec<String> { names.into_iter().map(|n| n.label).collect() };
        let a = labels(sample(names.clone(), 10, 7));
        let b = labels(sample(names.clone(), 10, 7));
        let c = labels(sample(names.clone(), 10, 8));
        assert_eq!(a.len(), 10);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(sample(names, 100, 1).len(), 50);
    }
}
