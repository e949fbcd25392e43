//! Technologies: what a sector develops — gazetteer technologies, the items of development
//! phrases and enumerations, and technology headings — always attributed to one sector.

use super::text::{clause_ids, is_clause_end, is_name_char, list_category, starts_with_at};
use super::{Extractor, Lex, Mention, SectionContext};
use crate::model::{EntityKind, RelationKind};

impl<'a> Extractor<'a> {
    /// A sub-sector heading that names a technology or product (智能芯片, 全光通信设备,
    /// 纯电动和燃料电池汽车 under their sector): the sector develops it. Headings that
    /// stay a coordination of categories (装备和材料, 模型与算法) name no technology.
    pub(super) fn technology_heading(&mut self, section: usize, sentence: usize) {
        let context = &self.sections[section];
        let (Some(sector), Some(top)) = (context.sector, context.top_sector) else {
            return;
        };
        if !context.own_sector || sector == top || self.is_grouping(top) {
            return;
        }
        let title = strip_parentheses(&self.segmented.sections[section].title);
        let items = self.coordinated_items(&title, true);
        if items.iter().all(|item| self.has_head(item)) {
            for item in items {
                self.record_technology(top, &item, sentence, "technology-heading");
            }
        }
    }

    /// Records that a sector develops a technology named in a sentence: a gazetteer
    /// technology, a new name, or a narrower product sector the sector pushes
    /// (智能网联汽车 under 新能源汽车).
    fn record_technology(
        &mut self,
        sector: usize,
        label: &str,
        sentence: usize,
        rule: &'static str,
    ) {
        // A heading the section pass took for a sub-sector (智能芯片) is a technology too.
        let concepts = match self.lexicon.get(label) {
            Some(Lex::Concepts(concepts)) => concepts.clone(),
            Some(Lex::Dynamic(EntityKind::Technology | EntityKind::Sector, _)) | None => Vec::new(),
            Some(Lex::Dynamic(..)) | Some(Lex::Block) => return,
        };
        let object = if concepts.is_empty()
            || concepts
                .iter()
                .any(|&c| self.gazetteer.concepts[c].kind == EntityKind::Technology)
        {
            self.add_dynamic(EntityKind::Technology, label, None)
        } else if let Some(&concept) = concepts
            .iter()
            .find(|&&c| self.gazetteer.concepts[c].kind == EntityKind::Sector)
        {
            let product = self.register_concept(concept);
            if !self.sector_as_technology(product, sector) {
                return;
            }
            product
        } else {
            return;
        };
        if object == sector {
            return;
        }
        self.entities.mention(object, sentence);
        self.relations.add(
            RelationKind::DevelopsTechnology,
            sector,
            object,
            false,
            rule,
            &[sentence],
        );
    }

    /// Whether a known sector named where a technology is expected is a product line of
    /// `sector` rather than an industry of its own: not the sector itself, not a grouping,
    /// not an industry with its own chapter, not a sub-sector filed under another one.
    fn sector_as_technology(&self, product: usize, sector: usize) -> bool {
        if product == sector || self.is_umbrella(product) || self.is_grouping(product) {
            return false;
        }
        let mut ancestor = self.entities.entities[sector].parent.clone();
        while let Some(key) = ancestor {
            if self.entities.entities[product].key == key {
                return false;
            }
            ancestor = self
                .entities
                .index
                .get(&(EntityKind::Sector, key))
                .and_then(|&i| self.entities.entities[i].parent.clone());
        }
        !self.sections.iter().any(|context| {
            context.top_sector == Some(product)
                || (context.own_sector
                    && context.sector == Some(product)
                    && context.top_sector != Some(sector))
        })
    }

    /// A sector that groups industries (未来产业, 战略性新兴产业) rather than naming one:
    /// its chapter lists industries, not technologies.
    fn is_grouping(&self, sector: usize) -> bool {
        self.is_umbrella(sector) || self.entities.entities[sector].label.ends_with("产业")
    }

