//! Ingest: the only code that reads input files or touches HTML.
//!
//! It turns a file (HTML page or fragment, Markdown, plain text, each with optional YAML
//! front matter; a CSV page export) in whatever encoding it comes (see [`encoding`])
//! into a [`Document`]: metadata plus an ordered list of text blocks. It must not
//! interpret the text beyond that — sections, sentences and facts belong to `segment`
//! and `extract`.
//!
//! Odd input never brings it down: nothing here recurses on the input's depth (a page
//! nested 100,000 deep is flattened past [`nesting::MAX_DEPTH`] and walked with a stack
//! of its own), a doubtful decoding comes back as a warning, and bytes that are no text
//! are an error naming the file.

mod csv;
mod encoding;
mod nesting;

use crate::error::{Error, Result};
use crate::model::{Block, BlockKind, Document, Format, Metadata};
pub use encoding::{encoding_for_label, Decoded};
pub use encoding_rs::Encoding;
use scraper::{Html, Node, Selector};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// File extensions picked up when a directory is given.
pub const DOCUMENT_EXTENSIONS: [&str; 6] = ["csv", "html", "htm", "md", "markdown", "txt"];

/// A document file to read, with the folder its id is relative to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    /// The folder given on the command line that this file was found in; `None` for a
    /// file given by itself.
    pub root: Option<PathBuf>,
}

impl InputFile {
    /// The file's document id: its path relative to the folder it was found in (see
    /// [`document_id_in`]), or its file name for a file given by itself.
    pub fn id(&self) -> String {
        match &self.root {
            Some(root) => document_id_in(root, &self.path),
            None => document_id(&self.path),
        }
    }
}

/// The document files found under the paths a user gave, and the files a folder held
/// that policykg does not read (a .pdf, a .docx), so the user hears of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inputs {
    pub files: Vec<InputFile>,
    pub skipped: Vec<PathBuf>,
}

impl Inputs {
    /// A one-line warning naming the skipped files (the first few), or `None`.
    pub fn skipped_warning(&self) -> Option<String> {
        const SHOWN: usize = 5;
        if self.skipped.is_empty() {
            return None;
        }
        let mut names: Vec<String> = self
            .skipped
            .iter()
            .take(SHOWN)
            .map(|path| path.display().to_string())
            .collect();
        if self.skipped.len() > SHOWN {
            names.push(format!("and {} more", self.skipped.len() - SHOWN));
        }
        Some(format!(
            "skipped {} file{} of a kind policykg does not read (it reads .{}): {}",
            self.skipped.len(),
            if self.skipped.len() == 1 { "" } else { "s" },
            DOCUMENT_EXTENSIONS.join(", ."),
            names.join(", ")
        ))
    }
}

/// Expands the paths a user gave into the list of document files, in a stable order.
/// Files are taken as given whatever their extension; directories are walked
/// recursively for the known extensions, skipping hidden entries; other files found in
/// them are listed as skipped.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Inputs> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(InputFile {
                path: path.clone(),
                root: None,
            });
        } else if path.is_dir() {
            let before = files.len();
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|entry| {
                    entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walker {
                let entry = entry.map_err(|error| Error::Read {
                    path: path.clone(),
                    source: error.into(),
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                if has_document_extension(entry.path()) {
                    files.push(InputFile {
                        path: entry.into_path(),
                        root: Some(path.clone()),
                    });
                } else {
                    skipped.push(entry.into_path());
                }
            }
            if files.len() == before {
                return Err(Error::NoDocuments(path.clone()));
            }
        } else {
            return Err(Error::NotFound(path.clone()));
        }
    }
    Ok(Inputs { files, skipped })
}

fn has_document_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| DOCUMENT_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// How to read files: the encoding the user forced, if any, and the largest file read.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadOptions {
    pub encoding: Option<&'static Encoding>,
    /// A file larger than this many bytes is not read ([`Error::TooLarge`]).
    pub max_bytes: Option<u64>,
}

/// A document as read, with what the reader found doubtful about the file (each a
/// message for a warning that names the file).
#[derive(Debug)]
pub struct Ingested {
    pub document: Document,
    pub warnings: Vec<String>,
}

