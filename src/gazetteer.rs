//! Gazetteers and cue phrases: the domain knowledge extraction runs on, loaded from the
//! data files in `ontology/` that are embedded in the binary.
//!
//! Districts, sectors, technologies and well-known areas are SKOS concept schemes in
//! Turtle; every county-level division of China is a TSV table; cue phrases are YAML.
//! This module only parses and indexes that data — it must not decide what a sentence
//! means.

use crate::error::{Error, Result};
use crate::model::EntityKind;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Namespace of the ontology's classes and properties.
pub const ONTOLOGY_NS: &str = "https://w3id.org/policykg/ontology#";
/// Prefix of entity IRIs: `{ENTITY_NS}{kind}/{key}`.
pub const ENTITY_NS: &str = "https://w3id.org/policykg/id/";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// The embedded data files, by the name tests and errors use for them.
pub const ONTOLOGY_FILES: [(&str, &str); 5] = [
    (
        "ontology/policykg.ttl",
        include_str!("../ontology/policykg.ttl"),
    ),
    (
        "ontology/districts.ttl",
        include_str!("../ontology/districts.ttl"),
    ),
    (
        "ontology/sectors.ttl",
        include_str!("../ontology/sectors.ttl"),
    ),
    (
        "ontology/technologies.ttl",
        include_str!("../ontology/technologies.ttl"),
    ),
    ("ontology/areas.ttl", include_str!("../ontology/areas.ttl")),
];
pub const COUNTIES_FILE: (&str, &str) = (
    "ontology/gazetteer/cn-county-divisions.tsv",
    include_str!("../ontology/gazetteer/cn-county-divisions.tsv"),
);
pub const CUES_FILE: (&str, &str) = ("ontology/cues.yaml", include_str!("../ontology/cues.yaml"));

/// A known entity: a SKOS concept from the gazetteers or a county from the national table.
#[derive(Clone, Debug)]
pub struct Concept {
    pub kind: EntityKind,
    /// Last segment of the IRI: the division code for districts, the label otherwise.
    pub key: String,
    pub label: String,
    pub english: Option<String>,
    pub alt_labels: Vec<String>,
    /// Key of the broader concept of the same kind.
    pub broader: Option<String>,
    /// For areas: the key of the district the gazetteer places it in.
    pub district: Option<String>,
    /// For districts: prefecture-level city and province.
    pub city: Option<String>,
    pub province: Option<String>,
}