    /// Whether a name is headed by a technology word, or is a technology the gazetteer
    /// knows.
    fn has_head(&self, name: &str) -> bool {
        has_technology_head(name, &self.gazetteer.cues)
            || matches!(self.lexicon.get(name), Some(Lex::Concepts(c)) if c.iter().any(|&c| self.gazetteer.concepts[c].kind == EntityKind::Technology))
    }

    /// Splits a coordination at 和/与/及 where the left part is a name of its own
    /// (储能变流器和电池管理系统), and keeps it whole where the left part only modifies
    /// the right (细胞与基因治疗, 康复干预与辅助机器人). In headings a shared head is
    /// restored (纯电动和燃料电池汽车 → 纯电动汽车, 燃料电池汽车).
    fn coordinated_items(&self, phrase: &str, restore_head: bool) -> Vec<String> {
        let mut items: Vec<String> = Vec::new();
        let mut pending = String::new();
        let mut dangling: Vec<String> = Vec::new();
        for c in phrase.chars() {
            if matches!(c, '和' | '与' | '及') && !pending.is_empty() {
                // 商业卫星总装和… : the left part without its process word.
                let stripped = strip_processes(&pending, &self.gazetteer.cues);
                let left = stripped.rsplit('、').next().unwrap_or_default();
                if self.has_head(left) || self.lexicon.contains_key(left) {
                    items.push(stripped);
                    pending.clear();
                    continue;
                }
                if restore_head && !pending.contains('、') {
                    dangling.push(std::mem::take(&mut pending));
                    continue;
                }
            }
            pending.push(c);
        }
        if restore_head && !dangling.is_empty() {
            // The shared head, after a name part of at least two characters
            // (燃料电池|汽车, not 零|部件).
            let head = self
                .gazetteer
                .cues
                .technology_heads
                .iter()
                .filter(|head| {
                    pending.ends_with(head.as_str())
                        && pending.chars().count() >= head.chars().count() + 2
                })
                .max_by_key(|head| head.chars().count());
            match head {
                Some(head) => items.extend(dangling.iter().map(|left| format!("{left}{head}"))),
                // A coordination of categories (装备和材料, 模型与算法) names no one thing.
                None => return Vec::new(),
            }
        }
        if !pending.is_empty() {
            items.push(pending);
        }
        items
    }

    /// Technologies a sector develops, clause by clause: gazetteer technologies and the
    /// items of development phrases in the sector's own section. A clause whose subject is
    /// a place (紫竹高新区重点发展…) states what the place hosts, not a technology; a
    /// clause that opens with another sector (量子信息领域重点研发…) gives that sector.
    pub(super) fn technologies(
        &mut self,
        chars: &[char],
        mentions: &[Mention],
        context: &SectionContext,
        sentence: usize,
    ) {
        self.technologies_of_named_sector(chars, mentions, sentence);
        let Some(sector) = context.top_sector else {
            return;
        };
        let sector = if self.is_grouping(sector) {
            context.sector.filter(|&s| !self.is_grouping(s))
        } else {
            Some(sector)
        };
        let clause_of = clause_ids(chars);
        let mut start = 0;
        while start < chars.len() {
            let mut end = start;
            while end < chars.len() && clause_of[end] == clause_of[start] {
                end += 1;
            }
            let in_clause: Vec<&Mention> = mentions
                .iter()
                .filter(|m| m.start >= start && m.end <= end)
                .collect();
            self.clause_technologies(chars, start, end, &in_clause, sector, sentence);
            start = end;
        }
    }

