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

use crate::gazetteer::{Concept, Gazetteer};
use crate::model::{
    Diagnostic, Document, Entity, EntityKind, Extraction, Quantity, Relation, RelationKind,
    Segmented, Unit,
};
use crate::quantity::{find_figures, normalize_digits};
use crate::segment::segment;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{LazyLock, OnceLock};

/// Longest park or area name accepted, in characters.
const MAX_PARK_CHARS: usize = 16;
/// Longest name accepted after a district prefix (闵行紫竹 → 紫竹).
const MAX_PREFIXED_NAME_CHARS: usize = 6;
/// Longest section title taken as a (sub-)sector name.
const MAX_SECTOR_TITLE_CHARS: usize = 15;

fn jieba() -> &'static jieba_rs::Jieba {
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

/// Extracts everything from one document.
pub fn extract(document: Document, gazetteer: &Gazetteer) -> Extraction {
    let segmented = segment(&document);
    let mut extractor = Extractor::new(&document, &segmented, gazetteer);
    extractor.run();
    let Extractor {
        entities,
        relations,
        quantities,
        diagnostics,
        ..
    } = extractor;
    Extraction {
        document,
        segmented,
        entities: entities.entities,
        relations: relations.relations,
        quantities,
        diagnostics,
    }
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
        for &sentence in evidence {
            if !self.relations[index].evidence.contains(&sentence) {
                self.relations[index].evidence.push(sentence);
            }
        }
    }

    fn has(&self, kind: RelationKind, subject: usize, object: usize) -> bool {
        self.index.contains_key(&(kind, subject, object, false))
    }
}

