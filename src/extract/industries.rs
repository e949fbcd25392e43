//! Industries and pairing: which industries a sentence names, and which place (district or
//! park) each is paired with; a district hosts what its parks focus on only by inference.

use super::context::strip_industry_suffix;
use super::text::{clause_ids, is_name_char, runs_into, starts_with_at};
use super::{Extractor, Mention, SectionContext};
use crate::model::{EntityKind, Relation, RelationKind};
use regex::Regex;
use std::sync::LazyLock;

impl<'a> Extractor<'a> {
    /// Whether a name the gazetteers do not know can be an industry: not a clause (it
    /// starts with no verb of `cues.name_left_boundaries`), not a count (4个…, 一批…), not
    /// a word `cues.not_industries` lists (事业, 优势, 行业) and no ending of
    /// `cues.not_industry_endings` (…重点, …用地, …毕业生).
    pub(super) fn is_industry_name(&self, label: &str) -> bool {
        let cues = &self.gazetteer.cues;
        let starts_with_verb = cues
            .name_left_boundaries
            .iter()
            .filter(|word| word.chars().count() >= 2)
            .any(|word| label.starts_with(word.as_str()));
        let counts = label.starts_with("一批")
            || label
                .chars()
                .zip(label.chars().skip(1))
                .any(|(a, b)| a.is_ascii_digit() && matches!(b, '个' | '家' | '项' | '大'));
        // 居民终身学习服务 is a public service; 优质大米 a farm product.
        let public_service = cues
            .public_service_recipients
            .iter()
            .any(|word| label.starts_with(word.as_str()));
        let farm_product = cues
            .farm_product_endings
            .iter()
            .any(|ending| label.ends_with(ending.as_str()));
        !starts_with_verb
            && !counts
            && !public_service
            && !farm_product
            && !cues.not_industries.iter().any(|word| word == label)
            && !cues
                .not_industry_endings
                .iter()
                .any(|ending| label.ends_with(ending.as_str()))
    }

    pub(super) fn is_umbrella(&self, entity: usize) -> bool {
        let label = &self.entities.entities[entity].label;
        self.gazetteer
            .cues
            .umbrella_sectors
            .iter()
            .any(|u| u == label)
    }