    /// Outside a sector's own section, a list that ends by naming its sector and what the
    /// items are (围绕跨链、隐私计算、智能合约等区块链关键核心技术领域): the items are that
    /// sector's technologies.
    fn technologies_of_named_sector(
        &mut self,
        chars: &[char],
        mentions: &[Mention],
        sentence: usize,
    ) {
        const KINDS: [&str; 6] = ["技术", "产品", "装备", "器件", "芯片", "软件"];
        let clause_of = clause_ids(chars);
        for sector in mentions.iter().filter(|m| m.kind == EntityKind::Sector) {
            if sector.start < 3 || chars[sector.start - 1] != '等' {
                continue;
            }
            let clause = clause_of[sector.start];
            let after: String = chars[sector.end..(sector.end + 8).min(chars.len())]
                .iter()
                .take_while(|&&c| !is_clause_end(c))
                .collect();
            if !KINDS.iter().any(|kind| after.contains(kind)) {
                continue;
            }
            // …等绿色金融产品: a financial product is no technology.
            let category: String =
                chars[sector.start..sector.end].iter().collect::<String>() + &after;
            if lists_no_technology(&category, &self.gazetteer.cues) {
                continue;
            }
            let clause_start = (0..sector.start)
                .rev()
                .take_while(|&i| clause_of[i] == clause)
                .last()
                .unwrap_or(sector.start);
            let list: String = chars[clause_start..sector.start - 1].iter().collect();
            // The list starts after the clause's last verb (围绕, 开展, 突破 …).
            let cues = &self.gazetteer.cues;
            let list_start = cues
                .technology_cues
                .iter()
                .chain(&cues.focus_cues)
                .filter_map(|verb| list.rfind(verb.as_str()).map(|at| at + verb.len()))
                .max()
                .unwrap_or(0);
            let items: Vec<String> = list[list_start..]
                .split(['、', '，'])
                .map(|item| item.trim().to_owned())
                .collect();
            let all_names = items.len() >= 2
                && items.iter().all(|item| {
                    (2..=12).contains(&item.chars().count()) && item.chars().all(is_name_char)
                });
            if !all_names {
                continue;
            }
            let sector_entity = sector.entity;
            for item in items {
                self.record_technology(sector_entity, &item, sentence, "named-sector-list");
            }
        }
    }

    fn clause_technologies(
        &mut self,
        chars: &[char],
        start: usize,
        end: usize,
        mentions: &[&Mention],
        section_sector: Option<usize>,
        sentence: usize,
    ) {
        let text: String = chars[start..end].iter().collect();
        let cues = &self.gazetteer.cues;
        let verb_at = cues
            .technology_cues
            .iter()
            .chain(&cues.focus_cues)
            .filter_map(|verb| text.find(verb.as_str()))
            .min()
            .map(|byte| text[..byte].chars().count() + start);
        // 支持白马湖生态创意城建设…: a place right after the opening verb is the subject.
        if mentions.iter().any(|m| {
            matches!(m.kind, EntityKind::Park | EntityKind::District)
                && (verb_at.is_none_or(|v| m.start < v) || m.start <= start + 2)
        }) {
            return;
        }
        // 量子信息领域重点研发… : the clause names its own sector.
        let opening = mentions.iter().find(|m| {
            matches!(m.kind, EntityKind::Sector | EntityKind::Technology)
                && (m.start == start || (m.start == start + 1 && chars[start] == '在'))
                && ["领域", "产业", "方面", "板块"]
                    .iter()
                    .any(|word| starts_with_at(chars, m.end, word))
        });
        // A technology named as a field of its own (脑机接口领域重点研发…) acts as a sector.
        let opening = opening.map(|m| match m.kind {
            EntityKind::Technology => {
                let label: String = chars[m.start..m.end].iter().collect();
                self.add_dynamic(EntityKind::Sector, &label, None)
            }
            _ => m.entity,
        });
        let sector = match opening {
            Some(opening) if !self.is_grouping(opening) => opening,
            _ => match section_sector {
                Some(sector) => sector,
                None => return,
            },
        };
        let sector_label = self.entities.entities[sector].label.clone();
        // 运用人工智能、三维建模等技术赋能…: technologies used, not developed.
        if cues
            .technology_use_verbs
            .iter()
            .any(|verb| text.trim_start().starts_with(verb.as_str()))
        {
            return;
        }
        let items: Vec<String> = self
            .clause_items(&strip_parentheses(text.trim_end_matches(is_clause_end)))
            .into_iter()
            // 新型储能 in the 新能源与新型储能 chapter names the sector, not a technology.
            .filter(|item| !sector_label.contains(item.as_str()))
            .collect();
        for mention in mentions.iter().filter(|m| m.kind == EntityKind::Technology) {
            let surface: String = chars[mention.start..mention.end].iter().collect();
            // A known technology inside a longer named one (深度学习 in
            // 深度学习云端定制系统级芯片) is part of that name, not a fact of its own.
            if items.iter().any(|label| {
                label.contains(surface.as_str()) && label.chars().count() > surface.chars().count()
            }) {
                continue;
            }
            // An abbreviation in brackets (SoC, ADAS) repeats the name before it.
            let bracketed = chars[start..mention.start]
                .iter()
                .rev()
                .take_while(|&&c| !matches!(c, '）' | ')'))
                .any(|&c| matches!(c, '（' | '('));
            if bracketed && !items.is_empty() {
                continue;
            }
            // Fields a product is used in (在数据中心、超级计算机等领域的应用; 面向…等应用).
            let before: String = chars[start..mention.start].iter().collect();
            let after: String = chars[mention.end..end].iter().collect();
            if (before.contains('在') || before.contains("面向"))
                && ["领域", "等应用", "场景"].iter().any(|w| after.contains(w))
            {
                continue;
            }
            // A modifier of a named item (支持…深度学习等范式的统一计算框架).
            if let Some(position) = after.rfind('的') {
                let head = &after[position..];
                if items.iter().any(|item| head.contains(item.as_str())) {
                    continue;
                }
            }
            self.relations.add(
                RelationKind::DevelopsTechnology,
                sector,
                mention.entity,
                false,
                "section-technology",
                &[sentence],
            );
        }
        for label in items {
            self.record_technology(sector, &label, sentence, "technology-enumeration");
        }
    }