/// Cue phrases and word lists, see `ontology/cues.yaml`.
#[derive(Clone, Debug, Deserialize)]
pub struct Cues {
    pub park_suffixes: Vec<String>,
    pub generic_park_words: Vec<String>,
    pub designation_suffixes: Vec<String>,
    pub positioning_suffixes: Vec<String>,
    pub sector_place_suffixes: Vec<String>,
    pub name_left_boundaries: Vec<String>,
    pub focus_cues: Vec<String>,
    pub technology_cues: Vec<String>,
    pub not_districts: Vec<String>,
    pub umbrella_sectors: Vec<String>,
    pub past_section_cues: Vec<String>,
    pub target_cues: Vec<String>,
    pub post_qualifiers: Vec<String>,
    pub pre_qualifiers: Vec<String>,
    pub not_park_endings: Vec<String>,
    pub district_relative_words: Vec<String>,
    pub technology_item_prefixes: Vec<String>,
    pub generic_technologies: Vec<String>,
    pub generic_county_names: Vec<String>,
    pub industry_heads: Vec<String>,
    pub name_verbs: Vec<String>,
    pub not_area_words: Vec<String>,
    pub facility_endings: Vec<String>,
    pub industry_development_cues: Vec<String>,
    pub industry_clause_heads: Vec<String>,
    pub technology_object_fillers: Vec<String>,
    pub technology_heads: Vec<String>,
    pub technology_processes: Vec<String>,
    pub technology_actors: Vec<String>,
    pub industry_modified_nouns: Vec<String>,
    pub street_endings: Vec<String>,
    pub technology_use_verbs: Vec<String>,
    pub compound_industry_heads: Vec<String>,
    pub proper_name_tags: Vec<String>,
    pub expected_target_cues: Vec<String>,
    pub indicator_verbs: Vec<String>,
    pub indicator_scope_words: Vec<String>,
    pub economic_indicator_words: Vec<String>,
    pub not_industries: Vec<String>,
    pub not_indicator_endings: Vec<String>,
    pub not_technology_categories: Vec<String>,
    pub generic_industry_modifiers: Vec<String>,
    pub economic_measure_words: Vec<String>,
    pub not_technology_words: Vec<String>,
    pub not_industry_endings: Vec<String>,
    pub other_sense_continuations: Vec<String>,
    pub not_entity_categories: Vec<String>,
    pub company_endings: Vec<String>,
    /// Endings of a work's, project's, platform's or facility's name: a technology's name
    /// that runs on into one names the work, not the technology pushed.
    pub work_name_endings: Vec<String>,
    /// Verbs that strive for a title: a designation right after one is no place.
    pub title_seeking_verbs: Vec<String>,
    /// Words of a national title (国家): a designation holding one is a title, no place.
    pub national_title_words: Vec<String>,
    /// Who a public service is for (居民, 市民): a name beginning so is no industry.
    pub public_service_recipients: Vec<String>,
    /// Farm products (大米, 蔬菜): a list item ending with one is no industry.
    pub farm_product_endings: Vec<String>,
    /// Endings of a programme's title a place is granted (…试点城市): a focus verb's object
    /// that holds one names the programme, not industries.
    pub programme_title_endings: Vec<String>,
    /// Endings of a test or trial (…试验): a sector that runs on into one is not hosted by
    /// the place in the sentence.
    pub activity_endings: Vec<String>,
    /// Words that open a clause naming the places a sentence's subject relies on (依托,
    /// 立足): the places are that subject's, and the next clause is about them.
    pub reliance_words: Vec<String>,
    pub authority_endings: Vec<String>,
    pub ambiguous_sectors: Vec<String>,
    pub industry_context_words: Vec<String>,
    pub facility_name_continuations: Vec<String>,
    pub responsibility_labels: Vec<String>,
    pub service_giving_verbs: Vec<String>,
    pub not_park_categories: Vec<String>,
    pub research_facility_words: Vec<String>,
    pub section_suffixes: Vec<String>,
    pub not_names: Vec<String>,
    pub table_columns: TableColumns,
}

/// Header names of flattened-table columns, by what the column holds.
#[derive(Clone, Debug, Deserialize)]
pub struct TableColumns {
    pub serial: Vec<String>,
    pub district: Vec<String>,
    pub park: Vec<String>,
    pub industry: Vec<String>,
    /// Indicator tables: the indicator column, a category column, the unit and attribute
    /// columns and the words that make a value column hold targets or observations.
    pub indicator: Vec<String>,
    pub category: Vec<String>,
    pub unit: Vec<String>,
    pub attribute: Vec<String>,
    pub target_value: Vec<String>,
    pub base_value: Vec<String>,
    pub value: Vec<String>,
    /// Cells of the unit and attribute columns.
    pub unit_words: Vec<String>,
    pub attribute_words: Vec<String>,
}

/// The loaded gazetteers with a label index.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    pub concepts: Vec<Concept>,
    /// Label (preferred or alternative, Chinese) → concepts carrying it.
    labels: HashMap<String, Vec<usize>>,
    /// Key of each concept per kind.
    keys: HashMap<(EntityKind, String), usize>,
    pub cues: Cues,
    /// Short forms of county names, per prefecture city (朝阳 for 朝阳区 in 北京市);
    /// used only in documents about that city.
    short_forms_by_city: HashMap<String, Vec<(String, usize)>>,
    /// Prefecture and province names (without 市/省) that tell a document's home city.
    pub place_names: Vec<(String, String)>,
    /// Finds every place name of `place_names` in a text in one pass (its pattern ids
    /// are indices into `place_names`).
    place_matcher: aho_corasick::AhoCorasick,
    /// An enumeration that says what its items are: `A、B等<category>` where the category
    /// ends in a technology head word (…等关键器件) or names a field (…等方向). Built from
    /// `cues.technology_heads` once, with the cues.
    pub technology_enumeration: regex::Regex,
}