    /// Pairs districts and parks with the industries the sentence gives them.
    pub(super) fn pair_places_and_industries(
        &mut self,
        chars: &[char],
        mentions: &[Mention],
        context: &SectionContext,
        sentence: usize,
    ) {
        let gazetteer = self.gazetteer;
        let cues = &gazetteer.cues.focus_cues;
        let has_cue_between = |from: usize, to: usize| -> bool {
            let between: String = chars[from.min(to)..to].iter().collect();
            cues.iter().any(|cue| between.contains(cue.as_str()))
        };
        let clauses = clause_ids(chars);
        // A district that only locates the park after it (闵行紫竹) is not a place of its own here.
        let is_locator = |m: &Mention| {
            m.kind == EntityKind::District
                && mentions.iter().any(|p| {
                    p.kind == EntityKind::Park
                        && p.prefix_district == Some(m.entity)
                        && (p.start == m.end || p.start == m.start)
                })
        };
        let places: Vec<&Mention> = mentions
            .iter()
            .filter(|m| matches!(m.kind, EntityKind::District | EntityKind::Park) && !is_locator(m))
            .collect();
        let industries = self.industry_mentions(chars, mentions, context.topic, sentence);
        let sectors: Vec<&Mention> = industries.iter().collect();
        let mut pairs: Vec<(usize, usize, &'static str)> = Vec::new();

        // Enumerations: 长宁区人工智能和生物医药、静安区集成电路; 支持宝山、奉贤等区发展新材料.
        let mut current: Vec<&Mention> = Vec::new();
        let mut last_was_sector = false;
        let mut ordered: Vec<&Mention> = places
            .iter()
            .copied()
            .chain(sectors.iter().copied())
            .collect();
        ordered.sort_by_key(|m| (m.start, m.end));
        // Other mentions between a place and an industry are part of the same list:
        // mask them so only the words that link the two are judged.
        let mut masked: Vec<char> = chars.to_vec();
        for mention in &ordered {
            for c in masked.iter_mut().take(mention.end).skip(mention.start) {
                *c = '、';
            }
        }
        for mention in &ordered {
            if mention.kind == EntityKind::Sector {
                current.retain(|place| {
                    let same_or_joined = clauses[place.start] == clauses[mention.start]
                        || (clauses[mention.start] == clauses[place.start] + 1
                            && has_cue_between(place.end, mention.start));
                    same_or_joined && connects(&masked, place.end, mention.start, cues)
                });
                for place in &current {
                    pairs.push((place.entity, mention.entity, "enumeration"));
                }
                last_was_sector = true;
            } else {
                if last_was_sector {
                    current.clear();
                }
                current.push(mention);
                last_was_sector = false;
            }
        }

        // A place that opens the sentence and a later clause that develops industries.
        if let Some(first) = places.first() {
            let only_place_in_sentence = places
                .iter()
                .all(|p| p.entity == first.entity || clauses[p.start] == clauses[first.start]);
            if clauses[first.start] == 0 && only_place_in_sentence {
                for sector in &sectors {
                    if clauses[sector.start] > clauses[first.start]
                        && has_cue_between(first.end, sector.start)
                    {
                        pairs.push((first.entity, sector.entity, "sentence-topic"));
                    }
                }
            }
        }

        // The section's place, when the sentence names none: （一）打造张江科技创新极 … 围绕集成电路.
        // The place that opened the paragraph, for a sentence naming none
        // (加快建设张江科学城…。围绕集成电路、生物医药…开展原始创新).
        if places.is_empty() {
            let opener = Some(self.block_first_sentence[sentence])
                .filter(|&first_sentence| first_sentence < sentence)
                .as_ref()
                .and_then(|&first_sentence| {
                    let found = self.sentence_mentions.get(first_sentence)?;
                    let mut places = found
                        .iter()
                        .filter(|m| matches!(m.kind, EntityKind::Park | EntityKind::District));
                    let first = places.next()?;
                    // A place listed with others (包括嘉定、青浦、松江…) opens no paragraph
                    // about itself.
                    let opener_chars: Vec<char> = self.segmented.sentences[first_sentence]
                        .text
                        .chars()
                        .collect();
                    let opener_clauses = clause_ids(&opener_chars);
                    let listed = places.any(|other| {
                        other.entity != first.entity
                            && opener_clauses.get(other.start) == opener_clauses.get(first.start)
                    });
                    (!listed).then_some(first.entity)
                });
            // A park the heading names outranks it (see below).
            let section_park = context
                .topic
                .is_some_and(|t| self.entities.entities[t].kind == EntityKind::Park);
            if let Some(opener) = opener.filter(|_| !section_park) {
                for sector in &sectors {
                    if has_cue_between(0, sector.start) {
                        pairs.push((opener, sector.entity, "paragraph-topic"));
                    }
                }
            }
        }

        // A park the heading names is the subject of its whole section; a district only
        // of sentences naming no place.
        let topic_is_park = context
            .topic
            .is_some_and(|t| self.entities.entities[t].kind == EntityKind::Park);
        if places.is_empty() || topic_is_park {
            if let Some(topic) = context.topic {
                // A district as the implicit subject (its own plan) hosts only what a
                // clause names as industrial development, not every industry word of the
                // plan (消费, 安全, 公共服务 …).
                let topic_is_district = self.entities.entities[topic].kind == EntityKind::District;
                for sector in &sectors {
                    let stated = if topic_is_district {
                        develops_as_industry(chars, &clauses, sector, &gazetteer.cues)
                    } else {
                        has_cue_between(0, sector.start)
                    };
                    if stated {
                        pairs.push((topic, sector.entity, "section-topic"));
                    }
                }
            }
        }

        // The section's industry, when the sentence names none: 集成电路产业。打造以张江为主体….
        // Places the sentence gives no industry of their own take the section's.
        if let Some(sector) = context.sector {
            if !self.is_umbrella(sector) {
                for place in &places {
                    let paired = pairs.iter().any(|(p, _, _)| *p == place.entity);
                    let cue_near =
                        has_cue_between(0, place.start) || has_cue_between(place.end, chars.len());
                    if !paired && cue_near {
                        pairs.push((place.entity, sector, "section-sector"));
                    }
                }
            }
        }

        // A sentence that opens with a place in a district (徐汇滨江，建设西岸智慧谷…) places
        // the parks it goes on to name in that district.
        if let Some(first) = places.first() {
            let opening: String = chars[..first.start].iter().collect();
            let district = match first.kind {
                EntityKind::District => Some(first.entity),
                _ => first.prefix_district.or_else(|| {
                    self.relations
                        .first_with_subject(RelationKind::LocatedIn, first.entity, false)
                        .map(|r| r.object)
                }),
            };
            let alone = clauses[first.end.min(chars.len())] == 0
                && chars
                    .get(first.end)
                    .is_some_and(|c| matches!(c, '，' | ','));
            if let (Some(district), true) = (district, opening.trim().is_empty() && alone) {
                for park in places.iter().filter(|p| {
                    p.kind == EntityKind::Park && p.prefix_district.is_none() && p.start > first.end
                }) {
                    self.relations.add(
                        RelationKind::LocatedIn,
                        park.entity,
                        district,
                        false,
                        "sentence-district",
                        &[sentence],
                    );
                }
            }
        }

        for (place, sector, rule) in pairs {
            let kind = match self.entities.entities[place].kind {
                EntityKind::District => RelationKind::HostsIndustry,
                _ => RelationKind::FocusesOn,
            };
            self.relations
                .add(kind, place, sector, false, rule, &[sentence]);
        }
    }

    /// The industries a sentence names: known sectors, and the items of an enumeration of
    /// industries (A、B、C等…产业 / …服务业), where a known technology counts as an industry
    /// and an unknown item becomes a new sector when the list's head says it is an industry.
    fn industry_mentions(
        &mut self,
        chars: &[char],
        mentions: &[Mention],
        topic: Option<usize>,
        sentence: usize,
    ) -> Vec<Mention> {
        static ENUMERATION: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"([^，。；：“”（）]{2,160}?)等([^，。；：、“”]{0,16})")
                .expect("enumeration pattern")
        });
        let gazetteer = self.gazetteer;
        let cues = &gazetteer.cues;
        // 低空飞行协同服务管理机制, 低空飞行配套设施: the sector only qualifies a
        // governance or infrastructure noun, so it is not an industry the place hosts.
        // 载人飞行试验: a test of the sector, not the sector hosted.
        let modifies = |m: &Mention| {
            cues.industry_modified_nouns
                .iter()
                .any(|noun| starts_with_at(chars, m.end, noun))
                || runs_into(chars, m.end, 4, is_name_char, &cues.activity_endings)
        };
        let mut industries: Vec<Mention> = mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Sector && !self.is_umbrella(m.entity) && !modifies(m))
            .cloned()
            .collect();
        let text: String = chars.iter().collect();
        for captures in ENUMERATION.captures_iter(&text) {
            let list = captures.get(1).expect("group 1");
            let head_match = captures.get(2).expect("group 2");
            let head = head_match.as_str();
            // …等产业布局 / …等产业集群: the head noun before a trailing 布局, 发展 or 体系.
            let head_noun = ["布局", "发展", "体系", "生态"]
                .iter()
                .find_map(|tail| head.strip_suffix(tail))
                .unwrap_or(head);
            let has_place = mentions
                .iter()
                .any(|m| matches!(m.kind, EntityKind::Park | EntityKind::District));
            // 领域 lists name industries when the sentence is about a place
            // (张江科学城…在集成电路设计、芯片制造、新药研发等领域…领先).
            // The head, or one of its coordinated parts, names industries (…等产业, …等未来
            // 产业和新兴领域), not only fields.
            let ends_in_industry_head = |text: &str| {
                cues.industry_heads
                    .iter()
                    .any(|h| text.ends_with(h.as_str()))
            };
            let head_names_industries = head_noun
                .split(['和', '与', '及'])
                .any(ends_in_industry_head);
            let head_is_industry = (ends_in_industry_head(head_noun)
                || (has_place && head_noun.ends_with("领域")))
                && !head.contains("企业")
                // 文化、档案、史志等事业 and …等行业 end in 业 without being industries.
                && !cues.not_industries.iter().any(|word| {
                    word.ends_with('业')
                        && !cues.industry_heads.contains(word)
                        && head_noun.ends_with(word.as_str())
                });
            let head_is_field = head_is_industry || head.ends_with("领域");
            if !head_is_field || !list.as_str().contains('、') {
                continue;
            }
            // 振兴黄河路、进贤路等支马路商业: a list of streets, and what follows it is the
            // trade along them, no industry.
            let streets = list.as_str().split('、').all(|item| {
                cues.street_endings
                    .iter()
                    .any(|ending| item.ends_with(ending.as_str()))
            });
            if streets {
                continue;
            }

            let mut offset = text[..list.start()].chars().count();
            for item in list.as_str().split('、') {
                let item_start = offset;
                let item_end = offset + item.chars().count();
                offset = item_end + 1;
                let inside: Vec<&Mention> = mentions
                    .iter()
                    .filter(|m| m.start >= item_start && m.end <= item_end)
                    .collect();
                if inside.iter().any(|m| {
                    matches!(
                        m.kind,
                        EntityKind::Sector | EntityKind::District | EntityKind::Park
                    )
                }) {
                    continue;
                }
                // A technology listed among industries is one too (…、脑机接口等未来产业);
                // among fields only (聚焦通用大模型…等领域) it stays a technology.
                if let Some(technology) = inside
                    .iter()
                    .find(|m| m.kind == EntityKind::Technology && m.end == item_end)
                {
                    if !head_names_industries {
                        continue;
                    }
                    let label = self.entities.entities[technology.entity].label.clone();
                    let sector = self
                        .entities
                        .add(EntityKind::Sector, &label, &label, None, None);
                    self.entities.mention(sector, sentence);
                    industries.push(Mention {
                        entity: sector,
                        kind: EntityKind::Sector,
                        ..(*technology).clone()
                    });
                    continue;
                }
                if !head_is_industry {
                    continue;
                }
                let (label, label_start) = clean_item(item, item_start, cues);
                let label = strip_industry_suffix(&label).to_owned();
                let length = label.chars().count();
                // 南京路、淮海路等商业: streets are places, not industries.
                if !(2..=10).contains(&length)
                    || !self.is_industry_name(&label)
                    || label.chars().all(|c| c.is_ascii_digit())
                    || cues
                        .street_endings
                        .iter()
                        .any(|ending| label.ends_with(ending.as_str()))
                {
                    continue;
                }
                let sector = self.add_dynamic(EntityKind::Sector, &label, None);
                self.entities.mention(sector, sentence);
                industries.push(Mention {
                    start: label_start,
                    end: item_end,
                    entity: sector,
                    kind: EntityKind::Sector,
                    prefix_district: None,
                    inner_sectors: Vec::new(),
                });
            }
            // The head itself when it names an industry (…等高技术服务业).
            if head_is_industry {
                let head_label = head.rsplit('的').next().unwrap_or(head).trim();
                let head_label = strip_industry_suffix(head_label).to_owned();
                let generic = cues
                    .umbrella_sectors
                    .iter()
                    .chain(&cues.generic_park_words)
                    .any(|g| *g == head_label || format!("{g}产业") == head_label)
                    || head_label.chars().count() < 2
                    || head_label.starts_with("产业")
                    || head_label
                        .chars()
                        .any(|c| "一二三四五六七八九十两若".contains(c))
                    || matches!(head_label.as_str(), "业" | "服务业" | "制造业" | "产业");
                let head_start = text[..head_match.start()].chars().count();
                let head_end = head_start + head.chars().count();
                let already = industries
                    .iter()
                    .any(|m| m.start >= head_start && m.end <= head_end);
                if !generic
                    && !already
                    && !head_label.contains(['、', '和'])
                    && self.is_industry_name(&head_label)
                {
                    let sector = self.add_dynamic(EntityKind::Sector, &head_label, None);
                    self.entities.mention(sector, sentence);
                    industries.push(Mention {
                        start: head_end.saturating_sub(head_label.chars().count()),
                        end: head_end,
                        entity: sector,
                        kind: EntityKind::Sector,
                        prefix_district: None,
                        inner_sectors: Vec::new(),
                    });
                }
            }
        }
        // Compound industries a place is said to develop (航空物流 around a known 物流).
        let compounds = self.focus_object_industries(chars, mentions, topic, sentence);
        industries.retain(|m| {
            !compounds
                .iter()
                .any(|c| c.start <= m.start && m.end <= c.end && c.entity != m.entity)
        });
        industries.extend(compounds);
        industries.sort_by_key(|m| (m.start, m.end));
        industries.dedup_by_key(|m| (m.start, m.entity));
        industries
    }

    /// A park in a district that focuses on an industry: the district hosts it, inferred.
    pub(super) fn infer_district_industries(&mut self) {
        let located: Vec<Relation> = self
            .relations
            .relations
            .iter()
            .filter(|r| r.kind == RelationKind::LocatedIn && !r.inferred)
            .cloned()
            .collect();
        let focuses: Vec<Relation> = self
            .relations
            .relations
            .iter()
            .filter(|r| r.kind == RelationKind::FocusesOn && !r.inferred)
            .cloned()
            .collect();
        // Focuses by park, in order: a table of thousands of parks would otherwise pair
        // every location with every focus.
        let mut focuses_of: std::collections::HashMap<usize, Vec<&Relation>> =
            std::collections::HashMap::new();
        for focus in &focuses {
            focuses_of.entry(focus.subject).or_default().push(focus);
        }
        for location in &located {
            let park_focuses = focuses_of
                .get(&location.subject)
                .map_or(&[][..], Vec::as_slice);
            for focus in park_focuses.iter().copied() {
                if self
                    .relations
                    .has(RelationKind::HostsIndustry, location.object, focus.object)
                {
                    continue;
                }
                let evidence: Vec<usize> = location
                    .evidence
                    .iter()
                    .chain(&focus.evidence)
                    .copied()
                    .collect();
                self.relations.add(
                    RelationKind::HostsIndustry,
                    location.object,
                    focus.object,
                    true,
                    "via-park",
                    &evidence,
                );
            }
        }
    }
}

