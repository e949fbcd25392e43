//! Context: what a document's title, headings and sections say about the sentences under
//! them — read from structure, never from a sentence's own clauses.
//!
//! The plan's title and its period, the home city, the district of a district's own plan,
//! and per section its sector, topic place and whether it reports the past.

use super::text::is_name_char;
use super::{Extractor, Lex, SectionContext, MAX_PARK_CHARS, MAX_SECTOR_TITLE_CHARS};
use crate::gazetteer::Gazetteer;
use crate::model::{Document, EntityKind, RelationKind, Segmented};
use regex::Regex;
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

impl<'a> Extractor<'a> {
    /// The plan's own title: the first 《…》 naming a plan, notice or opinion in the
    /// metadata title or the opening blocks (a news page's headline is not the plan's),
    /// else the metadata title and the first block.
    pub(super) fn document_title(&self) -> String {
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
    pub(super) fn document_district(&mut self, title: &str) {
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
            let located = [false, true].into_iter().any(|inferred| {
                self.relations
                    .first_with_subject(RelationKind::LocatedIn, park, inferred)
                    .is_some()
            });
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

    pub(super) fn analyse_sections(&mut self) {
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
        // How many sections each parent has, and how many of them name a known sector,
        // counted once (counting the siblings of every section made a document of n
        // headings under one parent cost n²).
        let mut sibling_counts: HashMap<Option<usize>, (usize, usize)> = HashMap::new();
        for section in sections.iter().skip(1) {
            let counts = sibling_counts.entry(section.parent).or_default();
            counts.0 += 1;
            counts.1 += usize::from(exact[section.index].is_some());
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
            let (sibling_count, known_siblings) = sibling_counts[&section.parent];
            let sector = if let Some(sector) = exact[section.index] {
                Some(sector)
            } else if looks_like_sector_title(
                &section.title,
                &self.gazetteer.cues.name_left_boundaries,
            ) && (parent_sector.is_some()
                || (sibling_count >= 3 && known_siblings * 2 >= sibling_count))
            {
                let parent_key = parent_sector.map(|p| self.entities.entities[p].key.clone());
                let title = strip_industry_suffix(&section.title).to_owned();
                self.is_industry_name(&title)
                    .then(|| self.add_dynamic(EntityKind::Sector, &title, parent_key.as_deref()))
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
            && (self.has_proper_core(modifier, &[]) || self.is_industry_belt(title))
            && !cues
                .focus_cues
                .iter()
                .chain(&cues.technology_cues)
                .any(|verb| verb.chars().count() >= 2 && title.contains(verb.as_str()))
            && !title.starts_with(|c: char| "一二三四五六七八九十两多若".contains(c))
            // A glossary's term (20、生境花园。) can end like a park and be a garden or a site.
            && !self.is_facility(title)
            && !cues
                .not_park_endings
                .iter()
                .any(|ending| title.ends_with(ending.as_str()))
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
        if rest.chars().count() < 2
            || self.lexicon.contains_key(name.as_str())
            || !self.is_industry_name(&name)
        {
            return None;
        }
        Some(self.add_dynamic(EntityKind::Sector, &name, None))
    }

    /// The sector a heading names exactly (集成电路, 集成电路产业, （一）新能源汽车).
    fn sector_named_by(&mut self, title: &str) -> Option<usize> {
        let stripped = strip_industry_suffix(title);
        // AI+工业软件, 人工智能＋医疗: the heading of an “X+” programme names the sector after
        // the plus sign.
        let after_plus = title
            .rsplit(['+', '＋'])
            .next()
            .filter(|_| title.contains(['+', '＋']))
            .map(strip_industry_suffix)
            .unwrap_or(stripped);
        for candidate in [title, stripped, after_plus] {
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
}

/// 集成电路产业 → 集成电路; 人工智能产业集群 → 人工智能.
pub(super) fn strip_industry_suffix(title: &str) -> &str {
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

/// The prefecture city a document is about: the place named most often in its title and
/// text, among cities and provinces the county table knows.
/// Front matter keys whose value names the document's place (a CSV page export's
/// `region` column lands here too).
const REGION_KEYS: &[&str] = &[
    "region",
    "city",
    "province",
    "地区",
    "城市",
    "省份",
    "区域",
    "行政区",
];

pub(super) fn detect_home_city(
    document: &Document,
    segmented: &Segmented,
    gazetteer: &Gazetteer,
) -> Option<String> {
    // A front matter field that names the place (region: 江苏省) is the strongest sign,
    // then the title and the issuing body, then the opening text.
    let region: String = document
        .metadata
        .extra
        .iter()
        .filter(|(key, _)| REGION_KEYS.contains(&key.to_lowercase().as_str()))
        .map(|(_, value)| value.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    // Without a title field, the document's first heading is its title.
    let title = document.metadata.title.as_deref().unwrap_or_else(|| {
        segmented
            .sentences
            .iter()
            .find(|sentence| sentence.is_heading)
            .map_or("", |sentence| sentence.text.as_str())
    });
    let author = document.metadata.author.as_deref().unwrap_or_default();
    let head_end = segmented
        .text
        .char_indices()
        .nth(3000)
        .map_or(segmented.text.len(), |(index, _)| index);
    let head = &segmented.text[..head_end];
    let weighted = [(region.as_str(), 20), (title, 5), (author, 5), (head, 1)];
    let mut counts = vec![0; gazetteer.place_names.len()];
    for (text, weight) in weighted {
        for (total, count) in counts.iter_mut().zip(gazetteer.place_name_counts(text)) {
            *total += count * weight;
        }
    }
    // A district's full name in the title or the issuer (静安区…方案, 上海市静安区人民政府)
    // names its city too, where no other county has that name.
    for (text, weight) in [(title, 5), (author, 5)] {
        for city in unique_district_cities(text, gazetteer) {
            if let Some(slot) = gazetteer.place_names.iter().position(|(_, c)| *c == city) {
                counts[slot] += weight;
            }
        }
    }
    let mut best: Option<(usize, &str)> = None;
    for ((_, city), count) in gazetteer.place_names.iter().zip(counts) {
        if count > 0 && best.is_none_or(|(best_count, _)| count > best_count) {
            best = Some((count, city));
        }
    }
    best.map(|(_, city)| city.to_owned())
}

/// The cities of the districts a short text names by a full name (静安区, 越城区) that no
/// other county of China carries.
fn unique_district_cities(text: &str, gazetteer: &Gazetteer) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut cities = Vec::new();
    for start in 0..chars.len() {
        for length in 3..=5.min(chars.len() - start) {
            let name: String = chars[start..start + length].iter().collect();
            if !name.ends_with(['区', '县']) {
                continue;
            }
            if let Some(district) = gazetteer
                .unique_district(&name)
                .filter(|district| district.label == name)
            {
                cities.extend(district.city.clone());
            }
        }
    }
    cities
}