    /// Items of a clause that name technologies: the items of an enumeration that ends in
    /// 等…技术/装备/设备/器件/材料/产品 (or 等…领域/方向 when each item has a technology
    /// head), items that end in 技术 themselves, and the objects of a development verb.
    fn clause_items(&self, clause: &str) -> Vec<String> {
        let cues = &self.gazetteer.cues;
        // (item, listed): listed items come from an enumeration that itself says they are
        // technologies, materials or devices (…等第三代半导体材料), so need no head word.
        let mut items: Vec<(String, bool)> = Vec::new();
        // 等 inside a word (高等级硅钢, 等离子体) closes no list: mask it while matching.
        let masked = mask_word_internal_deng(clause);
        let clause = masked.as_str();
        // The clause lists what is no technology: its verb's objects are not either.
        let mut refused = false;
        for captures in self.gazetteer.technology_enumeration.captures_iter(clause) {
            let list = captures.get(1).expect("group 1").as_str();
            let category_match = captures.get(2).expect("group 2");
            let category = category_match.as_str();
            // …等重大创新平台, …等平台力量, …等绿色金融产品: platforms, institutions and
            // financial products are no technologies, whatever their items are called.
            if lists_no_technology(category, cues) {
                refused = true;
                continue;
            }
            let list = after_inner_verb(list, cues);
            if !list.contains('、') {
                continue;
            }
            let field = ["领域", "方向", "方面"]
                .iter()
                .any(|w| category.ends_with(w));
            // 在数据中心、超级计算机等领域的应用: fields of use, not technologies.
            if field
                && !category.contains("技术")
                && (list.contains('在') || list.contains("面向") || category.contains("应用"))
                && category.ends_with("领域")
            {
                continue;
            }
            // 研发行业数据标注、…等垂直大模型平台: the pattern reads 垂直大模型, but the
            // category runs on to 平台, so it does not say its items are technologies; each
            // needs a technology head of its own (工业巡检机器人 has one).
            let platform_category = {
                let whole = list_category(clause[category_match.start()..].chars());
                whole.len() > category.len() && lists_no_technology(&whole, cues)
            };
            let listed = (!field || category.contains("技术")) && !platform_category;
            // In a list that says what its items are, 和 joins two items (智能语音和机器翻译);
            // 与 and 及 bind a compound (新一代天线与射频技术).
            items.extend(
                list_items(list)
                    .into_iter()
                    .flat_map(|item| split_at_and(&item))
                    .map(|item| (item, listed)),
            );
            // The category after 等 can be a named technology itself (…等智能医疗机器人),
            // unless it is a generic one (核心芯片, 关键技术).
            if !field
                && !category.contains("关键")
                && !category.contains("核心")
                && !cues
                    .technology_item_prefixes
                    .iter()
                    .chain(&cues.generic_technologies)
                    .any(|generic| category.starts_with(generic.as_str()))
            {
                items.push((category.to_owned(), false));
            }
        }
        if clause.contains('、') {
            items.extend(
                list_items(clause)
                    .into_iter()
                    .filter(|item| item.ends_with("技术"))
                    .map(|item| (item, false)),
            );
        }
        // A list whose category no enumeration pattern reads (研发A、B等垂直大模型平台)
        // still says what its items are not.
        refused = refused
            || clause.match_indices('等').any(|(at, _)| {
                let category = list_category(clause[at + '等'.len_utf8()..].chars());
                lists_no_technology(&category, cues)
            });
        // Objects of a development verb: 研制深度学习云端定制系统级芯片；研发…的云计算服务平台.
        // An enumeration that says what its items are already gave them. An object the
        // clause calls a technology (突破车路云一体化协同控制关键技术) needs no head word.
        if !refused && !items.iter().any(|(_, listed)| *listed) {
            let stated = after_verb(clause, &cues.technology_cues, true)
                .is_some_and(|object| object.ends_with("技术"));
            items.extend(self.verb_objects(clause).into_iter().map(|item| {
                let listed = stated && item.chars().count() >= 4;
                (item, listed)
            }));
        }
        let mut found = Vec::new();
        for (item, listed) in items {
            // Items keep a word's 等 masked until they are cut at a list's 等.
            let item = strip_parentheses(item.trim());
            let item = match item.rfind('的') {
                Some(position) => &item[position + '的'.len_utf8()..],
                None => item.as_str(),
            };
            let item = self.strip_item_prefixes(item.trim());
            // 纳米机器人等智能医疗机器人: the item ends at 等 (not the 等 of 高等级).
            let item = item
                .split('等')
                .next()
                .unwrap_or_default()
                .replace(MASKED_DENG, "等");
            // Only noun phrases headed by a technology word (芯片, 系统, 材料 …) qualify;
            // a facility or institution (…数据采集中心, …研究院) is none.
            if (!self.has_head(&item) && !listed)
                || cues
                    .facility_endings
                    .iter()
                    .any(|ending| item.ends_with(ending.as_str()))
                || cues
                    .not_technology_words
                    .iter()
                    .any(|word| item.contains(word.as_str()))
            {
                continue;
            }
            let mut item = item.strip_suffix("技术").unwrap_or(&item).trim().to_owned();
            // 运氢相关技术 → 运氢; 数据中心网络产品 → 数据中心网络.
            for suffix in ["相关", "产品"] {
                if let Some(stripped) = item.strip_suffix(suffix) {
                    item = stripped.to_owned();
                }
            }
            let length = item.chars().count();
            if !(2..=16).contains(&length)
                || item.contains(['“', '”', '（', '《', '(', ')', '）'])
                // 数据安全技术与人工智能: two names joined, each found on its own
                // (基因与细胞治疗 is one name).
                || item.contains("技术与")
                || item.chars().all(|c| c.is_ascii_digit())
                || item.contains("产业")
                || (!listed
                    && cues
                        .focus_cues
                        .iter()
                        .any(|verb| verb.chars().count() >= 2 && item.contains(verb.as_str())))
                || cues.generic_technologies.contains(&item)
                // 小型化, 轻量化: a property to reach, not a technology (海水淡化 is one).
                || (item.ends_with('化') && length <= 3)
                // 技术平台, 发展通信: a verb or 技术 left in front.
                || item.starts_with("技术")
                || cues
                    .technology_cues
                    .iter()
                    .chain(&cues.focus_cues)
                    .any(|verb| verb.chars().count() >= 2 && item.starts_with(verb.as_str()))
            {
                continue;
            }
            if !found.contains(&item) {
                found.push(item);
            }
        }
        found
    }

