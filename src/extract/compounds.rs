//! Compound industries: the objects of a focus verb whose subject is a place become
//! industries of their own (航空物流 under 物流) only when they end in a known sector or an
//! industry head, and never when the object is actors, a programme or a service carried out.

use super::industries::clean_item;
use super::text::{clause_ids, is_cjk, is_clause_end, starts_with_at};
use super::{Extractor, Mention};
use crate::model::EntityKind;
use std::collections::{BTreeMap, BTreeSet};

impl<'a> Extractor<'a> {
    /// Industries named as the objects of a focus verb whose subject is a place
    /// (临空园区发展航空金融和航空信息服务; 依托…示范区，重点发展航空运营和航空物流): an item
    /// that ends in a known sector after a modifier, or in an industry head word, is an
    /// industry of its own, under the known sector.
    pub(super) fn focus_object_industries(
        &mut self,
        chars: &[char],
        mentions: &[Mention],
        topic: Option<usize>,
        sentence: usize,
    ) -> Vec<Mention> {
        let gazetteer = self.gazetteer;
        let cues = &gazetteer.cues;
        let clause_of = clause_ids(chars);
        let last_clause = clause_of.last().copied().unwrap_or(0);
        let clause_start = |clause: usize| clause_of.iter().position(|&c| c == clause).unwrap_or(0);
        // Clauses whose subject is a place: the place opens the clause (after at most a
        // verb such as 支持), or a 依托<place> clause (`cues.reliance_words`) opens the one
        // before.
        // Each such clause is read from after its place (支持临空园区发展…).
        let mut subject_clauses: BTreeMap<usize, usize> = BTreeMap::new();
        let mut park_subject: BTreeSet<usize> = BTreeSet::new();
        for place in mentions
            .iter()
            .filter(|m| matches!(m.kind, EntityKind::Park | EntityKind::District))
        {
            let clause = clause_of[place.start];
            let start = clause_start(clause);
            let subject = if self.opens_reliance(chars, start) {
                let next = clause_start(clause + 1);
                subject_clauses.entry(clause + 1).or_insert(next);
                clause + 1
            } else if place.start <= start + 2 {
                let from = subject_clauses.entry(clause).or_insert(place.end);
                *from = (*from).max(place.end);
                clause
            } else {
                continue;
            };
            if place.kind == EntityKind::Park {
                park_subject.insert(subject);
            }
        }
        let mut verbs: Vec<&String> = cues.focus_cues.iter().collect();
        verbs.sort_by_key(|v| std::cmp::Reverse(v.chars().count()));
        // Under a heading that names a place (（二）白马湖生态创意城), a sentence without a
        // place of its own is about that place.
        let places_named = mentions
            .iter()
            .any(|m| matches!(m.kind, EntityKind::Park | EntityKind::District));
        if topic.is_some() && !places_named {
            for clause in 0..=last_clause {
                let start = clause_start(clause);
                if verbs
                    .iter()
                    .any(|v| starts_with_at(chars, start, v.as_str()))
                {
                    subject_clauses.insert(clause, start);
                    if topic.is_some_and(|t| self.entities.entities[t].kind == EntityKind::Park) {
                        park_subject.insert(clause);
                    }
                }
            }
        }
        // 临港新片区加快…，开展…试点: a clause that opens with a focus verb and names no
        // place of its own continues the subject of the clause before it.
        for clause in 1..=last_clause {
            let start = clause_start(clause);
            let names_place = mentions.iter().any(|m| {
                matches!(m.kind, EntityKind::Park | EntityKind::District)
                    && clause_of[m.start] == clause
            });
            if subject_clauses.contains_key(&(clause - 1))
                && !subject_clauses.contains_key(&clause)
                && !names_place
                && verbs
                    .iter()
                    .any(|v| starts_with_at(chars, start, v.as_str()))
            {
                subject_clauses.insert(clause, start);
                if park_subject.contains(&(clause - 1)) {
                    park_subject.insert(clause);
                }
            }
        }
        if subject_clauses.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut position = 0;
        while position < chars.len() {
            if subject_clauses
                .get(&clause_of[position])
                .is_none_or(|&from| position < from)
            {
                position += 1;
                continue;
            }
            let Some(verb) = verbs
                .iter()
                .find(|verb| starts_with_at(chars, position, verb.as_str()))
            else {
                position += 1;
                continue;
            };
            let mut start = position + verb.chars().count();
            let clause = clause_of[position];
            let mut end = start;
            while end < chars.len() && clause_of[end] == clause && !is_clause_end(chars[end]) {
                end += 1;
            }
            position = end;
            // 支持超高清视听在安防监控、工业制造等领域的应用: after its object, 在 opens
            // where the object is applied, and those fields are no objects.
            if let Some(at) = (start + 2..end).find(|&i| chars[i] == '在') {
                end = at;
            }
            // 支持高校、科研院所开展…: the object is actors, and what follows is their work,
            // not the place's industries; 推动国家体育消费和赛事经济试点城市建设: a programme's
            // title.
            let object: String = chars[start..end].iter().collect();
            let first_item = object.split(['、', '和', '及', '与']).next().unwrap_or("");
            if cues
                .technology_actors
                .iter()
                .any(|actor| first_item.ends_with(actor.as_str()))
                || cues
                    .programme_title_endings
                    .iter()
                    .any(|ending| object.contains(ending.as_str()))
            {
                continue;
            }
            // The object: items joined by 、 和 及 与, each up to 企业/机构/等.
            let mut item_start = start;
            while start <= end {
                if start == end || matches!(chars[start], '、' | '和' | '及' | '与') {
                    let item: String = chars[item_start..start].iter().collect();
                    let park = park_subject.contains(&clause);
                    let gives_service = cues.service_giving_verbs.contains(verb);
                    if let Some(mention) = self.compound_industry(
                        &item,
                        item_start,
                        mentions,
                        (park, gives_service),
                        cues,
                    ) {
                        self.entities.mention(mention.entity, sentence);
                        found.push(mention);
                    }
                    item_start = start + 1;
                }
                start += 1;
            }
        }
        found
    }