impl Gazetteer {
    /// The gazetteer built from the embedded data, parsed once per process.
    pub fn embedded() -> &'static Gazetteer {
        static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
        GAZETTEER.get_or_init(|| {
            Gazetteer::load().expect("embedded gazetteer data is valid (checked by tests)")
        })
    }

    /// Parses the embedded data files.
    pub fn load() -> Result<Gazetteer> {
        Gazetteer::load_extended(&Extensions::default())
    }

    /// Parses the embedded data files merged with a user's: their concepts are added to
    /// the embedded ones (a concept with the same kind and key gains their labels) and
    /// their cue lists are appended to the embedded lists.
    pub fn load_extended(extensions: &Extensions) -> Result<Gazetteer> {
        let mut concepts: BTreeMap<(EntityKind, String), Concept> = BTreeMap::new();
        let (counties_name, counties_text) = COUNTIES_FILE;
        for county in parse_counties(counties_name, counties_text)? {
            concepts.insert((EntityKind::District, county.key.clone()), county);
        }
        let embedded = ONTOLOGY_FILES
            .iter()
            .skip(1)
            .map(|(name, text)| (*name, *text));
        let user = extensions
            .skos_files
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str()));
        for (name, text) in embedded.chain(user) {
            for concept in parse_skos(name, text)? {
                let slot = (concept.kind, concept.key.clone());
                match concepts.get_mut(&slot) {
                    // The SKOS file enriches the national table's entry (aliases, English).
                    Some(existing) => {
                        existing.label = concept.label;
                        existing.english = concept.english.or(existing.english.take());
                        for label in concept.alt_labels {
                            if !existing.alt_labels.contains(&label) {
                                existing.alt_labels.push(label);
                            }
                        }
                        if concept.city.is_some() {
                            existing.city = concept.city;
                        }
                        if concept.district.is_some() {
                            existing.district = concept.district;
                        }
                        if concept.broader.is_some() {
                            existing.broader = concept.broader;
                        }
                    }
                    None => {
                        concepts.insert(slot, concept);
                    }
                }
            }
        }
        let cues = merged_cues(&extensions.cue_files)?;
        let concepts: Vec<Concept> = concepts.into_values().collect();
        let mut labels: HashMap<String, Vec<usize>> = HashMap::new();
        let mut keys = HashMap::new();
        let mut short_forms_by_city: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        let mut place_names: BTreeMap<String, String> = BTreeMap::new();
        for (index, concept) in concepts.iter().enumerate() {
            keys.insert((concept.kind, concept.key.clone()), index);
            for label in std::iter::once(&concept.label).chain(&concept.alt_labels) {
                let entry = labels.entry(label.clone()).or_default();
                if !entry.contains(&index) {
                    entry.push(index);
                }
            }
            if concept.kind == EntityKind::District {
                if let Some(city) = &concept.city {
                    if let Some(short) = county_short_form(&concept.label) {
                        short_forms_by_city
                            .entry(city.clone())
                            .or_default()
                            .push((short, index));
                    }
                    if let Some(name) = place_short_name(city) {
                        place_names.insert(name, city.clone());
                    }
                }
                if let (Some(province), Some(city)) = (&concept.province, &concept.city) {
                    if let Some(name) = place_short_name(province) {
                        place_names.entry(name).or_insert_with(|| city.clone());
                    }
                }
            }
        }
        let technology_enumeration = technology_enumeration(&cues);
        let place_names: Vec<(String, String)> = place_names.into_iter().collect();
        let place_matcher = aho_corasick::AhoCorasick::new(
            place_names.iter().map(|(name, _)| name),
        )
        .map_err(|error| Error::DataFile {
            file: "place names".to_owned(),
            message: error.to_string(),
        })?;
        Ok(Gazetteer {
            concepts,
            labels,
            keys,
            technology_enumeration,
            cues,
            short_forms_by_city,
            place_names,
            place_matcher,
        })
    }

    /// How often each place name of `place_names` occurs in `text` (overlapping
    /// occurrences of different names all count), indexed like `place_names`; one pass
    /// over the text whatever the number of names.
    pub fn place_name_counts(&self, text: &str) -> Vec<usize> {
        let mut counts = vec![0; self.place_names.len()];
        for found in self.place_matcher.find_overlapping_iter(text) {
            counts[found.pattern().as_usize()] += 1;
        }
        counts
    }

    /// Whether `text` holds any place name of `place_names`.
    pub fn names_a_place(&self, text: &str) -> bool {
        self.place_matcher.is_match(text)
    }

    /// Concepts that carry this label.
    pub fn lookup(&self, label: &str) -> &[usize] {
        self.labels.get(label).map_or(&[], Vec::as_slice)
    }

    /// The one county of China that carries this name (静安区, 越城区), if exactly one does.
    pub fn unique_district(&self, name: &str) -> Option<&Concept> {
        let mut districts = self
            .lookup(name)
            .iter()
            .map(|&index| &self.concepts[index])
            .filter(|concept| concept.kind == EntityKind::District);
        let first = districts.next()?;
        districts.next().is_none().then_some(first)
    }

    /// The concept with this kind and key.
    pub fn by_key(&self, kind: EntityKind, key: &str) -> Option<&Concept> {
        self.keys
            .get(&(kind, key.to_owned()))
            .map(|&index| &self.concepts[index])
    }

    pub fn index_of(&self, kind: EntityKind, key: &str) -> Option<usize> {
        self.keys.get(&(kind, key.to_owned())).copied()
    }

    /// All labels with their concepts, for building a matcher.
    pub fn labels(&self) -> impl Iterator<Item = (&str, &[usize])> {
        self.labels
            .iter()
            .map(|(label, concepts)| (label.as_str(), concepts.as_slice()))
    }

    /// Short forms of the county names of one prefecture city.
    pub fn short_forms(&self, city: &str) -> &[(String, usize)] {
        self.short_forms_by_city
            .get(city)
            .map_or(&[], Vec::as_slice)
    }

    /// The IRI of an entity.
    pub fn entity_iri(kind: EntityKind, key: &str) -> String {
        format!("{ENTITY_NS}{}/{}", kind.slug(), iri_segment(key))
    }
}