/// Whether two mentions in an enumeration are linked by nothing but connectors, a
/// district word or a focus cue (长宁区人工智能; 宝山、奉贤等区发展新材料).
fn connects(chars: &[char], from: usize, to: usize, cues: &[String]) -> bool {
    if from > to {
        return false;
    }
    let between: String = chars[from..to].iter().collect();
    if cues.iter().any(|cue| between.contains(cue.as_str())) {
        return true;
    }
    let stripped: String = between
        .chars()
        .filter(|c| !matches!(c, '、' | '和' | '与' | '及' | '等' | '的' | ' '))
        .collect();
    matches!(
        stripped.as_str(),
        "" | "区" | "重点区域" | "地区" | "区域" | "在" | "以"
    )
}

/// Strips verbs and modifiers from the front of an enumerated item ("发展5G" → "5G",
/// "各具特色的数字经济" → "数字经济"); returns the label and its start.
pub(super) fn clean_item(
    item: &str,
    item_start: usize,
    cues: &crate::gazetteer::Cues,
) -> (String, usize) {
    let mut label = item.trim().to_owned();
    let mut start = item_start + (item.chars().count() - item.trim_start().chars().count());
    if let Some(position) = label.rfind('的') {
        let after = position + '的'.len_utf8();
        start += label[..after].chars().count();
        label = label[after..].to_owned();
    }
    loop {
        let before = label.clone();
        for prefix in cues
            .focus_cues
            .iter()
            .chain(&cues.name_left_boundaries)
            .chain(&cues.technology_item_prefixes)
        {
            if label.chars().count() > prefix.chars().count() + 1 {
                if let Some(rest) = label.strip_prefix(prefix.as_str()) {
                    // 在 of 在线新经济 is the word's first character, not a preposition.
                    let inside_word = prefix.chars().count() == 1
                        && super::text::jieba()
                            .cut(&label, true)
                            .first()
                            .is_some_and(|word| word.word.chars().count() > 1);
                    if inside_word {
                        continue;
                    }
                    start += prefix.chars().count();
                    label = rest.to_owned();
                }
            }
        }
        if label == before {
            break;
        }
    }
    (label, start)
}