/// Reads and parses one document file, with its file name as its id.
pub fn read_document(path: &Path) -> Result<Document> {
    read_document_with(path, &document_id(path), &ReadOptions::default())
        .map(|ingested| ingested.document)
}

/// Reads and parses one document file under the given id. The document's path is the
/// file's absolute path (what `build --prune` and the check for ids taken by another
/// file compare), or the path as given if it cannot be resolved.
pub fn read_document_with(path: &Path, id: &str, options: &ReadOptions) -> Result<Ingested> {
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    if let Some(limit) = options.max_bytes {
        let bytes = std::fs::metadata(path).map_err(read_error)?.len();
        if bytes > limit {
            return Err(Error::TooLarge {
                path: path.to_path_buf(),
                bytes,
                limit,
            });
        }
    }
    let bytes = std::fs::read(path).map_err(read_error)?;
    let decoded = encoding::decode(&bytes, options.encoding).map_err(|reason| Error::Decode {
        path: path.to_path_buf(),
        reason,
    })?;
    let mut warnings = Vec::new();
    if let Some(doubt) = decoded.doubt {
        warnings.push(format!("doubtful encoding: {doubt}"));
    }
    let format_hint = path
        .extension()
        .and_then(|ext| ext.to_str())
        .map(|ext| ext.to_ascii_lowercase());
    let location = absolute_path(path);
    let (document, parse_warnings) = parse_document_with_warnings(
        id,
        &location.display().to_string(),
        &decoded.text,
        format_hint.as_deref(),
    );
    warnings.extend(parse_warnings);
    Ok(Ingested { document, warnings })
}

/// The file's absolute, symlink-free path, or the path as given if it cannot be
/// resolved.
pub fn absolute_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Decodes a file's bytes without a forced encoding: see [`encoding`] for the order of
/// evidence. `None` for bytes that are not text.
pub fn decode(bytes: &[u8]) -> Option<String> {
    encoding::decode(bytes, None)
        .ok()
        .map(|decoded| decoded.text)
}

/// A stable document id from the file name: the stem with characters unsafe in an IRI
/// replaced by `-`. Building the same file again yields the same id, so its graph is
/// replaced rather than duplicated.
pub fn document_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".to_owned());
    let id = id_component(&stem);
    if id.is_empty() {
        "document".to_owned()
    } else {
        id
    }
}