/// What a column of a flattened table holds, by its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Serial,
    District,
    Park,
    Industry,
    Other,
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
        for blocker in &gazetteer.cues.not_districts {
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
            places_named: gazetteer
                .place_names
                .iter()
                .map(|(name, _)| name.clone())
                .filter(|name| segmented.text.contains(name.as_str()))
                .collect(),
        }
    }

    fn run(&mut self) {
        let title = self.document_title();
        self.period_year = period_year(&title);
        self.document_sector = self
            .find_mentions(&title)
            .into_iter()
            .find(|m| m.kind == EntityKind::Sector)
            .map(|m| m.entity);
        self.analyse_sections();
        for index in 0..self.segmented.sentences.len() {
            let mentions = self.sentence(index);
            self.sentence_mentions.push(mentions);
        }
        self.flattened_tables();
        self.document_district(&title);
        self.infer_district_industries();
        if self.entities.entities.is_empty() {
            self.diagnostics.push(Diagnostic {
                sentence: None,
                message: "no entities found; is this an industrial-policy document?".to_owned(),
            });
        }
    }

    /// The plan's own title: the first 《…》 naming a plan, notice or opinion in the
    /// metadata title or the opening blocks (a news page's headline is not the plan's),
    /// else the metadata title and the first block.
    fn document_title(&self) -> String {
        static QUOTED_TITLE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"《([^》]{4,80}(?:规划|方案|计划|意见|纲要|办法|措施|通知|政策))》")
                .expect("title pattern")
        });
        let metadata_title = self.document.metadata.title.clone().unwrap_or_default();
        let opening: Vec<&str> = std::iter::once(metadata_title.as_str())
            .chain(
                self.document
                    .blocks
                    .iter()
                    .take(20)
                    .map(|b| b.text.as_str()),
            )
            .collect();
        static PLAN_TITLE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?:规划|方案|计划|意见|纲要|办法|措施|政策)(?:（[^）]*）)?$")
                .expect("plan title pattern")
        });
        if let Some(captures) = QUOTED_TITLE.captures(&metadata_title) {
            return captures[1].to_owned();
        }
        // A metadata title that is itself a plan's name.
        if PLAN_TITLE.is_match(metadata_title.trim()) {
            return metadata_title.trim().to_owned();
        }
        // A notice that issues the plan (印发《…》的通知), not a plan it cites (根据《…纲要》).
        for text in &opening[1..] {
            if !["印发", "发布", "关于"].iter().any(|w| text.contains(w)) {
                continue;
            }
            if let Some(captures) = QUOTED_TITLE.captures(text) {
                return captures[1].to_owned();
            }
        }
        let first = self
            .document
            .blocks
            .iter()
            .find(|b| b.kind != crate::model::BlockKind::Note)
            .map_or("", |b| b.text.as_str());
        format!("{metadata_title}\n{first}")
    }

    /// A district's own plan (its title names exactly one district) places every park
    /// it names in that district, unless the park is known to lie elsewhere.
    fn document_district(&mut self, title: &str) {
        let districts: BTreeSet<usize> = self
            .find_mentions(title)
            .into_iter()
            .filter(|m| m.kind == EntityKind::District)
            .map(|m| m.entity)
            .collect();
        let [district] = districts.into_iter().collect::<Vec<_>>()[..] else {
            return;
        };
        let district_key = self.entities.entities[district].key.clone();
        for park in 0..self.entities.entities.len() {
            let entity = &self.entities.entities[park];
            if entity.kind != EntityKind::Park || entity.mentions.is_empty() {
                continue;
            }
            let located = self
                .relations
                .relations
                .iter()
                .any(|r| r.kind == RelationKind::LocatedIn && r.subject == park);
            // A gazetteer area lies elsewhere when the gazetteer places it in another
            // district or in none (it spans several).
            let elsewhere = self
                .gazetteer
                .by_key(EntityKind::Park, &entity.key)
                .is_some_and(|concept| concept.district.as_ref() != Some(&district_key));
            if !located && !elsewhere {
                let evidence = [entity.mentions[0]];
                self.relations.add(
                    RelationKind::LocatedIn,
                    park,
                    district,
                    false,
                    "document-district",
                    &evidence,
                );
            }
        }
    }

    // ------------------------------------------------------------------ lexicon

    /// Picks the concept for an ambiguous label: the one in the document's home city.
    fn choose_concept(&self, concepts: &[usize]) -> Option<usize> {
        if concepts.len() <= 1 {
            return concepts.first().copied();
        }
        let home = self.home_city.as_deref();
        concepts
            .iter()
            .copied()
            .find(|&c| home.is_some() && self.gazetteer.concepts[c].city.as_deref() == home)
            .or_else(|| {
                concepts
                    .iter()
                    .copied()
                    .find(|&c| self.gazetteer.concepts[c].kind != EntityKind::District)
            })
            .or_else(|| concepts.first().copied())
    }

    /// Whether a district match is believable: county names that are common words
    /// (城区) never are, and a two-character county name from another city is more likely
    /// a word than a place.
    fn plausible_district(&self, concept: usize, length: usize) -> bool {
        let concept = &self.gazetteer.concepts[concept];
        if concept.kind != EntityKind::District {
            return true;
        }
        if self
            .gazetteer
            .cues
            .generic_county_names
            .contains(&concept.label)
        {
            return false;
        }
        let at_home = self.home_city.is_some() && concept.city == self.home_city;
        // A county of another city counts only in a document that names that city or
        // its province (适应城市 is not 应城市 in a Shanghai plan).
        let city_named = [&concept.city, &concept.province]
            .into_iter()
            .flatten()
            .any(|place| {
                self.places_named
                    .iter()
                    .any(|named| place.starts_with(named.as_str()))
            });
        at_home || (length >= 3 && city_named)
    }

    fn register_concept(&mut self, concept_index: usize) -> usize {
        let concept: &Concept = &self.gazetteer.concepts[concept_index];
        let parent = concept.broader.clone();
        let index = self.entities.add(
            concept.kind,
            &concept.key,
            &concept.label,
            concept.english.as_deref(),
            parent.as_deref(),
        );
        // Make sure a gazetteer parent exists as an entity so the hierarchy is complete.
        if let Some(parent_key) = parent {
            if let Some(parent_index) = self.gazetteer.index_of(concept.kind, &parent_key) {
                if !self
                    .entities
                    .index
                    .contains_key(&(concept.kind, parent_key.clone()))
                {
                    self.register_concept(parent_index);
                }
            }
        }
        index
    }

    /// Longest-match lookup of lexicon labels in a text; offsets in characters.
    fn find_mentions(&mut self, text: &str) -> Vec<Mention> {
        // Byte offset of every character (and of the end), so candidates are slices of
        // the text: no string is built per position and length.
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(offset, _)| offset)
            .chain(std::iter::once(text.len()))
            .collect();
        let char_count = bounds.len() - 1;
        let mut mentions = Vec::new();
        let mut position = 0;
        while position < char_count {
            let start = first_two(&text[bounds[position]..]);
            if start.is_none_or(|pair| !self.label_starts.contains(&pair)) {
                position += 1;
                continue;
            }
            let mut matched = None;
            let longest = self.max_label_chars.min(char_count - position);
            for length in (2..=longest).rev() {
                let candidate = &text[bounds[position]..bounds[position + length]];
                if let Some(lex) = self.lexicon.get(candidate) {
                    matched = Some((length, lex.clone()));
                    break;
                }
            }
            match matched {
                Some((length, Lex::Block)) => position += length,
                Some((length, Lex::Concepts(concepts))) => {
                    let concept = self
                        .choose_concept(&concepts)
                        .filter(|&c| self.plausible_district(c, length));
                    if let Some(concept) = concept {
                        let entity = self.register_concept(concept);
                        mentions.push(Mention {
                            start: position,
                            end: position + length,
                            entity,
                            kind: self.gazetteer.concepts[concept].kind,
                            prefix_district: None,
                            inner_sectors: Vec::new(),
                        });
                    }
                    position += length;
                }
                Some((length, Lex::Dynamic(kind, key))) => {
                    let entity = self.entities.index[&(kind, key)];
                    mentions.push(Mention {
                        start: position,
                        end: position + length,
                        entity,
                        kind,
                        prefix_district: None,
                        inner_sectors: Vec::new(),
                    });
                    position += length;
                }
                None => position += 1,
            }
        }
        mentions
    }

    /// Adds an entity found by a pattern, so later sentences find it by name.
    fn add_dynamic(&mut self, kind: EntityKind, label: &str, parent: Option<&str>) -> usize {
        if let Some(Lex::Concepts(concepts)) = self.lexicon.get(label).cloned() {
            if let Some(&concept) = concepts
                .iter()
                .find(|&&c| self.gazetteer.concepts[c].kind == kind)
            {
                return self.register_concept(concept);
            }
        }
        let index = self.entities.add(kind, label, label, None, parent);
        if label.chars().count() >= 2 {
            self.lexicon
                .entry(label.to_owned())
                .or_insert_with(|| Lex::Dynamic(kind, label.to_owned()));
            self.label_starts.extend(first_two(label));
            self.max_label_chars = self.max_label_chars.max(label.chars().count());
        }
        index
    }

    // ------------------------------------------------------------------ sections

    fn analyse_sections(&mut self) {
        let sections = &self.segmented.sections;
        let mut contexts: Vec<SectionContext> = vec![SectionContext::default(); sections.len()];
        let gazetteer = self.gazetteer;
        let past_cues = &gazetteer.cues.past_section_cues;
        // First pass: which headings name a known sector.
        let mut exact: Vec<Option<usize>> = vec![None; sections.len()];
        for section in sections.iter().skip(1) {
            exact[section.index] = self
                .sector_named_by(&section.title)
                .or_else(|| self.sector_developed_by_heading(&section.title));
        }
        for section in sections.iter().skip(1) {
            let parent = section.parent.unwrap_or(0);
            let mut context = SectionContext {
                past: contexts[parent].past
                    || past_cues
                        .iter()
                        .any(|cue| section.title.contains(cue.as_str())),
                topic: contexts[parent].topic,
                ..SectionContext::default()
            };
            let parent_sector = contexts[parent].sector;
            let siblings: Vec<usize> = sections
                .iter()
                .filter(|s| s.parent == section.parent && s.index != 0)
                .map(|s| s.index)
                .collect();
            let known_siblings = siblings.iter().filter(|&&s| exact[s].is_some()).count();
            let sector = if let Some(sector) = exact[section.index] {
                Some(sector)
            } else if looks_like_sector_title(
                &section.title,
                &self.gazetteer.cues.name_left_boundaries,
            ) && (parent_sector.is_some()
                || (siblings.len() >= 3 && known_siblings * 2 >= siblings.len()))
            {
                let parent_key = parent_sector.map(|p| self.entities.entities[p].key.clone());
                let title = strip_industry_suffix(&section.title).to_owned();
                Some(self.add_dynamic(EntityKind::Sector, &title, parent_key.as_deref()))
            } else {
                None
            };
            if let Some(sector) = sector {
                if let Some(parent_sector) = parent_sector {
                    if parent_sector != sector && self.entities.entities[sector].parent.is_none() {
                        self.entities.entities[sector].parent =
                            Some(self.entities.entities[parent_sector].key.clone());
                    }
                }
                context.sector = Some(sector);
                context.own_sector = true;
                context.top_sector = contexts[parent].top_sector.or(Some(sector));
            } else {
                context.sector = parent_sector;
                context.top_sector = contexts[parent].top_sector;
            }
            let title_chars: Vec<char> = section.title.chars().collect();
            let mut mentions = self.find_mentions(&section.title);
            self.find_parks(&title_chars, &mut mentions);
            let mut places: Vec<usize> = mentions
                .iter()
                .filter(|m| matches!(m.kind, EntityKind::Park | EntityKind::District))
                .map(|m| m.entity)
                .collect();
            // A heading that is a park's name and nothing else (（二）奥体—博览城).
            if places.is_empty() && sector.is_none() && self.heading_names_park(&section.title) {
                places.push(self.add_dynamic(EntityKind::Park, section.title.trim(), None));
            }
            if places.len() == 1 {
                context.topic = Some(places[0]);
            } else if !places.is_empty() || context.sector.is_some() && context.own_sector {
                context.topic = None;
            }
            contexts[section.index] = context;
        }
        self.sections = contexts;
    }

    /// Whether a heading is a park's name: it ends in a park word after a proper part, and
    /// says nothing else (no verb, no generic park word, no punctuation).
    fn heading_names_park(&self, title: &str) -> bool {
        let cues = &self.gazetteer.cues;
        let title = title.trim();
        let length = title.chars().count();
        // The longest park word it ends in; a heading alone can end in a bare 城 or 镇
        // (奥体—博览城).
        let suffix = cues
            .park_suffixes
            .iter()
            .map(String::as_str)
            .chain(["城", "镇"])
            .filter(|suffix| title.ends_with(suffix))
            .max_by_key(|suffix| suffix.len());
        let Some(suffix) = suffix else {
            return false;
        };
        let modifier = &title[..title.len() - suffix.len()];
        (3..=MAX_PARK_CHARS).contains(&length)
            && title.chars().all(|c| is_name_char(c) || matches!(c, '—' | '-' | '·'))
            // 特色产业园区, 重点功能区: generic words before the park word name nothing.
            && self.is_proper_name(modifier, &[], false)
            && !cues
                .focus_cues
                .iter()
                .chain(&cues.technology_cues)
                .any(|verb| verb.chars().count() >= 2 && title.contains(verb.as_str()))
            && !title.starts_with(|c: char| "一二三四五六七八九十两多若".contains(c))
    }

    /// The sector a heading develops (（六）促进数据智能产业创新发展 → 数据智能): a
    /// development verb, a short name, then 产业 and words of growth. Known sectors are
    /// found by name; an unknown name becomes a new sector unless it is only generic
    /// words (重点产业, 新兴产业).
    fn sector_developed_by_heading(&mut self, title: &str) -> Option<usize> {
        static DEVELOPED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(concat!(
                r"^(?:促进|推动|推进|加快|加速|做强|做优|做大|发展|壮大|培育|打造|提升|支持)+",
                r"(\p{Han}{2,8}?)(?:产业|行业)",
                r"(?:创新|高质量|集聚|集群|融合|能级)*(?:发展|提升|升级|提质)?$"
            ))
            .expect("developed sector heading pattern")
        });
        let title = title.trim().trim_end_matches(['。', '：', ':']);
        let name = DEVELOPED.captures(title)?.get(1)?.as_str().to_owned();
        if let Some(sector) = self.sector_named_by(&name) {
            return Some(sector);
        }
        let mut rest = name.clone();
        for word in &self.gazetteer.cues.generic_park_words {
            rest = rest.replace(word.as_str(), "");
        }
        if rest.chars().count() < 2 || self.lexicon.contains_key(name.as_str()) {
            return None;
        }
        Some(self.add_dynamic(EntityKind::Sector, &name, None))
    }

    /// The sector a heading names exactly (集成电路, 集成电路产业, （一）新能源汽车).
    fn sector_named_by(&mut self, title: &str) -> Option<usize> {
        let stripped = strip_industry_suffix(title);
        for candidate in [title, stripped] {
            if let Some(Lex::Concepts(concepts)) = self.lexicon.get(candidate).cloned() {
                if let Some(&concept) = concepts
                    .iter()
                    .find(|&&c| self.gazetteer.concepts[c].kind == EntityKind::Sector)
                {
                    return Some(self.register_concept(concept));
                }
            }
            if let Some(Lex::Dynamic(EntityKind::Sector, key)) = self.lexicon.get(candidate) {
                return self
                    .entities
                    .index
                    .get(&(EntityKind::Sector, key.clone()))
                    .copied();
            }
        }
        None
    }

    // ------------------------------------------------------------------ sentences

    fn sentence(&mut self, index: usize) -> Vec<Mention> {
        let sentence = &self.segmented.sentences[index];
        let text = sentence.text.clone();
        let context = self.sections[sentence.section].clone();
        let chars: Vec<char> = text.chars().collect();
        let mut mentions = self.find_mentions(&text);
        self.find_parks(&chars, &mut mentions);
        mentions.sort_by_key(|m| (m.start, m.end));
        for mention in &mentions {
            self.entities.mention(mention.entity, index);
            if let Some(district) = mention.prefix_district {
                self.entities.mention(district, index);
            }
        }
        // Facts stated by park names themselves.
        for mention in &mentions {
            let district = mention
                .prefix_district
                .or_else(|| self.district_in_name(mention));
            if let Some(district) = district {
                self.relations.add(
                    RelationKind::LocatedIn,
                    mention.entity,
                    district,
                    false,
                    "district-prefix",
                    &[index],
                );
            }
            for &sector in &mention.inner_sectors {
                self.relations.add(
                    RelationKind::FocusesOn,
                    mention.entity,
                    sector,
                    false,
                    "sector-in-name",
                    &[index],
                );
            }
        }
        self.parenthesised_districts(&chars, &mentions, index);
        self.relied_on_places(&chars, &mentions, index);
        if sentence.is_heading {
            self.technology_heading(sentence.section, index);
        }
        if !sentence.is_heading {
            self.pair_places_and_industries(&chars, &mentions, &context, index);
            self.technologies(&chars, &mentions, &context, index);
            self.figures(&text, &mentions, &context, index);
        }
        mentions
    }

    /// Finds parks and areas that no gazetteer knows: names ending in a park suffix,
    /// quoted names before a park word, and names after a district's short form.
    fn find_parks(&mut self, chars: &[char], mentions: &mut Vec<Mention>) {
        // Part-of-speech tags, computed only for sentences that need them (most have no
        // park suffix and no district prefix).
        let tags: std::cell::OnceCell<Vec<TokenTag>> = std::cell::OnceCell::new();
        let cues = &self.gazetteer.cues;
        // Suffix names.
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        let suffix_ends: std::collections::HashSet<char> = cues
            .park_suffixes
            .iter()
            .filter_map(|suffix| suffix.chars().last())
            .collect();
        for end in 1..=chars.len() {
            if !suffix_ends.contains(&chars[end - 1]) {
                continue;
            }
            let best = cues
                .park_suffixes
                .iter()
                .filter(|suffix| ends_with_at(chars, end, suffix))
                .max_by_key(|suffix| suffix.chars().count());
            if let Some(suffix) = best {
                let suffix_start = end - suffix.chars().count();
                // The name must end here: skip if a longer suffix continues (园 → 园区).
                let continues = cues.park_suffixes.iter().any(|longer| {
                    let length = longer.chars().count();
                    (suffix_start..end)
                        .any(|from| starts_with_at(chars, from, longer) && from + length > end)
                });
                if continues {
                    continue;
                }
                if cues
                    .not_park_endings
                    .iter()
                    .any(|ending| ends_with_at(chars, end, ending))
                {
                    continue;
                }
                candidates.push((suffix_start, end));
            }
        }
        let quoted = quoted_spans(chars);
        for (suffix_start, end) in candidates {
            // Skip suffixes inside a mention already found (浦东新区, 临港新片区) or inside quotes.
            if mentions.iter().any(|m| {
                m.start < end
                    && suffix_start < m.end
                    && m.kind != EntityKind::Sector
                    && m.kind != EntityKind::Technology
            }) {
                continue;
            }
            if quoted.iter().any(|&(s, e)| s <= suffix_start && end <= e) {
                continue;
            }
            let Some((start, prefix_district)) = self.extend_name_left(
                chars,
                suffix_start,
                mentions,
                tags.get_or_init(|| token_boundaries(chars)),
            ) else {
                continue;
            };
            let name: String = chars[start..end].iter().collect();
            if self.is_facility(&name) {
                continue;
            }
            let modifier: String = chars[start..suffix_start].iter().collect();
            let inner: Vec<&Mention> = mentions
                .iter()
                .filter(|m| m.start >= start && m.end <= end)
                .collect();
            // A sector with a place-like ending names a place (人工智能岛, 氢能港); with a
            // park word it only describes one (集成电路产业基地).
            // 一核两带多园 counts parts of a plan, it names no place.
            if name.starts_with(|c: char| "一二三四五六七八九十两多若".contains(c)) {
                continue;
            }
            let placelike = ["岛", "谷", "港", "湾", "小镇"]
                .iter()
                .any(|s| ends_with_at(chars, end, s))
                && inner.iter().any(|m| m.kind == EntityKind::Sector);
            if !placelike && !self.is_proper_name(&modifier, &inner, prefix_district.is_some()) {
                continue;
            }
            // 打造无人驾驶示范区 states a goal, not a place that exists: unless the name
            // carries a place (打造张江…), it is not a park.
            let names_a_place =
                prefix_district.is_some() || inner.iter().any(|m| m.kind == EntityKind::Park);
            if ends_with_at(chars, start, "打造") && !names_a_place {
                continue;
            }
            let inner_sectors: Vec<usize> = inner
                .iter()
                .filter(|m| m.kind == EntityKind::Sector && !self.is_umbrella(m.entity))
                .map(|m| m.entity)
                .collect();
            let entity = self.add_dynamic(EntityKind::Park, &name, None);
            mentions.retain(|m| !(m.start >= start && m.end <= end));
            mentions.push(Mention {
                start,
                end,
                entity,
                kind: EntityKind::Park,
                prefix_district,
                inner_sectors,
            });
        }
        // Quoted names followed by a park word: “北斗星港”“未来蓝湾”等特色产业园.
        let mut run: Vec<(usize, usize)> = Vec::new();
        for (index, &(open, close)) in quoted.iter().enumerate() {
            run.push((open, close));
            let next_adjacent = quoted.get(index + 1).is_some_and(|&(next_open, _)| {
                chars[close..next_open - 1]
                    .iter()
                    .all(|c| matches!(c, '、' | '和' | '与' | '及' | ' '))
            });
            if next_adjacent {
                continue;
            }
            let after: String = chars[close + 1..(close + 12).min(chars.len())]
                .iter()
                .collect();
            let followed_by_park_word = after.starts_with('等')
                && cues.park_suffixes.iter().any(|suffix| {
                    after
                        .split(['，', '。', '；'])
                        .next()
                        .unwrap_or("")
                        .contains(suffix.as_str())
                });
            for &(open, close) in &run {
                let name: String = chars[open..close].iter().collect();
                let length = name.chars().count();
                let ends_with_suffix = cues
                    .park_suffixes
                    .iter()
                    .any(|s| name.ends_with(s.as_str()));
                // “一区一圈多园”, “多园”: a plan's layout slogan counts parts, it names no place.
                if !(2..=MAX_PARK_CHARS).contains(&length)
                    || name.contains(['，', '。', '、', '：'])
                    || name.starts_with(|c: char| "一二三四五六七八九十两多若".contains(c))
                {
                    continue;
                }
                if !(followed_by_park_word || ends_with_suffix)
                    || !name.chars().all(is_name_char)
                    || cues
                        .not_park_endings
                        .iter()
                        .any(|ending| name.ends_with(ending.as_str()))
                {
                    continue;
                }
                if mentions.iter().any(|m| m.start == open && m.end == close) {
                    continue;
                }
                let entity = self.add_dynamic(EntityKind::Park, &name, None);
                mentions.retain(|m| !(m.start >= open && m.end <= close));
                mentions.push(Mention {
                    start: open,
                    end: close,
                    entity,
                    kind: EntityKind::Park,
                    prefix_district: None,
                    inner_sectors: Vec::new(),
                });
            }
            run.clear();
        }
        self.district_prefixed_names(chars, mentions, &tags);
    }

    /// Walks left from a park suffix over name-like units; returns the name's start and
    /// a district that prefixes it, if any.
    fn extend_name_left(
        &self,
        chars: &[char],
        suffix_start: usize,
        mentions: &[Mention],
        tags: &[TokenTag],
    ) -> Option<(usize, Option<usize>)> {
        let cues = &self.gazetteer.cues;
        let mut start = suffix_start;
        let mut prefix_district = None;
        while start > 0 {
            if let Some(mention) = mentions.iter().find(|m| m.end == start) {
                if mention.kind == EntityKind::District {
                    if suffix_start - mention.start <= MAX_PARK_CHARS {
                        prefix_district = Some(mention.entity);
                        start = mention.start;
                    }
                    break;
                }
                start = mention.start;
                continue;
            }
            let c = chars[start - 1];
            if !is_name_char(c) {
                break;
            }
            // A boundary word counts only where the segmenter starts a word (以 in 中以 does not).
            let boundary = cues.name_left_boundaries.iter().any(|word| {
                let length = word.chars().count();
                ends_with_at(chars, start, word)
                    && tags[start - length].token_start == start - length
            });
            if boundary {
                break;
            }
            let tag = &tags[start - 1];
            // A segmenter token that swallows a conjunction (科教城和留仙洞 → "城和留") is
            // cut there: the name starts after the conjunction.
            if let Some(cut) = (tag.token_start..start)
                .rev()
                .find(|&i| matches!(chars[i], '和' | '与' | '及' | '、' | '的'))
            {
                start = cut + 1;
                break;
            }
            if tag.stops_name(&cues.name_verbs) {
                break;
            }
            let token_start = tag.token_start.max(start.saturating_sub(MAX_PARK_CHARS));
            if suffix_start - token_start > MAX_PARK_CHARS {
                break;
            }
            start = token_start;
        }
        (start < suffix_start || prefix_district.is_some()).then_some((start, prefix_district))
    }

    /// Whether a name ends like a facility, institution or work (…校区, …站, …海塘).
    fn is_facility(&self, name: &str) -> bool {
        self.gazetteer
            .cues
            .facility_endings
            .iter()
            .any(|ending| name.ends_with(ending.as_str()))
    }

    /// Whether the words before a park suffix name a place rather than describe one
    /// (特色产业园 and 集成电路产业基地 are descriptions; 西岸智慧谷 is a name).
    fn is_proper_name(
        &self,
        modifier: &str,
        inner: &[&Mention],
        has_district_prefix: bool,
    ) -> bool {
        // 闵行经济技术开发区 is a name; 滨江区重点功能区 only a district's generic areas.
        if has_district_prefix {
            let mut rest = modifier.to_owned();
            for word in &self.gazetteer.cues.generic_park_words {
                rest = rest.replace(word.as_str(), "");
            }
            let only_district = matches!(
                self.lexicon.get(rest.as_str()),
                Some(Lex::Concepts(concepts))
                    if concepts.iter().any(|&c| self.gazetteer.concepts[c].kind == EntityKind::District)
            );
            return !rest.is_empty() && !only_district;
        }
        if inner.iter().any(|m| m.kind == EntityKind::Park) {
            return true;
        }
        let mut rest = modifier.to_owned();
        for mention in inner {
            let label = &self.entities.entities[mention.entity].label;
            rest = rest.replace(label.as_str(), "");
        }
        let mut words: Vec<&String> = self
            .gazetteer
            .cues
            .generic_park_words
            .iter()
            .chain(self.gazetteer.place_names.iter().map(|(name, _)| name))
            .collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        for word in words {
            rest = rest.replace(word.as_str(), "");
        }
        let rest: String = rest.chars().filter(|c| is_name_char(*c)).collect();
        rest.chars().count() >= 2 && !rest.chars().all(|c| c.is_ascii_digit())
    }

    /// 闵行紫竹 → 紫竹 in 闵行区; 徐汇滨江 stays whole because 滨江 alone names nothing.
    fn district_prefixed_names(
        &mut self,
        chars: &[char],
        mentions: &mut Vec<Mention>,
        tags: &std::cell::OnceCell<Vec<TokenTag>>,
    ) {
        let districts: Vec<Mention> = mentions
            .iter()
            .filter(|m| m.kind == EntityKind::District)
            .cloned()
            .collect();
        for district in districts {
            let start = district.end;
            if mentions.iter().any(|m| m.start == start) {
                // 虹口北外滩: the area is already known; place it in the district.
                if let Some(next) = mentions
                    .iter_mut()
                    .find(|m| m.start == start && m.kind == EntityKind::Park)
                {
                    if next.prefix_district.is_none() {
                        next.prefix_district = Some(district.entity);
                    }
                }
                continue;
            }
            let mut end = start;
            while end < chars.len()
                && is_name_char(chars[end])
                && !matches!(chars[end], '等' | '和' | '与' | '及' | '的')
            {
                if mentions.iter().any(|m| m.start == end) {
                    break;
                }
                end += 1;
            }
            let length = end - start;
            if !(2..=MAX_PREFIXED_NAME_CHARS).contains(&length) {
                continue;
            }
            let followed_by_delimiter = end == chars.len()
                || matches!(
                    chars[end],
                    '、' | '，' | '。' | '；' | '等' | '和' | '与' | '及' | '）' | ')' | '：'
                );
            if !followed_by_delimiter {
                continue;
            }
            if !chars[start..end].iter().any(|c| is_cjk(*c)) || chars[start].is_ascii_digit() {
                continue;
            }
            // A conjunction or particle right after the district is no name (浦东和…).
            let tags = tags.get_or_init(|| token_boundaries(chars));
            if matches!(&*tags[start].tag, "c" | "u" | "uj" | "p" | "r" | "d")
                && tags[start].word.chars().count() == 1
            {
                continue;
            }
            let name: String = chars[start..end].iter().collect();
            let cues = &self.gazetteer.cues;
            let starts_with_number =
                name.starts_with(|c: char| "一二三四五六七八九十两各全本该".contains(c));
            if cues
                .name_left_boundaries
                .iter()
                .any(|w| name.starts_with(w.as_str()))
                || name.starts_with('区')
                || starts_with_number
                || cues
                    .not_area_words
                    .iter()
                    .any(|w| name.contains(w.as_str()))
            {
                continue;
            }
            // A name is no clause: a full verb inside (通州站开通运营, 大兴调查研究之风) or
            // a facility ending (房山院区) shows the words after the district are not an area.
            // One verbal noun alone can be a place (长宁临空); a full verb, or two verbal
            // words, make a clause.
            let verbs: Vec<&TokenTag> = (start..end)
                .map(|i| &tags[i])
                .enumerate()
                .filter(|(offset, tag)| {
                    tag.token_start == start + offset
                        && matches!(&*tag.tag, "v" | "vn" | "vd")
                        && tag.word.chars().count() >= 2
                        && !cues.name_verbs.iter().any(|v| **v == *tag.word)
                })
                .map(|(_, tag)| tag)
                .collect();
            let is_clause = verbs.len() >= 2 || verbs.iter().any(|tag| &*tag.tag == "v");
            if is_clause || self.is_facility(&name) {
                continue;
            }
            let (name, name_start) = if cues.district_relative_words.contains(&name) {
                (
                    chars[district.start..end].iter().collect::<String>(),
                    district.start,
                )
            } else {
                (name, start)
            };
            let entity = self.add_dynamic(EntityKind::Park, &name, None);
            mentions.retain(|m| {
                !(m.start >= name_start && m.end <= end && m.kind != EntityKind::District)
            });
            if name_start == district.start {
                mentions.retain(|m| !(m.start == district.start && m.end == district.end));
            }
            mentions.push(Mention {
                start: name_start,
                end,
                entity,
                kind: EntityKind::Park,
                prefix_district: Some(district.entity),
                inner_sectors: Vec::new(),
            });
        }
    }

    /// The district a park's own name begins with (闵行经济技术开发区 → 闵行区).
    fn district_in_name(&mut self, mention: &Mention) -> Option<usize> {
        if mention.kind != EntityKind::Park {
            return None;
        }
        let label_text = self.entities.entities[mention.entity].label.clone();
        if self
            .gazetteer
            .cues
            .not_districts
            .iter()
            .any(|word| label_text.starts_with(word.as_str()))
        {
            return None;
        }
        let label: Vec<char> = label_text.chars().collect();
        for length in (2..=5.min(label.len().saturating_sub(2))).rev() {
            let prefix: String = label[..length].iter().collect();
            if let Some(Lex::Concepts(concepts)) = self.lexicon.get(&prefix).cloned() {
                let concept = concepts
                    .iter()
                    .copied()
                    .filter(|&c| self.gazetteer.concepts[c].kind == EntityKind::District)
                    .find(|&c| self.plausible_district(c, length));
                if let Some(concept) = concept {
                    return Some(self.register_concept(concept));
                }
            }
        }
        None
    }

    /// 紫竹高新区（闵行区） → located in 闵行区.
    fn parenthesised_districts(&mut self, chars: &[char], mentions: &[Mention], sentence: usize) {
        for park in mentions.iter().filter(|m| m.kind == EntityKind::Park) {
            if park.end < chars.len() && matches!(chars[park.end], '（' | '(') {
                if let Some(district) = mentions
                    .iter()
                    .find(|m| m.kind == EntityKind::District && m.start == park.end + 1)
                {
                    if chars
                        .get(district.end)
                        .is_some_and(|c| matches!(c, '）' | ')'))
                    {
                        self.relations.add(
                            RelationKind::LocatedIn,
                            park.entity,
                            district.entity,
                            false,
                            "parenthesis",
                            &[sentence],
                        );
                    }
                }
            }
        }
    }

    /// 依托“上海市低空协同管理示范区”，金山区加快… : the places a district relies on in the
    /// clause that opens its sentence lie in that district.
    fn relied_on_places(&mut self, chars: &[char], mentions: &[Mention], sentence: usize) {
        if !starts_with_at(chars, 0, "依托") {
            return;
        }
        let Some(comma) = chars.iter().position(|&c| matches!(c, '，' | ',')) else {
            return;
        };
        if mentions
            .iter()
            .any(|m| m.kind == EntityKind::District && m.start < comma)
        {
            return;
        }
        let Some(district) = mentions
            .iter()
            .find(|m| m.kind == EntityKind::District && m.start == comma + 1)
        else {
            return;
        };
        for park in mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Park && m.end <= comma)
        {
            self.relations.add(
                RelationKind::LocatedIn,
                park.entity,
                district.entity,
                false,
                "relied-on-place",
                &[sentence],
            );
        }
    }

    fn is_umbrella(&self, entity: usize) -> bool {
        let label = &self.entities.entities[entity].label;
        self.gazetteer
            .cues
            .umbrella_sectors
            .iter()
            .any(|u| u == label)
    }

    /// Pairs districts and parks with the industries the sentence gives them.
    fn pair_places_and_industries(
        &mut self,
        chars: &[char],
        mentions: &[Mention],
        context: &SectionContext,
        sentence: usize,
    ) {
        let gazetteer = self.gazetteer;
        let cues = &gazetteer.cues.focus_cues;
        let has_cue_between = |from: usize, to: usize| -> bool {
            let between: String = chars[from.min(to)..to].iter().collect();
            cues.iter().any(|cue| between.contains(cue.as_str()))
        };
        let clauses = clause_ids(chars);
        // A district that only locates the park after it (闵行紫竹) is not a place of its own here.
        let is_locator = |m: &Mention| {
            m.kind == EntityKind::District
                && mentions.iter().any(|p| {
                    p.kind == EntityKind::Park
                        && p.prefix_district == Some(m.entity)
                        && (p.start == m.end || p.start == m.start)
                })
        };
        let places: Vec<&Mention> = mentions
            .iter()
            .filter(|m| matches!(m.kind, EntityKind::District | EntityKind::Park) && !is_locator(m))
            .collect();
        let industries = self.industry_mentions(chars, mentions, context.topic, sentence);
        let sectors: Vec<&Mention> = industries.iter().collect();
        let mut pairs: Vec<(usize, usize, &'static str)> = Vec::new();

        // Enumerations: 长宁区人工智能和生物医药、静安区集成电路; 支持宝山、奉贤等区发展新材料.
        let mut current: Vec<&Mention> = Vec::new();
        let mut last_was_sector = false;
        let mut ordered: Vec<&Mention> = places
            .iter()
            .copied()
            .chain(sectors.iter().copied())
            .collect();
        ordered.sort_by_key(|m| (m.start, m.end));
        // Other mentions between a place and an industry are part of the same list:
        // mask them so only the words that link the two are judged.
        let mut masked: Vec<char> = chars.to_vec();
        for mention in &ordered {
            for c in masked.iter_mut().take(mention.end).skip(mention.start) {
                *c = '、';
            }
        }
        for mention in &ordered {
            if mention.kind == EntityKind::Sector {
                current.retain(|place| {
                    let same_or_joined = clauses[place.start] == clauses[mention.start]
                        || (clauses[mention.start] == clauses[place.start] + 1
                            && has_cue_between(place.end, mention.start));
                    same_or_joined && connects(&masked, place.end, mention.start, cues)
                });
                for place in &current {
                    pairs.push((place.entity, mention.entity, "enumeration"));
                }
                last_was_sector = true;
            } else {
                if last_was_sector {
                    current.clear();
                }
                current.push(mention);
                last_was_sector = false;
            }
        }

        // A place that opens the sentence and a later clause that develops industries.
        if let Some(first) = places.first() {
            let only_place_in_sentence = places
                .iter()
                .all(|p| p.entity == first.entity || clauses[p.start] == clauses[first.start]);
            if clauses[first.start] == 0 && only_place_in_sentence {
                for sector in &sectors {
                    if clauses[sector.start] > clauses[first.start]
                        && has_cue_between(first.end, sector.start)
                    {
                        pairs.push((first.entity, sector.entity, "sentence-topic"));
                    }
                }
            }
        }

        // The section's place, when the sentence names none: （一）打造张江科技创新极 … 围绕集成电路.
        // The place that opened the paragraph, for a sentence naming none
        // (加快建设张江科学城…。围绕集成电路、生物医药…开展原始创新).
        if places.is_empty() {
            let block = self.segmented.sentences[sentence].block;
            let opener = (0..sentence)
                .rev()
                .take_while(|&s| self.segmented.sentences[s].block == block)
                .last()
                .and_then(|first| self.sentence_mentions.get(first))
                .and_then(|found| {
                    found
                        .iter()
                        .find(|m| matches!(m.kind, EntityKind::Park | EntityKind::District))
                })
                .map(|m| m.entity);
            if let Some(opener) = opener {
                for sector in &sectors {
                    if has_cue_between(0, sector.start) {
                        pairs.push((opener, sector.entity, "paragraph-topic"));
                    }
                }
            }
        }

        // A park the heading names is the subject of its whole section; a district only
        // of sentences naming no place.
        let topic_is_park = context
            .topic
            .is_some_and(|t| self.entities.entities[t].kind == EntityKind::Park);
        if places.is_empty() || topic_is_park {
            if let Some(topic) = context.topic {
                // A district as the implicit subject (its own plan) hosts only what a
                // clause names as industrial development, not every industry word of the
                // plan (消费, 安全, 公共服务 …).
                let topic_is_district = self.entities.entities[topic].kind == EntityKind::District;
                for sector in &sectors {
                    let stated = if topic_is_district {
                        develops_as_industry(chars, &clauses, sector, &gazetteer.cues)
                    } else {
                        has_cue_between(0, sector.start)
                    };
                    if stated {
                        pairs.push((topic, sector.entity, "section-topic"));
                    }
                }
            }
        }

        // The section's industry, when the sentence names none: 集成电路产业。打造以张江为主体….
        // Places the sentence gives no industry of their own take the section's.
        if let Some(sector) = context.sector {
            if !self.is_umbrella(sector) {
                for place in &places {
                    let paired = pairs.iter().any(|(p, _, _)| *p == place.entity);
                    let cue_near =
                        has_cue_between(0, place.start) || has_cue_between(place.end, chars.len());
                    if !paired && cue_near {
                        pairs.push((place.entity, sector, "section-sector"));
                    }
                }
            }
        }

        // A sentence that opens with a place in a district (徐汇滨江，建设西岸智慧谷…) places
        // the parks it goes on to name in that district.
        if let Some(first) = places.first() {
            let opening: String = chars[..first.start].iter().collect();
            let district = match first.kind {
                EntityKind::District => Some(first.entity),
                _ => first.prefix_district.or_else(|| {
                    self.relations
                        .relations
                        .iter()
                        .find(|r| {
                            r.kind == RelationKind::LocatedIn
                                && r.subject == first.entity
                                && !r.inferred
                        })
                        .map(|r| r.object)
                }),
            };
            let alone = clauses[first.end.min(chars.len())] == 0
                && chars
                    .get(first.end)
                    .is_some_and(|c| matches!(c, '，' | ','));
            if let (Some(district), true) = (district, opening.trim().is_empty() && alone) {
                for park in places.iter().filter(|p| {
                    p.kind == EntityKind::Park && p.prefix_district.is_none() && p.start > first.end
                }) {
                    self.relations.add(
                        RelationKind::LocatedIn,
                        park.entity,
                        district,
                        false,
                        "sentence-district",
                        &[sentence],
                    );
                }
            }
        }

        for (place, sector, rule) in pairs {
            let kind = match self.entities.entities[place].kind {
                EntityKind::District => RelationKind::HostsIndustry,
                _ => RelationKind::FocusesOn,
            };
            self.relations
                .add(kind, place, sector, false, rule, &[sentence]);
        }
    }

    /// The industries a sentence names: known sectors, and the items of an enumeration of
    /// industries (A、B、C等…产业 / …服务业), where a known technology counts as an industry
    /// and an unknown item becomes a new sector when the list's head says it is an industry.
    fn industry_mentions(
        &mut self,
        chars: &[char],
        mentions: &[Mention],
        topic: Option<usize>,
        sentence: usize,
    ) -> Vec<Mention> {
        static ENUMERATION: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"([^，。；：“”（）]{2,160}?)等([^，。；：、“”]{0,16})")
                .expect("enumeration pattern")
        });
        let gazetteer = self.gazetteer;
        let cues = &gazetteer.cues;
        // 低空飞行协同服务管理机制, 低空飞行配套设施: the sector only qualifies a
        // governance or infrastructure noun, so it is not an industry the place hosts.
        let modifies = |m: &Mention| {
            cues.industry_modified_nouns
                .iter()
                .any(|noun| starts_with_at(chars, m.end, noun))
        };
        let mut industries: Vec<Mention> = mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Sector && !self.is_umbrella(m.entity) && !modifies(m))
            .cloned()
            .collect();
        let text: String = chars.iter().collect();
        for captures in ENUMERATION.captures_iter(&text) {
            let list = captures.get(1).expect("group 1");
            let head_match = captures.get(2).expect("group 2");
            let head = head_match.as_str();
            // …等产业布局 / …等产业集群: the head noun before a trailing 布局, 发展 or 体系.
            let head_noun = ["布局", "发展", "体系", "生态"]
                .iter()
                .find_map(|tail| head.strip_suffix(tail))
                .unwrap_or(head);
            let has_place = mentions
                .iter()
                .any(|m| matches!(m.kind, EntityKind::Park | EntityKind::District));
            // 领域 lists name industries when the sentence is about a place
            // (张江科学城…在集成电路设计、芯片制造、新药研发等领域…领先).
            let head_is_industry = (cues
                .industry_heads
                .iter()
                .any(|h| head_noun.ends_with(h.as_str()))
                || (has_place && head_noun.ends_with("领域")))
                && !head.contains("企业");
            let head_is_field = head_is_industry || head.ends_with("领域");
            if !head_is_field || !list.as_str().contains('、') {
                continue;
            }
            let mut offset = text[..list.start()].chars().count();
            for item in list.as_str().split('、') {
                let item_start = offset;
                let item_end = offset + item.chars().count();
                offset = item_end + 1;
                let inside: Vec<&Mention> = mentions
                    .iter()
                    .filter(|m| m.start >= item_start && m.end <= item_end)
                    .collect();
                if inside.iter().any(|m| {
                    matches!(
                        m.kind,
                        EntityKind::Sector | EntityKind::District | EntityKind::Park
                    )
                }) {
                    continue;
                }
                if let Some(technology) = inside
                    .iter()
                    .find(|m| m.kind == EntityKind::Technology && m.end == item_end)
                {
                    let label = self.entities.entities[technology.entity].label.clone();
                    let sector = self
                        .entities
                        .add(EntityKind::Sector, &label, &label, None, None);
                    self.entities.mention(sector, sentence);
                    industries.push(Mention {
                        entity: sector,
                        kind: EntityKind::Sector,
                        ..(*technology).clone()
                    });
                    continue;
                }
                if !head_is_industry {
                    continue;
                }
                let (label, label_start) = clean_item(item, item_start, cues);
                let label = strip_industry_suffix(&label).to_owned();
                let length = label.chars().count();
                // 振兴黄河路、进贤路等支马路商业: streets are places, not industries.
                if !(2..=10).contains(&length)
                    || label.chars().all(|c| c.is_ascii_digit())
                    || cues
                        .street_endings
                        .iter()
                        .any(|ending| label.ends_with(ending.as_str()))
                {
                    continue;
                }
                let sector = self.add_dynamic(EntityKind::Sector, &label, None);
                self.entities.mention(sector, sentence);
                industries.push(Mention {
                    start: label_start,
                    end: item_end,
                    entity: sector,
                    kind: EntityKind::Sector,
                    prefix_district: None,
                    inner_sectors: Vec::new(),
                });
            }
            // The head itself when it names an industry (…等高技术服务业).
            if head_is_industry {
                let head_label = head.rsplit('的').next().unwrap_or(head).trim();
                let head_label = strip_industry_suffix(head_label).to_owned();
                let generic = cues
                    .umbrella_sectors
                    .iter()
                    .chain(&cues.generic_park_words)
                    .any(|g| *g == head_label || format!("{g}产业") == head_label)
                    || head_label.chars().count() < 2
                    || head_label.starts_with("产业")
                    || head_label
                        .chars()
                        .any(|c| "一二三四五六七八九十两若".contains(c))
                    || matches!(head_label.as_str(), "业" | "服务业" | "制造业" | "产业");
                let head_start = text[..head_match.start()].chars().count();
                let head_end = head_start + head.chars().count();
                let already = industries
                    .iter()
                    .any(|m| m.start >= head_start && m.end <= head_end);
                if !generic && !already && !head_label.contains(['、', '和']) {
                    let sector = self.add_dynamic(EntityKind::Sector, &head_label, None);
                    self.entities.mention(sector, sentence);
                    industries.push(Mention {
                        start: head_end.saturating_sub(head_label.chars().count()),
                        end: head_end,
                        entity: sector,
                        kind: EntityKind::Sector,
                        prefix_district: None,
                        inner_sectors: Vec::new(),
                    });
                }
            }
        }
        // Compound industries a place is said to develop (航空物流 around a known 物流).
        let compounds = self.focus_object_industries(chars, mentions, topic, sentence);
        industries.retain(|m| {
            !compounds
                .iter()
                .any(|c| c.start <= m.start && m.end <= c.end && c.entity != m.entity)
        });
        industries.extend(compounds);
        industries.sort_by_key(|m| (m.start, m.end));
        industries.dedup_by_key(|m| (m.start, m.entity));
        industries
    }

    /// Industries named as the objects of a focus verb whose subject is a place
    /// (临空园区发展航空金融和航空信息服务; 依托…示范区，重点发展航空运营和航空物流): an item
    /// that ends in a known sector after a modifier, or in an industry head word, is an
    /// industry of its own, under the known sector.
    fn focus_object_industries(
        &mut self,
        chars: &[char],
        mentions: &[Mention],
        topic: Option<usize>,
        sentence: usize,
    ) -> Vec<Mention> {
        let gazetteer = self.gazetteer;
        let cues = &gazetteer.cues;
        let clause_of = clause_ids(chars);
        let last_clause = clause_of.last().copied().unwrap_or(0);
        let clause_start = |clause: usize| clause_of.iter().position(|&c| c == clause).unwrap_or(0);
        // Clauses whose subject is a place: the place opens the clause (after at most a
        // verb such as 支持), or a 依托<place> clause opens the one before.
        // Each such clause is read from after its place (支持临空园区发展…).
        let mut subject_clauses: BTreeMap<usize, usize> = BTreeMap::new();
        let mut park_subject: BTreeSet<usize> = BTreeSet::new();
        for place in mentions
            .iter()
            .filter(|m| matches!(m.kind, EntityKind::Park | EntityKind::District))
        {
            let clause = clause_of[place.start];
            let start = clause_start(clause);
            let subject = if starts_with_at(chars, start, "依托") {
                let next = clause_start(clause + 1);
                subject_clauses.entry(clause + 1).or_insert(next);
                clause + 1
            } else if place.start <= start + 2 {
                let from = subject_clauses.entry(clause).or_insert(place.end);
                *from = (*from).max(place.end);
                clause
            } else {
                continue;
            };
            if place.kind == EntityKind::Park {
                park_subject.insert(subject);
            }
        }
        let mut verbs: Vec<&String> = cues.focus_cues.iter().collect();
        verbs.sort_by_key(|v| std::cmp::Reverse(v.chars().count()));
        // Under a heading that names a place (（二）白马湖生态创意城), a sentence without a
        // place of its own is about that place.
        let places_named = mentions
            .iter()
            .any(|m| matches!(m.kind, EntityKind::Park | EntityKind::District));
        if topic.is_some() && !places_named {
            for clause in 0..=last_clause {
                let start = clause_start(clause);
                if verbs
                    .iter()
                    .any(|v| starts_with_at(chars, start, v.as_str()))
                {
                    subject_clauses.insert(clause, start);
                    if topic.is_some_and(|t| self.entities.entities[t].kind == EntityKind::Park) {
                        park_subject.insert(clause);
                    }
                }
            }
        }
        // 临港新片区加快…，开展…试点: a clause that opens with a focus verb and names no
        // place of its own continues the subject of the clause before it.
        for clause in 1..=last_clause {
            let start = clause_start(clause);
            let names_place = mentions.iter().any(|m| {
                matches!(m.kind, EntityKind::Park | EntityKind::District)
                    && clause_of[m.start] == clause
            });
            if subject_clauses.contains_key(&(clause - 1))
                && !subject_clauses.contains_key(&clause)
                && !names_place
                && verbs
                    .iter()
                    .any(|v| starts_with_at(chars, start, v.as_str()))
            {
                subject_clauses.insert(clause, start);
                if park_subject.contains(&(clause - 1)) {
                    park_subject.insert(clause);
                }
            }
        }
        if subject_clauses.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut position = 0;
        while position < chars.len() {
            if subject_clauses
                .get(&clause_of[position])
                .is_none_or(|&from| position < from)
            {
                position += 1;
                continue;
            }
            let Some(verb) = verbs
                .iter()
                .find(|verb| starts_with_at(chars, position, verb.as_str()))
            else {
                position += 1;
                continue;
            };
            let mut start = position + verb.chars().count();
            let clause = clause_of[position];
            let mut end = start;
            while end < chars.len() && clause_of[end] == clause && !is_clause_end(chars[end]) {
                end += 1;
            }
            position = end;
            // The object: items joined by 、 和 及 与, each up to 企业/机构/等.
            let mut item_start = start;
            while start <= end {
                if start == end || matches!(chars[start], '、' | '和' | '及' | '与') {
                    let item: String = chars[item_start..start].iter().collect();
                    let park = park_subject.contains(&clause);
                    if let Some(mention) =
                        self.compound_industry(&item, item_start, mentions, park, cues)
                    {
                        self.entities.mention(mention.entity, sentence);
                        found.push(mention);
                    }
                    item_start = start + 1;
                }
                start += 1;
            }
        }
        found
    }

    fn compound_industry(
        &mut self,
        item: &str,
        item_start: usize,
        mentions: &[Mention],
        park_subject: bool,
        cues: &crate::gazetteer::Cues,
    ) -> Option<Mention> {
        let (mut label, cleaned_start) = clean_item(item, item_start, cues);
        let item_start = cleaned_start;
        if cues
            .district_relative_words
            .iter()
            .chain(&cues.focus_cues)
            .any(|word| label.starts_with(word.as_str()))
        {
            return None;
        }
        for stop in ["企业", "机构", "项目", "平台", "等", "产业", "试点", "示范"] {
            if let Some(cut) = label.find(stop) {
                label.truncate(cut);
            }
        }
        let length = label.chars().count();
        if !(3..=8).contains(&length) || label.chars().any(|c| c.is_ascii_digit() || !is_cjk(c)) {
            return None;
        }
        let end = item_start + length;
        let inside: Vec<&Mention> = mentions
            .iter()
            .filter(|m| m.start >= item_start && m.end <= end)
            .collect();
        // 西湖区云栖小镇重点发展云计算和大数据: a technology a park develops as its
        // industry is an industry by the same name.
        if let [only] = inside.as_slice() {
            if park_subject
                && only.kind == EntityKind::Technology
                && only.start == item_start
                && only.end == end
            {
                let entity = self
                    .entities
                    .add(EntityKind::Sector, &label, &label, None, None);
                return Some(Mention {
                    entity,
                    kind: EntityKind::Sector,
                    ..(*only).clone()
                });
            }
        }
        if inside
            .iter()
            .any(|m| m.kind != EntityKind::Sector || (m.start == item_start && m.end == end))
        {
            return None;
        }
        // A modifier of at least two characters before a known sector at the end.
        let tail = inside
            .iter()
            .find(|m| m.end == end && m.start >= item_start + 2 && !self.is_umbrella(m.entity));
        let headed = cues
            .compound_industry_heads
            .iter()
            .any(|head| label.ends_with(head.as_str()) && length > head.chars().count() + 1);
        // 航空物流 under 物流; 健康管理服务 under the 健康管理 it starts with.
        let parent = match (tail, inside.last()) {
            (Some(tail), _) => Some(self.entities.entities[tail.entity].key.clone()),
            (None, Some(last)) if headed && !self.is_umbrella(last.entity) => {
                Some(self.entities.entities[last.entity].key.clone())
            }
            (None, None) if headed => None,
            _ => return None,
        };
        let entity = self.add_dynamic(EntityKind::Sector, &label, parent.as_deref());
        Some(Mention {
            start: item_start,
            end,
            entity,
            kind: EntityKind::Sector,
            prefix_district: None,
            inner_sectors: Vec::new(),
        })
    }

    /// A sub-sector heading that names a technology or product (智能芯片, 全光通信设备,
    /// 纯电动和燃料电池汽车 under their sector): the sector develops it. Headings that
    /// stay a coordination of categories (装备和材料, 模型与算法) name no technology.
    fn technology_heading(&mut self, section: usize, sentence: usize) {
        let context = &self.sections[section];
        let (Some(sector), Some(top)) = (context.sector, context.top_sector) else {
            return;
        };
        if !context.own_sector || sector == top || self.is_grouping(top) {
            return;
        }
        let title = strip_parentheses(&self.segmented.sections[section].title);
        let items = self.coordinated_items(&title, true);
        if items.iter().all(|item| self.has_head(item)) {
            for item in items {
                self.record_technology(top, &item, sentence, "technology-heading");
            }
        }
    }

    /// Records that a sector develops a technology named in a sentence: a gazetteer
    /// technology, a new name, or a narrower product sector the sector pushes
    /// (智能网联汽车 under 新能源汽车).
    fn record_technology(
        &mut self,
        sector: usize,
        label: &str,
        sentence: usize,
        rule: &'static str,
    ) {
        // A heading the section pass took for a sub-sector (智能芯片) is a technology too.
        let concepts = match self.lexicon.get(label) {
            Some(Lex::Concepts(concepts)) => concepts.clone(),
            Some(Lex::Dynamic(EntityKind::Technology | EntityKind::Sector, _)) | None => Vec::new(),
            Some(Lex::Dynamic(..)) | Some(Lex::Block) => return,
        };
        let object = if concepts.is_empty()
            || concepts
                .iter()
                .any(|&c| self.gazetteer.concepts[c].kind == EntityKind::Technology)
        {
            self.add_dynamic(EntityKind::Technology, label, None)
        } else if let Some(&concept) = concepts
            .iter()
            .find(|&&c| self.gazetteer.concepts[c].kind == EntityKind::Sector)
        {
            let product = self.register_concept(concept);
            if !self.sector_as_technology(product, sector) {
                return;
            }
            product
        } else {
            return;
        };
        if object == sector {
            return;
        }
        self.entities.mention(object, sentence);
        self.relations.add(
            RelationKind::DevelopsTechnology,
            sector,
            object,
            false,
            rule,
            &[sentence],
        );
    }

    /// Whether a known sector named where a technology is expected is a product line of
    /// `sector` rather than an industry of its own: not the sector itself, not a grouping,
    /// not an industry with its own chapter, not a sub-sector filed under another one.
    fn sector_as_technology(&self, product: usize, sector: usize) -> bool {
        if product == sector || self.is_umbrella(product) || self.is_grouping(product) {
            return false;
        }
        let mut ancestor = self.entities.entities[sector].parent.clone();
        while let Some(key) = ancestor {
            if self.entities.entities[product].key == key {
                return false;
            }
            ancestor = self
                .entities
                .index
                .get(&(EntityKind::Sector, key))
                .and_then(|&i| self.entities.entities[i].parent.clone());
        }
        !self.sections.iter().any(|context| {
            context.top_sector == Some(product)
                || (context.own_sector
                    && context.sector == Some(product)
                    && context.top_sector != Some(sector))
        })
    }

    /// A sector that groups industries (未来产业, 战略性新兴产业) rather than naming one:
    /// its chapter lists industries, not technologies.
    fn is_grouping(&self, sector: usize) -> bool {
        self.is_umbrella(sector) || self.entities.entities[sector].label.ends_with("产业")
    }

    /// Whether a name is headed by a technology word, or is a technology the gazetteer
    /// knows.
    fn has_head(&self, name: &str) -> bool {
        has_technology_head(name, &self.gazetteer.cues)
            || matches!(self.lexicon.get(name), Some(Lex::Concepts(c)) if c.iter().any(|&c| self.gazetteer.concepts[c].kind == EntityKind::Technology))
    }

    /// Splits a coordination at 和/与/及 where the left part is a name of its own
    /// (储能变流器和电池管理系统), and keeps it whole where the left part only modifies
    /// the right (细胞与基因治疗, 康复干预与辅助机器人). In headings a shared head is
    /// restored (纯电动和燃料电池汽车 → 纯电动汽车, 燃料电池汽车).
    fn coordinated_items(&self, phrase: &str, restore_head: bool) -> Vec<String> {
        let mut items: Vec<String> = Vec::new();
        let mut pending = String::new();
        let mut dangling: Vec<String> = Vec::new();
        for c in phrase.chars() {
            if matches!(c, '和' | '与' | '及') && !pending.is_empty() {
                // 商业卫星总装和… : the left part without its process word.
                let stripped = strip_processes(&pending, &self.gazetteer.cues);
                let left = stripped.rsplit('、').next().unwrap_or_default();
                if self.has_head(left) || self.lexicon.contains_key(left) {
                    items.push(stripped);
                    pending.clear();
                    continue;
                }
                if restore_head && !pending.contains('、') {
                    dangling.push(std::mem::take(&mut pending));
                    continue;
                }
            }
            pending.push(c);
        }
        if restore_head && !dangling.is_empty() {
            // The shared head, after a name part of at least two characters
            // (燃料电池|汽车, not 零|部件).
            let head = self
                .gazetteer
                .cues
                .technology_heads
                .iter()
                .filter(|head| {
                    pending.ends_with(head.as_str())
                        && pending.chars().count() >= head.chars().count() + 2
                })
                .max_by_key(|head| head.chars().count());
            match head {
                Some(head) => items.extend(dangling.iter().map(|left| format!("{left}{head}"))),
                // A coordination of categories (装备和材料, 模型与算法) names no one thing.
                None => return Vec::new(),
            }
        }
        if !pending.is_empty() {
            items.push(pending);
        }
        items
    }

    /// Technologies a sector develops, clause by clause: gazetteer technologies and the
    /// items of development phrases in the sector's own section. A clause whose subject is
    /// a place (紫竹高新区重点发展…) states what the place hosts, not a technology; a
    /// clause that opens with another sector (量子信息领域重点研发…) gives that sector.
    fn technologies(
        &mut self,
        chars: &[char],
        mentions: &[Mention],
        context: &SectionContext,
        sentence: usize,
    ) {
        self.technologies_of_named_sector(chars, mentions, sentence);
        let Some(sector) = context.top_sector else {
            return;
        };
        let sector = if self.is_grouping(sector) {
            context.sector.filter(|&s| !self.is_grouping(s))
        } else {
            Some(sector)
        };
        let clause_of = clause_ids(chars);
        let mut start = 0;
        while start < chars.len() {
            let mut end = start;
            while end < chars.len() && clause_of[end] == clause_of[start] {
                end += 1;
            }
            let in_clause: Vec<&Mention> = mentions
                .iter()
                .filter(|m| m.start >= start && m.end <= end)
                .collect();
            self.clause_technologies(chars, start, end, &in_clause, sector, sentence);
            start = end;
        }
    }

    /// Outside a sector's own section, a list that ends by naming its sector and what the
    /// items are (围绕跨链、隐私计算、智能合约等区块链关键核心技术领域): the items are that
    /// sector's technologies.
    fn technologies_of_named_sector(
        &mut self,
        chars: &[char],
        mentions: &[Mention],
        sentence: usize,
    ) {
        const KINDS: [&str; 6] = ["技术", "产品", "装备", "器件", "芯片", "软件"];
        let clause_of = clause_ids(chars);
        for sector in mentions.iter().filter(|m| m.kind == EntityKind::Sector) {
            if sector.start < 3 || chars[sector.start - 1] != '等' {
                continue;
            }
            let clause = clause_of[sector.start];
            let after: String = chars[sector.end..(sector.end + 8).min(chars.len())]
                .iter()
                .take_while(|&&c| !is_clause_end(c))
                .collect();
            if !KINDS.iter().any(|kind| after.contains(kind)) {
                continue;
            }
            let clause_start = (0..sector.start)
                .rev()
                .take_while(|&i| clause_of[i] == clause)
                .last()
                .unwrap_or(sector.start);
            let list: String = chars[clause_start..sector.start - 1].iter().collect();
            // The list starts after the clause's last verb (围绕, 开展, 突破 …).
            let cues = &self.gazetteer.cues;
            let list_start = cues
                .technology_cues
                .iter()
                .chain(&cues.focus_cues)
                .filter_map(|verb| list.rfind(verb.as_str()).map(|at| at + verb.len()))
                .max()
                .unwrap_or(0);
            let items: Vec<String> = list[list_start..]
                .split(['、', '，'])
                .map(|item| item.trim().to_owned())
                .collect();
            let all_names = items.len() >= 2
                && items.iter().all(|item| {
                    (2..=12).contains(&item.chars().count()) && item.chars().all(is_name_char)
                });
            if !all_names {
                continue;
            }
            let sector_entity = sector.entity;
            for item in items {
                self.record_technology(sector_entity, &item, sentence, "named-sector-list");
            }
        }
    }

    fn clause_technologies(
        &mut self,
        chars: &[char],
        start: usize,
        end: usize,
        mentions: &[&Mention],
        section_sector: Option<usize>,
        sentence: usize,
    ) {
        let text: String = chars[start..end].iter().collect();
        let cues = &self.gazetteer.cues;
        let verb_at = cues
            .technology_cues
            .iter()
            .chain(&cues.focus_cues)
            .filter_map(|verb| text.find(verb.as_str()))
            .min()
            .map(|byte| text[..byte].chars().count() + start);
        // 支持白马湖生态创意城建设…: a place right after the opening verb is the subject.
        if mentions.iter().any(|m| {
            matches!(m.kind, EntityKind::Park | EntityKind::District)
                && (verb_at.is_none_or(|v| m.start < v) || m.start <= start + 2)
        }) {
            return;
        }
        // 量子信息领域重点研发… : the clause names its own sector.
        let opening = mentions.iter().find(|m| {
            matches!(m.kind, EntityKind::Sector | EntityKind::Technology)
                && (m.start == start || (m.start == start + 1 && chars[start] == '在'))
                && ["领域", "产业", "方面", "板块"]
                    .iter()
                    .any(|word| starts_with_at(chars, m.end, word))
        });
        // A technology named as a field of its own (脑机接口领域重点研发…) acts as a sector.
        let opening = opening.map(|m| match m.kind {
            EntityKind::Technology => {
                let label: String = chars[m.start..m.end].iter().collect();
                self.add_dynamic(EntityKind::Sector, &label, None)
            }
            _ => m.entity,
        });
        let sector = match opening {
            Some(opening) if !self.is_grouping(opening) => opening,
            _ => match section_sector {
                Some(sector) => sector,
                None => return,
            },
        };
        let sector_label = self.entities.entities[sector].label.clone();
        // 运用人工智能、三维建模等技术赋能…: technologies used, not developed.
        if cues
            .technology_use_verbs
            .iter()
            .any(|verb| text.trim_start().starts_with(verb.as_str()))
        {
            return;
        }
        let items: Vec<String> = self
            .clause_items(&strip_parentheses(text.trim_end_matches(is_clause_end)))
            .into_iter()
            // 新型储能 in the 新能源与新型储能 chapter names the sector, not a technology.
            .filter(|item| !sector_label.contains(item.as_str()))
            .collect();
        for mention in mentions.iter().filter(|m| m.kind == EntityKind::Technology) {
            let surface: String = chars[mention.start..mention.end].iter().collect();
            // A known technology inside a longer named one (深度学习 in
            // 深度学习云端定制系统级芯片) is part of that name, not a fact of its own.
            if items.iter().any(|label| {
                label.contains(surface.as_str()) && label.chars().count() > surface.chars().count()
            }) {
                continue;
            }
            // An abbreviation in brackets (SoC, ADAS) repeats the name before it.
            let bracketed = chars[start..mention.start]
                .iter()
                .rev()
                .take_while(|&&c| !matches!(c, '）' | ')'))
                .any(|&c| matches!(c, '（' | '('));
            if bracketed && !items.is_empty() {
                continue;
            }
            // Fields a product is used in (在数据中心、超级计算机等领域的应用; 面向…等应用).
            let before: String = chars[start..mention.start].iter().collect();
            let after: String = chars[mention.end..end].iter().collect();
            if (before.contains('在') || before.contains("面向"))
                && ["领域", "等应用", "场景"].iter().any(|w| after.contains(w))
            {
                continue;
            }
            // A modifier of a named item (支持…深度学习等范式的统一计算框架).
            if let Some(position) = after.rfind('的') {
                let head = &after[position..];
                if items.iter().any(|item| head.contains(item.as_str())) {
                    continue;
                }
            }
            self.relations.add(
                RelationKind::DevelopsTechnology,
                sector,
                mention.entity,
                false,
                "section-technology",
                &[sentence],
            );
        }
        for label in items {
            self.record_technology(sector, &label, sentence, "technology-enumeration");
        }
    }

    /// Items of a clause that name technologies: the items of an enumeration that ends in
    /// 等…技术/装备/设备/器件/材料/产品 (or 等…领域/方向 when each item has a technology
    /// head), items that end in 技术 themselves, and the objects of a development verb.
    fn clause_items(&self, clause: &str) -> Vec<String> {
        let cues = &self.gazetteer.cues;
        // (item, listed): listed items come from an enumeration that itself says they are
        // technologies, materials or devices (…等第三代半导体材料), so need no head word.
        let mut items: Vec<(String, bool)> = Vec::new();
        // 等 inside a word (高等级硅钢, 等离子体) closes no list: mask it while matching.
        let masked = mask_word_internal_deng(clause);
        let clause = masked.as_str();
        for captures in self.gazetteer.technology_enumeration.captures_iter(clause) {
            let list = captures.get(1).expect("group 1").as_str();
            let category = captures.get(2).expect("group 2").as_str();
            if !list.contains('、') {
                continue;
            }
            let field = ["领域", "方向", "方面"]
                .iter()
                .any(|w| category.ends_with(w));
            // 在数据中心、超级计算机等领域的应用: fields of use, not technologies.
            if field
                && !category.contains("技术")
                && (list.contains('在') || list.contains("面向") || category.contains("应用"))
                && category.ends_with("领域")
            {
                continue;
            }
            let listed = !field || category.contains("技术");
            // In a list that says what its items are, 和 joins two items (智能语音和机器翻译);
            // 与 and 及 bind a compound (新一代天线与射频技术).
            items.extend(
                list_items(list)
                    .into_iter()
                    .flat_map(|item| split_at_and(&item))
                    .map(|item| (item, listed)),
            );
            // The category after 等 can be a named technology itself (…等智能医疗机器人),
            // unless it is a generic one (核心芯片, 关键技术).
            if !field
                && !category.contains("关键")
                && !category.contains("核心")
                && !cues
                    .technology_item_prefixes
                    .iter()
                    .chain(&cues.generic_technologies)
                    .any(|generic| category.starts_with(generic.as_str()))
            {
                items.push((category.to_owned(), false));
            }
        }
        if clause.contains('、') {
            items.extend(
                list_items(clause)
                    .into_iter()
                    .filter(|item| item.ends_with("技术"))
                    .map(|item| (item, false)),
            );
        }
        // Objects of a development verb: 研制深度学习云端定制系统级芯片；研发…的云计算服务平台.
        // An enumeration that says what its items are already gave them. An object the
        // clause calls a technology (突破车路云一体化协同控制关键技术) needs no head word.
        if !items.iter().any(|(_, listed)| *listed) {
            let stated = after_verb(clause, &cues.technology_cues, true)
                .is_some_and(|object| object.ends_with("技术"));
            items.extend(self.verb_objects(clause).into_iter().map(|item| {
                let listed = stated && item.chars().count() >= 4;
                (item, listed)
            }));
        }
        let mut found = Vec::new();
        for (item, listed) in items {
            // Items keep a word's 等 masked until they are cut at a list's 等.
            let item = strip_parentheses(item.trim());
            let item = match item.rfind('的') {
                Some(position) => &item[position + '的'.len_utf8()..],
                None => item.as_str(),
            };
            let item = self.strip_item_prefixes(item.trim());
            // 纳米机器人等智能医疗机器人: the item ends at 等 (not the 等 of 高等级).
            let item = item
                .split('等')
                .next()
                .unwrap_or_default()
                .replace(MASKED_DENG, "等");
            // Only noun phrases headed by a technology word (芯片, 系统, 材料 …) qualify.
            if !self.has_head(&item) && !listed {
                continue;
            }
            let mut item = item.strip_suffix("技术").unwrap_or(&item).trim().to_owned();
            // 运氢相关技术 → 运氢; 数据中心网络产品 → 数据中心网络.
            for suffix in ["相关", "产品"] {
                if let Some(stripped) = item.strip_suffix(suffix) {
                    item = stripped.to_owned();
                }
            }
            let length = item.chars().count();
            if !(2..=16).contains(&length)
                || item.contains(['“', '”', '（', '《', '(', ')', '）'])
                || item.chars().all(|c| c.is_ascii_digit())
                || item.contains("产业")
                || (!listed
                    && cues
                        .focus_cues
                        .iter()
                        .any(|verb| verb.chars().count() >= 2 && item.contains(verb.as_str())))
                || cues.generic_technologies.contains(&item)
                // 小型化, 轻量化: a property to reach, not a technology (海水淡化 is one).
                || (item.ends_with('化') && length <= 3)
                // 技术平台, 发展通信: a verb or 技术 left in front.
                || item.starts_with("技术")
                || cues
                    .technology_cues
                    .iter()
                    .chain(&cues.focus_cues)
                    .any(|verb| verb.chars().count() >= 2 && item.starts_with(verb.as_str()))
            {
                continue;
            }
            if !found.contains(&item) {
                found.push(item);
            }
        }
        found
    }

    /// Removes leading verbs and modifiers (加快, 重点突破, 高端, 通用性) from an item, as
    /// long as what remains still names a thing (核心IP stays: IP alone is no name).
    fn strip_item_prefixes(&self, item: &str) -> String {
        let cues = &self.gazetteer.cues;
        let mut prefixes: Vec<&String> = cues
            .technology_cues
            .iter()
            .chain(&cues.focus_cues)
            .chain(&cues.technology_item_prefixes)
            .chain(&cues.technology_actors)
            .collect();
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        let mut item = item.to_owned();
        loop {
            let before = item.clone();
            for prefix in &prefixes {
                let Some(rest) = item.strip_prefix(prefix.as_str()) else {
                    continue;
                };
                if rest.chars().count() >= 2 && (self.has_head(rest) || !self.has_head(&item)) {
                    item = rest.to_owned();
                }
            }
            if item == before {
                return item;
            }
        }
    }

    /// The things a clause says to develop: the object of its first technology verb (or of
    /// a later verb inside it: 支持企业研发…), without trailing process words (…的研发和
    /// 注册上市), split into coordinated items, each cut at its last 的.
    fn verb_objects(&self, clause: &str) -> Vec<String> {
        let cues = &self.gazetteer.cues;
        let Some(object) = after_verb(clause, &cues.technology_cues, true) else {
            return Vec::new();
        };
        let mut object = strip_processes(&object, cues);
        // 支持企业研发…, 鼓励高校院所研制…: the verb that follows the actor governs.
        if let Some(inner) = after_verb(&object, &cues.technology_cues, false) {
            let actor = &object[..object.len() - inner.len()];
            if cues
                .technology_actors
                .iter()
                .any(|a| actor.contains(a.as_str()))
            {
                object = strip_processes(&inner, cues);
            }
        }
        let mut items = Vec::new();
        for phrase in object.split("以及") {
            for coordinated in self.coordinated_items(phrase, false) {
                let named = match coordinated.rfind('的') {
                    Some(position) => &coordinated[position + '的'.len_utf8()..],
                    None => coordinated.as_str(),
                };
                items.extend(list_items(named));
            }
        }
        items.retain(|item| !item.trim().is_empty());
        items
    }

    /// Figures in a sentence, as targets (with their year) or observations.
    fn figures(
        &mut self,
        text: &str,
        mentions: &[Mention],
        context: &SectionContext,
        sentence: usize,
    ) {
        static EXPLICIT_YEAR: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?:到|至|于|在|截至)?(20[0-9]{2})年(?:底|末|前|以前)?")
                .expect("year pattern")
        });
        static OPENING_YEAR: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(?:到|至)(20[0-9]{2})年(?:底|末)?[，,]").expect("opening year pattern")
        });
        static DATED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(20[0-9]{2}|19[0-9]{2})年(?:的|底|末)?$").expect("dated pattern")
        });
        static FROM_TO: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r"(?:由|从)(20[0-9]{2}|19[0-9]{2})年.{0,20}?(?:至|到)(20[0-9]{2}|19[0-9]{2})年",
            )
            .expect("from-to pattern")
        });
        let normalized = normalize_digits(text);
        let figures = find_figures(&normalized);
        if figures.is_empty() {
            return;
        }
        let chars: Vec<char> = normalized.chars().collect();
        let gazetteer = self.gazetteer;
        let cues = &gazetteer.cues;
        let base_year = self.document_year();
        let block_text = self.block_text_until(sentence);
        let past_period_end = past_period_end(&block_text);
        let (from_year, to_year) = FROM_TO
            .captures_iter(&normalize_digits(&block_text))
            .last()
            .map(|c| (c[1].parse::<i32>().ok(), c[2].parse::<i32>().ok()))
            .unwrap_or((None, None));
        for figure in figures {
            let clause_start = chars[..figure.start]
                .iter()
                .rposition(|c| matches!(c, '，' | '；' | '：' | '。'))
                .map_or(0, |p| p + 1);
            let clause_end = chars[figure.end..]
                .iter()
                .position(|c| matches!(c, '，' | '；' | '。'))
                .map_or(chars.len(), |p| figure.end + p);
            let before: String = chars[clause_start..figure.start].iter().collect();
            let sentence_before: String = chars[..figure.start].iter().collect();
            let after: String = chars[figure.end..clause_end].iter().collect();

            let direct_year = DATED
                .captures(&before)
                .and_then(|c| c.get(1))
                .and_then(|m| m.as_str().parse::<i32>().ok());
            let explicit_year = EXPLICIT_YEAR
                .captures_iter(&sentence_before)
                .filter_map(|c| c.get(1).and_then(|m| m.as_str().parse::<i32>().ok()))
                .last();
            let period = period_year(&sentence_before);
            // 到2030年，…规模突破500亿元，集聚…企业40家: a sentence that opens with the
            // target year makes each of its figures a target.
            let opens_with_target_year = OPENING_YEAR
                .captures(&normalized)
                .and_then(|c| c[1].parse::<i32>().ok())
                .is_some_and(|year| base_year.is_some_and(|base| year > base));
            // A range (在3－4个关键领域…) still needs a cue of its own.
            let has_target_cue = (opens_with_target_year && figure.value_max.is_none())
                || cues
                    .target_cues
                    .iter()
                    .any(|cue| before.contains(cue.as_str()))
                || cues
                    .post_qualifiers
                    .iter()
                    .any(|q| after.starts_with(q.as_str()));
            let cue_right_before = cues
                .target_cues
                .iter()
                .chain(&cues.pre_qualifiers)
                .any(|cue| {
                    let tail: String = before
                        .chars()
                        .rev()
                        .take(cue.chars().count() + 1)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    tail.contains(cue.as_str())
                });
            let is_growth = ["增速", "增长率", "增幅", "年均增长"]
                .iter()
                .any(|w| before.contains(w));
            let future_year = explicit_year.filter(|&y| base_year.is_none_or(|base| y >= base));
            let past = context.past
                || (past_period_end.is_some() && period.is_none() && future_year.is_none());
            let dated_past = explicit_year.filter(|&y| base_year.is_some_and(|base| y < base));

            let (is_target, year) = if let Some(year) = direct_year {
                (
                    base_year.is_some_and(|base| year > base) && has_target_cue,
                    Some(year),
                )
            } else if past {
                // 由1673亿元增长至2960亿元: the first figure of a from–to pair takes the
                // earlier year, the rest the period's end.
                let opens_pair = before.ends_with('由') || before.ends_with('从');
                let year = if opens_pair {
                    from_year
                } else {
                    to_year.or(past_period_end)
                };
                let year = year.or_else(|| base_year.map(|y| y - 1));
                (false, year)
            } else if let Some(year) = future_year {
                (has_target_cue, Some(year))
            } else if let Some(year) = dated_past {
                // 截至2025年底…达到3280亿元 in a 2026 notice: a figure of the past.
                (false, Some(year))
            } else if let Some(year) = period {
                (has_target_cue, Some(year))
            } else if let Some(year) = self
                .paragraph_year(sentence)
                .or_else(|| self.heading_year(sentence))
            {
                (has_target_cue, Some(year))
            } else {
                (
                    has_target_cue && self.period_year.is_some(),
                    self.period_year,
                )
            };
            if !is_target && !past && direct_year.is_none() && dated_past.is_none() {
                continue;
            }
            // 年营收超过50亿元的设计企业: an amount describing the firms is a threshold, not a
            // target (a share, 80％的企业, is a figure of the sector).
            let after_qualifier = cues
                .post_qualifiers
                .iter()
                .find(|q| after.starts_with(q.as_str()))
                .map_or(after.as_str(), |q| &after[q.len()..]);
            if figure.unit == Unit::Cny && after_qualifier.starts_with('的') {
                continue;
            }
            // Units other than money, shares and counts only with a cue right before them.
            if figure.unit == Unit::Other && !cue_right_before {
                continue;
            }
            if !is_target && figure.unit == Unit::PercentagePoint {
                continue;
            }

            let Some(subject) =
                self.figure_subject(&chars, clause_start, figure.start, mentions, context)
            else {
                continue;
            };
            let metric = self.metric(&chars, clause_start, figure.start, mentions, cues);
            let pre = cues
                .pre_qualifiers
                .iter()
                .filter(|q| q.as_str() != "达到" && before.contains(q.as_str()))
                .max_by_key(|q| q.chars().count())
                .cloned();
            let post = cues
                .post_qualifiers
                .iter()
                .find(|q| after.starts_with(q.as_str()))
                .cloned();
            let qualifier = match (pre, post.clone()) {
                (Some(pre), Some(post)) => Some(format!("{pre} {post}")),
                (pre, post) => pre.or(post),
            };
            let original: String = {
                let raw: Vec<char> = text.chars().collect();
                let end = post
                    .as_ref()
                    .map_or(figure.end, |p| figure.end + p.chars().count());
                raw[figure.start..end.min(raw.len())].iter().collect()
            };
            self.quantities.push(Quantity {
                subject,
                metric,
                year,
                value: figure.value,
                value_max: figure.value_max,
                unit: figure.unit,
                unit_text: figure.unit_text,
                qualifier,
                text: original,
                is_target,
                is_growth_rate: is_growth,
                sentence,
            });
        }
    }

    /// Whose figure it is: the sector named last before it in its clause; the section's
    /// sector when the clause spells it out inside a longer name (民用航空航天产业 in 航空航天);
    /// the sector named last before it in the sentence; the last subject of the paragraph;
    /// the section's or the document's sector. A figure whose clause names a place but no
    /// sector belongs to the place, not to a sector, and is skipped.
    fn figure_subject(
        &self,
        chars: &[char],
        clause_start: usize,
        figure_start: usize,
        mentions: &[Mention],
        context: &SectionContext,
    ) -> Option<usize> {
        // A sub-sector named in its parent's opening paragraph (高端船舶 under 船舶海工)
        // does not own the parent's figures.
        let section_key = context
            .sector
            .map(|s| self.entities.entities[s].key.clone());
        // 集成电路用光刻胶: a sector that only modifies a product owns no figure.
        // 其中医疗器械产业规模达到120亿元: a part of the chapter's figure is the sub-sector's.
        let part_of = starts_with_at(chars, clause_start, "其中");
        let owns = |m: &&Mention| {
            m.kind == EntityKind::Sector
                && m.end <= figure_start
                && chars.get(m.end) != Some(&'用')
                && (part_of
                    || section_key.is_none()
                    || self.entities.entities[m.entity].parent != section_key)
        };
        let sectors_before = |from: usize| {
            mentions
                .iter()
                .filter(owns)
                .filter(|m| m.start >= from)
                .max_by_key(|m| m.end)
                .map(|m| m.entity)
        };
        let clause: String = chars[clause_start..figure_start].iter().collect();
        if let Some(sector) = context.sector {
            if clause.contains(self.entities.entities[sector].label.as_str()) {
                return Some(sector);
            }
        }
        if let Some(sector) = sectors_before(clause_start) {
            // 新型储能 in the 新能源与新型储能 chapter is that chapter's sector.
            let label = &self.entities.entities[sector].label;
            return Some(match context.sector {
                Some(own) if self.entities.entities[own].label.contains(label.as_str()) => own,
                _ => sector,
            });
        }
        // A figure after a place with no sector between belongs to the place.
        let last_sector_end = mentions
            .iter()
            .filter(owns)
            .map(|m| m.end)
            .max()
            .unwrap_or(0);
        let place_before = mentions.iter().any(|m| {
            matches!(m.kind, EntityKind::Park | EntityKind::District)
                && m.end <= figure_start
                && m.start >= last_sector_end
        });
        if place_before {
            return None;
        }
        sectors_before(0)
            .or(context.sector)
            .or(self.document_sector)
    }

    /// The text of a sentence's block up to and including the sentence.
    fn block_text_until(&self, sentence: usize) -> String {
        let block = self.segmented.sentences[sentence].block;
        let mut parts: Vec<&str> = self.segmented.sentences[..=sentence]
            .iter()
            .rev()
            .take_while(|s| s.block == block)
            .map(|s| s.text.as_str())
            .collect();
        parts.reverse();
        parts.concat()
    }

    /// The words naming what a figure measures: the clause before the figure without
    /// the subject, the year and the cue verb.
    fn metric(
        &self,
        chars: &[char],
        clause_start: usize,
        figure_start: usize,
        mentions: &[Mention],
        cues: &crate::gazetteer::Cues,
    ) -> String {
        let subject_end = mentions
            .iter()
            .filter(|m| {
                m.kind == EntityKind::Sector && m.end <= figure_start && m.start >= clause_start
            })
            .map(|m| m.end)
            .max()
            .unwrap_or(clause_start);
        let mut metric: String = chars[subject_end..figure_start].iter().collect();
        let mut cue_words: Vec<&String> = cues
            .target_cues
            .iter()
            .chain(&cues.pre_qualifiers)
            .collect();
        cue_words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        for cue in cue_words
            .into_iter()
            .chain([&"由".to_owned(), &"从".to_owned()])
        {
            if let Some(position) = metric.find(cue.as_str()) {
                metric.truncate(position);
            }
        }
        let metric = metric
            .trim_start_matches(['的', '，', '、'])
            .trim_start_matches("产业")
            .trim()
            .to_owned();
        static YEAR_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(?:到|至)?20[0-9]{2}年(?:底|末)?[，,]?").expect("year prefix")
        });
        let metric = YEAR_PREFIX
            .replace(&metric, "")
            .trim_start_matches("上海")
            .to_string();
        let metric: String = metric.chars().take(20).collect();
        if metric.is_empty() {
            "规模".to_owned()
        } else {
            metric
        }
    }

    /// The first target year stated earlier in the same block (到2025年，…。…达到…).
    fn paragraph_year(&self, sentence: usize) -> Option<i32> {
        let block = self.segmented.sentences[sentence].block;
        static YEAR: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(?:到|至)(20[0-9]{2})年").expect("paragraph year"));
        self.segmented.sentences[..sentence]
            .iter()
            .rev()
            .take_while(|s| s.block == block)
            .find_map(|s| {
                YEAR.captures(&s.text)
                    .and_then(|c| c.get(1))
                    .and_then(|m| m.as_str().parse().ok())
            })
    }

    /// The deadline a heading above the sentence gives its section (（二）建设及试运行阶段
    /// （2025年年底前）; 到2027年).
    fn heading_year(&self, sentence: usize) -> Option<i32> {
        static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?:(?:到|至)(20[0-9]{2})年|(20[0-9]{2})年(?:年底|底|末)?(?:前|以前))")
                .expect("deadline pattern")
        });
        let sections = &self.segmented.sections;
        let mut section = Some(self.segmented.sentences[sentence].section);
        while let Some(index) = section {
            let title = normalize_digits(&sections[index].title);
            if let Some(captures) = DEADLINE.captures(&title) {
                return captures
                    .get(1)
                    .or_else(|| captures.get(2))
                    .and_then(|m| m.as_str().parse().ok());
            }
            section = sections[index].parent;
        }
        None
    }

    /// The year the document was issued, from its metadata or its text.
    fn document_year(&self) -> Option<i32> {
        static YEAR: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(19[0-9]{2}|20[0-9]{2})").expect("year"));
        static ISSUED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(20[0-9]{2})年[0-9]{1,2}月[0-9]{1,2}日").expect("issue date")
        });
        let from_metadata = self
            .document
            .metadata
            .date
            .as_deref()
            .and_then(|date| YEAR.captures(date))
            .and_then(|c| c.get(1))
            .and_then(|m| m.as_str().parse().ok());
        from_metadata.or_else(|| {
            ISSUED
                .captures(&self.segmented.text)
                .and_then(|c| c.get(1))
                .and_then(|m| m.as_str().parse().ok())
        })
    }

    // ------------------------------------------------------------------ tables

    /// Tables copied from web pages often arrive one cell per line: a header row of short
    /// cells (序号 / 区 / 功能区 / 主导产业) and then the rows. The columns are read by their
    /// header: a park column, a district column, an industry column. Returns the sentences
    /// that were read as cells, so the header-less reader leaves them alone.
    fn header_tables(&mut self) -> BTreeSet<usize> {
        let sentences = &self.segmented.sentences;
        let count = sentences.len();
        let block_sizes = {
            let mut sizes: HashMap<usize, usize> = HashMap::new();
            for sentence in sentences {
                *sizes.entry(sentence.block).or_default() += 1;
            }
            sizes
        };
        let is_cell = |i: usize| {
            let sentence = &sentences[i];
            !sentence.is_heading
                && block_sizes[&sentence.block] == 1
                && sentence.text.chars().count() <= 40
                && !sentence.text.contains('。')
        };
        // A row number cell (1, 2, …).
        let row_number = |i: usize| -> Option<usize> {
            let text = sentences[i].text.trim();
            text.chars()
                .all(|c| c.is_ascii_digit())
                .then(|| text.parse().ok())
                .flatten()
        };
        let columns = &self.gazetteer.cues.table_columns;
        let role = |text: &str| -> Option<Column> {
            let text = text.trim();
            [
                (Column::Serial, &columns.serial),
                (Column::District, &columns.district),
                (Column::Park, &columns.park),
                (Column::Industry, &columns.industry),
            ]
            .into_iter()
            .find(|(_, names)| names.iter().any(|n| n == text))
            .map(|(column, _)| column)
        };
        let mut consumed = BTreeSet::new();
        let mut rows: Vec<(Vec<Column>, Vec<usize>)> = Vec::new();
        let mut index = 0;
        while index < count {
            // The header: 序号 and the cells up to the first row number, or a run of
            // known column names.
            let mut header = Vec::new();
            let mut next = index;
            if is_cell(index) && role(&sentences[index].text) == Some(Column::Serial) {
                while next < count
                    && is_cell(next)
                    && row_number(next).is_none()
                    && header.len() < 8
                {
                    header.push(role(&sentences[next].text).unwrap_or(Column::Other));
                    next += 1;
                }
            } else {
                while next < count && is_cell(next) {
                    let Some(column) = role(&sentences[next].text) else {
                        break;
                    };
                    header.push(column);
                    next += 1;
                }
            }
            let places = header
                .iter()
                .filter(|c| matches!(c, Column::Park | Column::District))
                .count();
            let useful = header.len() >= 2
                && places >= 1
                && (header.contains(&Column::Industry) || places >= 2);
            if !useful {
                index += 1;
                continue;
            }
            let serial = header[0] == Column::Serial;
            let mut row_start = next;
            let mut expected = 1;
            loop {
                if row_start >= count || !is_cell(row_start) {
                    break;
                }
                let mut row_end = row_start;
                if serial {
                    if row_number(row_start) != Some(expected) {
                        break;
                    }
                    row_end += 1;
                    while row_end < count
                        && is_cell(row_end)
                        && row_number(row_end) != Some(expected + 1)
                        && row_end - row_start < header.len()
                    {
                        row_end += 1;
                    }
                } else {
                    while row_end < count && is_cell(row_end) && row_end - row_start < header.len()
                    {
                        row_end += 1;
                    }
                    if row_end - row_start < header.len() {
                        break;
                    }
                }
                rows.push((header.clone(), (row_start..row_end).collect()));
                consumed.extend(row_start..row_end);
                expected += 1;
                row_start = row_end;
            }
            consumed.extend(index..next);
            index = row_start.max(index + 1);
        }
        let mut district_above = None;
        for (header, cells) in rows {
            // A district cell spanning several rows arrives once: later rows lack it.
            let columns: Vec<Column> = if cells.len() == header.len() {
                header.clone()
            } else if cells.len() + 1 == header.len() && header.contains(&Column::District) {
                header
                    .iter()
                    .copied()
                    .filter(|c| *c != Column::District)
                    .collect()
            } else {
                continue;
            };
            let cell_of = |column: Column| {
                columns
                    .iter()
                    .position(|&c| c == column)
                    .map(|position| cells[position])
            };
            let district = match cell_of(Column::District) {
                Some(cell) => self.sentence_mentions[cell]
                    .iter()
                    .find(|m| m.kind == EntityKind::District)
                    .map(|m| m.entity),
                None if header.contains(&Column::District) => district_above,
                None => None,
            };
            district_above = district;
            let park = cell_of(Column::Park).and_then(|cell| self.table_park(cell));
            let industries = cell_of(Column::Industry)
                .map(|cell| self.table_industries(cell))
                .unwrap_or_default();
            // The cells that state the fact, not the row number.
            let evidence: Vec<usize> = columns
                .iter()
                .zip(&cells)
                .filter(|(column, _)| !matches!(column, Column::Serial | Column::Other))
                .map(|(_, &cell)| cell)
                .collect();
            if let (Some(park), Some(district)) = (park, district) {
                self.relations.add(
                    RelationKind::LocatedIn,
                    park,
                    district,
                    false,
                    "table-row",
                    &evidence,
                );
            }
            for sector in industries {
                match (park, district) {
                    (Some(park), _) => self.relations.add(
                        RelationKind::FocusesOn,
                        park,
                        sector,
                        false,
                        "table-row",
                        &evidence,
                    ),
                    (None, Some(district)) => self.relations.add(
                        RelationKind::HostsIndustry,
                        district,
                        sector,
                        false,
                        "table-row",
                        &evidence,
                    ),
                    (None, None) => {}
                }
            }
        }
        consumed
    }

    /// The park a table cell names: a known or pattern-found park, or the cell as a name.
    fn table_park(&mut self, cell: usize) -> Option<usize> {
        let text = self.segmented.sentences[cell].text.trim().to_owned();
        let length = text.chars().count();
        let mentions = &self.sentence_mentions[cell];
        if let [only] = mentions.as_slice() {
            if only.start == 0 && only.end == length {
                return (only.kind == EntityKind::Park).then_some(only.entity);
            }
        }
        if length < 2 || mentions.iter().any(|m| m.kind == EntityKind::District) {
            return None;
        }
        let park = self.add_dynamic(EntityKind::Park, &text, None);
        self.entities.mention(park, cell);
        Some(park)
    }

    /// The industries a table cell lists: known sectors, and unknown items as new ones.
    fn table_industries(&mut self, cell: usize) -> Vec<usize> {
        let text = self.segmented.sentences[cell].text.clone();
        let mentions = self.sentence_mentions[cell].clone();
        let mut sectors = Vec::new();
        let mut offset = 0;
        for item in text.split(['、', '，', '/', '／', ',']) {
            let start = offset;
            let end = start + item.chars().count();
            offset = end + 1;
            let known: Vec<usize> = mentions
                .iter()
                .filter(|m| {
                    m.kind == EntityKind::Sector
                        && m.start >= start
                        && m.end <= end
                        && !self.is_umbrella(m.entity)
                })
                .map(|m| m.entity)
                .collect();
            let label = strip_industry_suffix(item.trim());
            let whole = mentions
                .iter()
                .any(|m| m.kind == EntityKind::Sector && m.start == start && m.end == end);
            if !known.is_empty() && (whole || known.len() > 1) {
                sectors.extend(known);
            } else if (2..=10).contains(&label.chars().count())
                && !label.chars().any(|c| c.is_ascii_digit())
            {
                // 数字医疗 around a known 医疗: the cell's own name is the industry.
                let sector = self.add_dynamic(EntityKind::Sector, label, None);
                self.entities.mention(sector, cell);
                sectors.push(sector);
            }
        }
        sectors.sort_unstable();
        sectors.dedup();
        sectors
    }

    /// Flattened tables: those with a header row first (see [`Self::header_tables`]); then,
    /// without a header, a cell that is only a district followed by a cell that is a park or
    /// area places the area in the district, and industries in the row's next cells are
    /// what the area focuses on.
    fn flattened_tables(&mut self) {
        let read = self.header_tables();
        let sentences = &self.segmented.sentences;
        for index in 0..sentences.len() {
            if read.contains(&index) {
                continue;
            }
            let cell = &sentences[index];
            let mentions = self.sentence_mentions[index].clone();
            let [district] = mentions.as_slice() else {
                continue;
            };
            if district.kind != EntityKind::District
                || district.start != 0
                || district.end != cell.text.chars().count()
            {
                continue;
            }
            let Some(next) = sentences.get(index + 1) else {
                continue;
            };
            if next.block == cell.block {
                continue;
            }
            let next_mentions = self.sentence_mentions[index + 1].clone();
            let length = next.text.chars().count();
            if length > 30 || next.text.contains(['。', '，']) {
                continue;
            }
            let park = match next_mentions.as_slice() {
                [only]
                    if only.kind == EntityKind::Park && only.start == 0 && only.end == length =>
                {
                    only.entity
                }
                _ if next_mentions.iter().all(|m| m.kind != EntityKind::District)
                    && length >= 2 =>
                {
                    let name = next.text.trim().to_owned();
                    if next_mentions
                        .iter()
                        .any(|m| m.start == 0 && m.end == length && m.kind != EntityKind::Park)
                    {
                        continue;
                    }
                    self.add_dynamic(EntityKind::Park, &name, None)
                }
                _ => continue,
            };
            self.entities.mention(park, index + 1);
            self.relations.add(
                RelationKind::LocatedIn,
                park,
                district.entity,
                false,
                "table-row",
                &[index, index + 1],
            );
            // Industries in the next cells of the row, until the next district cell.
            for offset in 2..=3 {
                let Some(following) = sentences.get(index + offset) else {
                    break;
                };
                let following_mentions = self.sentence_mentions[index + offset].clone();
                if following_mentions
                    .iter()
                    .any(|m| matches!(m.kind, EntityKind::District | EntityKind::Park))
                {
                    break;
                }
                let sectors: Vec<usize> = following_mentions
                    .iter()
                    .filter(|m| m.kind == EntityKind::Sector && !self.is_umbrella(m.entity))
                    .map(|m| m.entity)
                    .collect();
                let mut found_any = !sectors.is_empty();
                for sector in sectors {
                    self.relations.add(
                        RelationKind::FocusesOn,
                        park,
                        sector,
                        false,
                        "table-row",
                        &[index + 1, index + offset],
                    );
                }
                if !found_any
                    && following.text.chars().count() <= 30
                    && !following.text.contains('。')
                {
                    // Unknown industries listed in the cell: 数智健康、科技服务.
                    for item in following.text.split(['、', '，', '/', '／']) {
                        let item = strip_industry_suffix(item.trim());
                        if (2..=10).contains(&item.chars().count())
                            && !item.chars().any(|c| c.is_ascii_digit())
                            && offset == 2
                        {
                            let sector = self.add_dynamic(EntityKind::Sector, item, None);
                            self.entities.mention(sector, index + offset);
                            self.relations.add(
                                RelationKind::FocusesOn,
                                park,
                                sector,
                                false,
                                "table-row",
                                &[index + 1, index + offset],
                            );
                            found_any = true;
                        }
                    }
                }
                if found_any {
                    break;
                }
            }
        }
    }

    // ------------------------------------------------------------------ inference

    /// A park in a district that focuses on an industry: the district hosts it, inferred.
    fn infer_district_industries(&mut self) {
        let located: Vec<Relation> = self
            .relations
            .relations
            .iter()
            .filter(|r| r.kind == RelationKind::LocatedIn && !r.inferred)
            .cloned()
            .collect();
        let focuses: Vec<Relation> = self
            .relations
            .relations
            .iter()
            .filter(|r| r.kind == RelationKind::FocusesOn && !r.inferred)
            .cloned()
            .collect();
        for location in &located {
            for focus in focuses.iter().filter(|f| f.subject == location.subject) {
                if self
                    .relations
                    .has(RelationKind::HostsIndustry, location.object, focus.object)
                {
                    continue;
                }
                let evidence: Vec<usize> = location
                    .evidence
                    .iter()
                    .chain(&focus.evidence)
                    .copied()
                    .collect();
                self.relations.add(
                    RelationKind::HostsIndustry,
                    location.object,
                    focus.object,
                    true,
                    "via-park",
                    &evidence,
                );
            }
        }
    }
}

