//! Segmentation: splits a document's blocks into its own section hierarchy and into
//! sentences, with character offsets into the document's plain text.
//!
//! Pure and total: any text yields some sections and sentences. Heading levels come from
//! the order in which numbering styles first appear (一、 then （一） then 1．…), the way
//! the documents themselves nest them, so a plan that starts its hierarchy at （一） or
//! mixes Markdown headings with Chinese numbering still nests correctly.

use crate::model::{BlockKind, Document, Section, Segmented, Sentence};
use regex::Regex;
use std::sync::LazyLock;

/// The numbering styles a heading can carry, recognised at the start of a line.
static HEADING_MARKERS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("chapter", r"^第[一二三四五六七八九十百零〇]+[章篇部分]\s*"),
        ("jie", r"^第[一二三四五六七八九十百零〇]+节\s*"),
        ("cn", r"^[一二三四五六七八九十]+[、．.]\s*"),
        ("cn-paren", r"^[（(][一二三四五六七八九十]+[）)]\s*"),
        ("num", r"^[0-9０-９]{1,2}[．.、](?:\s*)"),
        ("num-paren", r"^[（(][0-9０-９]{1,2}[）)]\s*"),
        ("circled", r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*"),
    ]
    .into_iter()
    .map(|(kind, pattern)| (kind, Regex::new(pattern).expect("heading pattern")))
    .collect()
});

/// An inline numbered item after a colon, full stop or semicolon: `重点发展：1．集成电路设计。`
static INLINE_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[：:。；;]\s*([0-9０-９]{1,2}[．.][^0-9０-９．.])").expect("inline item pattern")
});

/// A run-in heading: a short phrase closed by a full stop, followed by the paragraph.
static RUN_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([^，。、；：:,\s（）()“”]{2,12})。(.{10,})").expect("run-in pattern")
});

/// Longest heading title kept when the heading line runs on into body text.
const MAX_TITLE_CHARS: usize = 40;

/// How deep a heading kind sits: Markdown/HTML heading levels first, then chapters (第一章),
/// their sections (第一节), 一、, （一）, run-in headings, 1．, （1）, ①. A fixed order
/// survives documents whose preface uses a deeper style before the first chapter (a news
/// lead quoting "重点发展：1．…" before "一、发展基础").
fn rank(kind: &str) -> usize {
    match kind {
        "h1" => 0,
        "h2" => 1,
        "h3" => 2,
        "h4" => 3,
        "h5" => 4,
        "h6" => 5,
        "chapter" => 6,
        "jie" => 7,
        "cn" => 8,
        "cn-paren" => 9,
        "run-in" => 10,
        "num" => 11,
        "num-paren" => 12,
        _ => 13,
    }
}

/// Splits a document into sections and sentences.
pub fn segment(document: &Document) -> Segmented {
    let mut text = String::new();
    let mut sections = vec![Section {
        index: 0,
        parent: None,
        depth: 0,
        number: String::new(),
        title: document.metadata.title.clone().unwrap_or_default(),
    }];
    let mut sentences = Vec::new();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut offset = 0usize;

    for (block_index, block) in document.blocks.iter().enumerate() {
        if block_index > 0 {
            text.push('\n');
            offset += 1;
        }
        text.push_str(&block.text);
        let block_start = offset;
        offset += block.text.chars().count();
        if block.kind == BlockKind::Note {
            continue;
        }
        // Character offsets are counted on from the previous piece and sentence, never
        // from the block's start again: a block of n sentences would cost n².
        let mut piece_chars = CharCounter::new(&block.text);
        for (piece_start, piece) in split_inline_items(&block.text) {
            let piece_offset = block_start + piece_chars.chars_before(piece_start);
            let heading = detect_heading(piece, block.kind, piece_start == 0);
            let (body, body_offset) = match heading {
                Some(heading) => {
                    let parent = open_section(&mut stack, &heading.kind);
                    let index = sections.len();
                    sections.push(Section {
                        index,
                        parent: Some(parent),
                        depth: stack.len() + 1,
                        number: heading.number.clone(),
                        title: heading.title.clone(),
                    });
                    stack.push((heading.kind.clone(), index));
                    let title_start = piece_offset + piece[..heading.title_start].chars().count();
                    sentences.push(Sentence {
                        index: sentences.len(),
                        section: index,
                        block: block_index,
                        text: heading.title.clone(),
                        start: title_start,
                        end: title_start + heading.title.chars().count(),
                        is_heading: true,
                    });
                    let body = &piece[heading.body_start..];
                    (
                        body,
                        piece_offset + piece[..heading.body_start].chars().count(),
                    )
                }
                None => (piece, piece_offset),
            };
            let section = stack.last().map_or(0, |&(_, index)| index);
            let mut body_chars = CharCounter::new(body);
            for (start, sentence) in split_sentences(body) {
                let start = body_offset + body_chars.chars_before(start);
                sentences.push(Sentence {
                    index: sentences.len(),
                    section,
                    block: block_index,
                    text: sentence.to_owned(),
                    start,
                    end: start + sentence.chars().count(),
                    is_heading: false,
                });
            }
        }
    }
    Segmented {
        text,
        sections,
        sentences,
    }
}