    /// Removes leading verbs and modifiers (加快, 重点突破, 高端, 通用性) from an item, as
    /// long as what remains still names a thing (核心IP stays: IP alone is no name).
    fn strip_item_prefixes(&self, item: &str) -> String {
        let cues = &self.gazetteer.cues;
        let mut prefixes: Vec<&String> = cues
            .technology_cues
            .iter()
            .chain(&cues.focus_cues)
            .chain(&cues.technology_item_prefixes)
            .chain(&cues.technology_actors)
            .collect();
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        let mut item = item.to_owned();
        loop {
            let before = item.clone();
            for prefix in &prefixes {
                let Some(rest) = item.strip_prefix(prefix.as_str()) else {
                    continue;
                };
                if rest.chars().count() >= 2 && (self.has_head(rest) || !self.has_head(&item)) {
                    item = rest.to_owned();
                }
            }
            if item == before {
                return item;
            }
        }
    }

    /// The things a clause says to develop: the object of its first technology verb (or of
    /// a later verb inside it: 支持企业研发…), without trailing process words (…的研发和
    /// 注册上市), split into coordinated items, each cut at its last 的.
    fn verb_objects(&self, clause: &str) -> Vec<String> {
        let cues = &self.gazetteer.cues;
        let Some(object) = after_verb(clause, &cues.technology_cues, true) else {
            return Vec::new();
        };
        let mut object = strip_processes(&object, cues);
        // 支持企业研发…, 鼓励高校院所研制…: the verb that follows the actor governs.
        if let Some(inner) = after_verb(&object, &cues.technology_cues, false) {
            let actor = &object[..object.len() - inner.len()];
            if cues
                .technology_actors
                .iter()
                .any(|a| actor.contains(a.as_str()))
            {
                object = strip_processes(&inner, cues);
            }
        }
        let mut items = Vec::new();
        for phrase in object.split("以及") {
            for coordinated in self.coordinated_items(phrase, false) {
                let named = match coordinated.rfind('的') {
                    Some(position) => &coordinated[position + '的'.len_utf8()..],
                    None => coordinated.as_str(),
                };
                items.extend(list_items(named));
            }
        }
        items.retain(|item| !item.trim().is_empty());
        items
    }
}