/// Whether two mentions in an enumeration are linked by nothing but connectors, a
/// district word or a focus cue (长宁区人工智能; 宝山、奉贤等区发展新材料).
fn connects(chars: &[char], from: usize, to: usize, cues: &[String]) -> bool {
    if from > to {
        return false;
    }
    let between: String = chars[from..to].iter().collect();
    if cues.iter().any(|cue| between.contains(cue.as_str())) {
        return true;
    }
    let stripped: String = between
        .chars()
        .filter(|c| !matches!(c, '、' | '和' | '与' | '及' | '等' | '的' | ' '))
        .collect();
    matches!(
        stripped.as_str(),
        "" | "区" | "重点区域" | "地区" | "区域" | "在" | "以"
    )
}

/// Strips verbs and modifiers from the front of an enumerated item ("发展5G" → "5G",
/// "各具特色的数字经济" → "数字经济"); returns the label and its start.
fn clean_item(item: &str, item_start: usize, cues: &crate::gazetteer::Cues) -> (String, usize) {
    let mut label = item.trim().to_owned();
    let mut start = item_start + (item.chars().count() - item.trim_start().chars().count());
    if let Some(position) = label.rfind('的') {
        let after = position + '的'.len_utf8();
        start += label[..after].chars().count();
        label = label[after..].to_owned();
    }
    loop {
        let before = label.clone();
        for prefix in cues
            .focus_cues
            .iter()
            .chain(&cues.name_left_boundaries)
            .chain(&cues.technology_item_prefixes)
        {
            if label.chars().count() > prefix.chars().count() + 1 {
                if let Some(rest) = label.strip_prefix(prefix.as_str()) {
                    start += prefix.chars().count();
                    label = rest.to_owned();
                }
            }
        }
        if label == before {
            break;
        }
    }
    (label, start)
}