/// Counts the characters before byte offsets of one text that only grow, carrying on
/// from the previous offset.
struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    fn new(text: &'a str) -> Self {
        CharCounter {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The number of characters before `byte`, which must not be less than the last
    /// offset asked.
    fn chars_before(&mut self, byte: usize) -> usize {
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// Pops the stack back above the new heading's rank and returns its parent section.
fn open_section(stack: &mut Vec<(String, usize)>, kind: &str) -> usize {
    while stack
        .last()
        .is_some_and(|(open, _)| rank(open) >= rank(kind))
    {
        stack.pop();
    }
    stack.last().map_or(0, |&(_, index)| index)
}

#[derive(Debug, Clone)]
struct Heading {
    kind: String,
    number: String,
    title: String,
    /// Byte offset of the title within the piece.
    title_start: usize,
    /// Byte offset where body text after the heading starts.
    body_start: usize,
}

fn detect_heading(piece: &str, block_kind: BlockKind, at_block_start: bool) -> Option<Heading> {
    for (kind, marker) in HEADING_MARKERS.iter() {
        if let Some(found) = marker.find(piece) {
            let rest = &piece[found.end()..];
            if rest.trim().is_empty() {
                return None;
            }
            // 53.75 is a decimal number (a table cell), not heading 53 titled 75.
            if *kind == "num"
                && rest.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
            {
                continue;
            }
            let (title_len, body_start) = title_extent(rest, block_kind)?;
            return Some(Heading {
                kind: (*kind).to_owned(),
                number: found.as_str().trim().to_owned(),
                title: rest[..title_len]
                    .trim()
                    .trim_end_matches(['：', ':'])
                    .to_owned(),
                title_start: found.end(),
                body_start: found.end() + body_start,
            });
        }
    }
    if let BlockKind::Heading(level) = block_kind {
        return Some(Heading {
            kind: format!("h{level}"),
            number: String::new(),
            title: piece.trim().to_owned(),
            title_start: 0,
            body_start: piece.len(),
        });
    }
    if at_block_start && block_kind == BlockKind::Paragraph {
        if let Some(captures) = RUN_IN.captures(piece) {
            let title = captures.get(1).expect("group 1");
            let body = captures.get(2).expect("group 2");
            let trimmed = title.as_str().trim_start_matches(['—', '-', '－']);
            return Some(Heading {
                kind: "run-in".to_owned(),
                number: String::new(),
                title: trimmed.to_owned(),
                title_start: title.as_str().len() - trimmed.len(),
                body_start: body.start(),
            });
        }
    }
    None
}

/// Where a heading's title ends in the text after its number: at the first full stop
/// if that comes early, or the whole line if it is short. A long line without an early
/// full stop is a numbered sentence, whose first clause serves as title.
fn title_extent(rest: &str, block_kind: BlockKind) -> Option<(usize, usize)> {
    if let BlockKind::Heading(_) = block_kind {
        return Some((rest.len(), rest.len()));
    }
    let stop = rest
        .char_indices()
        .find(|&(_, c)| matches!(c, '。' | '！' | '？'));
    if let Some((position, c)) = stop {
        if rest[..position].chars().count() <= MAX_TITLE_CHARS {
            return Some((position, position + c.len_utf8()));
        }
    }
    if rest.chars().count() <= MAX_TITLE_CHARS {
        return Some((rest.len(), rest.len()));
    }
    // A numbered clause: title up to the first comma-like break, body is the whole line.
    let clause_end = rest
        .char_indices()
        .find(|&(_, c)| matches!(c, '，' | '；' | '：' | ','))
        .map_or(rest.len(), |(position, _)| position);
    let clause_end = if rest[..clause_end].chars().count() > MAX_TITLE_CHARS {
        rest.char_indices()
            .nth(MAX_TITLE_CHARS)
            .map_or(rest.len(), |(p, _)| p)
    } else {
        clause_end
    };
    Some((clause_end, 0))
}

/// Splits a block at inline numbered items, returning (byte offset, piece) pairs.
fn split_inline_items(text: &str) -> Vec<(usize, &str)> {
    let mut starts = vec![0];
    for captures in INLINE_ITEM.captures_iter(text) {
        let item = captures.get(1).expect("group 1");
        starts.push(item.start());
    }
    starts.push(text.len());
    starts
        .windows(2)
        .map(|pair| (pair[0], &text[pair[0]..pair[1]]))
        .filter(|(_, piece)| !piece.trim().is_empty())
        .collect()
}

/// Longest sentence kept whole, in characters. Real sentences stay far below it (the
/// longest of the development corpus has 433); text with no sentence-ending mark for
/// megabytes (a page's text run together, a list or table flattened into one line) is
/// cut into sentences of at most this length, so that no rule, which all look at one
/// sentence at a time, ever works on an unbounded one.
pub const MAX_SENTENCE_CHARS: usize = 1000;

/// Splits text into sentences after 。！？!? (keeping the mark), returning byte offsets.
/// A sentence longer than [`MAX_SENTENCE_CHARS`] is cut after the last clause mark
/// (，；、：) or space in its second half, else at the limit.
pub fn split_sentences(text: &str) -> Vec<(usize, &str)> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((position, c)) = chars.next() {
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            // Keep a closing quote or bracket with the sentence it closes.
            let mut end = position + c.len_utf8();
            while let Some(&(next_position, next)) = chars.peek() {
                if matches!(next, '”' | '’' | '）' | ')' | '」' | '』') {
                    end = next_position + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            push_trimmed(&mut sentences, text, start, end);
            start = end;
        }
    }
    push_trimmed(&mut sentences, text, start, text.len());
    sentences
}

fn push_trimmed<'a>(
    sentences: &mut Vec<(usize, &'a str)>,
    text: &'a str,
    mut start: usize,
    end: usize,
) {
    // Cut over-long sentences first; the rest goes on as one sentence.
    while let Some((cut_at, _)) = text[start..end].char_indices().nth(MAX_SENTENCE_CHARS) {
        let window = &text[start..start + cut_at];
        let half = window
            .char_indices()
            .nth(MAX_SENTENCE_CHARS / 2)
            .map_or(0, |(at, _)| at);
        let cut = window[half..]
            .char_indices()
            .rev()
            .find(|&(_, c)| matches!(c, '，' | '；' | '、' | '：' | ',' | ';') || c.is_whitespace())
            .map_or(cut_at, |(at, c)| half + at + c.len_utf8());
        push_piece(sentences, text, start, start + cut);
        start += cut;
    }
    push_piece(sentences, text, start, end);
}

fn push_piece<'a>(sentences: &mut Vec<(usize, &'a str)>, text: &'a str, start: usize, end: usize) {
    let slice = &text[start..end];
    let leading = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        sentences.push((start + leading, trimmed));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::parse_document;

    fn titles(segmented: &Segmented) -> Vec<(usize, String)> {
        segmented
            .sections
            .iter()
            .skip(1)
            .map(|s| (s.depth, s.title.clone()))
            .collect()
    }

    #[test]
    fn nests_chinese_numbering_and_inline_items() {
        let text = "一、发展重点\n（一）集成电路\n到2025年，产业规模达到1000亿元。重点发展：1．集成电路设计。提升EDA能力。2．制造和封测。扩大产能。\n（二）生物医药\n二、保障措施";
        let doc = parse_document("d", "d.txt", text, Some("txt"));
        let segmented = segment(&doc);
        assert_eq!(
            titles(&segmented),
            [
                (1, "发展重点".to_owned()),
                (2, "集成电路".to_owned()),
                (3, "集成电路设计".to_owned()),
                (3, "制造和封测".to_owned()),
                (2, "生物医药".to_owned()),
                (1, "保障措施".to_owned()),
            ]
        );
        let edasentence = segmented
            .sentences
            .iter()
            .find(|s| s.text.contains("EDA"))
            .unwrap();
        assert_eq!(
            segmented.sections[edasentence.section].title,
            "集成电路设计"
        );
        let chars: Vec<char> = segmented.text.chars().collect();
        let slice: String = chars[edasentence.start..edasentence.end].iter().collect();
        assert_eq!(slice, edasentence.text);
    }

    #[test]
    fn run_in_headings_and_markdown_headings_nest() {
        let text = "# 规划\n\n## 一、重点领域\n\n船舶海工。推动主力船型和海工装备结构升级。\n\n智能装备。提高智能制造核心装备与部件的性能。";
        let doc = parse_document("d", "d.md", text, Some("md"));
        let segmented = segment(&doc);
        assert_eq!(
            titles(&segmented),
            [
                (1, "规划".to_owned()),
                (2, "重点领域".to_owned()),
                (3, "船舶海工".to_owned()),
                (3, "智能装备".to_owned()),
            ]
        );
    }

    #[test]
    fn sections_nest_under_their_chapter() {
        let text = "# 规划\n\n## 第一章　发展基础\n\n### 第一节　产业规模\n\n产值达到500亿元。\n\n## 第二章　总体要求\n\n第一节　发展目标\n\n到2030年，产值突破800亿元。";
        let doc = parse_document("d", "d.md", text, Some("md"));
        let segmented = segment(&doc);
        assert_eq!(
            titles(&segmented),
            [
                (1, "规划".to_owned()),
                (2, "发展基础".to_owned()),
                (3, "产业规模".to_owned()),
                (2, "总体要求".to_owned()),
                (3, "发展目标".to_owned()),
            ]
        );
    }

    #[test]
    fn sentences_keep_closing_quotes() {
        let parts: Vec<_> = split_sentences("打造“北斗星港。”再建设。")
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(parts, ["打造“北斗星港。”", "再建设。"]);
    }

    #[test]
    fn over_long_sentences_are_cut_at_a_clause_mark() {
        let clause = "发展集成电路产业，";
        let text = clause.repeat(3 * MAX_SENTENCE_CHARS / clause.chars().count());
        let parts = split_sentences(&text);
        assert!(parts.len() >= 3, "{} parts", parts.len());
        for (start, part) in &parts {
            assert!(part.chars().count() <= MAX_SENTENCE_CHARS);
            assert!(part.ends_with('，') || *start + part.len() == text.len());
        }
        let joined: String = parts.iter().map(|(_, part)| *part).collect();
        assert_eq!(joined, text);
        // No clause mark at all: cut at the limit.
        let solid = "集".repeat(2 * MAX_SENTENCE_CHARS + 5);
        let lengths: Vec<usize> = split_sentences(&solid)
            .iter()
            .map(|(_, part)| part.chars().count())
            .collect();
        assert_eq!(lengths, [MAX_SENTENCE_CHARS, MAX_SENTENCE_CHARS, 5]);
    }
}