/// Makes a label usable as an IRI path segment: Chinese characters stay as they are (an
/// IRI allows them), characters an IRI forbids are percent-encoded.
pub fn iri_segment(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        if c.is_alphanumeric()
            || matches!(c, '-' | '.' | '_' | '~')
            || (!c.is_ascii() && !c.is_whitespace())
        {
            if matches!(c, '（' | '）' | '“' | '”' | '《' | '》' | '\u{3000}') {
                percent_encode(c, &mut out);
            } else {
                out.push(c);
            }
        } else {
            percent_encode(c, &mut out);
        }
    }
    out
}

fn percent_encode(c: char, out: &mut String) {
    let mut buffer = [0; 4];
    for byte in c.encode_utf8(&mut buffer).bytes() {
        out.push_str(&format!("%{byte:02X}"));
    }
}

/// 朝阳区 → 朝阳, 昆山市 → 昆山, 浦东新区 → 浦东; None when too little is left to be a name.
fn county_short_form(name: &str) -> Option<String> {
    let stripped = ["新区", "自治县", "区", "县", "市", "旗"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))?;
    (stripped.chars().count() >= 2).then(|| stripped.to_owned())
}

/// 上海市 → 上海, 浙江省 → 浙江; None for names that would be too short or generic.
fn place_short_name(name: &str) -> Option<String> {
    let stripped = ["特别行政区", "自治区", "市", "省", "地区", "盟", "自治州"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(name);
    (stripped.chars().count() >= 2 && !stripped.contains("辖")).then(|| stripped.to_owned())
}

fn parse_counties(file: &str, text: &str) -> Result<Vec<Concept>> {
    let mut counties = Vec::new();
    for (number, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [code, name, prefecture, province] = fields[..] else {
            return Err(Error::DataFile {
                file: file.to_owned(),
                message: format!(
                    "line {}: expected 4 tab-separated fields, found {}",
                    number + 1,
                    fields.len()
                ),
            });
        };
        // Municipalities list their districts under 市辖区; the city is then the province.
        let city = if prefecture.is_empty() || prefecture.contains("辖") {
            province
        } else {
            prefecture
        };
        counties.push(Concept {
            kind: EntityKind::District,
            key: code.to_owned(),
            label: name.to_owned(),
            english: None,
            alt_labels: Vec::new(),
            broader: None,
            district: None,
            city: Some(city.to_owned()),
            province: Some(province.to_owned()),
        });
    }
    Ok(counties)
}

/// Reads the SKOS concepts of one Turtle file.
pub fn parse_skos(file: &str, text: &str) -> Result<Vec<Concept>> {
    #[derive(Default)]
    struct Raw {
        kind: Option<EntityKind>,
        label: Option<String>,
        english: Option<String>,
        alt_labels: Vec<String>,
        broader: Option<String>,
        district: Option<String>,
        city: Option<String>,
    }
    let mut raw: BTreeMap<String, Raw> = BTreeMap::new();
    for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(text.as_bytes()) {
        let quad = quad.map_err(|error| Error::DataFile {
            file: file.to_owned(),
            message: error.to_string(),
        })?;
        let subject = quad.subject.to_string();
        let Some(subject) = subject.strip_prefix('<').and_then(|s| s.strip_suffix('>')) else {
            continue;
        };
        if !subject.starts_with(ENTITY_NS) {
            continue;
        }
        let entry = raw.entry(subject.to_owned()).or_default();
        let predicate = quad.predicate.as_str();
        match (predicate, &quad.object) {
            (RDF_TYPE, Term::NamedNode(class)) => {
                if let Some(local) = class.as_str().strip_prefix(ONTOLOGY_NS) {
                    let kind = match local {
                        "Sector" => Some(EntityKind::Sector),
                        "Technology" => Some(EntityKind::Technology),
                        "District" => Some(EntityKind::District),
                        "Park" => Some(EntityKind::Park),
                        _ => None,
                    };
                    entry.kind = kind.or(entry.kind);
                }
            }
            (p, Term::Literal(literal)) if p == format!("{SKOS}prefLabel") => {
                match literal.language() {
                    Some("zh") => entry.label = Some(literal.value().to_owned()),
                    Some("en") => entry.english = Some(literal.value().to_owned()),
                    _ => {}
                }
            }
            (p, Term::Literal(literal))
                if p == format!("{SKOS}altLabel")
                    && matches!(literal.language(), Some("zh") | None) =>
            {
                entry.alt_labels.push(literal.value().to_owned());
            }
            (p, Term::NamedNode(target)) if p == format!("{SKOS}broader") => {
                entry.broader = target.as_str().rsplit('/').next().map(decode_segment);
            }
            (p, Term::NamedNode(target)) if p == format!("{ONTOLOGY_NS}gazetteerDistrict") => {
                entry.district = target.as_str().rsplit('/').next().map(decode_segment);
            }
            (p, Term::Literal(literal)) if p == format!("{ONTOLOGY_NS}city") => {
                entry.city = Some(literal.value().to_owned());
            }
            _ => {}
        }
    }
    let mut concepts = Vec::new();
    for (iri, entry) in raw {
        let (Some(kind), Some(label)) = (entry.kind, entry.label) else {
            return Err(Error::DataFile {
                file: file.to_owned(),
                message: format!("<{iri}> needs a policykg class and a @zh skos:prefLabel"),
            });
        };
        let key = decode_segment(iri.rsplit('/').next().unwrap_or_default());
        concepts.push(Concept {
            kind,
            key,
            label,
            english: entry.english,
            alt_labels: entry.alt_labels,
            broader: entry.broader,
            district: entry.district,
            city: entry.city,
            province: None,
        });
    }
    Ok(concepts)
}

/// Undoes [`iri_segment`]'s percent-encoding.
pub fn decode_segment(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&segment[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| segment.to_owned())
}

/// A user's additions to the embedded data (`build --ontology DIR`): SKOS concept
/// schemes in Turtle and cue lists in YAML, each with the name errors quote.
#[derive(Clone, Debug, Default)]
pub struct Extensions {
    pub skos_files: Vec<(String, String)>,
    pub cue_files: Vec<(String, String)>,
}

impl Extensions {
    /// Reads a folder of additions: every `*.ttl` file is a SKOS concept scheme, every
    /// `*.yaml`/`*.yml` file a set of cue lists to append to the embedded ones. A folder
    /// with neither is an error, so that a typo in the path does not go unnoticed.
    pub fn read_dir(dir: &Path) -> Result<Extensions> {
        let entries = std::fs::read_dir(dir).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound(dir.to_owned()),
            _ => Error::Read {
                path: dir.to_owned(),
                source,
            },
        })?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.is_file())
            .collect();
        paths.sort();
        let mut extensions = Extensions::default();
        for path in paths {
            let extension = path
                .extension()
                .and_then(|extension| extension.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            let list = match extension.as_str() {
                "ttl" => &mut extensions.skos_files,
                "yaml" | "yml" => &mut extensions.cue_files,
                _ => continue,
            };
            let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            list.push((path.display().to_string(), text));
        }
        if extensions.skos_files.is_empty() && extensions.cue_files.is_empty() {
            return Err(Error::DataFile {
                file: dir.display().to_string(),
                message: "holds no .ttl gazetteer and no .yaml cue file".to_owned(),
            });
        }
        Ok(extensions)
    }
}