/// The text after the first (or, with `first` false, the last) development verb of a
/// clause, without parenthesised asides (系统级芯片（SoC） → 系统级芯片).
fn after_verb(clause: &str, verbs: &[String], first: bool) -> Option<String> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    for verb in verbs {
        found.extend(
            clause
                .match_indices(verb.as_str())
                .map(|(p, v)| (p, p + v.len())),
        );
    }
    // At one position the longest verb wins (重点发展 over 发展).
    let end = if first {
        found
            .iter()
            .min_by_key(|(p, e)| (*p, std::cmp::Reverse(*e)))?
            .1
    } else {
        found.iter().map(|&(_, e)| e).max()?
    };
    let object = strip_parentheses(clause[end..].trim());
    Some(object.trim().to_owned())
}

/// Removes what follows the named things in a verb's object: fillers (研发能力, 等关键技术)
/// and process words joined by 和/与/及/、/的 (的研发和注册上市, 的研制和规模化生产).
fn strip_processes(object: &str, cues: &crate::gazetteer::Cues) -> String {
    let mut words: Vec<&String> = cues
        .technology_object_fillers
        .iter()
        .chain(&cues.technology_processes)
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let mut object = object.trim().to_owned();
    loop {
        let before = object.clone();
        for word in &words {
            if let Some(stripped) = object.strip_suffix(word.as_str()) {
                if !stripped.is_empty() {
                    object = stripped.to_owned();
                }
            }
        }
        for connector in ['和', '与', '及', '、', '的'] {
            if let Some(stripped) = object.strip_suffix(connector) {
                object = stripped.to_owned();
            }
        }
        if object == before {
            return object;
        }
    }
}