/// A document id from a file's path relative to the folder a build was given: the
/// folders below it and the file's stem, joined by `/` (`a/plan.md` → `a/plan`), so
/// files with the same name in different folders never share an id, and a file
/// directly in the folder keeps its stem as id. Stable across rebuilds of that folder.
pub fn document_id_in(root: &Path, path: &Path) -> String {
    let Ok(relative) = path.strip_prefix(root) else {
        return document_id(path);
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(parent) = relative.parent() {
        for component in parent.components() {
            if let std::path::Component::Normal(name) = component {
                let part = id_component(&name.to_string_lossy());
                if !part.is_empty() {
                    parts.push(part);
                }
            }
        }
    }
    parts.push(document_id(path));
    parts.join("/")
}

fn id_component(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// An id for a file whose own id is taken by another file: the id with a short, stable
/// hash of the file's absolute path (`plan~1f3a9c2e`). `~` never occurs in ids made from
/// names, so the result collides with none of them.
pub fn disambiguated_id(id: &str, path: &Path) -> String {
    // FNV-1a: tiny, and the same on every machine and Rust version (unlike the std
    // hasher), so the id is stable across rebuilds.
    let mut hash: u32 = 0x811c_9dc5;
    for byte in absolute_path(path).to_string_lossy().as_bytes() {
        hash ^= u32::from(*byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{id}~{hash:08x}")
}

/// Parses a document from text. `format_hint` is the file extension, if any; content
/// that starts with a tag is read as HTML whatever the extension says.
pub fn parse_document(id: &str, path: &str, text: &str, format_hint: Option<&str>) -> Document {
    parse_document_with_warnings(id, path, text, format_hint).0
}

/// [`parse_document`], with what was odd about the text (a page nested too deep).
pub fn parse_document_with_warnings(
    id: &str,
    path: &str,
    text: &str,
    format_hint: Option<&str>,
) -> (Document, Vec<String>) {
    let mut warnings = Vec::new();
    let (mut metadata, body, yaml_error) = split_front_matter_checked(text);
    if let Some(error) = yaml_error {
        warnings.push(format!(
            "its front matter is not valid YAML ({error}); its fields were not read, the text was"
        ));
    }
    let trimmed = body.trim_start();
    let looks_like_html = trimmed.starts_with('<') && trimmed.contains('>');
    let format = match format_hint {
        Some("html" | "htm" | "xhtml") => Format::Html,
        Some("csv") => Format::Csv,
        _ if looks_like_html => Format::Html,
        Some("md" | "markdown") => Format::Markdown,
        _ => Format::Text,
    };
    let blocks = match format {
        Format::Html => {
            let flattened =
                nesting::flatten_deep_nesting(body, is_block_element, is_dropped_element);
            let body = match &flattened {
                Some(flattened) => {
                    warnings.push(format!(
                        "elements nest {} deep; those below depth {} were flattened into their ancestor (their text is kept)",
                        flattened.depth,
                        nesting::MAX_DEPTH
                    ));
                    flattened.html.as_str()
                }
                None => body,
            };
            // One parse serves both the page's metadata and its text.
            let html = Html::parse_document(body);
            html_metadata(&html, &mut metadata);
            html_blocks(&html)
        }
        Format::Csv => csv::csv_blocks(body, &mut metadata, fill_metadata_field),
        Format::Markdown => markdown_blocks(body),
        Format::Text => text_blocks(body),
    };
    let document = Document {
        id: id.to_owned(),
        path: path.to_owned(),
        format,
        metadata,
        blocks,
    };
    (document, warnings)
}

/// Splits a leading YAML front matter block (between `---` lines) from the body.
/// Unparseable YAML is kept as metadata-less text rather than failing the document.
pub fn split_front_matter(text: &str) -> (Metadata, &str) {
    let (metadata, body, _) = split_front_matter_checked(text);
    (metadata, body)
}

/// [`split_front_matter`], also saying why a front matter block was not read: its YAML
/// does not parse, or it is not a mapping of fields.
pub fn split_front_matter_checked(text: &str) -> (Metadata, &str, Option<String>) {
    let start = text.trim_start_matches(['\u{feff}', '\n', '\r', ' ', '\t']);
    let Some(rest) = start.strip_prefix("---") else {
        return (Metadata::default(), text, None);
    };
    let Some(rest) = rest
        .strip_prefix('\n')
        .or_else(|| rest.strip_prefix("\r\n"))
    else {
        return (Metadata::default(), text, None);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return match metadata_from_yaml(yaml) {
                Ok(metadata) => (metadata, body, None),
                // `文号: -` (a dash for "none") is no YAML, but plainly a field.
                Err(error) => match metadata_from_field_lines(yaml) {
                    Some(metadata) => (metadata, body, None),
                    None => (Metadata::default(), body, Some(error)),
                },
            };
        }
        offset += line.len();
    }
    (Metadata::default(), text, None)
}

fn metadata_from_yaml(yaml: &str) -> std::result::Result<Metadata, String> {
    let mut metadata = Metadata::default();
    let mapping = match serde_norway::from_str::<serde_norway::Value>(yaml) {
        Ok(serde_norway::Value::Mapping(mapping)) => mapping,
        Ok(serde_norway::Value::Null) => return Ok(metadata),
        Ok(_) => return Err("it is not a list of `field: value` lines".to_owned()),
        Err(error) => return Err(error.to_string()),
    };
    for (key, value) in mapping {
        let Some(key) = yaml_scalar(&key) else {
            continue;
        };
        let Some(value) = yaml_scalar(&value) else {
            continue;
        };
        let value = value.trim().to_owned();
        if value.is_empty() {
            continue;
        }
        if !fill_metadata_field(&mut metadata, &key, &value) {
            metadata.extra.insert(key, value);
        }
    }
    Ok(metadata)
}

/// Front matter that is no YAML but only `field: value` lines, one a line (`文号: -`,
/// where YAML reads the dash as a list): the fields, a lone dash or tilde as no value;
/// `None` when some line is no such field.
fn metadata_from_field_lines(text: &str) -> Option<Metadata> {
    let mut metadata = Metadata::default();
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once(": ").or_else(|| {
            line.strip_suffix(':')
                .map(|key| (key, ""))
                .or_else(|| line.split_once('：'))
        })?;
        let key = key.trim();
        if key.is_empty() || key.starts_with(['-', ' ', '\t']) || key.contains(['{', '[']) {
            return None;
        }
        let value = value.trim();
        // A broken flow list or map (`title: [broken`) is broken YAML, not a field.
        if value.starts_with(['[', '{']) {
            return None;
        }
        let value = value.trim_matches(['"', '\'']).trim();
        if value.is_empty() || value == "-" || value == "~" {
            continue;
        }
        if !fill_metadata_field(&mut metadata, key, value) {
            metadata.extra.insert(key.to_owned(), value.to_owned());
        }
    }
    Some(metadata)
}

/// Puts a named value (a front-matter key, a CSV column) in its metadata field if the
/// name is one of a field's names and the field is still empty. Returns whether the
/// name is a field's.
fn fill_metadata_field(metadata: &mut Metadata, key: &str, value: &str) -> bool {
    let slot = match key.trim().to_lowercase().as_str() {
        "title" | "标题" | "名称" => &mut metadata.title,
        "date" | "发布日期" | "成文日期" | "日期" | "published" | "publish_date" | "pubdate" => {
            &mut metadata.date
        }
        "source" | "url" | "link" | "source_url" | "官方链接" | "原文链接" | "来源链接" => {
            &mut metadata.source
        }
        "author" | "发布单位" | "发文机关" | "发文单位" | "publisher" | "来源" => {
            &mut metadata.author
        }
        "文号" | "发文字号" | "number" => &mut metadata.number,
        _ => return false,
    };
    if slot.is_none() {
        *slot = Some(value.to_owned());
    }
    true
}

/// Fills metadata the front matter left empty from a page's `<meta>` tags (the names
/// Chinese government sites use: ArticleTitle, PubDate, ContentSource, Url) and `<title>`.
fn html_metadata(html: &Html, metadata: &mut Metadata) {
    static META: LazyLock<Selector> =
        LazyLock::new(|| Selector::parse("meta[name][content]").expect("meta selector"));
    static TITLE: LazyLock<Selector> =
        LazyLock::new(|| Selector::parse("title").expect("title selector"));
    for meta in html.select(&META) {
        let (Some(name), Some(content)) = (meta.attr("name"), meta.attr("content")) else {
            continue;
        };
        let content = content.trim();
        if content.is_empty() {
            continue;
        }
        let slot = match name.to_ascii_lowercase().as_str() {
            "articletitle" | "dc.title" => &mut metadata.title,
            "pubdate" | "firstpublishedtime" | "dc.date" => &mut metadata.date,
            "contentsource" | "author" => &mut metadata.author,
            "url" => &mut metadata.source,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(content.to_owned());
        }
    }
    if metadata.title.is_none() {
        metadata.title = html
            .select(&TITLE)
            .next()
            .map(|title| title.text().collect::<String>().trim().to_owned())
            .filter(|title| !title.is_empty());
    }
}

fn yaml_scalar(value: &serde_norway::Value) -> Option<String> {
    use serde_norway::Value;
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Sequence(items) => {
            let parts: Vec<String> = items.iter().filter_map(yaml_scalar).collect();
            Some(parts.join(", "))
        }
        _ => None,
    }
}

/// Elements that start a new block of text.
const BLOCK_ELEMENTS: [&str; 22] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "footer",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];
const SKIPPED_ELEMENTS: [&str; 11] = [
    "script", "style", "noscript", "template", "head", "iframe", "svg", "button", "nav", "aside",
    "footer",
];
/// Class or id words of page chrome around an article (a site's navigation, sidebar of
/// related links, footer): their text is not part of the document.
const CHROME_NAMES: [&str; 12] = [
    "nav",
    "navbar",
    "menu",
    "footer",
    "header",
    "sidebar",
    "breadcrumb",
    "crumbs",
    "toolbar",
    "top-links",
    "copyright",
    "related",
];