/// The embedded cue lists with each user file's lists appended (sorted, without
/// duplicates). A key the embedded file does not have is an error: it is a typo, and
/// silently ignoring it would leave the user wondering why nothing changed.
fn merged_cues(user_files: &[(String, String)]) -> Result<Cues> {
    let parse = |file: &str, text: &str| {
        serde_norway::from_str::<serde_norway::Value>(text).map_err(|error| Error::DataFile {
            file: file.to_owned(),
            message: error.to_string(),
        })
    };
    let mut merged = parse(CUES_FILE.0, CUES_FILE.1)?;
    for (file, text) in user_files {
        let user = parse(file, text)?;
        merge_cue_value(&mut merged, user, file, "")?;
    }
    serde_norway::from_value(merged).map_err(|error| Error::DataFile {
        file: user_files
            .iter()
            .map(|(file, _)| file.as_str())
            .next()
            .unwrap_or(CUES_FILE.0)
            .to_owned(),
        message: error.to_string(),
    })
}

fn merge_cue_value(
    base: &mut serde_norway::Value,
    user: serde_norway::Value,
    file: &str,
    path: &str,
) -> Result<()> {
    use serde_norway::Value;
    let error = |message: String| Error::DataFile {
        file: file.to_owned(),
        message,
    };
    match (base, user) {
        (_, Value::Null) => Ok(()),
        (Value::Mapping(base), Value::Mapping(user)) => {
            for (key, value) in user {
                let name = key.as_str().unwrap_or("?").to_owned();
                let full = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                let Some(slot) = base.get_mut(&key) else {
                    let known: Vec<&str> = base.keys().filter_map(Value::as_str).collect();
                    return Err(error(format!(
                        "unknown cue list '{full}' (known: {})",
                        known.join(", ")
                    )));
                };
                merge_cue_value(slot, value, file, &full)?;
            }
            Ok(())
        }
        (Value::Sequence(base), Value::Sequence(user)) => {
            for item in user {
                if !item.is_string() {
                    return Err(error(format!("'{path}' must be a list of strings")));
                }
                base.push(item);
            }
            base.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            base.dedup();
            Ok(())
        }
        (Value::Sequence(_), _) => Err(error(format!("'{path}' must be a list of strings"))),
        (Value::Mapping(_), _) => Err(error(format!("'{path}' must be a mapping of lists"))),
        _ => Err(error(format!("'{path}' cannot be changed"))),
    }
}