/// Stands in for a 等 that belongs to a word while enumerations are matched.
const MASKED_DENG: char = '\u{E000}';

/// Masks the 等 of words such as 高等级, 等离子 and 同等, which close no enumeration.
fn mask_word_internal_deng(text: &str) -> String {
    let mut masked = text.to_owned();
    for word in ["等级", "等离子", "高等", "同等", "均等", "平等", "初等"] {
        masked = masked.replace(word, &word.replace('等', &MASKED_DENG.to_string()));
    }
    masked
}

/// Splits an item at 和 when both sides have at least two characters.
fn split_at_and(item: &str) -> Vec<String> {
    let parts: Vec<&str> = item.split('和').collect();
    if parts.len() > 1 && parts.iter().all(|p| p.trim().chars().count() >= 2) {
        parts.into_iter().map(str::to_owned).collect()
    } else {
        vec![item.to_owned()]
    }
}

/// The items of a 、-list; a list of single characters is one name (人、车、路协同数据系统).
fn list_items(list: &str) -> Vec<String> {
    let items: Vec<&str> = list.split('、').collect();
    if items[..items.len() - 1]
        .iter()
        .any(|item| item.trim().chars().count() == 1)
    {
        return vec![list.to_owned()];
    }
    items.into_iter().map(str::to_owned).collect()
}