fn is_block_element(name: &str) -> bool {
    BLOCK_ELEMENTS.contains(&name)
        || matches!(
            name,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "td" | "th" | "tr"
        )
}

/// Whether an element's text is no part of the document (scripts, navigation, page
/// chrome), from its name and the text of its attributes; for the nesting cap, which
/// sees tags, not elements.
fn is_dropped_element(name: &str, attributes: &str) -> bool {
    if SKIPPED_ELEMENTS.contains(&name) {
        return true;
    }
    let attributes = attributes.to_ascii_lowercase();
    ["class", "id"].iter().any(|attribute| {
        attribute_value(&attributes, attribute).is_some_and(|value| {
            value
                .split_ascii_whitespace()
                .any(|word| CHROME_NAMES.contains(&word))
        })
    })
}

/// The value of `name="…"` in a tag's attribute text (already lowercased).
fn attribute_value<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(at) = attributes[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        let before_ok = start == 0 || attributes.as_bytes()[start - 1].is_ascii_whitespace();
        let rest = attributes[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=').map(str::trim_start) else {
            continue;
        };
        if !before_ok {
            continue;
        }
        return Some(match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or(""),
            _ => rest
                .split(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

/// One step of the walk over the page's tree: enter a node, or leave a block element.
enum WalkStep<'a> {
    Enter(ego_tree::NodeRef<'a, Node>),
    LeaveBlock,
}

/// Walks the page's tree in document order with a stack of its own, not recursion, so
/// no nesting depth can overflow the thread's stack.
fn html_blocks(html: &Html) -> Vec<Block> {
    let mut walker = HtmlWalker::default();
    let mut steps = vec![WalkStep::Enter(html.tree.root())];
    while let Some(step) = steps.pop() {
        let node = match step {
            WalkStep::LeaveBlock => {
                walker.flush();
                continue;
            }
            WalkStep::Enter(node) => node,
        };
        match node.value() {
            Node::Text(text) => {
                walker.buffer.push_str(text);
                continue;
            }
            Node::Element(element) => {
                let name = element.name();
                let chrome = element
                    .classes()
                    .chain(element.id())
                    .any(|word| CHROME_NAMES.contains(&word.to_ascii_lowercase().as_str()));
                if SKIPPED_ELEMENTS.contains(&name) || chrome {
                    continue;
                }
                let heading = match name {
                    "h1" => Some(1),
                    "h2" => Some(2),
                    "h3" => Some(3),
                    "h4" => Some(4),
                    "h5" => Some(5),
                    "h6" => Some(6),
                    _ => None,
                };
                let cell = matches!(name, "td" | "th");
                if is_block_element(name) {
                    walker.flush();
                    walker.kind = heading
                        .map(BlockKind::Heading)
                        .or(cell.then_some(BlockKind::Cell))
                        .or((name == "blockquote").then_some(BlockKind::Note));
                    steps.push(WalkStep::LeaveBlock);
                }
            }
            _ => {}
        }
        // Children pushed last first, so the first child is walked next.
        let mut child = node.last_child();
        while let Some(current) = child {
            steps.push(WalkStep::Enter(current));
            child = current.prev_sibling();
        }
    }
    walker.flush();
    walker.blocks
}

#[derive(Default)]
struct HtmlWalker {
    blocks: Vec<Block>,
    buffer: String,
    kind: Option<BlockKind>,
}

impl HtmlWalker {
    fn flush(&mut self) {
        let text = normalize_space(&self.buffer);
        self.buffer.clear();
        if !text.is_empty() {
            self.blocks.push(Block {
                kind: self.kind.unwrap_or(BlockKind::Paragraph),
                text,
            });
        }
    }
}

/// Collapses runs of whitespace (including the ideographic space and NBSP) to one
/// space and trims; Chinese text has no spaces that matter.
pub(crate) fn normalize_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

fn markdown_blocks(body: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut in_code = false;
    for raw in body.lines() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code || line.is_empty() || is_markdown_rule(line) {
            continue;
        }
        if let Some(level) = markdown_heading_level(line) {
            let text = strip_inline_markdown(line.trim_start_matches('#').trim_end_matches('#'));
            if !text.is_empty() {
                blocks.push(Block {
                    kind: BlockKind::Heading(level),
                    text,
                });
            }
        } else if let Some(quoted) = line.strip_prefix('>') {
            let text = strip_inline_markdown(quoted);
            if !text.is_empty() {
                blocks.push(Block {
                    kind: BlockKind::Note,
                    text,
                });
            }
        } else if line.starts_with('|') {
            if line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
                continue;
            }
            for cell in line.trim_matches('|').split('|') {
                let text = strip_inline_markdown(cell);
                if !text.is_empty() {
                    blocks.push(Block {
                        kind: BlockKind::Cell,
                        text,
                    });
                }
            }
        } else {
            let line = line
                .strip_prefix("- ")
                .or_else(|| line.strip_prefix("* "))
                .or_else(|| line.strip_prefix("+ "))
                .unwrap_or(line);
            let text = strip_inline_markdown(line);
            if !text.is_empty() {
                blocks.push(Block {
                    kind: BlockKind::Paragraph,
                    text,
                });
            }
        }
    }
    blocks
}

fn is_markdown_rule(line: &str) -> bool {
    line.len() >= 3
        && (line.chars().all(|c| c == '-')
            || line.chars().all(|c| c == '*')
            || line.chars().all(|c| c == '_'))
}

fn markdown_heading_level(line: &str) -> Option<u8> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let after = line[hashes..].chars().next();
    ((1..=6).contains(&hashes) && matches!(after, Some(' ') | None)).then_some(hashes as u8)
}

