//! Text helpers: pure functions on characters and strings (clauses, quotes, token
//! boundaries, character classes) that know no gazetteer and no extractor state.

use std::sync::OnceLock;

/// The segmenter, loaded once for the whole program (extraction and `audit` share it).
pub(crate) fn jieba() -> &'static jieba_rs::Jieba {
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

/// Where the words jieba finds in `window` start, as character offsets, with the
/// window's end: 0, then the end of each word.
pub(super) fn word_boundaries(window: &str) -> Vec<usize> {
    let mut boundaries = vec![0];
    for token in jieba().cut(window, true) {
        let last = *boundaries.last().unwrap_or(&0);
        boundaries.push(last + token.word.chars().count());
    }
    boundaries
}

pub(super) fn clause_ids(chars: &[char]) -> Vec<usize> {
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

/// Spans inside 《…》 book-title marks (excluding the marks), in characters; a title
/// inside a title is part of the outer one.
pub(super) fn book_title_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut depth = 0usize;
    let mut open = 0;
    for (index, &c) in chars.iter().enumerate() {
        match c {
            '《' => {
                if depth == 0 {
                    open = index + 1;
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 && index > open {
                    spans.push((open, index));
                }
            }
            _ => {}
        }
    }
    spans
}

/// What a list's 等 says its items are: the words after it, up to the end of the clause
/// or the next item, at most eight characters (…等部门数据动态汇集 → 部门数据动态汇集).
pub(super) fn list_category(after_deng: impl IntoIterator<Item = char>) -> String {
    after_deng
        .into_iter()
        .take_while(|c| !matches!(c, '，' | '。' | '；' | '：' | '！' | '？' | '、'))
        .take(8)
        .collect()
}

/// Spans inside “…” quotes (excluding the quote marks), in characters.
pub(super) fn quoted_spans(chars: &[char]) -> Vec<(usize, usize)> {
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

/// Spans that list who is responsible, not what is done: from a label such as 责任单位
/// followed by a colon, at the sentence's start or after an opening bracket, to the
/// closing bracket or the sentence's end (（责任单位：区科技经济委、市北功能区）).
pub(super) fn responsibility_spans(chars: &[char], labels: &[String]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for start in 0..chars.len() {
        let opened = start == 0 || matches!(chars[start - 1], '（' | '(');
        if !opened {
            continue;
        }
        let Some(label) = labels
            .iter()
            .find(|label| starts_with_at(chars, start, label))
        else {
            continue;
        };
        let after = start + label.chars().count();
        if !matches!(chars.get(after), Some('：' | ':')) {
            continue;
        }
        let end = chars[after..]
            .iter()
            .position(|c| matches!(c, '）' | ')'))
            .map_or(chars.len(), |offset| after + offset);
        spans.push((start, end));
    }
    spans
}

/// A jieba token covering a character: where it starts and its part of speech.
#[derive(Clone, Debug)]
pub(super) struct TokenTag {
    pub(super) token_start: usize,
    /// Shared by every character of the token: one allocation per token, not per char.
    pub(super) word: std::rc::Rc<str>,
    pub(super) tag: std::rc::Rc<str>,
}

impl TokenTag {
    /// Verbs, prepositions, conjunctions, particles, pronouns, adverbs, numerals and
    /// measure words end a name on its left.
    pub(super) fn stops_name(&self, name_verbs: &[String]) -> bool {
        let tag = &*self.tag;
        // Only full verbs of two or more characters: the segmenter tags rare place names
        // (华漕, 沪闵路) as single-character verbs or verbal nouns.
        let verb = tag == "v"
            && self.word.chars().count() >= 2
            && !name_verbs.iter().any(|v| **v == *self.word);
        let preposition = tag == "p" && self.word.chars().count() == 1;
        verb || preposition
            || tag.starts_with('u')
            || matches!(
                tag,
                "c" | "r" | "d" | "vd" | "ad" | "m" | "q" | "mq" | "x" | "w"
            )
    }
}

pub(super) fn token_boundaries(chars: &[char]) -> Vec<TokenTag> {
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

pub(super) fn is_clause_end(c: char) -> bool {
    matches!(c, '，' | '。' | '；' | '：' | ',' | ';')
}

pub(super) fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

pub(super) fn is_name_char(c: char) -> bool {
    is_cjk(c) || c.is_ascii_alphanumeric()
}

/// The first two characters of a text, if it has two.
pub(super) fn first_two(text: &str) -> Option<(char, char)> {
    let mut chars = text.chars();
    Some((chars.next()?, chars.next()?))
}

pub(super) fn ends_with_at(chars: &[char], end: usize, word: &str) -> bool {
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

pub(super) fn starts_with_at(chars: &[char], start: usize, word: &str) -> bool {
    (start..)
        .zip(word.chars())
        .all(|(position, c)| chars.get(position) == Some(&c))
}

/// Whether the text from `from` runs on, over at most `max_run` characters that `in_name`
/// accepts, into one of `endings` (…物联网科技有限公司, 石墨烯功能型平台, …复华园区小学).
pub(super) fn runs_into(
    chars: &[char],
    from: usize,
    max_run: usize,
    in_name: impl Fn(char) -> bool,
    endings: &[String],
) -> bool {
    let run = chars[from.min(chars.len())..]
        .iter()
        .take(max_run)
        .take_while(|&&c| in_name(c))
        .count();
    (from + 1..=from + run).any(|position| {
        endings
            .iter()
            .any(|ending| ends_with_at(chars, position, ending))
    })
}