/// Whether a name ends in a technology head word and has more than that word
/// (智能芯片, not 芯片 alone).
fn has_technology_head(name: &str, cues: &crate::gazetteer::Cues) -> bool {
    // Full-width Latin letters and signs compare as ASCII (下一代Wi－Fi).
    let name: String = name
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    let name = name.strip_suffix("产品").unwrap_or(&name);
    cues.technology_heads
        .iter()
        .any(|head| name.ends_with(head.as_str()) && name.chars().count() > head.chars().count())
}

/// Removes （…） and (…) groups from a text.
fn strip_parentheses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The clause index of every character (clauses end at ，；：).
/// Whether the industry's clause names it as industrial development: a development cue
/// before it (培育, 做强, 布局 …) and an industry word after it (产业, 集群, 领域 …), both
/// in the same clause.
fn develops_as_industry(
    chars: &[char],
    clauses: &[usize],
    industry: &Mention,
    cues: &crate::gazetteer::Cues,
) -> bool {
    let clause = clauses[industry.start];
    let clause_start = (0..industry.start)
        .rev()
        .take_while(|&i| clauses[i] == clause)
        .last()
        .unwrap_or(industry.start);
    let clause_end = (industry.end..chars.len())
        .take_while(|&i| clauses[i] == clause)
        .last()
        .map_or(industry.end, |i| i + 1);
    let before: String = chars[clause_start..industry.start].iter().collect();
    let after: String = chars[industry.start..clause_end].iter().collect();
    cues.industry_development_cues
        .iter()
        .any(|cue| before.contains(cue.as_str()))
        && cues
            .industry_clause_heads
            .iter()
            .any(|head| after.contains(head.as_str()))
}