/// Removes emphasis, code spans, images and link targets, keeping the visible text.
fn strip_inline_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' | '`' => {}
            '_' if i + 1 < chars.len() && chars[i + 1] == '_' => i += 1,
            '!' if chars.get(i + 1) == Some(&'[') => {}
            '[' => {
                // [text](target): keep text, drop target.
                if let Some(close) = chars[i..].iter().position(|&c| c == ']').map(|p| p + i) {
                    if chars.get(close + 1) == Some(&'(') {
                        if let Some(end) = chars[close..]
                            .iter()
                            .position(|&c| c == ')')
                            .map(|p| p + close)
                        {
                            out.extend(&chars[i + 1..close]);
                            i = end + 1;
                            continue;
                        }
                    }
                }
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    normalize_space(&out)
}

fn text_blocks(body: &str) -> Vec<Block> {
    body.lines()
        .map(normalize_space)
        .filter(|line| !line.is_empty())
        .map(|text| Block {
            kind: BlockKind::Paragraph,
            text,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_front_matter_is_reported_and_the_text_still_read() {
        let text = "---\ntitle: [broken\n---\n宝山区大力发展集成电路产业。\n";
        let (document, warnings) = parse_document_with_warnings("d", "d.md", text, Some("md"));
        assert_eq!(document.metadata.title, None);
        assert_eq!(document.blocks.len(), 1);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("front matter is not valid YAML")),
            "{warnings:?}"
        );
        // Valid or empty front matter says nothing.
        for text in ["---\ntitle: 规划\n---\n正文。\n", "---\n---\n正文。\n"] {
            let (_, warnings) = parse_document_with_warnings("d", "d.md", text, Some("md"));
            assert!(warnings.is_empty(), "{warnings:?}");
        }
    }

    #[test]
    fn front_matter_of_plain_field_lines_is_read_even_where_yaml_is_not() {
        // `文号: -`: YAML reads the dash as a list where a value belongs.
        let text = "---\n标题: 上海市宝山区国民经济和社会发展第十五个五年规划纲要\n文号: -\n\
                    发布单位: 上海市宝山区发展和改革委员会\n发布日期: -\n层级: 区级\n---\n正文。\n";
        let (document, warnings) = parse_document_with_warnings("d", "d.md", text, Some("md"));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            document.metadata.title.as_deref(),
            Some("上海市宝山区国民经济和社会发展第十五个五年规划纲要")
        );
        assert_eq!(
            document.metadata.author.as_deref(),
            Some("上海市宝山区发展和改革委员会")
        );
        assert_eq!(document.metadata.number, None);
        assert_eq!(document.metadata.date, None);
        assert_eq!(
            document.metadata.extra.get("层级").map(String::as_str),
            Some("区级")
        );
    }

    #[test]
    fn files_a_folder_holds_that_are_not_documents_are_listed_as_skipped() {
        let folder = tempfile::tempdir().expect("temporary folder");
        for name in ["a.md", "b.pdf", "c.docx", ".hidden.pdf"] {
            std::fs::write(folder.path().join(name), "x").expect("write");
        }
        let inputs = collect_inputs(&[folder.path().to_path_buf()]).expect("inputs");
        assert_eq!(inputs.files.len(), 1);
        let skipped: Vec<String> = inputs
            .skipped
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(skipped, ["b.pdf", "c.docx"]);
        let warning = inputs.skipped_warning().expect("a warning");
        assert!(warning.starts_with("skipped 2 files"), "{warning}");
    }

    #[test]
    fn front_matter_fields_become_metadata() {
        let text = "---\ntitle: '规划'\ndate: 2021-06-23\n官方链接: https://example.org/a\n发布单位: 上海市人民政府\n---\n<p>正文</p>";
        let (metadata, body) = split_front_matter(text);
        assert_eq!(metadata.title.as_deref(), Some("规划"));
        assert_eq!(metadata.date.as_deref(), Some("2021-06-23"));
        assert_eq!(metadata.source.as_deref(), Some("https://example.org/a"));
        assert_eq!(metadata.author.as_deref(), Some("上海市人民政府"));
        assert_eq!(body, "<p>正文</p>");
    }

    #[test]
    fn html_with_leading_blank_line_and_front_matter_is_html() {
        let doc = parse_document(
            "d",
            "d",
            "\n---\ntitle: x\n---\n\n<div><p>一、总体要求</p><p>正文<span>内容</span>。</p></div>",
            None,
        );
        assert_eq!(doc.format, Format::Html);
        let texts: Vec<_> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["一、总体要求", "正文内容。"]);
    }

    #[test]
    fn page_chrome_is_dropped_and_meta_tags_become_metadata() {
        let page = r#"<html><head><title>站点 - 规划</title><meta name="ArticleTitle" content="某区“十五五”规划"><meta name="PubDate" content="2026-03-18 10:30"></head><body><div class="nav"><a>首页</a></div><nav>政务公开</nav><div class="main"><div class="article-content"><p>一、总体要求</p><p>正文。</p></div><div class="sidebar"><p>相关文件：某区集成电路行动计划</p></div></div><div id="footer">版权所有</div></body></html>"#;
        let doc = parse_document("d", "d.html", page, None);
        let texts: Vec<_> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["一、总体要求", "正文。"]);
        assert_eq!(doc.metadata.title.as_deref(), Some("某区“十五五”规划"));
        assert_eq!(doc.metadata.date.as_deref(), Some("2026-03-18 10:30"));
    }

    #[test]
    fn markdown_headings_notes_and_links() {
        let doc = parse_document("d", "d.md", "# 标题\n\n> 说明[链接](http://x)\n\n**一、总则**\n\n| 区 | 园区 |\n|---|---|\n| 闵行区 | 紫竹 |\n", Some("md"));
        let kinds: Vec<_> = doc
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Heading(1), "标题"),
                (BlockKind::Note, "说明链接"),
                (BlockKind::Paragraph, "一、总则"),
                (BlockKind::Cell, "区"),
                (BlockKind::Cell, "园区"),
                (BlockKind::Cell, "闵行区"),
                (BlockKind::Cell, "紫竹"),
            ]
        );
    }

    #[test]
    fn a_page_nested_100000_deep_keeps_its_text() {
        let depth = 100_000;
        let page = "<html><body>".to_owned()
            + &"<div>".repeat(depth)
            + "<p>一、总体要求</p><p>深层正文。</p>"
            + &"</div>".repeat(depth)
            + "<p>其后正文。</p></body></html>";
        // On a small stack: a walk that recursed on depth would overflow it.
        let (document, warnings) = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || parse_document_with_warnings("d", "d.html", &page, Some("html")))
            .unwrap()
            .join()
            .expect("no stack overflow");
        let texts: Vec<_> = document.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["一、总体要求", "深层正文。", "其后正文。"]);
        assert!(warnings[0].contains("nest 100003 deep"), "{warnings:?}");
    }

    #[test]
    fn the_parser_and_the_walk_do_not_recurse_on_depth() {
        // Below the cap's reach: the page goes to html5ever as it is (inline elements
        // cost it no quadratic scan), and neither parsing, walking nor dropping the
        // tree may use stack in proportion to the depth.
        let depth = 100_000;
        let page =
            "<p>".to_owned() + &"<span>".repeat(depth) + "深层正文" + &"</span>".repeat(depth);
        let texts = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let html = Html::parse_document(&page);
                let blocks = html_blocks(&html);
                drop(html);
                blocks.into_iter().map(|b| b.text).collect::<Vec<_>>()
            })
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert_eq!(texts, ["深层正文"]);
    }

    #[test]
    fn csv_page_exports_are_documents() {
        let csv = "\u{feff}region,title,publish_date,source_url,content\n\
            某市,某市数字经济发展规划,2026-01-02,https://example.org/p,\"下载\n打印\n【字号：\n加大\n】\n某市数字经济发展规划\n一、总体要求\n到2030年，全市数字经济规模达到一千亿元，\"\"核心区\"\"建设取得成效。\n相关链接：\"\n";
        let document = parse_document("d", "d.csv", csv, Some("csv"));
        assert_eq!(document.format, Format::Csv);
        assert_eq!(
            document.metadata.title.as_deref(),
            Some("某市数字经济发展规划")
        );
        assert_eq!(document.metadata.date.as_deref(), Some("2026-01-02"));
        assert_eq!(
            document.metadata.source.as_deref(),
            Some("https://example.org/p")
        );
        assert_eq!(
            document.metadata.extra.get("region").map(String::as_str),
            Some("某市")
        );
        let texts: Vec<_> = document.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "某市数字经济发展规划",
                "一、总体要求",
                "到2030年，全市数字经济规模达到一千亿元，\"核心区\"建设取得成效。"
            ]
        );
    }

    #[test]
    fn csv_without_a_text_column_is_a_table() {
        let document = parse_document("d", "d.csv", "区,主导产业\n闵行区,人工智能\n", Some("csv"));
        let cells: Vec<_> = document
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            cells,
            [
                (BlockKind::Cell, "区"),
                (BlockKind::Cell, "主导产业"),
                (BlockKind::Cell, "闵行区"),
                (BlockKind::Cell, "人工智能"),
            ]
        );
    }

    #[test]
    fn ids_follow_the_path_below_the_folder_built() {
        let root = Path::new("/corpus");
        assert_eq!(document_id_in(root, Path::new("/corpus/plan.md")), "plan");
        assert_eq!(
            document_id_in(root, Path::new("/corpus/a/plan.md")),
            "a/plan"
        );
        assert_eq!(
            document_id_in(root, Path::new("/corpus/上海 市/b/plan.html")),
            "上海-市/b/plan"
        );
        let id = disambiguated_id("plan", Path::new("/nowhere/b/plan.md"));
        assert_eq!(
            id,
            disambiguated_id("plan", Path::new("/nowhere/b/plan.md")),
            "stable"
        );
        assert_ne!(
            id,
            disambiguated_id("plan", Path::new("/nowhere/a/plan.md"))
        );
        assert!(
            id.starts_with("plan~") && id.len() == "plan~".len() + 8,
            "{id}"
        );
    }

    #[test]
    fn gb18030_is_decoded() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("静安区人工智能产业");
        assert_eq!(decode(&bytes).as_deref(), Some("静安区人工智能产业"));
    }

    #[test]
    fn document_id_is_iri_safe_and_stable() {
        assert_eq!(
            document_id(Path::new("/a/b/上海 规划(2021).html")),
            "上海-规划-2021-"
        );
    }
}