/// The clause index of every character (clauses end at ，；：).
/// Whether the industry's clause names it as industrial development: a development cue
/// before it (培育, 做强, 布局 …) and an industry word after it (产业, 集群, 领域 …), both
/// in the same clause.
fn develops_as_industry(
    chars: &[char],
    clauses: &[usize],
    industry: &Mention,
    cues: &crate::gazetteer::Cues,
) -> bool {
    let clause = clauses[industry.start];
    let clause_start = (0..industry.start)
        .rev()
        .take_while(|&i| clauses[i] == clause)
        .last()
        .unwrap_or(industry.start);
    let clause_end = (industry.end..chars.len())
        .take_while(|&i| clauses[i] == clause)
        .last()
        .map_or(industry.end, |i| i + 1);
    let before: String = chars[clause_start..industry.start].iter().collect();
    let after: String = chars[industry.start..clause_end].iter().collect();
    let head_at = cues
        .industry_clause_heads
        .iter()
        .filter_map(|head| after.find(head.as_str()).map(|at| at + head.len()))
        .min();
    let Some(head_end) = head_at else {
        return false;
    };
    // 发展A、B等产业 (the cue before), or A、B等产业集聚发展 / …赛道发展 (the cue after the
    // head word, in the same clause).
    cues.industry_development_cues
        .iter()
        .any(|cue| before.contains(cue.as_str()) || after[head_end..].contains(cue.as_str()))
}
