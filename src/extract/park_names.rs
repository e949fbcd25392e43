//! Park name grammar: whether the words of a candidate make a place's name — a proper core,
//! the evidence its suffix class asks for, no facility, school or work — written against
//! the cue lists, never against a document's strings.

use super::text::{ends_with_at, is_cjk, is_name_char, jieba, runs_into, starts_with_at};
use super::{Extractor, Lex, Mention};
use crate::model::EntityKind;

impl<'a> Extractor<'a> {
    /// Whether the words before a park suffix carry what the suffix asks for: a harbour's
    /// or an island's ending an industry (氢能港), a positioning a district or known area
    /// (临港产业增长极), a designation a place (虹桥临空经济示范区); other suffixes ask for
    /// nothing more than the proper core checked before.
    pub(super) fn suffix_is_earned(
        &self,
        chars: &[char],
        (start, suffix_start, end): (usize, usize, usize),
        inner: &[&Mention],
        has_district_prefix: bool,
    ) -> bool {
        let cues = &self.gazetteer.cues;
        let ends_with_any = |list: &[String]| list.iter().any(|s| ends_with_at(chars, end, s));
        let known_place = has_district_prefix
            || inner
                .iter()
                .any(|m| matches!(m.kind, EntityKind::District | EntityKind::Park));
        if ends_with_any(&cues.sector_place_suffixes) {
            return inner
                .iter()
                .any(|m| m.kind == EntityKind::Sector && !self.is_umbrella(m.entity));
        }
        if ends_with_any(&cues.positioning_suffixes) {
            return known_place;
        }
        if ends_with_any(&cues.designation_suffixes) {
            if known_place {
                return true;
            }
            let modifier: String = chars[start..suffix_start].iter().collect();
            if self.gazetteer.names_a_place(&modifier) {
                return true;
            }
            // A place name (ns) or a place word (s); not an institution's name (nt): the
            // segmenter tags 中医药 so, in 国家中医药综合改革示范区, a programme's title.
            return jieba().tag(&modifier, true).iter().any(|token| {
                matches!(token.tag, "ns" | "s")
                    && !cues.generic_park_words.iter().any(|w| w == token.word)
            });
        }
        true
    }

    /// Whether a name ends like a facility, institution or work (…校区, …站, …海塘), or is
    /// the site of a research facility (合肥先进光源园区, 马池口国重基地).
    pub(super) fn is_facility(&self, name: &str) -> bool {
        let cues = &self.gazetteer.cues;
        cues.facility_endings
            .iter()
            .any(|ending| name.ends_with(ending.as_str()))
            || cues
                .research_facility_words
                .iter()
                .any(|word| name.contains(word.as_str()))
    }

    /// Whether a name ending at `end` is the front of a facility's name: it runs on, after
    /// at most a closing quote or bracket and in name characters only, into one of
    /// `cues.facility_name_continuations` (嘉定新城复华园区小学, “数通链谷”数字公共服务中心).
    pub(super) fn runs_into_facility(&self, chars: &[char], end: usize) -> bool {
        const MAX_RUN: usize = 10;
        let from = match chars.get(end) {
            Some('”' | '」' | '）' | ')') => end + 1,
            _ => end,
        };
        runs_into(
            chars,
            from,
            MAX_RUN,
            is_name_char,
            &self.gazetteer.cues.facility_name_continuations,
        )
    }

    /// Whether the words before a park suffix name a place rather than describe one
    /// (特色产业园 and 集成电路产业基地 are descriptions; 西岸智慧谷 is a name).
    pub(super) fn is_proper_name(
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
        // Sorted once per document, not for every candidate name.
        let words = self.generic_and_place_words.get_or_init(|| {
            let mut words: Vec<&String> = self
                .gazetteer
                .cues
                .generic_park_words
                .iter()
                .chain(self.gazetteer.place_names.iter().map(|(name, _)| name))
                .collect();
            words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
            words
        });
        for word in words {
            // Most of the words are nowhere in a name of a few characters; a word whose
            // first character is not there cannot be.
            if word
                .chars()
                .next()
                .is_some_and(|first| rest.contains(first))
            {
                rest = rest.replace(word.as_str(), "");
            }
        }
        let rest: String = rest.chars().filter(|c| is_name_char(*c)).collect();
        rest.chars().count() >= 2 && !rest.chars().all(|c| c.is_ascii_digit())
    }