/// The text after the first (or, with `first` false, the last) development verb of a
/// clause, without parenthesised asides (系统级芯片（SoC） → 系统级芯片).
fn after_verb(clause: &str, verbs: &[String], first: bool) -> Option<String> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    for verb in verbs {
        found.extend(
            clause
                .match_indices(verb.as_str())
                .map(|(p, v)| (p, p + v.len())),
        );
    }
    // At one position the longest verb wins (重点发展 over 发展).
    let end = if first {
        found
            .iter()
            .min_by_key(|(p, e)| (*p, std::cmp::Reverse(*e)))?
            .1
    } else {
        found.iter().map(|&(_, e)| e).max()?
    };
    let object = strip_parentheses(clause[end..].trim());
    Some(object.trim().to_owned())
}

/// Removes what follows the named things in a verb's object: fillers (研发能力, 等关键技术)
/// and process words joined by 和/与/及/、/的 (的研发和注册上市, 的研制和规模化生产).
fn strip_processes(object: &str, cues: &crate::gazetteer::Cues) -> String {
    let mut words: Vec<&String> = cues
        .technology_object_fillers
        .iter()
        .chain(&cues.technology_processes)
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let mut object = object.trim().to_owned();
    loop {
        let before = object.clone();
        for word in &words {
            if let Some(stripped) = object.strip_suffix(word.as_str()) {
                if !stripped.is_empty() {
                    object = stripped.to_owned();
                }
            }
        }
        for connector in ['和', '与', '及', '、', '的'] {
            if let Some(stripped) = object.strip_suffix(connector) {
                object = stripped.to_owned();
            }
        }
        if object == before {
            return object;
        }
    }
}