    fn compound_industry(
        &mut self,
        item: &str,
        item_start: usize,
        mentions: &[Mention],
        (park_subject, gives_service): (bool, bool),
        cues: &crate::gazetteer::Cues,
    ) -> Option<Mention> {
        let (mut label, cleaned_start) = clean_item(item, item_start, cues);
        let mut item_start = cleaned_start;
        // 国家体育消费 is 体育消费: a leading generic modifier is no part of the name.
        if let Some(word) = cues
            .generic_industry_modifiers
            .iter()
            .filter(|word| {
                label.starts_with(word.as_str())
                    && label.chars().count() >= word.chars().count() + 2
            })
            .max_by_key(|word| word.len())
        {
            label = label[word.len()..].to_owned();
            item_start += word.chars().count();
        }
        if cues
            .district_relative_words
            .iter()
            .chain(&cues.focus_cues)
            .any(|word| label.starts_with(word.as_str()))
        {
            return None;
        }
        // 产教融合信息服务平台: a platform the item builds is no industry.
        if label.contains("平台") {
            return None;
        }
        // 开展低空融合飞行试点: what is piloted is an activity unless it ends in a known
        // sector (开展跨境无人机物流试点 pilots a kind of 物流).
        let piloted = label.contains("试点");
        for stop in ["企业", "机构", "项目", "等", "产业", "试点", "示范"] {
            if let Some(cut) = label.find(stop) {
                label.truncate(cut);
            }
        }
        let length = label.chars().count();
        if !(3..=8).contains(&length) || label.chars().any(|c| c.is_ascii_digit() || !is_cjk(c)) {
            return None;
        }
        let end = item_start + length;
        let inside: Vec<&Mention> = mentions
            .iter()
            .filter(|m| m.start >= item_start && m.end <= end)
            .collect();
        // 西湖区云栖小镇重点发展云计算和大数据: a technology a park develops as its
        // industry is an industry by the same name.
        if let [only] = inside.as_slice() {
            if park_subject
                && only.kind == EntityKind::Technology
                && only.start == item_start
                && only.end == end
            {
                let entity = self
                    .entities
                    .add(EntityKind::Sector, &label, &label, None, None);
                return Some(Mention {
                    entity,
                    kind: EntityKind::Sector,
                    ..(*only).clone()
                });
            }
        }
        if inside
            .iter()
            .any(|m| m.kind != EntityKind::Sector || (m.start == item_start && m.end == end))
        {
            return None;
        }
        // A modifier of at least two characters before a known sector at the end.
        let tail = inside
            .iter()
            .find(|m| m.end == end && m.start >= item_start + 2 && !self.is_umbrella(m.entity));
        if piloted && tail.is_none() {
            return None;
        }
        // 配套物流, 高成长型绿色低碳, 国家体育消费: a modifier that qualifies the sector
        // without naming a branch of it makes no new industry.
        if let Some(tail) = tail {
            let modifier: String = label.chars().take(tail.start - item_start).collect();
            let mut rest = modifier.clone();
            for word in &cues.generic_industry_modifiers {
                rest = rest.replace(word.as_str(), "");
            }
            if rest.trim().is_empty() {
                return None;
            }
        }
        let headed = cues
            .compound_industry_heads
            .iter()
            .any(|head| label.ends_with(head.as_str()) && length > head.chars().count() + 1);
        // 航空物流 under 物流; 健康管理服务 under the 健康管理 it starts with.
        let parent = match (tail, inside.last()) {
            (Some(tail), _) => Some(self.entities.entities[tail.entity].key.clone()),
            (None, Some(last)) if headed && !self.is_umbrella(last.entity) => {
                Some(self.entities.entities[last.entity].key.clone())
            }
            (None, None) if headed => None,
            _ => return None,
        };
        // 开展…校企人才合作服务: a service carried out, not an industry.
        let service_given =
            gives_service && label.ends_with("服务") && self.gazetteer.lookup(&label).is_empty();
        if service_given || !self.is_industry_name(&label) {
            return None;
        }
        let entity = self.add_dynamic(EntityKind::Sector, &label, parent.as_deref());
        Some(Mention {
            start: item_start,
            end,
            entity,
            kind: EntityKind::Sector,
            prefix_district: None,
            inner_sectors: Vec::new(),
        })
    }
}
