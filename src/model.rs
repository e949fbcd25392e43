//! Plain data shared by the pipeline stages: a document as ingest sees it, its sections
//! and sentences, and the entities, relations and targets extraction finds in it.
//!
//! Nothing here does I/O or knows about RDF; these types are the contract between
//! ingest, extract and store.

use serde::Serialize;
use std::collections::BTreeMap;

/// The input format a document was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Html,
    Markdown,
    Text,
    /// A CSV page export: the page's text in one cell of a row (see `ingest`).
    Csv,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "markdown",
            Format::Text => "text",
            Format::Csv => "csv",
        }
    }
}

/// Document metadata, mostly from the YAML front matter.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Metadata {
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub number: Option<String>,
    /// Front matter fields policykg does not interpret, kept verbatim.
    pub extra: BTreeMap<String, String>,
}

/// What kind of text a block is, as the source format tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum BlockKind {
    /// A Markdown heading or an HTML `<h1>`..`<h6>`, with its level.
    Heading(u8),
    Paragraph,
    /// A table cell, or a line that a flattened table left on its own.
    Cell,
    /// A quoted note (Markdown `>`); kept in the text but not mined for facts.
    Note,
}

/// One line-like unit of text: a paragraph, a heading, a table cell.
#[derive(Clone, Debug, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

/// A document after ingest: metadata and the ordered blocks of its body.
#[derive(Clone, Debug, Serialize)]
pub struct Document {
    /// Stable id: the file's path relative to the folder built, without extension,
    /// made IRI-safe (`a/plan`; a file given by itself or directly in the folder: its
    /// name, `plan`).
    pub id: String,
    pub path: String,
    pub format: Format,
    pub metadata: Metadata,
    pub blocks: Vec<Block>,
}

/// A section of the document's own hierarchy (一、 / （一） / 1． / Markdown headings).
#[derive(Clone, Debug, Serialize)]
pub struct Section {
    pub index: usize,
    pub parent: Option<usize>,
    pub depth: usize,
    /// The numbering as written, e.g. `（四）`, or empty for unnumbered headings.
    pub number: String,
    pub title: String,
}

/// A sentence with its place in the document.
#[derive(Clone, Debug, Serialize)]
pub struct Sentence {
    pub index: usize,
    /// Index into [`Segmented::sections`]; 0 is the document root.
    pub section: usize,
    /// Index of the block the sentence comes from.
    pub block: usize,
    pub text: String,
    /// Character offsets into [`Segmented::text`].
    pub start: usize,
    pub end: usize,
    /// Whether the sentence is (part of) a heading line.
    pub is_heading: bool,
}

/// A document split into its sections and sentences.
#[derive(Clone, Debug, Serialize)]
pub struct Segmented {
    /// The plain text: the blocks joined by newlines. Offsets point into it.
    pub text: String,
    pub sections: Vec<Section>,
    pub sentences: Vec<Sentence>,
}

/// The kinds of entity policykg knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Sector,
    Technology,
    District,
    Park,
    /// An economic or social measure that a target or figure is stated for and that is
    /// no industry (地区生产总值, 城镇调查失业率, 一般公共预算收入).
    Indicator,
}

impl EntityKind {
    pub const ALL: [EntityKind; 5] = [
        EntityKind::District,
        EntityKind::Park,
        EntityKind::Sector,
        EntityKind::Technology,
        EntityKind::Indicator,
    ];

    /// The path segment of the entity's IRI and its lowercase name.
    pub fn slug(self) -> &'static str {
        match self {
            EntityKind::Sector => "sector",
            EntityKind::Technology => "technology",
            EntityKind::District => "district",
            EntityKind::Park => "park",
            EntityKind::Indicator => "indicator",
        }
    }

    /// The ontology class's local name.
    pub fn class(self) -> &'static str {
        match self {
            EntityKind::Sector => "Sector",
            EntityKind::Technology => "Technology",
            EntityKind::District => "District",
            EntityKind::Park => "Park",
            EntityKind::Indicator => "Indicator",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.slug() == slug)
    }
}

/// An entity found in a document. `key` is the last IRI segment: the canonical label,
/// or the division code for districts.
#[derive(Clone, Debug, Serialize)]
pub struct Entity {
    pub kind: EntityKind,
    pub key: String,
    /// Canonical Chinese label.
    pub label: String,
    pub english: Option<String>,
    /// The broader entity (sub-sector of a sector, for instance), as a key of the same kind.
    pub parent: Option<String>,
    /// Sentences that mention the entity.
    pub mentions: Vec<usize>,
}