/// The pattern of [`Gazetteer::technology_enumeration`]: group 1 is the list, group 2 the
/// category after 等 (longest head words first, so 封装测试 wins over 测试).
fn technology_enumeration(cues: &Cues) -> regex::Regex {
    let mut heads: Vec<&String> = cues.technology_heads.iter().collect();
    heads.sort_by_key(|head| std::cmp::Reverse(head.len()));
    let heads: Vec<String> = heads.iter().map(|head| regex::escape(head)).collect();
    regex::Regex::new(&format!(
        r"([^，。；：]{{2,120}}?)等([^，。；、的]{{0,12}}?(?:{}|产品|疗法|领域|方向|方面))",
        heads.join("|")
    ))
    .expect("technology heads are escaped literals")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses() {
        let gazetteer = Gazetteer::load().expect("data files parse");
        assert!(
            gazetteer.concepts.len() > 2000,
            "the national county table is loaded"
        );
    }

    #[test]
    fn shanghai_districts_have_short_forms_and_codes() {
        let gazetteer = Gazetteer::embedded();
        for (short, code) in [
            ("浦东", "310115"),
            ("闵行", "310112"),
            ("徐汇", "310104"),
            ("黄浦", "310101"),
        ] {
            let found: Vec<&str> = gazetteer
                .lookup(short)
                .iter()
                .map(|&i| gazetteer.concepts[i].key.as_str())
                .collect();
            assert_eq!(found, [code], "{short}");
        }
        assert_eq!(
            gazetteer
                .by_key(EntityKind::District, "310115")
                .unwrap()
                .label,
            "浦东新区"
        );
    }

    #[test]
    fn counties_outside_shanghai_are_known() {
        let gazetteer = Gazetteer::embedded();
        let chaoyang = gazetteer
            .by_key(EntityKind::District, "110105")
            .expect("北京 朝阳区");
        assert_eq!(chaoyang.label, "朝阳区");
        assert!(gazetteer
            .short_forms(chaoyang.city.as_deref().unwrap())
            .iter()
            .any(|(short, _)| short == "朝阳"));
    }

    #[test]
    fn cue_lists_are_sorted_and_unique() {
        let cues = &Gazetteer::embedded().cues;
        let lists = [
            ("park_suffixes", &cues.park_suffixes),
            ("generic_park_words", &cues.generic_park_words),
            ("name_left_boundaries", &cues.name_left_boundaries),
            ("focus_cues", &cues.focus_cues),
            ("technology_cues", &cues.technology_cues),
            ("not_districts", &cues.not_districts),
            ("umbrella_sectors", &cues.umbrella_sectors),
            ("past_section_cues", &cues.past_section_cues),
            ("target_cues", &cues.target_cues),
            ("post_qualifiers", &cues.post_qualifiers),
            ("pre_qualifiers", &cues.pre_qualifiers),
            ("not_park_endings", &cues.not_park_endings),
            ("district_relative_words", &cues.district_relative_words),
            ("technology_item_prefixes", &cues.technology_item_prefixes),
            ("generic_technologies", &cues.generic_technologies),
            ("generic_county_names", &cues.generic_county_names),
            ("industry_heads", &cues.industry_heads),
            ("name_verbs", &cues.name_verbs),
            ("not_area_words", &cues.not_area_words),
            ("facility_endings", &cues.facility_endings),
            ("industry_development_cues", &cues.industry_development_cues),
            ("industry_clause_heads", &cues.industry_clause_heads),
            ("technology_object_fillers", &cues.technology_object_fillers),
            ("technology_heads", &cues.technology_heads),
            ("technology_processes", &cues.technology_processes),
            ("technology_actors", &cues.technology_actors),
            ("industry_modified_nouns", &cues.industry_modified_nouns),
            ("street_endings", &cues.street_endings),
            ("technology_use_verbs", &cues.technology_use_verbs),
            ("compound_industry_heads", &cues.compound_industry_heads),
            ("proper_name_tags", &cues.proper_name_tags),
            ("expected_target_cues", &cues.expected_target_cues),
            ("indicator_scope_words", &cues.indicator_scope_words),
            ("table_columns.serial", &cues.table_columns.serial),
            ("table_columns.district", &cues.table_columns.district),
            ("table_columns.park", &cues.table_columns.park),
            ("table_columns.industry", &cues.table_columns.industry),
            ("table_columns.indicator", &cues.table_columns.indicator),
            ("table_columns.category", &cues.table_columns.category),
            ("table_columns.unit", &cues.table_columns.unit),
            ("table_columns.attribute", &cues.table_columns.attribute),
            (
                "table_columns.target_value",
                &cues.table_columns.target_value,
            ),
            ("table_columns.base_value", &cues.table_columns.base_value),
            ("table_columns.value", &cues.table_columns.value),
            ("table_columns.unit_words", &cues.table_columns.unit_words),
            (
                "table_columns.attribute_words",
                &cues.table_columns.attribute_words,
            ),
            ("economic_indicator_words", &cues.economic_indicator_words),
            ("not_industries", &cues.not_industries),
            ("not_industry_endings", &cues.not_industry_endings),
            ("other_sense_continuations", &cues.other_sense_continuations),
            ("not_entity_categories", &cues.not_entity_categories),
            ("company_endings", &cues.company_endings),
            ("work_name_endings", &cues.work_name_endings),
            ("title_seeking_verbs", &cues.title_seeking_verbs),
            ("national_title_words", &cues.national_title_words),
            ("public_service_recipients", &cues.public_service_recipients),
            ("farm_product_endings", &cues.farm_product_endings),
            ("programme_title_endings", &cues.programme_title_endings),
            ("activity_endings", &cues.activity_endings),
            ("reliance_words", &cues.reliance_words),
            ("authority_endings", &cues.authority_endings),
            ("ambiguous_sectors", &cues.ambiguous_sectors),
            ("industry_context_words", &cues.industry_context_words),
            (
                "facility_name_continuations",
                &cues.facility_name_continuations,
            ),
            ("responsibility_labels", &cues.responsibility_labels),
            ("service_giving_verbs", &cues.service_giving_verbs),
            ("not_park_categories", &cues.not_park_categories),
            ("research_facility_words", &cues.research_facility_words),
            ("section_suffixes", &cues.section_suffixes),
            ("not_names", &cues.not_names),
        ];
        for (name, list) in lists {
            assert!(!list.is_empty(), "{name} is empty");
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "{name} must be sorted and free of duplicates"
            );
        }
    }

    #[test]
    fn county_table_is_sorted_by_code() {
        let codes: Vec<&str> = COUNTIES_FILE
            .1
            .lines()
            .skip(1)
            .map(|l| l.split('\t').next().unwrap())
            .collect();
        assert!(
            codes.windows(2).all(|w| w[0] < w[1]),
            "codes sorted and unique"
        );
    }

    #[test]
    fn skos_files_are_sorted_and_labels_unique() {
        let mut owner: HashMap<String, String> = HashMap::new();
        for (name, text) in ONTOLOGY_FILES.iter().skip(1) {
            // Concepts appear in key order (district code, else preferred label).
            let keys: Vec<&str> = text
                .lines()
                .filter(|line| line.starts_with(&format!("<{ENTITY_NS}")))
                .filter_map(|line| line.split('>').next())
                .filter_map(|iri| iri.rsplit('/').next())
                .collect();
            assert!(!keys.is_empty(), "{name} has concepts");
            assert!(
                keys.windows(2).all(|w| w[0] < w[1]),
                "{name}: concepts sorted and unique"
            );
            for concept in parse_skos(name, text).expect("parses") {
                for label in std::iter::once(&concept.label).chain(&concept.alt_labels) {
                    let who = format!("{name} {}", concept.key);
                    if let Some(previous) = owner.insert(label.clone(), who.clone()) {
                        panic!("label '{label}' used by {previous} and {who}");
                    }
                }
            }
        }
    }

    #[test]
    fn iri_segments_round_trip() {
        for label in ["集成电路", "“北斗星港”", "5G + AI", "CMO／CDMO"] {
            assert_eq!(decode_segment(&iri_segment(label)), label);
        }
    }
}
