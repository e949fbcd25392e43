//! Ingest: the only code that reads input files or touches HTML.
//!
//! It turns a file (HTML page or fragment, Markdown, plain text, each with optional YAML
//! front matter; UTF-8 or GB18030) into a [`Document`]: metadata plus an ordered list of
//! text blocks. It must not interpret the text beyond that — sections, sentences and
//! facts belong to `segment` and `extract`.

use crate::error::{Error, Result};
use crate::model::{Block, BlockKind, Document, Format, Metadata};
use scraper::{Html, Node, Selector};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// File extensions picked up when a directory is given.
pub const DOCUMENT_EXTENSIONS: [&str; 5] = ["html", "htm", "md", "markdown", "txt"];

/// Expands the paths a user gave into the list of document files, in a stable order.
/// Files are taken as given whatever their extension; directories are walked
/// recursively for the known extensions, skipping hidden entries.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
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
                if entry.file_type().is_file() && has_document_extension(entry.path()) {
                    files.push(entry.into_path());
                }
            }
            if files.len() == before {
                return Err(Error::NoDocuments(path.clone()));
            }
        } else {
            return Err(Error::NotFound(path.clone()));
        }
    }
    Ok(files)
}

fn has_document_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| DOCUMENT_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Reads and parses one document file.
pub fn read_document(path: &Path) -> Result<Document> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = decode(&bytes).ok_or_else(|| Error::Decode {
        path: path.to_path_buf(),
    })?;
    let id = document_id(path);
    let format_hint = path
        .extension()
        .and_then(|ext| ext.to_str())
        .map(|ext| ext.to_ascii_lowercase());
    Ok(parse_document(
        &id,
        &path.display().to_string(),
        &text,
        format_hint.as_deref(),
    ))
}

/// Decodes UTF-8 (with or without BOM), falling back to GB18030, which covers GBK and
/// GB2312 pages.
pub fn decode(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some(text.to_owned());
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

/// A stable document id from the file name: the stem with characters unsafe in an IRI
/// replaced by `-`. Building the same file again yields the same id, so its graph is
/// replaced rather than duplicated.
pub fn document_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".to_owned());
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if id.is_empty() {
        "document".to_owned()
    } else {
        id
    }
}

/// Parses a document from text. `format_hint` is the file extension, if any; content
/// that starts with a tag is read as HTML whatever the extension says.
pub fn parse_document(id: &str, path: &str, text: &str, format_hint: Option<&str>) -> Document {
    let (mut metadata, body) = split_front_matter(text);
    let trimmed = body.trim_start();
    let looks_like_html = trimmed.starts_with('<') && trimmed.contains('>');
    let format = match format_hint {
        Some("html" | "htm" | "xhtml") => Format::Html,
        _ if looks_like_html => Format::Html,
        Some("md" | "markdown") => Format::Markdown,
        _ => Format::Text,
    };
    let blocks = match format {
        Format::Html => {
            // One parse serves both the page's metadata and its text.
            let html = Html::parse_document(body);
            html_metadata(&html, &mut metadata);
            html_blocks(&html)
        }
        Format::Markdown => markdown_blocks(body),
        Format::Text => text_blocks(body),
    };
    Document {
        id: id.to_owned(),
        path: path.to_owned(),
        format,
        metadata,
        blocks,
    }
}

/// Splits a leading YAML front matter block (between `---` lines) from the body.
/// Unparseable YAML is kept as metadata-less text rather than failing the document.
pub fn split_front_matter(text: &str) -> (Metadata, &str) {
    let start = text.trim_start_matches(['\u{feff}', '\n', '\r', ' ', '\t']);
    let Some(rest) = start.strip_prefix("---") else {
        return (Metadata::default(), text);
    };
    let Some(rest) = rest
        .strip_prefix('\n')
        .or_else(|| rest.strip_prefix("\r\n"))
    else {
        return (Metadata::default(), text);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return (metadata_from_yaml(yaml), body);
        }
        offset += line.len();
    }
    (Metadata::default(), text)
}

fn metadata_from_yaml(yaml: &str) -> Metadata {
    let mut metadata = Metadata::default();
    let Ok(serde_norway::Value::Mapping(mapping)) =
        serde_norway::from_str::<serde_norway::Value>(yaml)
    else {
        return metadata;
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
        let slot = match key.to_lowercase().as_str() {
            "title" | "标题" | "名称" => &mut metadata.title,
            "date" | "发布日期" | "成文日期" | "日期" | "published" | "publish_date" => {
                &mut metadata.date
            }
            "source" | "url" | "link" | "官方链接" | "原文链接" | "来源链接" => {
                &mut metadata.source
            }
            "author" | "发布单位" | "发文机关" | "发文单位" | "publisher" | "来源" => {
                &mut metadata.author
            }
            "文号" | "发文字号" | "number" => &mut metadata.number,
            _ => {
                metadata.extra.insert(key, value);
                continue;
            }
        };
        if slot.is_none() {
            *slot = Some(value);
        }
    }
    metadata
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

fn html_blocks(html: &Html) -> Vec<Block> {
    let mut walker = HtmlWalker::default();
    walker.walk(html.tree.root());
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
    fn walk(&mut self, node: ego_tree::NodeRef<'_, Node>) {
        match node.value() {
            Node::Text(text) => self.buffer.push_str(text),
            Node::Element(element) => {
                let name = element.name();
                let chrome = element
                    .classes()
                    .chain(element.id())
                    .any(|word| CHROME_NAMES.contains(&word.to_ascii_lowercase().as_str()));
                if SKIPPED_ELEMENTS.contains(&name) || chrome {
                    return;
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
                let is_block =
                    heading.is_some() || cell || name == "tr" || BLOCK_ELEMENTS.contains(&name);
                if is_block {
                    self.flush();
                    self.kind = heading
                        .map(BlockKind::Heading)
                        .or(cell.then_some(BlockKind::Cell))
                        .or((name == "blockquote").then_some(BlockKind::Note));
                }
                for child in node.children() {
                    self.walk(child);
                }
                if is_block {
                    self.flush();
                }
            }
            _ => {
                for child in node.children() {
                    self.walk(child);
                }
            }
        }
    }

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
fn normalize_space(text: &str) -> String {
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
