//! Mentions: every entity a sentence names is found here — by the lexicon (longest match,
//! ambiguous labels resolved in the home city) or added by a pattern — and each sentence's
//! passes run here in one fixed order.

use super::text::{
    book_title_spans, ends_with_at, first_two, is_name_char, list_category, quoted_spans,
    responsibility_spans, runs_into, starts_with_at, word_boundaries,
};
use super::{Extractor, Lex, Mention};
use crate::gazetteer::Concept;
use crate::model::{EntityKind, RelationKind};

impl<'a> Extractor<'a> {
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
    /// a word than a place. Another city's county is believed only where a word starts
    /// (`starts_a_word`; not 越城区 in 卓越|城区).
    pub(super) fn plausible_district(
        &self,
        concept: usize,
        length: usize,
        starts_a_word: &dyn Fn() -> bool,
    ) -> bool {
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
        // 海淀区, 浦东新区: a district's full name that no other county of China carries
        // is itself the proof of its city (county-level cities, …市, still need it: 应城市
        // hides in 适应城市).
        let unique_district_name = length >= 3
            && concept.label.chars().count() == length
            && concept.label.ends_with('区')
            && self.gazetteer.unique_district(&concept.label).is_some();
        at_home || (((length >= 3 && city_named) || unique_district_name) && starts_a_word())
    }