/// Relations between entities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum RelationKind {
    /// District → sector.
    HostsIndustry,
    /// Park → district.
    LocatedIn,
    /// Park → sector.
    FocusesOn,
    /// Sector → technology.
    DevelopsTechnology,
}

impl RelationKind {
    pub const ALL: [RelationKind; 4] = [
        RelationKind::HostsIndustry,
        RelationKind::LocatedIn,
        RelationKind::FocusesOn,
        RelationKind::DevelopsTechnology,
    ];

    /// The ontology property's local name.
    pub fn property(self) -> &'static str {
        match self {
            RelationKind::HostsIndustry => "hostsIndustry",
            RelationKind::LocatedIn => "locatedIn",
            RelationKind::FocusesOn => "focusesOn",
            RelationKind::DevelopsTechnology => "developsTechnology",
        }
    }

    /// The name used in gold files and evaluation reports.
    pub fn gold_name(self) -> &'static str {
        match self {
            RelationKind::HostsIndustry => "district-industry",
            RelationKind::LocatedIn => "park-district",
            RelationKind::FocusesOn => "park-industry",
            RelationKind::DevelopsTechnology => "sector-technology",
        }
    }

    pub fn subject_kind(self) -> EntityKind {
        match self {
            RelationKind::HostsIndustry => EntityKind::District,
            RelationKind::LocatedIn | RelationKind::FocusesOn => EntityKind::Park,
            RelationKind::DevelopsTechnology => EntityKind::Sector,
        }
    }

    pub fn object_kind(self) -> EntityKind {
        match self {
            RelationKind::HostsIndustry | RelationKind::FocusesOn => EntityKind::Sector,
            RelationKind::LocatedIn => EntityKind::District,
            RelationKind::DevelopsTechnology => EntityKind::Technology,
        }
    }
}

/// A relation between two entities (indices into [`Extraction::entities`]).
#[derive(Clone, Debug, Serialize)]
pub struct Relation {
    pub kind: RelationKind,
    pub subject: usize,
    pub object: usize,
    /// True when the fact follows from other facts rather than from a sentence
    /// (a district hosts what its parks focus on).
    pub inferred: bool,
    /// Which rule produced it, for debugging and `explain`.
    pub rule: &'static str,
    /// The sentences that state it (for inferred facts: the premises' sentences).
    pub evidence: Vec<usize>,
}

/// The unit a normalised value is expressed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Unit {
    /// Chinese yuan.
    Cny,
    Percent,
    /// Percentage points (个百分点).
    PercentagePoint,
    Count,
    /// Any other unit, kept as written (平方千米, 公里 …).
    Other,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Cny => "CNY",
            Unit::Percent => "percent",
            Unit::PercentagePoint => "percentage-point",
            Unit::Count => "count",
            Unit::Other => "other",
        }
    }
}

/// A quantitative statement: a target for a future year, or an observed historical
/// figure.
#[derive(Clone, Debug, Serialize)]
pub struct Quantity {
    /// The entity it belongs to (a sector), index into [`Extraction::entities`].
    pub subject: usize,
    pub metric: String,
    pub year: Option<i32>,
    /// Normalised value as a plain decimal string (4200亿元 → "420000000000").
    pub value: String,
    /// Upper bound for ranges (3－4个).
    pub value_max: Option<String>,
    pub unit: Unit,
    /// The unit as written when `unit` is [`Unit::Other`], else the written unit word.
    pub unit_text: String,
    /// Comparatives such as 左右, 以上, 力争, 突破.
    pub qualifier: Option<String>,
    /// The original wording of the figure, e.g. `4200亿元左右`.
    pub text: String,
    /// True for a target, false for a historical observation.
    pub is_target: bool,
    /// Whether it is a growth rate (年均增速).
    pub is_growth_rate: bool,
    pub sentence: usize,
}

/// A warning about the input that a user may want to know.
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    pub sentence: Option<usize>,
    pub message: String,
}

/// Everything extraction found in one document.
#[derive(Clone, Debug, Serialize)]
pub struct Extraction {
    pub document: Document,
    pub segmented: Segmented,
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
    pub quantities: Vec<Quantity>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Extraction {
    pub fn count_entities(&self, kind: EntityKind) -> usize {
        self.entities.iter().filter(|e| e.kind == kind).count()
    }
}