    /// An industry's belt (高端制造产业带, 高技术服务产业带) is a plan's named area
    /// though its words are common ones.
    pub(super) fn is_industry_belt(&self, name: &str) -> bool {
        name.strip_suffix("产业带").is_some_and(|modifier| {
            self.gazetteer
                .cues
                .compound_industry_heads
                .iter()
                .any(|head| modifier.ends_with(head.as_str()))
        })
    }

    /// Whether words hold a proper name: a place or park mentioned inside, a place name,
    /// or a word the segmenter tags as a proper noun (`cues.proper_name_tags`) or does
    /// not know at all (复华, 翔云: coined names are out of its dictionary). Generic park
    /// words (国家级, 特色) are never the core.
    pub(super) fn has_proper_core(&self, words: &str, inner: &[&Mention]) -> bool {
        if inner
            .iter()
            .any(|m| matches!(m.kind, EntityKind::District | EntityKind::Park))
        {
            return true;
        }
        let cues = &self.gazetteer.cues;
        if self.gazetteer.names_a_place(words) {
            return true;
        }
        let tokens = jieba().tag(words, true);
        // A lone character the segmenter could not join to a word, beside others, is a
        // coined name's piece (留|仙洞, 翔|云), not a word of a description.
        let lone_character = tokens.len() >= 2
            && tokens.iter().any(|token| {
                token.word.chars().count() == 1
                    && token.word.chars().all(is_cjk)
                    // A verb or a bound morpheme (留|仙洞); an adjective or a noun alone
                    // (低|碳, 跨省|域) is a description's word.
                    && matches!(token.tag, "v" | "vg" | "ng" | "g")
                    && !cues.generic_park_words.iter().any(|w| w == token.word)
            });
        lone_character
            || tokens.iter().any(|token| {
                let generic = cues.generic_park_words.iter().any(|w| w == token.word);
                let letters = token.word.chars().any(|c| c.is_ascii_alphabetic());
                !generic
                    && token.word.chars().any(is_cjk)
                    && (cues.proper_name_tags.iter().any(|tag| tag == token.tag)
                        || !jieba().has_word(token.word))
                    || letters && !generic
            })
    }
}

/// Whether a name starting at `start` is the object of 打造 in its clause: right after it,
/// or a later item of the same object (打造一批…先行区、“川字号”跨境电商产业带).
pub(super) fn built_in_clause(chars: &[char], start: usize) -> bool {
    const MAX_OBJECT: usize = 40;
    if start < 2 {
        return false;
    }
    (start.saturating_sub(MAX_OBJECT)..=start - 2).any(|verb| {
        starts_with_at(chars, verb, "打造")
            && !chars[verb + 2..start]
                .iter()
                .any(|c| matches!(c, '，' | '。' | '；' | '：' | '！' | '？' | ','))
    })
}

/// Where a name starting at `start` really starts when a place is joined on in front of it
/// by a hyphen (天津滨海-中关村科技园, 南京西路-苏河湾): the hyphen and the place's name
/// characters before it belong to the name.
pub(super) fn joined_name_start(chars: &[char], start: usize) -> usize {
    const MAX_JOINED: usize = 6;
    if start < 2 || !matches!(chars[start - 1], '-' | '－' | '–') {
        return start;
    }
    let joined = chars[..start - 1]
        .iter()
        .rev()
        .take(MAX_JOINED + 1)
        .take_while(|&&c| is_name_char(c) && !c.is_ascii_digit())
        .count();
    if (2..=MAX_JOINED).contains(&joined) {
        start - 1 - joined
    } else {
        start
    }
}