fn clause_ids(chars: &[char]) -> Vec<usize> {
    let mut ids = Vec::with_capacity(chars.len() + 1);
    let mut clause = 0;
    for &c in chars {
        ids.push(clause);
        if matches!(c, '，' | '；' | '：' | ',' | ';') {
            clause += 1;
        }
    }
    ids.push(clause);
    ids
}

/// Spans inside “…” quotes (excluding the quote marks), in characters.
fn quoted_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open = None;
    for (index, &c) in chars.iter().enumerate() {
        match c {
            '“' | '「' => open = Some(index + 1),
            '”' | '」' => {
                if let Some(start) = open.take() {
                    if index > start {
                        spans.push((start, index));
                    }
                }
            }
            _ => {}
        }
    }
    spans
}

/// A jieba token covering a character: where it starts and its part of speech.
#[derive(Clone, Debug)]
struct TokenTag {
    token_start: usize,
    /// Shared by every character of the token: one allocation per token, not per char.
    word: std::rc::Rc<str>,
    tag: std::rc::Rc<str>,
}

impl TokenTag {
    /// Verbs, prepositions, conjunctions, particles, pronouns, adverbs, numerals and
    /// measure words end a name on its left.
    fn stops_name(&self, name_verbs: &[String]) -> bool {
        let tag = &*self.tag;
        // Only full verbs of two or more characters: the segmenter tags rare place names
        // (华漕, 沪闵路) as single-character verbs or verbal nouns.
        let verb = tag == "v"
            && self.word.chars().count() >= 2
            && !name_verbs.iter().any(|v| **v == *self.word);
        let preposition = tag == "p" && self.word.chars().count() == 1;
        verb || preposition
            || tag.starts_with('u')
            || matches!(tag, "c" | "r" | "d" | "m" | "q" | "mq" | "x" | "w")
    }
}

fn token_boundaries(chars: &[char]) -> Vec<TokenTag> {
    let text: String = chars.iter().collect();
    let mut tags = vec![
        TokenTag {
            token_start: 0,
            word: std::rc::Rc::from(""),
            tag: std::rc::Rc::from("x"),
        };
        chars.len()
    ];
    // jieba reports offsets in characters; fill each character with its token.
    let mut position = 0;
    for token in jieba().tag(&text, true) {
        let length = token.word.chars().count();
        let word: std::rc::Rc<str> = std::rc::Rc::from(token.word);
        let tag: std::rc::Rc<str> = std::rc::Rc::from(token.tag);
        for slot in tags.iter_mut().skip(position).take(length) {
            *slot = TokenTag {
                token_start: position,
                word: word.clone(),
                tag: tag.clone(),
            };
        }
        position += length;
    }
    tags
}

fn is_clause_end(c: char) -> bool {
    matches!(c, '，' | '。' | '；' | '：' | ',' | ';')
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

fn is_name_char(c: char) -> bool {
    is_cjk(c) || c.is_ascii_alphanumeric()
}

/// The first two characters of a text, if it has two.
fn first_two(text: &str) -> Option<(char, char)> {
    let mut chars = text.chars();
    Some((chars.next()?, chars.next()?))
}

fn ends_with_at(chars: &[char], end: usize, word: &str) -> bool {
    // Compared from the end, character by character: no count of the word first, as
    // this runs for every position of every sentence.
    let mut position = end;
    for c in word.chars().rev() {
        if position == 0 || chars[position - 1] != c {
            return false;
        }
        position -= 1;
    }
    true
}

fn starts_with_at(chars: &[char], start: usize, word: &str) -> bool {
    (start..)
        .zip(word.chars())
        .all(|(position, c)| chars.get(position) == Some(&c))
}

/// 集成电路产业 → 集成电路; 人工智能产业集群 → 人工智能.
fn strip_industry_suffix(title: &str) -> &str {
    let title = title.trim().trim_end_matches(['。', '：', ':']);
    for suffix in ["产业集群", "产业链", "产业", "领域", "行业"] {
        if let Some(stripped) = title.strip_suffix(suffix) {
            if stripped.chars().count() >= 2 {
                return stripped;
            }
        }
    }
    title
}

/// A short noun phrase that can name a (sub-)sector: no punctuation, no leading verb.
fn looks_like_sector_title(title: &str, verbs: &[String]) -> bool {
    let length = title.chars().count();
    (2..=MAX_SECTOR_TITLE_CHARS).contains(&length)
        && !title.contains(['，', '、', '；', '：', '“', '《'])
        && !verbs
            .iter()
            .any(|verb| verb.chars().count() >= 2 && title.starts_with(verb.as_str()))
        && !title.chars().any(|c| c.is_ascii_digit())
        && ![
            "工程", "措施", "机制", "体系", "保障", "目标", "思路", "原则", "要求", "任务", "形势",
        ]
        .iter()
        .any(|w| title.ends_with(w))
}

/// The end year of a past plan period named in the text (十三五 → 2020), if any.
fn past_period_end(text: &str) -> Option<i32> {
    [("十二五", 2015), ("十三五", 2020)]
        .iter()
        .filter(|(name, _)| text.contains(name))
        .map(|(_, year)| *year)
        .max()
}

/// The year a plan period ends: 十四五 → 2025, 十五五 → 2030, （2026-2030年） → 2030.
pub fn period_year(text: &str) -> Option<i32> {
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(20[0-9]{2})\s*[-－—–~～至到]\s*(20[0-9]{2})\s*年").expect("range pattern")
    });
    if text.contains("十五五") {
        return Some(2030);
    }
    if text.contains("十四五") {
        return Some(2025);
    }
    if text.contains("十六五") {
        return Some(2035);
    }
    let normalized = normalize_digits(text);
    RANGE
        .captures(&normalized)
        .and_then(|c| c.get(2))
        .and_then(|m| m.as_str().parse().ok())
}