    pub(super) fn register_concept(&mut self, concept_index: usize) -> usize {
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
    pub(super) fn find_mentions(&mut self, text: &str) -> Vec<Mention> {
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
                    // Segments a few characters around the name, only when asked.
                    let starts_a_word = || {
                        const WINDOW: usize = 4;
                        let from = position.saturating_sub(WINDOW);
                        let to = (position + length + WINDOW).min(char_count);
                        word_boundaries(&text[bounds[from]..bounds[to]])
                            .contains(&(position - from))
                    };
                    let concept = self
                        .choose_concept(&concepts)
                        .filter(|&c| self.plausible_district(c, length, &starts_a_word));
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

    /// Drops the industry and technology names a sentence uses in another sense: inside a
    /// book title (《…无人机…条例》 cites a text) or a quoted brand (“演艺大世界”), after
    /// 公共 (公共法律服务 is a public service), inside a company's name, beside an
    /// authority in a list, before a word that makes them part of another noun
    /// (`cues.other_sense_continuations`: 上海电子信息职院, 大数据部门, 绿色低碳转型), or as
    /// an item of a list whose category is neither (`cues.not_entity_categories`:
    /// 税务、大数据等部门, 支付宝、数字人民币等多种结算方式); an industry mostly named as a
    /// public service or a task only where it is named as an industry.
    fn drop_other_senses(&self, chars: &[char], next: &str, mentions: &mut Vec<Mention>) {
        let judged =
            |mention: &Mention| matches!(mention.kind, EntityKind::Sector | EntityKind::Technology);
        // Most sentences name no industry or technology: no spans to find for them.
        if !mentions.iter().any(judged) {
            return;
        }
        let cues = &self.gazetteer.cues;
        let titles = book_title_spans(chars);
        // A table cell may wrap a company's name onto the next line (上海菊园物联网科技服务 /
        // 有限公司): a sentence that ends inside a name reads on into the next.
        // Copied only then: most sentences end in punctuation.
        let line_on: std::borrow::Cow<[char]> = if chars
            .last()
            .is_some_and(|&c| is_name_char(c) || matches!(c, '）' | ')'))
            && !next.is_empty()
        {
            let mut extended = chars.to_vec();
            extended.extend(next.chars().take_while(|&c| is_name_char(c)).take(8));
            extended.into()
        } else {
            chars.into()
        };
        // “演艺大世界”: a quoted name longer than the industry inside it is a brand or a
        // programme, unless it is a park's name (“生物医药产业园” keeps its industry).
        let brands: Vec<(usize, usize)> = quoted_spans(chars)
            .into_iter()
            .filter(|&(start, end)| {
                chars[start..end].iter().all(|&c| is_name_char(c))
                    && !cues
                        .park_suffixes
                        .iter()
                        .any(|suffix| ends_with_at(chars, end, suffix))
            })
            .collect();
        mentions.retain(|mention| {
            if !judged(mention) {
                return true;
            }
            let branded = brands.iter().any(|&(start, end)| {
                start <= mention.start
                    && mention.end <= end
                    && end - start > mention.end - mention.start
            });
            let cited = branded
                || titles
                    .iter()
                    .any(|&(start, end)| start <= mention.start && mention.end <= end);
            let public =
                mention.kind == EntityKind::Sector && ends_with_at(chars, mention.start, "公共");
            let continued = cues
                .other_sense_continuations
                .iter()
                .any(|word| starts_with_at(chars, mention.end, word));
            !(cited
                || public
                || continued
                || straddles_words(chars, mention)
                || (mention.kind == EntityKind::Technology
                    && self.in_work_name(chars, mention.end))
                || (mention.kind == EntityKind::Sector && self.in_project_name(chars, mention.end))
                || self.in_company_name(&line_on, mention.end)
                || self.listed_among_authorities(chars, mention)
                || self.listed_as_other(chars, mention.end)
                || !self.named_as_industry(chars, mention))
        });
    }

    /// Whether a name is an item of a 、-list beside an authority or an institution
    /// (`cues.authority_endings`: 空中交通管理机构、民航、地方政府 lists actors, and 民航
    /// there is the authority, not the industry).
    fn listed_among_authorities(&self, chars: &[char], mention: &Mention) -> bool {
        const WINDOW: usize = 8;
        let endings = &self.gazetteer.cues.authority_endings;
        let before = mention.start >= 1 && chars[mention.start - 1] == '、' && {
            let end = mention.start - 1;
            endings
                .iter()
                .any(|ending| ends_with_at(chars, end, ending))
        };
        let after = chars.get(mention.end) == Some(&'、') && {
            let next: String = chars[mention.end + 1..]
                .iter()
                .take(WINDOW)
                .take_while(|&&c| c != '、' && is_name_char(c))
                .collect();
            endings.iter().any(|ending| next.contains(ending.as_str()))
        };
        before || after
    }

    /// Whether a name ending at `end` runs on, in name characters only, into a company's
    /// name ending (`cues.company_endings`: …物联网科技有限公司, 中国电子信息产业集团).
    fn in_company_name(&self, chars: &[char], end: usize) -> bool {
        const MAX_RUN: usize = 10;
        // A table flattened to text may put a space inside a name (…科技服务 有限公司), and a
        // name may hold its city in brackets (上药智慧物流（上海） 有限公司).
        runs_into(
            chars,
            end,
            MAX_RUN,
            |c| is_name_char(c) || matches!(c, ' ' | '（' | '）' | '(' | ')'),
            &self.gazetteer.cues.company_endings,
        )
    }

    /// Whether a technology's name ending at `end` runs on, in name characters only, into
    /// the name of a work, project, platform or facility (`cues.work_name_endings`:
    /// 石墨烯功能型平台, 特高压交流工程, 电堆生产研发中心): the name is that work's, and the
    /// sentence does not push the technology itself.
    fn in_work_name(&self, chars: &[char], end: usize) -> bool {
        const MAX_RUN: usize = 8;
        runs_into(
            chars,
            end,
            MAX_RUN,
            is_name_char,
            &self.gazetteer.cues.work_name_endings,
        )
    }

    /// Whether an industry's name ending at `end` runs on, in name characters only, into a
    /// project's or a laboratory's name (光子芯片研发能力提升项目, 核电关键材料全国重点实验室)
    /// without a park's name between (嘉菊智湾人工
    /// 智能产业园项目 builds a park, and the park's industry stays); or names a plant's phase
    /// or unit (漳州核电一期, 宁德核电6号机组); or is the first item of a 、-list whose last item
    /// runs into such a name (核电关键材料、先进耐火材料和先进特殊钢全国重点实验室加快建设).
    fn in_project_name(&self, chars: &[char], end: usize) -> bool {
        const MAX_RUN: usize = 12;
        const ENDINGS: [&str; 2] = ["项目", "实验室"];
        let cues = &self.gazetteer.cues;
        if names_phase(&chars[end..]) {
            return true;
        }
        if last_list_item(chars, item_end(chars, end))
            .is_some_and(|item| ENDINGS.iter().any(|ending| item.contains(ending)))
        {
            return true;
        }
        let run = chars[end..]
            .iter()
            .take(MAX_RUN)
            .take_while(|&&c| is_name_char(c))
            .count();
        for position in end + 1..=end + run {
            if cues
                .park_suffixes
                .iter()
                .any(|suffix| ends_with_at(chars, position, suffix))
            {
                return false;
            }
            if ENDINGS
                .iter()
                .any(|ending| ends_with_at(chars, position, ending))
            {
                return true;
            }
        }
        false
    }

    /// Whether a name ending at `end` is an item of a 、-list whose category, after the
    /// list's 等, is one of `cues.not_entity_categories` (…等部门, …等结算方式).
    fn listed_as_other(&self, chars: &[char], end: usize) -> bool {
        listed_under(chars, end, &self.gazetteer.cues.not_entity_categories)
    }

    /// Whether an industry word that government texts mostly use in another sense — a
    /// public service, a task, a product, a part of other words (`cues.ambiguous_sectors`:
    /// 养老服务, 网络安全, 无人机, 生物) — is named here as an industry: followed by an
    /// industry word (养老服务业, 生物产业) or an item of a list of industries (…、医疗服务等
    /// 产业).
    fn named_as_industry(&self, chars: &[char], mention: &Mention) -> bool {
        let cues = &self.gazetteer.cues;
        // The words as written: 生物经济 names the industry, 生物 alone often not.
        let written: String = chars[mention.start..mention.end].iter().collect();
        if mention.kind != EntityKind::Sector || !cues.ambiguous_sectors.contains(&written) {
            return true;
        }
        // A one-character word (业) ends the category; a longer one (产业) is anywhere in it.
        let industry_category = |category: &str| {
            cues.industry_context_words.iter().any(|word| {
                if word.chars().count() == 1 {
                    category.ends_with(word.as_str())
                } else {
                    category.contains(word.as_str())
                }
            })
        };
        // In a list the word must be a whole item (海洋生物、现代物流等产业 lists 海洋生物).
        let item_starts = mention.start == 0
            || matches!(chars[mention.start - 1], '、' | '，' | '：' | '“' | '（')
            || cues
                .focus_cues
                .iter()
                .any(|cue| ends_with_at(chars, mention.start, cue));
        cues.industry_context_words
            .iter()
            .any(|word| starts_with_at(chars, mention.end, word))
            || (item_starts
                && list_of(chars, mention.end).is_some_and(|category| industry_category(&category)))
    }

    /// The entity a figure is stated for, by its name: a known industry, or a name that
    /// reads as one (…产业, …服务业), is a sector; any other measure (地区生产总值,
    /// 城镇调查失业率, 城市经济) is an indicator, not an industry.
    pub(super) fn measure_subject(&mut self, label: &str) -> Option<usize> {
        let known_sector = match self.lexicon.get(label) {
            Some(Lex::Concepts(concepts)) => concepts
                .iter()
                .any(|&c| self.gazetteer.concepts[c].kind == EntityKind::Sector),
            Some(Lex::Dynamic(kind, _)) => *kind == EntityKind::Sector,
            Some(Lex::Block) | None => false,
        };
        // 养老服务 counted in beds measures a public service; 养老服务业 is a name of its
        // own.
        if known_sector
            && self
                .gazetteer
                .cues
                .ambiguous_sectors
                .iter()
                .any(|s| s == label)
        {
            return None;
        }
        let reads_as_industry = self
            .gazetteer
            .cues
            .industry_heads
            .iter()
            .any(|head| label.ends_with(head.as_str()))
            && self.is_industry_name(label);
        let kind = if known_sector || reads_as_industry {
            EntityKind::Sector
        } else {
            // An indicator's name is one noun phrase: not a word that names nothing
            // (经济), not a list (服务设施和历史文化), not cut before a verb or a
            // preposition (居民消费价格指数上涨, 地区生产总值按).
            let cues = &self.gazetteer.cues;
            if cues.not_industries.iter().any(|word| word == label)
                || label.contains(['和', '、', '及', '与'])
                || cues
                    .not_indicator_endings
                    .iter()
                    .any(|ending| label.ends_with(ending.as_str()))
            {
                return None;
            }
            EntityKind::Indicator
        };
        Some(self.add_dynamic(kind, label, None))
    }

    /// Adds an entity found by a pattern, so later sentences find it by name.
    pub(super) fn add_dynamic(
        &mut self,
        kind: EntityKind,
        label: &str,
        parent: Option<&str>,
    ) -> usize {
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

    pub(super) fn sentence(&mut self, index: usize) -> Vec<Mention> {
        let sentence = &self.segmented.sentences[index];
        let text = sentence.text.clone();
        let context = self.sections[sentence.section].clone();
        let chars: Vec<char> = text.chars().collect();
        let mut mentions = self.find_mentions(&text);
        let next = self
            .segmented
            .sentences
            .get(index + 1)
            .filter(|next| next.block != sentence.block && !next.is_heading)
            .map(|next| next.text.chars().take(8).collect::<String>())
            .unwrap_or_default();
        self.drop_other_senses(&chars, &next, &mut mentions);
        self.find_parks(&chars, &mut mentions);
        // （责任单位：区文化旅游局、区科技经济委） names offices, no industry or technology
        // (a park there, 市北功能区, stands for its own office and stays a place).
        let offices = responsibility_spans(&chars, &self.gazetteer.cues.responsibility_labels);
        mentions.retain(|m| {
            !matches!(m.kind, EntityKind::Sector | EntityKind::Technology)
                || !offices
                    .iter()
                    .any(|&(start, end)| start <= m.start && m.end <= end)
        });
        // 普陀岚灵新村坊、浦东新场等更新单元, 徐汇滨江南延伸段等滨水公共空间: items of a
        // list of something else are no parks. 南口、马池口国重基地: a name without a park
        // word of its own shares the last item's head, here a facility's.
        let cues = &self.gazetteer.cues;
        mentions.retain(|m| {
            if m.kind != EntityKind::Park {
                return true;
            }
            let label = &self.entities.entities[m.entity].label;
            let own_park_word = cues
                .park_suffixes
                .iter()
                .any(|suffix| label.ends_with(suffix.as_str()));
            let shares_facility_head = !own_park_word
                && last_list_item(&chars, m.end).is_some_and(|item| self.is_facility(&item));
            !(shares_facility_head
                || listed_under(&chars, item_end(&chars, m.end), &cues.not_park_categories))
        });
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
        // A heading pairs only a district it names itself (徐汇区促进绿色低碳产业发展的扶持意见),
        // never the places of the section it opens.
        let names_district = mentions.iter().any(|m| m.kind == EntityKind::District);
        if !sentence.is_heading || names_district {
            self.pair_places_and_industries(&chars, &mentions, &context, index);
        }
        if !sentence.is_heading {
            self.technologies(&chars, &mentions, &context, index);
            self.figures(&text, &mentions, &context, index);
        }
        mentions
    }
}

/// The category after 等 of the 、-list a name ending at `end` is an item of (…、医疗服务等
/// 产业 gives 产业), or `None` when the name is no item of such a list.
fn list_of(chars: &[char], end: usize) -> Option<String> {
    let rest = &chars[end..];
    let clause_end = rest
        .iter()
        .position(|c| matches!(c, '，' | '。' | '；' | '：' | '！' | '？'))
        .unwrap_or(rest.len());
    let clause = &rest[..clause_end];
    let deng = clause.iter().position(|&c| c == '等')?;
    // Only the list's own items: between the name and 等, nothing but more items.
    if clause[..deng]
        .iter()
        .any(|c| matches!(c, '的' | '在' | '对' | '和' | '与'))
        || (deng > 0 && clause[0] != '、')
    {
        return None;
    }
    Some(list_category(clause[deng + 1..].iter().copied()))
}

/// Whether text opens with a numbered phase or unit of a work (一期, 三期, 6号机组).
fn names_phase(rest: &[char]) -> bool {
    let numeral = |c: &char| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c);
    let digits = rest.iter().take_while(|c| numeral(c)).count();
    digits > 0 && {
        let after: String = rest[digits..].iter().take(3).collect();
        after.starts_with('期') || after.starts_with("号机组")
    }
}

/// The end of the list item that a name ending at `end` begins: the name and the name
/// characters right after it (徐汇滨江|南延伸段).
fn item_end(chars: &[char], end: usize) -> usize {
    end + chars[end..]
        .iter()
        .take_while(|&&c| is_name_char(c) && !matches!(c, '等' | '和' | '与' | '及'))
        .count()
}

/// The last item of a 、-list without 等 whose first item ends at `end` (南口、马池口国重基地
/// gives 马池口国重基地), or `None` when no such list follows.
fn last_list_item(chars: &[char], end: usize) -> Option<String> {
    let mut position = end;
    let mut last = None;
    while chars.get(position) == Some(&'、') {
        let start = position + 1;
        let stop = start
            + chars[start..]
                .iter()
                .take_while(|&&c| is_name_char(c))
                .count();
        let item: String = chars[start..stop].iter().collect();
        if item.is_empty() || item.contains('等') {
            return None;
        }
        last = Some(item);
        position = stop;
    }
    last
}

/// Whether a name ending at `end` is an item of a 、-list whose category holds one of
/// `words` (…等部门, …等更新单元).
fn listed_under(chars: &[char], end: usize, words: &[String]) -> bool {
    list_of(chars, end)
        .is_some_and(|category| words.iter().any(|word| category.contains(word.as_str())))
}

/// Whether a short name (two or three characters) was matched across two words of the
/// sentence: it starts inside one word and ends inside the next (化工 in 深化|工程; 新材料
/// in 创|新材料 is not, it ends where a word ends). Only a window around the name is
/// segmented, so the check costs little.
fn straddles_words(chars: &[char], mention: &Mention) -> bool {
    const MAX_SHORT: usize = 3;
    const WINDOW: usize = 4;
    if mention.end - mention.start > MAX_SHORT {
        return false;
    }
    let from = mention.start.saturating_sub(WINDOW);
    let to = (mention.end + WINDOW).min(chars.len());
    let window: String = chars[from..to].iter().collect();
    let boundaries = word_boundaries(&window);
    let start = mention.start - from;
    let end = mention.end - from;
    !boundaries.contains(&start) && !boundaries.contains(&end)
}
