//! Parks and areas: a name no gazetteer knows becomes a park only by its form — a park
//! suffix after a proper name, a quoted name, a district prefix — and is placed in a
//! district only by its prefix, a parenthesised district or a 依托 clause.

use super::park_names::{built_in_clause, joined_name_start};
use super::text::{
    ends_with_at, is_cjk, is_name_char, quoted_spans, starts_with_at, token_boundaries, TokenTag,
};
use super::{Extractor, Lex, Mention, MAX_PARK_CHARS, MAX_PREFIXED_NAME_CHARS};
use crate::model::{EntityKind, RelationKind};

impl<'a> Extractor<'a> {
    /// Finds parks and areas that no gazetteer knows: names ending in a park suffix,
    /// quoted names before a park word, and names after a district's short form.
    pub(super) fn find_parks(&mut self, chars: &[char], mentions: &mut Vec<Mention>) {
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
            // 天津滨海-中关村科技园: a place joined on by a hyphen is part of the name.
            let start = joined_name_start(chars, start);
            let name: String = chars[start..end].iter().collect();
            if self.is_facility(&name) || self.runs_into_facility(chars, end) {
                continue;
            }
            // 21家|省高能级…区: a name does not begin right after a number or with its
            // measure word.
            // 23个山海协作产业园, 一批零碳园区: counted, a park word names a kind of park.
            if (start > 0 && chars[start - 1].is_ascii_digit())
                || name.starts_with(['家', '个', '项', '批', '座', '条'])
                || (start > 0 && matches!(chars[start - 1], '家' | '个' | '批' | '座' | '类'))
            {
                continue;
            }
            // 长兴岛世界级海洋装备岛: 世界级 ranks a goal, it is in no place's name.
            if name.contains("世界级") {
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
            // 环同济四大重点功能区, 三大特色农业产业带: a count of parts inside names none.
            let counts_parts = name
                .chars()
                .zip(name.chars().skip(1))
                .any(|(a, b)| "一二三四五六七八九十两多".contains(a) && matches!(b, '大' | '个'));
            if counts_parts || name.starts_with(|c: char| "一二三四五六七八九十两多若".contains(c))
            {
                continue;
            }
            let placelike = ["岛", "谷", "港", "湾", "小镇", "产业带"]
                .iter()
                .any(|s| ends_with_at(chars, end, s))
                && inner.iter().any(|m| m.kind == EntityKind::Sector);
            // An industry's belt (高端制造产业带, 高技术服务产业带) is a plan's named area.
            let placelike = placelike || self.is_industry_belt(&name);
            // 宝山高新区, 金山经开区: a district's short form names the district's park of
            // that kind.
            let suffix_text: String = chars[suffix_start..end].iter().collect();
            // 增设杨浦片区: a district's name and 片区 alone is that district's section of
            // something named before, no area of its own.
            let district_only = inner.iter().any(|m| {
                m.kind == EntityKind::District && m.start == start && m.end == suffix_start
            });
            if district_only && cues.section_suffixes.contains(&suffix_text) {
                continue;
            }
            let district_kind = prefix_district.is_some()
                && cues.district_relative_words.contains(&suffix_text)
                && modifier.chars().count() <= 3;
            if !placelike
                && !district_kind
                && !self.is_proper_name(&modifier, &inner, prefix_district.is_some())
            {
                continue;
            }
            // A name starts where a word starts: 聚变能|实验装置园区 cut inside 聚变能 is
            // a fragment (a cut after a conjunction is the one exception, see
            // extend_name_left).
            let token_start = tags.get_or_init(|| token_boundaries(chars))[start].token_start;
            if prefix_district.is_none()
                && token_start != start
                && !matches!(chars[start - 1], '和' | '与' | '及' | '、' | '的')
            {
                continue;
            }
            // Without a district in front, the words before the suffix must hold a
            // proper name (复华园区, 长江软件园), not only common words (生产基地,
            // 数据要素集聚区, 城市更新示范区).
            if prefix_district.is_none() && !placelike && !self.has_proper_core(&modifier, &inner) {
                continue;
            }
            // 打造无人驾驶示范区 states a goal, not a place that exists: unless the name
            // carries a place (打造张江…), it is not a park.
            let names_a_place =
                prefix_district.is_some() || inner.iter().any(|m| m.kind == EntityKind::Park);
            // The same for every item of what is built (打造国际贸易枢纽港与国际航运服务港).
            if built_in_clause(chars, start) && !names_a_place {
                continue;
            }
            // 打造浦东专业服务核心功能承载区: a positioning built is a goal even with a place
            // in it.
            let positioning = cues
                .positioning_suffixes
                .iter()
                .any(|suffix| ends_with_at(chars, end, suffix));
            // 争创国家…示范区, 创建…示范区: the title sought is no place; 杨浦国家文物保护
            // 利用示范区 a national title a place holds; 成都西部片区|国家城乡融合发展试验区
            // the front of one.
            let designation = cues
                .designation_suffixes
                .iter()
                .any(|suffix| ends_with_at(chars, end, suffix));
            let national = |text: &str| {
                cues.national_title_words
                    .iter()
                    .any(|word| text.contains(word.as_str()))
            };
            let followed_by_title = cues
                .national_title_words
                .iter()
                .any(|word| starts_with_at(chars, end, word));
            if designation
                && (national(&modifier)
                    || cues
                        .title_seeking_verbs
                        .iter()
                        .any(|verb| ends_with_at(chars, start, verb)))
                || followed_by_title
            {
                continue;
            }
            if positioning
                && ["打造", "建成", "建设"]
                    .iter()
                    .any(|verb| ends_with_at(chars, start, verb))
            {
                continue;
            }
            let inner_sectors: Vec<usize> = inner
                .iter()
                .filter(|m| m.kind == EntityKind::Sector && !self.is_umbrella(m.entity))
                .map(|m| m.entity)
                .collect();
            if !self.suffix_is_earned(
                chars,
                (start, suffix_start, end),
                &inner,
                prefix_district.is_some(),
            ) {
                continue;
            }
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
                // “股权投资集聚区” quoted is still a description; “大零号湾” a name.
                let described = ends_with_suffix && !followed_by_park_word && {
                    let suffix = cues
                        .park_suffixes
                        .iter()
                        .filter(|s| name.ends_with(s.as_str()))
                        .max_by_key(|s| s.len())
                        .map_or(0, |s| s.len());
                    !self.has_proper_core(&name[..name.len() - suffix], &[])
                };
                if !(followed_by_park_word || ends_with_suffix)
                    || described
                    || !name.chars().all(is_name_char)
                    || cues
                        .not_park_endings
                        .iter()
                        .any(|ending| name.ends_with(ending.as_str()))
                {
                    continue;
                }
                if mentions.iter().any(|m| m.start == open && m.end == close)
                    || self.runs_into_facility(chars, close)
                {
                    continue;
                }
                // “陶行知教育创新发展区”: quoted or not, a designation needs a place.
                let suffix_chars = cues
                    .designation_suffixes
                    .iter()
                    .filter(|s| name.ends_with(s.as_str()))
                    .map(|s| s.chars().count())
                    .max();
                if let Some(suffix_chars) = suffix_chars {
                    let inner: Vec<&Mention> = mentions
                        .iter()
                        .filter(|m| m.start >= open && m.end <= close)
                        .collect();
                    if !self.suffix_is_earned(
                        chars,
                        (open, close - suffix_chars, close),
                        &inner,
                        false,
                    ) {
                        continue;
                    }
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
                        // 张江高新区|虹口|园, 中关村|海淀|园: a park's branch in a district
                        // is named by the park, the district's short form and 园.
                        if let Some(park) = mentions
                            .iter()
                            .find(|m| m.end == start && m.kind == EntityKind::Park)
                        {
                            start = park.start;
                        }
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
            // A boundary word counts only where the segmenter starts a word (以 in 中以 does
            // not); one of two or more characters also at the end of a longer word (全力|支持).
            let boundary = cues.name_left_boundaries.iter().any(|word| {
                let length = word.chars().count();
                ends_with_at(chars, start, word)
                    && (tags[start - length].token_start == start - length
                        || (length >= 2 && tags[start].token_start == start))
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
            // A verb that names may sit inside a name (研发|服务|园), not before a place:
            // 服务|长江经济带 serves the region.
            if tag.tag.starts_with('v') && start < suffix_start && &*tags[start].tag == "ns" {
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
            // A preposition, conjunction, particle or adverb makes a clause too (虹口|园|为
            // 核心载体).
            let function_word = (start..end).any(|i| {
                tags[i].token_start == i
                    && (matches!(&*tags[i].tag, "p" | "c" | "d" | "r")
                        || tags[i].tag.starts_with('u'))
            });
            let is_clause =
                function_word || verbs.len() >= 2 || verbs.iter().any(|tag| &*tag.tag == "v");
            if is_clause || self.is_facility(&name) {
                continue;
            }
            // 浦东力量, 杨浦品牌: a common word after a district names no area; a place
            // name does (闵行紫竹, 宝山吴淞).
            // 杨浦大学城, 松江工业区: the district's own area of a kind is named by the
            // district in front.
            let ends_like_a_park = cues
                .park_suffixes
                .iter()
                .any(|suffix| name.ends_with(suffix.as_str()));
            if !cues.district_relative_words.contains(&name)
                && !ends_like_a_park
                && !self.has_proper_core(&name, &[])
            {
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
    pub(super) fn district_in_name(&mut self, mention: &Mention) -> Option<usize> {
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
                    // The prefix opens the park's name: a word starts there.
                    .find(|&c| self.plausible_district(c, length, &|| true));
                if let Some(concept) = concept {
                    return Some(self.register_concept(concept));
                }
            }
        }
        None
    }

    /// 紫竹高新区（闵行区） → located in 闵行区.
    pub(super) fn parenthesised_districts(
        &mut self,
        chars: &[char],
        mentions: &[Mention],
        sentence: usize,
    ) {
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

    /// Whether a clause starting at `start` opens with a word of reliance (依托, 立足:
    /// `cues.reliance_words`).
    pub(super) fn opens_reliance(&self, chars: &[char], start: usize) -> bool {
        self.gazetteer
            .cues
            .reliance_words
            .iter()
            .any(|word| starts_with_at(chars, start, word))
    }

    /// 依托“上海市低空协同管理示范区”，金山区加快… : the places a district relies on in the
    /// clause that opens its sentence lie in that district.
    pub(super) fn relied_on_places(
        &mut self,
        chars: &[char],
        mentions: &[Mention],
        sentence: usize,
    ) {
        if !self.opens_reliance(chars, 0) {
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
}