/// The prefecture city a document is about: the place named most often in its title and
/// text, among cities and provinces the county table knows.
fn detect_home_city(
    document: &Document,
    segmented: &Segmented,
    gazetteer: &Gazetteer,
) -> Option<String> {
    let title = document.metadata.title.clone().unwrap_or_default();
    let author = document.metadata.author.clone().unwrap_or_default();
    let head: String = segmented.text.chars().take(3000).collect();
    let mut best: Option<(usize, &str)> = None;
    for (name, city) in &gazetteer.place_names {
        let count = title.matches(name.as_str()).count() * 5
            + author.matches(name.as_str()).count() * 5
            + head.matches(name.as_str()).count();
        if count > 0 && best.is_none_or(|(best_count, _)| count > best_count) {
            best = Some((count, city));
        }
    }
    best.map(|(_, city)| city.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse_document;

    fn run(text: &str) -> Extraction {
        let document = parse_document("t", "t.md", text, Some("md"));
        extract(document, Gazetteer::embedded())
    }

    fn pairs(extraction: &Extraction, kind: RelationKind) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = extraction
            .relations
            .iter()
            .filter(|r| r.kind == kind && !r.inferred)
            .map(|r| {
                (
                    extraction.entities[r.subject].label.clone(),
                    extraction.entities[r.object].label.clone(),
                )
            })
            .collect();
        pairs.sort();
        pairs
    }

    #[test]
    fn enumeration_pairs_each_district_with_its_industries() {
        let extraction =
            run("上海市规划\n\n长宁区人工智能和生物医药、静安区集成电路获批国家级产业集群。");
        let found = pairs(&extraction, RelationKind::HostsIndustry);
        assert!(
            found.contains(&("长宁区".into(), "人工智能".into())),
            "{found:?}"
        );
        assert!(
            found.contains(&("长宁区".into(), "生物医药".into())),
            "{found:?}"
        );
        assert!(
            found.contains(&("静安区".into(), "集成电路".into())),
            "{found:?}"
        );
        assert!(
            !found.contains(&("长宁区".into(), "集成电路".into())),
            "{found:?}"
        );
    }

    #[test]
    fn district_list_then_cue_then_industry() {
        let extraction = run("上海市规划\n\n支持宝山、奉贤等区发展新材料产业。");
        let found = pairs(&extraction, RelationKind::HostsIndustry);
        assert!(
            found.contains(&("宝山区".into(), "新材料".into())),
            "{found:?}"
        );
        assert!(
            found.contains(&("奉贤区".into(), "新材料".into())),
            "{found:?}"
        );
    }

    #[test]
    fn district_prefixed_area_is_located_in_district() {
        let extraction = run("上海市规划\n\n以长宁临空、宝山吴淞等为核心区域。");
        let found = pairs(&extraction, RelationKind::LocatedIn);
        assert!(
            found.contains(&("临空".into(), "长宁区".into())),
            "{found:?}"
        );
        assert!(
            found.contains(&("吴淞".into(), "宝山区".into())),
            "{found:?}"
        );
    }

    #[test]
    fn park_suffix_names_with_district_prefix_and_inner_sector() {
        let extraction = run("上海市规划\n\n加快建设宝山新材料产业基地。");
        assert!(pairs(&extraction, RelationKind::LocatedIn)
            .contains(&("宝山新材料产业基地".into(), "宝山区".into())));
        assert!(pairs(&extraction, RelationKind::FocusesOn)
            .contains(&("宝山新材料产业基地".into(), "新材料".into())));
    }

    #[test]
    fn generic_park_words_are_not_parks() {
        let extraction = run("上海市规划\n\n建设一批特色产业园区和产业集聚区。");
        assert_eq!(
            extraction.count_entities(EntityKind::Park),
            0,
            "{:?}",
            extraction.entities
        );
    }

    #[test]
    fn targets_with_year_and_observations_apart() {
        let extraction = run("# 上海市新材料产业发展“十五五”规划\n\n## 一、发展基础\n\n新材料产业产值由2020年的2000亿元增长至2025年的2800亿元。\n\n## 二、发展目标\n\n到2030年，新材料产业产值达到4000亿元左右。");
        let targets: Vec<_> = extraction
            .quantities
            .iter()
            .filter(|q| q.is_target)
            .collect();
        assert_eq!(targets.len(), 1, "{targets:?}");
        assert_eq!(
            (targets[0].year, targets[0].value.as_str()),
            (Some(2030), "400000000000")
        );
        assert_eq!(targets[0].qualifier.as_deref(), Some("左右"));
        assert_eq!(extraction.entities[targets[0].subject].label, "新材料");
        let observed: Vec<_> = extraction
            .quantities
            .iter()
            .filter(|q| !q.is_target)
            .map(|q| q.year)
            .collect();
        assert_eq!(observed, [Some(2020), Some(2025)]);
    }

    #[test]
    fn technologies_from_process_phrases_and_coordinations() {
        let extraction = run("# 某区新兴产业规划\n\n## 一、重点领域\n\n### （一）新能源汽车\n\n1．混合动力和氢燃料汽车。加快动力电池模组、热管理系统的研制和规模化生产，推进电驱系统及域控制器的国产化，支持企业研发车载激光雷达。\n\n### （二）生物医药\n\n重点支持基因与细胞治疗、核酸药物等前沿方向，在医院、社区等领域推广应用。");
        let found = pairs(&extraction, RelationKind::DevelopsTechnology);
        for (sector, technology) in [
            ("新能源汽车", "混合动力汽车"),
            ("新能源汽车", "氢燃料汽车"),
            ("新能源汽车", "动力电池模组"),
            ("新能源汽车", "热管理系统"),
            ("新能源汽车", "电驱动系统"),
            ("新能源汽车", "域控制器"),
            ("新能源汽车", "车载激光雷达"),
            ("生物医药", "基因与细胞治疗"),
            ("生物医药", "核酸药物"),
        ] {
            assert_pair(&found, sector, technology);
        }
        // Fields of use are not technologies; 激光雷达 is part of a longer name.
        assert_no_object(&found, &["医院", "社区", "激光雷达", "研制和规模化生产"]);
    }

    #[test]
    fn a_heading_that_develops_an_unknown_industry_names_its_sector() {
        let extraction = run("# 某区若干措施\n\n## （六）促进数据智能产业创新发展\n\n聚焦通用大模型、工业软件、智算芯片等领域，开展关键核心技术攻关。");
        let found = pairs(&extraction, RelationKind::DevelopsTechnology);
        assert!(
            found.iter().any(|(sector, _)| sector == "数据智能"),
            "{found:?}"
        );
        // Generic words before 产业 name no sector.
        let extraction = run("# 某区若干措施\n\n## （一）推动重点产业高质量发展\n\n聚焦通用大模型、工业软件等领域，开展关键核心技术攻关。");
        assert!(extraction.entities.iter().all(|e| e.label != "重点"));
    }

    #[test]
    fn a_list_that_names_its_sector_gives_that_sectors_technologies() {
        let extraction = run("# 某区若干措施\n\n## 三、支持研发创新\n\n鼓励企业围绕激光雷达、域控制器、线控底盘等智能网联汽车关键技术加大研发投入。");
        let found = pairs(&extraction, RelationKind::DevelopsTechnology);
        for technology in ["激光雷达", "域控制器", "线控底盘"] {
            assert_pair(&found, "智能网联汽车", technology);
        }
    }

    #[test]
    fn facilities_and_clauses_after_a_district_are_no_areas() {
        let parks = |extraction: &Extraction| -> Vec<String> {
            extraction
                .entities
                .iter()
                .filter(|e| e.kind == EntityKind::Park)
                .map(|e| e.label.clone())
                .collect()
        };
        let beijing = run("# 北京市政府工作报告\n\n北京市推动通州站开通运营，房山院区建成投用，大兴调查研究之风。");
        let found = parks(&beijing);
        assert!(
            !found
                .iter()
                .any(|p| p.contains("开通") || p.ends_with("院区") || p.contains("研究")),
            "{found:?}"
        );
        // One verbal noun alone can be a place's name.
        let shanghai = run("# 上海市规划\n\n以长宁临空、宝山吴淞等为核心区域。");
        assert!(parks(&shanghai).contains(&"临空".to_owned()));
    }

    #[test]
    fn a_district_plan_hosts_what_a_clause_develops_as_industry() {
        let extraction = run("# 上海市静安区关于构建现代化产业体系的若干措施\n\n## 一、总体要求\n\n做强集成电路产业，推动数字消费提质扩容，支持检验检测机构开展服务。");
        let found = pairs(&extraction, RelationKind::HostsIndustry);
        assert_pair(&found, "静安区", "集成电路");
        assert_no_pair(&found, "静安区", "检验检测");
    }

    fn assert_pair(found: &[(String, String)], subject: &str, object: &str) {
        assert!(
            found.contains(&(subject.to_owned(), object.to_owned())),
            "{subject} → {object} missing from {found:?}"
        );
    }

    fn assert_no_pair(found: &[(String, String)], subject: &str, object: &str) {
        assert!(
            !found.contains(&(subject.to_owned(), object.to_owned())),
            "{subject} → {object} found in {found:?}"
        );
    }

    fn assert_no_object(found: &[(String, String)], wrong: &[&str]) {
        for wrong in wrong {
            assert!(
                found.iter().all(|(_, object)| object != wrong),
                "{wrong} found in {found:?}"
            );
        }
    }

    #[test]
    fn word_internal_deng_properties_and_leftover_verbs_are_no_technologies() {
        let extraction = run("# 某市新材料产业规划\n\n## 一、新材料\n\n巩固发展高强汽车用钢、高等级硅钢等，突破轻量化、耐腐蚀涂层等技术，建立健全新材料发展的技术平台。");
        let found = pairs(&extraction, RelationKind::DevelopsTechnology);
        for technology in ["高强汽车用钢", "高等级硅钢", "耐腐蚀涂层"] {
            assert_pair(&found, "新材料", technology);
        }
        assert_no_object(
            &found,
            &["级硅钢", "轻量化", "技术平台", "巩固发展高强汽车用钢"],
        );
    }

    #[test]
    fn place_clauses_and_field_openings_direct_technologies() {
        let extraction = run("# 某区未来产业规划\n\n## 一、重点领域\n\n### （一）未来产业\n\n前瞻布局类脑智能、合成生物等方向，类脑智能领域重点研发脉冲神经网络处理器，张江科学城重点发展脑机接口系统。");
        let found = pairs(&extraction, RelationKind::DevelopsTechnology);
        assert_pair(&found, "类脑智能", "脉冲神经网络处理器");
        // A grouping such as 未来产业 lists industries, not technologies; a park's focus
        // is not a sector's technology.
        assert!(found.iter().all(|(s, _)| s != "未来产业"), "{found:?}");
        assert!(found.iter().all(|(_, t)| t != "脑机接口系统"), "{found:?}");
    }

    #[test]
    fn a_relied_on_park_lies_in_the_district_and_governance_is_no_industry() {
        let extraction = run("# 上海市低空经济实施方案\n\n依托“滨海低空试验区”，奉贤区加快低空飞行协同服务管理机制创新，重点推进低空物流配送示范场景。");
        assert_eq!(
            pairs(&extraction, RelationKind::LocatedIn),
            [("滨海低空试验区".to_owned(), "奉贤区".to_owned())]
        );
        let hosted = pairs(&extraction, RelationKind::HostsIndustry);
        assert_pair(&hosted, "奉贤区", "低空物流");
        assert_no_pair(&hosted, "奉贤区", "低空飞行");
    }

    #[test]
    fn a_header_led_flattened_table_is_read_by_its_columns() {
        let extraction = run("# 上海市杨浦区产业空间布局方案\n\n表1　重点产业空间布局\n\n序号\n\n功能区\n\n主导产业\n\n1\n\n五角场创新创业集聚区\n\n人工智能、在线新经济\n\n2\n\n环同济设计产业园\n\n工业设计、建筑设计服务\n\n各功能区按上表布局。");
        let focus = pairs(&extraction, RelationKind::FocusesOn);
        for (park, industry) in [
            ("五角场创新创业集聚区", "人工智能"),
            ("五角场创新创业集聚区", "在线新经济"),
            ("环同济设计产业园", "工业设计"),
            ("环同济设计产业园", "建筑设计服务"),
        ] {
            assert_pair(&focus, park, industry);
        }
        // Header cells and row numbers are no parks or industries.
        assert!(
            extraction
                .entities
                .iter()
                .all(|e| !["序号", "功能区", "主导产业", "1", "2"].contains(&e.label.as_str())),
            "{:?}",
            extraction
                .entities
                .iter()
                .map(|e| &e.label)
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_place_focus_object_can_be_a_compound_industry() {
        let extraction = run("# 上海市宝山区产业发展规划\n\n支持吴淞创新城发展工业数据服务和氢能物流，全区数字经济加快发展。");
        let focus = pairs(&extraction, RelationKind::FocusesOn);
        assert_pair(&focus, "吴淞创新城", "氢能物流");
        assert_pair(&focus, "吴淞创新城", "工业数据服务");
        assert!(
            extraction
                .entities
                .iter()
                .all(|e| e.label != "全区数字经济"),
            "a scope word is no part of an industry"
        );
    }

    #[test]
    fn a_clause_without_its_own_subject_continues_the_place() {
        let extraction = run("# 上海市低空经济实施方案\n\n虹桥临空经济示范区加快配套设施建设，开展跨境无人机物流试点，探索相关规则。");
        let focus = pairs(&extraction, RelationKind::FocusesOn);
        assert_pair(&focus, "虹桥临空经济示范区", "跨境无人机物流");
    }

    #[test]
    fn a_dated_past_figure_outside_the_review_is_an_observation() {
        let extraction = run("---\n发布日期: 2026-03-01\n---\n\n# 关于认定特色产业园区的通知\n\n截至2025年底，全市集聚集成电路产业产值1200亿元。到2028年，集成电路产业产值突破2000亿元。");
        let facts: Vec<(bool, Option<i32>, &str)> = extraction
            .quantities
            .iter()
            .map(|q| (q.is_target, q.year, q.value.as_str()))
            .collect();
        assert_eq!(
            facts,
            [
                (false, Some(2025), "120000000000"),
                (true, Some(2028), "200000000000")
            ]
        );
    }

    #[test]
    fn flattened_table_rows_pair_district_and_area() {
        let extraction = run("上海市特色产业园区名单\n\n序号\n\n区\n\n园区名称\n\n主导产业\n\n1\n\n嘉定区\n\n嘉定氢能港\n\n新能源汽车\n\n2\n\n闵行\n\n马桥人工智能创新试验区\n\n人工智能");
        let located = pairs(&extraction, RelationKind::LocatedIn);
        assert!(
            located.contains(&("嘉定氢能港".into(), "嘉定区".into())),
            "{located:?}"
        );
        assert!(
            located.contains(&("马桥人工智能创新试验区".into(), "闵行区".into())),
            "{located:?}"
        );
        let focus = pairs(&extraction, RelationKind::FocusesOn);
        assert!(
            focus.contains(&("马桥人工智能创新试验区".into(), "人工智能".into())),
            "{focus:?}"
        );
    }

    #[test]
    fn inferred_district_industry_is_marked() {
        let extraction = run("上海市规划\n\n加快建设宝山新材料产业基地。");
        let inferred: Vec<_> = extraction.relations.iter().filter(|r| r.inferred).collect();
        assert_eq!(inferred.len(), 1);
        assert_eq!(inferred[0].kind, RelationKind::HostsIndustry);
    }

    #[test]
    fn other_cities_districts_resolve_in_their_city() {
        let extraction = run("# 北京市朝阳区数字经济发展规划\n\n朝阳区重点发展人工智能产业。");
        let district = extraction
            .entities
            .iter()
            .find(|e| e.kind == EntityKind::District)
            .expect("a district");
        assert_eq!(district.key, "110105");
    }
}