/// Stands in for a 等 that belongs to a word while enumerations are matched.
const MASKED_DENG: char = '\u{E000}';

/// Masks the 等 of words such as 高等级, 等离子 and 同等, which close no enumeration.
fn mask_word_internal_deng(text: &str) -> String {
    let mut masked = text.to_owned();
    for word in ["等级", "等离子", "高等", "同等", "均等", "平等", "初等"] {
        masked = masked.replace(word, &word.replace('等', &MASKED_DENG.to_string()));
    }
    masked
}

/// Splits an item at 和 when both sides have at least two characters.
fn split_at_and(item: &str) -> Vec<String> {
    let parts: Vec<&str> = item.split('和').collect();
    if parts.len() > 1 && parts.iter().all(|p| p.trim().chars().count() >= 2) {
        parts.into_iter().map(str::to_owned).collect()
    } else {
        vec![item.to_owned()]
    }
}

/// The list after the last verb inside one of its items: 鼓励企业、创业者运用AI、大数据
/// lists AI and 大数据, the objects of 运用, not 鼓励企业. The verbs are the cue lists'
/// (`technology_use_verbs`, `technology_cues`, `name_left_boundaries`), each where the
/// segmenter starts a word; a verb that ends its item (技术研发) cuts nothing.
fn after_inner_verb<'t>(list: &'t str, cues: &crate::gazetteer::Cues) -> &'t str {
    let verbs: Vec<&String> = cues
        .technology_use_verbs
        .iter()
        .chain(&cues.technology_cues)
        .chain(&cues.name_left_boundaries)
        .filter(|verb| verb.chars().count() >= 2)
        .collect();
    let mut cut = 0;
    let mut offset = 0;
    let tokens = super::text::jieba().tag(list, true);
    for (index, token) in tokens.iter().enumerate() {
        offset += token.word.len();
        let item_continues = tokens
            .get(index + 1)
            .is_some_and(|next| next.word != "、" && next.word.chars().any(is_name_char));
        if item_continues && verbs.iter().any(|verb| verb.as_str() == token.word) {
            cut = offset;
        }
    }
    &list[cut..]
}

/// Whether a list's category says its items are no technologies (…等重大创新平台,
/// …等绿色金融产品, …等方式: `cues.not_technology_categories`).
fn lists_no_technology(category: &str, cues: &crate::gazetteer::Cues) -> bool {
    cues.not_technology_categories
        .iter()
        .any(|word| category.contains(word.as_str()))
}

/// The items of a 、-list; a list of single characters is one name (人、车、路协同数据系统).
fn list_items(list: &str) -> Vec<String> {
    let items: Vec<&str> = list.split('、').collect();
    if items[..items.len() - 1]
        .iter()
        .any(|item| item.trim().chars().count() == 1)
    {
        return vec![list.to_owned()];
    }
    items.into_iter().map(str::to_owned).collect()
}

/// Whether a name ends in a technology head word and has more than that word
/// (智能芯片, not 芯片 alone).
fn has_technology_head(name: &str, cues: &crate::gazetteer::Cues) -> bool {
    // Full-width Latin letters and signs compare as ASCII (下一代Wi－Fi).
    let name: String = name
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    let name = name.strip_suffix("产品").unwrap_or(&name);
    cues.technology_heads
        .iter()
        .any(|head| name.ends_with(head.as_str()) && name.chars().count() > head.chars().count())
}

/// Removes （…） and (…) groups from a text.
fn strip_parentheses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}
