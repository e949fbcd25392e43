//! Figures and targets: every figure in a sentence is a target (with its year) or an
//! observation (historical), and belongs to one sector or is skipped.

use super::text::{is_cjk, starts_with_at};
use super::{Extractor, Mention, SectionContext};
use crate::model::{EntityKind, Quantity, Unit};
use crate::quantity::{find_figures, normalize_digits};
use regex::Regex;
use std::sync::LazyLock;

impl<'a> Extractor<'a> {
    /// Figures in a sentence, as targets (with their year) or observations.
    pub(super) fn figures(
        &mut self,
        text: &str,
        mentions: &[Mention],
        context: &SectionContext,
        sentence: usize,
    ) {
        static EXPLICIT_YEAR: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?:到|至|于|在|截至)?(20[0-9]{2})年(?:底|末|前|以前)?")
                .expect("year pattern")
        });
        static OPENING_YEAR: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(?:到|至)(20[0-9]{2})年(?:底|末)?[，,]").expect("opening year pattern")
        });
        static DATED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(20[0-9]{2}|19[0-9]{2})年(?:的|底|末)?$").expect("dated pattern")
        });
        let normalized = normalize_digits(text);
        let figures = find_figures(&normalized);
        if figures.is_empty() {
            return;
        }
        let chars: Vec<char> = normalized.chars().collect();
        let gazetteer = self.gazetteer;
        let cues = &gazetteer.cues;
        let base_year = self.document_year();
        let BlockYears {
            past_period_end,
            from_year,
            to_year,
            ..
        } = self.block_years[sentence];
        // 主要预期目标是：地区生产总值增长5%左右，…: each clause names an indicator and its
        // target; the indicator is the subject (see `indicator_target`).
        let indicators_from = cues
            .expected_target_cues
            .iter()
            .filter_map(|cue| normalized.find(cue.as_str()))
            .min()
            .map(|byte| normalized[..byte].chars().count());
        // 2025年全省地区生产总值60199.45亿元、增长5%: a sentence that reviews a past year
        // states that year's indicators, each an observation.
        let opener = self.block_first_sentence[sentence];
        let review_year = review_year(&normalized, base_year).or_else(|| {
            (opener != sentence)
                .then(|| normalize_digits(&self.segmented.sentences[opener].text))
                .and_then(|text| review_year(&text, base_year))
        });
        let mut last_indicator: Option<String> = None;
        for figure in figures {
            let clause_start = clause_start_before(&chars, figure.start, false);
            if let Some(year) = review_year {
                // A clause that names a sector (人工智能核心产业营业收入) is that sector's
                // figure: the general rules below give it.
                let names_sector = mentions.iter().any(|m| {
                    m.kind == EntityKind::Sector && m.start >= clause_start && m.end <= figure.start
                });
                let observation = (!names_sector)
                    .then(|| {
                        self.indicator_observation(
                            &chars,
                            &figure,
                            sentence,
                            year,
                            &mut last_indicator,
                        )
                    })
                    .flatten();
                if let Some(quantity) = observation {
                    self.quantities.push(quantity);
                    continue;
                }
            }
            if indicators_from.is_some_and(|from| figure.start > from) {
                if let Some(quantity) = self.indicator_target(&chars, &figure, sentence, base_year)
                {
                    self.quantities.push(quantity);
                }
                continue;
            }
            let clause_end = chars[figure.end..]
                .iter()
                .position(|c| matches!(c, '，' | '；' | '。'))
                .map_or(chars.len(), |p| figure.end + p);
            let before: String = chars[clause_start..figure.start].iter().collect();
            let sentence_before: String = chars[..figure.start].iter().collect();
            let after: String = chars[figure.end..clause_end].iter().collect();

            let direct_year = DATED
                .captures(&before)
                .and_then(|c| c.get(1))
                .and_then(|m| m.as_str().parse::<i32>().ok());
            let explicit_year = EXPLICIT_YEAR
                .captures_iter(&sentence_before)
                .filter_map(|c| c.get(1).and_then(|m| m.as_str().parse::<i32>().ok()))
                .last();
            let period = period_year(&sentence_before);
            // 到2030年，…规模突破500亿元，集聚…企业40家: a sentence that opens with the
            // target year makes each of its figures a target.
            let opens_with_target_year = OPENING_YEAR
                .captures(&normalized)
                .and_then(|c| c[1].parse::<i32>().ok())
                .is_some_and(|year| base_year.is_some_and(|base| year > base));
            // A range (在3－4个关键领域…) still needs a cue of its own.
            let has_target_cue = (opens_with_target_year && figure.value_max.is_none())
                || cues
                    .target_cues
                    .iter()
                    .any(|cue| before.contains(cue.as_str()))
                || cues
                    .post_qualifiers
                    .iter()
                    .any(|q| after.starts_with(q.as_str()));
            let cue_right_before = cues
                .target_cues
                .iter()
                .chain(&cues.pre_qualifiers)
                .any(|cue| {
                    let tail: String = before
                        .chars()
                        .rev()
                        .take(cue.chars().count() + 1)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    tail.contains(cue.as_str())
                });
            let is_growth = ["增速", "增长率", "增幅", "年均增长"]
                .iter()
                .any(|w| before.contains(w));
            let future_year = explicit_year.filter(|&y| base_year.is_none_or(|base| y >= base));
            let past = context.past
                || (past_period_end.is_some() && period.is_none() && future_year.is_none());
            let dated_past = explicit_year.filter(|&y| base_year.is_some_and(|base| y < base));

            let (is_target, year) = if let Some(year) = direct_year {
                (
                    base_year.is_some_and(|base| year > base) && has_target_cue,
                    Some(year),
                )
            } else if past {
                // 由1673亿元增长至2960亿元: the first figure of a from–to pair takes the
                // earlier year, the rest the period's end.
                let opens_pair = before.ends_with('由') || before.ends_with('从');
                let year = if opens_pair {
                    from_year
                } else {
                    to_year.or(past_period_end)
                };
                let year = year.or_else(|| base_year.map(|y| y - 1));
                (false, year)
            } else if let Some(year) = future_year {
                (has_target_cue, Some(year))
            } else if let Some(year) = dated_past {
                // 截至2025年底…达到3280亿元 in a 2026 notice: a figure of the past.
                (false, Some(year))
            } else if let Some(year) = period {
                (has_target_cue, Some(year))
            } else if let Some(year) = self.block_years[sentence]
                .paragraph_year
                .or_else(|| self.heading_year(sentence))
            {
                (has_target_cue, Some(year))
            } else {
                (
                    has_target_cue && self.period_year.is_some(),
                    self.period_year,
                )
            };
            if !is_target && !past && direct_year.is_none() && dated_past.is_none() {
                continue;
            }
            // 年营收超过50亿元的设计企业: an amount describing the firms is a threshold, not a
            // target (a share, 80％的企业, is a figure of the sector).
            let after_qualifier = cues
                .post_qualifiers
                .iter()
                .find(|q| after.starts_with(q.as_str()))
                .map_or(after.as_str(), |q| &after[q.len()..]);
            if figure.unit == Unit::Cny && after_qualifier.starts_with('的') {
                continue;
            }
            // Units other than money, shares and counts only with a cue right before them.
            if figure.unit == Unit::Other && !cue_right_before {
                continue;
            }
            if !is_target && figure.unit == Unit::PercentagePoint {
                continue;
            }

            let Some(subject) =
                self.figure_subject(&chars, clause_start, figure.start, mentions, context)
            else {
                continue;
            };
            let metric = self.metric(&chars, clause_start, figure.start, mentions, cues);
            let pre = cues
                .pre_qualifiers
                .iter()
                .filter(|q| q.as_str() != "达到" && before.contains(q.as_str()))
                .max_by_key(|q| q.chars().count())
                .cloned();
            let post = cues
                .post_qualifiers
                .iter()
                .find(|q| after.starts_with(q.as_str()))
                .cloned();
            let qualifier = match (pre, post.clone()) {
                (Some(pre), Some(post)) => Some(format!("{pre} {post}")),
                (pre, post) => pre.or(post),
            };
            let original: String = {
                let raw: Vec<char> = text.chars().collect();
                let end = post
                    .as_ref()
                    .map_or(figure.end, |p| figure.end + p.chars().count());
                raw[figure.start..end.min(raw.len())].iter().collect()
            };
            self.quantities.push(Quantity {
                subject,
                metric,
                year,
                value: figure.value,
                value_max: figure.value_max,
                unit: figure.unit,
                unit_text: figure.unit_text,
                qualifier,
                text: original,
                is_target,
                is_growth_rate: is_growth,
                sentence,
            });
        }
    }

    /// A target in a sentence that lists expected targets: the clause before the figure is
    /// the indicator's name and a change verb (地区生产总值|增长|5%左右, 城镇调查失业率|控制在|
    /// 5%以内, 城镇新增就业|50万人). Its year is a year or plan period the sentence, its
    /// paragraph or its headings state, else the document's own year (a work report's
    /// 今年). Ranges (5%—5.5%) and units other than money, shares and counts are left out,
    /// as is a name that is a list or a clause rather than one indicator.
    fn indicator_target(
        &mut self,
        chars: &[char],
        figure: &crate::quantity::Figure,
        sentence: usize,
        base_year: Option<i32>,
    ) -> Option<Quantity> {
        let (clause, name) = self.indicator_name(chars, figure)?;
        let name = name.as_str();
        let cues = &self.gazetteer.cues;
        let sentence_text: String = chars.iter().collect();
        static FUTURE_YEAR: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(20[0-9]{2})年").expect("year"));
        let future_year = |text: &str| {
            FUTURE_YEAR
                .captures_iter(text)
                .filter_map(|c| c[1].parse::<i32>().ok())
                .filter(|&year| base_year.is_none_or(|base| year >= base))
                .last()
        };
        // 今年…主要预期目标 are the document's own year's, whatever period the paragraph
        // mentions (今年是“十五五”开局之年).
        let this_year = ["今年", "本年", "全年"]
            .iter()
            .any(|word| sentence_text.contains(word));
        // A year in the clause itself comes first; then the plan period the sentence
        // names (今后五年…“十五五”) before any other year it mentions (到2035年 is the
        // vision's, not the indicators').
        let year = if let Some(year) = future_year(&clause) {
            year
        } else if this_year {
            base_year?
        } else {
            period_year(&sentence_text)
                .or_else(|| future_year(&sentence_text))
                .or(self.block_years[sentence].plan_period_end)
                .or(self.block_years[sentence].paragraph_year)
                .or_else(|| self.heading_period_year(sentence))
                .or(base_year)?
        };
        let after: String = chars[figure.end..]
            .iter()
            .take_while(|c| !matches!(c, '，' | '；' | '。' | '、'))
            .collect();
        let post = cues
            .post_qualifiers
            .iter()
            .find(|q| after.starts_with(q.as_str()))
            .cloned();
        let text: String = chars[figure.start..figure.end].iter().collect::<String>()
            + post.as_deref().unwrap_or("");
        let subject = self.measure_subject(name)?;
        Some(Quantity {
            subject,
            metric: name.to_owned(),
            year: Some(year),
            value: figure.value.clone(),
            value_max: None,
            unit: figure.unit,
            unit_text: figure.unit_text.clone(),
            qualifier: post,
            text,
            is_target: true,
            is_growth_rate: clause.contains("增长") || clause.contains("增速"),
            sentence,
        })
    }

    /// A figure of a sentence that reviews a past year, when its clause names an economic
    /// measure (`cues.economic_measure_words`: 生产总值, 预算收入 …): an observation of
    /// that year for the measure. A clause that is only a change verb (、增长5%) continues
    /// the measure before it.
    fn indicator_observation(
        &mut self,
        chars: &[char],
        figure: &crate::quantity::Figure,
        sentence: usize,
        year: i32,
        last_indicator: &mut Option<String>,
    ) -> Option<Quantity> {
        let cues = &self.gazetteer.cues;
        let is_measure = |name: &str| {
            cues.economic_measure_words
                .iter()
                .any(|word| name.contains(word.as_str()))
        };
        let clause: String = chars[clause_start_before(chars, figure.start, true)..figure.start]
            .iter()
            .collect();
        let name = match self.indicator_name(chars, figure) {
            // 占全区地区生产总值比重 is a share of the measure, not the measure.
            Some((_, name)) if is_measure(&name) && !name.starts_with('占') => name,
            _ => {
                let only_verb = cues.indicator_verbs.contains(&clause);
                match last_indicator {
                    Some(name) if only_verb && figure.value_max.is_none() => name.clone(),
                    _ => {
                        *last_indicator = None;
                        return None;
                    }
                }
            }
        };
        *last_indicator = Some(name.clone());
        let subject = self.measure_subject(&name)?;
        // 固定资产投资下降3.3%: a fall is a negative change.
        let falls = ["下降", "降低", "减少"]
            .iter()
            .any(|verb| clause.ends_with(verb));
        let value = if falls && figure.unit == Unit::Percent {
            format!("-{}", figure.value)
        } else {
            figure.value.clone()
        };
        let text: String = chars[figure.start..figure.end].iter().collect();
        Some(Quantity {
            subject,
            metric: name,
            year: Some(year),
            value,
            value_max: None,
            unit: figure.unit,
            unit_text: figure.unit_text.clone(),
            qualifier: None,
            text,
            is_target: false,
            is_growth_rate: clause.contains("增长") || clause.contains("增速"),
            sentence,
        })
    }

    /// The indicator a figure of a list of indicators is stated for: the words of its
    /// clause before the figure, less a leading year or verb, the change verb (增长, 控制在)
    /// and the scope (全市, 我省). None for a range, a rate per head, a unit policykg does not read, or a name
    /// that is a list or a clause. Returns the clause too.
    fn indicator_name(
        &self,
        chars: &[char],
        figure: &crate::quantity::Figure,
    ) -> Option<(String, String)> {
        let cues = &self.gazetteer.cues;
        if figure.value_max.is_some() || figure.unit == Unit::Other {
            return None;
        }
        // 4.5%-5% is a range however it is written; 58万元/人 a rate per head.
        let is_dash = |c: &char| matches!(c, '-' | '－' | '—' | '–' | '~' | '～' | '至' | '到');
        let next = chars.get(figure.end);
        let range_after = next.is_some_and(is_dash)
            && chars
                .get(figure.end + 1)
                .is_some_and(|c| c.is_ascii_digit());
        let range_before = figure.start >= 2
            && is_dash(&chars[figure.start - 1])
            && (chars[figure.start - 2].is_ascii_digit() || chars[figure.start - 2] == '%');
        if range_after || range_before || next.is_some_and(|c| matches!(c, '/' | '／')) {
            return None;
        }
        let clause: String = chars[clause_start_before(chars, figure.start, true)..figure.start]
            .iter()
            .collect();
        // The change verb closest to the figure, with nothing but itself before the figure.
        let mut name = LEADING_YEAR
            .find(&clause)
            .map_or(clause.as_str(), |year| &clause[year.end()..]);
        for verb in &cues.indicator_verbs {
            if let Some(stripped) = name.strip_suffix(verb.as_str()) {
                name = stripped;
                break;
            }
        }
        // 实现地区生产总值…: a leading verb is no part of the name.
        let name = cues
            .name_left_boundaries
            .iter()
            .filter(|verb| verb.chars().count() >= 2)
            .find_map(|verb| name.strip_prefix(verb.as_str()))
            .unwrap_or(name);
        let name = cues
            .indicator_scope_words
            .iter()
            .find_map(|scope| name.strip_prefix(scope.as_str()))
            .unwrap_or(name);
        let length = name.chars().count();
        if !(2..=12).contains(&length)
            || !name.chars().all(is_cjk)
            || name.contains(['和', '与', '及', '等'])
            || cues
                .indicator_verbs
                .iter()
                .any(|verb| name.ends_with(verb.as_str()))
        {
            return None;
        }
        let name = name.to_owned();
        Some((clause, name))
    }

    /// The end year of a plan period a heading above the sentence names (“十五五”时期主要
    /// 目标任务 → 2030).
    fn heading_period_year(&self, sentence: usize) -> Option<i32> {
        let sections = &self.segmented.sections;
        let mut section = Some(self.segmented.sentences[sentence].section);
        while let Some(index) = section {
            if let Some(year) = period_year(&sections[index].title) {
                return Some(year);
            }
            section = sections[index].parent;
        }
        None
    }

    /// Whose figure it is: the sector named last before it in its clause; the section's
    /// sector when the clause spells it out inside a longer name (民用航空航天产业 in 航空航天);
    /// the sector named last before it in the sentence; the last subject of the paragraph;
    /// the section's or the document's sector. A figure whose clause names a place but no
    /// sector belongs to the place, not to a sector, and is skipped.
    fn figure_subject(
        &self,
        chars: &[char],
        clause_start: usize,
        figure_start: usize,
        mentions: &[Mention],
        context: &SectionContext,
    ) -> Option<usize> {
        // A sub-sector named in its parent's opening paragraph (高端船舶 under 船舶海工)
        // does not own the parent's figures.
        let section_key = context
            .sector
            .map(|s| self.entities.entities[s].key.clone());
        // 集成电路用光刻胶: a sector that only modifies a product owns no figure.
        // 其中医疗器械产业规模达到120亿元: a part of the chapter's figure is the sub-sector's.
        let part_of = starts_with_at(chars, clause_start, "其中");
        let owns = |m: &&Mention| {
            m.kind == EntityKind::Sector
                && m.end <= figure_start
                && chars.get(m.end) != Some(&'用')
                && (part_of
                    || section_key.is_none()
                    || self.entities.entities[m.entity].parent != section_key)
        };
        let sectors_before = |from: usize| {
            mentions
                .iter()
                .filter(owns)
                .filter(|m| m.start >= from)
                .max_by_key(|m| m.end)
                .map(|m| m.entity)
        };
        let clause: String = chars[clause_start..figure_start].iter().collect();
        if let Some(sector) = context.sector {
            if clause.contains(self.entities.entities[sector].label.as_str()) {
                return Some(sector);
            }
        }
        if let Some(sector) = sectors_before(clause_start) {
            // 新型储能 in the 新能源与新型储能 chapter is that chapter's sector.
            let label = &self.entities.entities[sector].label;
            return Some(match context.sector {
                Some(own) if self.entities.entities[own].label.contains(label.as_str()) => own,
                _ => sector,
            });
        }
        // A figure after a place with no sector between belongs to the place.
        let last_sector_end = mentions
            .iter()
            .filter(owns)
            .map(|m| m.end)
            .max()
            .unwrap_or(0);
        let place_before = mentions.iter().any(|m| {
            matches!(m.kind, EntityKind::Park | EntityKind::District)
                && m.end <= figure_start
                && m.start >= last_sector_end
        });
        if place_before {
            return None;
        }
        sectors_before(0)
            .or(context.sector)
            .or(self.document_sector)
    }

    /// The words naming what a figure measures: the clause before the figure without
    /// the subject, the year and the cue verb.
    fn metric(
        &self,
        chars: &[char],
        clause_start: usize,
        figure_start: usize,
        mentions: &[Mention],
        cues: &crate::gazetteer::Cues,
    ) -> String {
        let subject_end = mentions
            .iter()
            .filter(|m| {
                m.kind == EntityKind::Sector && m.end <= figure_start && m.start >= clause_start
            })
            .map(|m| m.end)
            .max()
            .unwrap_or(clause_start);
        let mut metric: String = chars[subject_end..figure_start].iter().collect();
        let mut cue_words: Vec<&String> = cues
            .target_cues
            .iter()
            .chain(&cues.pre_qualifiers)
            .collect();
        cue_words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        for cue in cue_words
            .into_iter()
            .chain([&"由".to_owned(), &"从".to_owned()])
        {
            if let Some(position) = metric.find(cue.as_str()) {
                metric.truncate(position);
            }
        }
        let metric = metric
            .trim_start_matches(['的', '，', '、'])
            .trim_start_matches("产业")
            .trim()
            .to_owned();
        static YEAR_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(?:到|至)?20[0-9]{2}年(?:底|末)?[，,]?").expect("year prefix")
        });
        let metric = YEAR_PREFIX
            .replace(&metric, "")
            .trim_start_matches("上海")
            .to_string();
        let metric: String = metric.chars().take(20).collect();
        if metric.is_empty() {
            "规模".to_owned()
        } else {
            metric
        }
    }

    /// The deadline a heading above the sentence gives its section (（二）建设及试运行阶段
    /// （2025年年底前）; 到2027年).
    fn heading_year(&self, sentence: usize) -> Option<i32> {
        static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?:(?:到|至)(20[0-9]{2})年|(20[0-9]{2})年(?:年底|底|末)?(?:前|以前))")
                .expect("deadline pattern")
        });
        let sections = &self.segmented.sections;
        let mut section = Some(self.segmented.sentences[sentence].section);
        while let Some(index) = section {
            let title = normalize_digits(&sections[index].title);
            if let Some(captures) = DEADLINE.captures(&title) {
                return captures
                    .get(1)
                    .or_else(|| captures.get(2))
                    .and_then(|m| m.as_str().parse().ok());
            }
            section = sections[index].parent;
        }
        None
    }

    /// The year the document was issued, from its metadata or its text; worked out
    /// once (it scans the whole text, and every sentence with a figure asks).
    pub(super) fn document_year(&self) -> Option<i32> {
        *self
            .document_year
            .get_or_init(|| self.document_year_uncached())
    }

    fn document_year_uncached(&self) -> Option<i32> {
        static YEAR: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(19[0-9]{2}|20[0-9]{2})").expect("year"));
        static ISSUED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(20[0-9]{2})年[0-9]{1,2}月[0-9]{1,2}日").expect("issue date")
        });
        let from_metadata = self
            .document
            .metadata
            .date
            .as_deref()
            .and_then(|date| YEAR.captures(date))
            .and_then(|c| c.get(1))
            .and_then(|m| m.as_str().parse().ok());
        from_metadata.or_else(|| {
            ISSUED
                .captures(&self.segmented.text)
                .and_then(|c| c.get(1))
                .and_then(|m| m.as_str().parse().ok())
        })
    }
}

/// 由2015年的…增长至2020年: the years of a from–to pair.
static FROM_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:由|从)(20[0-9]{2}|19[0-9]{2})年.{0,20}?(?:至|到)(20[0-9]{2}|19[0-9]{2})年")
        .expect("from-to pattern")
});

/// The past plan periods a paragraph can name and the years they end (十三五 → 2020).
const PAST_PERIODS: [(&str, i32); 2] = [("十二五", 2015), ("十三五", 2020)];

/// What a sentence's paragraph, from its start up to and including the sentence, tells
/// the sentence's figures.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct BlockYears {
    /// The end year of the latest past plan period named (十三五 → 2020).
    past_period_end: Option<i32>,
    /// The years of the last from–to pair (由2015年…增长至2020年).
    from_year: Option<i32>,
    to_year: Option<i32>,
    /// The target year (到2025年) of the nearest earlier sentence of the paragraph that
    /// states one.
    paragraph_year: Option<i32>,
    /// [`period_year`] of the paragraph's text up to and including the sentence.
    plan_period_end: Option<i32>,
}

/// [`BlockYears`] for every sentence, in one pass over each block (paragraph). Looking
/// back over the paragraph from every sentence instead made a paragraph of n sentences
/// cost n² (a 1.6 MB single-line text took 10 s).
///
/// The answers are those of the paragraph's text up to the sentence: a period's name is
/// in that text when its first occurrence in the paragraph ends inside it; the last
/// from–to pair in that text is the last match in the whole paragraph that ends inside
/// it (a match runs at most 20 characters beyond its first year and takes the nearest
/// 至/到, so one that runs past the sentence's end hides no shorter match inside it).
pub(super) fn block_years(sentences: &[crate::model::Sentence]) -> Vec<BlockYears> {
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:到|至)(20[0-9]{2})年").expect("paragraph year"));
    let mut years = Vec::with_capacity(sentences.len());
    let mut start = 0;
    while start < sentences.len() {
        let block = sentences[start].block;
        let end = start
            + sentences[start..]
                .iter()
                .take_while(|s| s.block == block)
                .count();
        let mut text = String::new();
        let mut ends = Vec::with_capacity(end - start);
        for sentence in &sentences[start..end] {
            text.push_str(&sentence.text);
            ends.push(text.len());
        }
        // Digit normalisation maps character to character, so byte offsets into the
        // normalised text of a prefix come from the same prefix of the text.
        let normalized = normalize_digits(&text);
        let mut normalized_ends = Vec::with_capacity(ends.len());
        {
            let mut from = 0;
            let mut normalized_length = 0;
            for &end in &ends {
                normalized_length += normalize_digits(&text[from..end]).len();
                normalized_ends.push(normalized_length);
                from = end;
            }
        }
        let period_ends: Vec<(usize, i32)> = PAST_PERIODS
            .iter()
            .filter_map(|(name, year)| text.find(name).map(|at| (at + name.len(), *year)))
            .collect();
        let pairs: Vec<(usize, Option<i32>, Option<i32>)> = FROM_TO
            .captures_iter(&normalized)
            .map(|c| {
                (
                    c.get(0).expect("group 0").end(),
                    c[1].parse::<i32>().ok(),
                    c[2].parse::<i32>().ok(),
                )
            })
            .collect();
        // period_year's answer for a prefix: the named periods in its order of
        // preference, then the first year range, each counted once it ends in the prefix.
        let named_periods: Vec<(usize, i32)> =
            [("十五五", 2030), ("十四五", 2025), ("十六五", 2035)]
                .iter()
                .filter_map(|(name, year)| text.find(name).map(|at| (at + name.len(), *year)))
                .collect();
        let first_range = PERIOD_RANGE
            .captures(&normalized)
            .and_then(|c| Some((c.get(0)?.end(), c[2].parse::<i32>().ok()?)));
        let mut next_pair = 0;
        let mut last_pair = (None, None);
        let mut paragraph_year = None;
        for (offset, sentence) in sentences[start..end].iter().enumerate() {
            while next_pair < pairs.len() && pairs[next_pair].0 <= normalized_ends[offset] {
                last_pair = (pairs[next_pair].1, pairs[next_pair].2);
                next_pair += 1;
            }
            years.push(BlockYears {
                past_period_end: period_ends
                    .iter()
                    .filter(|(at, _)| *at <= ends[offset])
                    .map(|(_, year)| *year)
                    .max(),
                from_year: last_pair.0,
                to_year: last_pair.1,
                paragraph_year,
                plan_period_end: named_periods
                    .iter()
                    .find(|(at, _)| *at <= ends[offset])
                    .map(|(_, year)| *year)
                    .or_else(|| {
                        first_range
                            .filter(|(at, _)| *at <= normalized_ends[offset])
                            .map(|(_, year)| year)
                    }),
            });
            if let Some(year) = YEAR
                .captures(&sentence.text)
                .and_then(|c| c.get(1))
                .and_then(|m| m.as_str().parse().ok())
            {
                paragraph_year = Some(year);
            }
        }
        start = end;
    }
    years
}

static PERIOD_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(20[0-9]{2})\s*[-－—–~～至到]\s*(20[0-9]{2})\s*年").expect("range pattern")
});

/// The year a plan period ends: 十四五 → 2025, 十五五 → 2030, （2026-2030年） → 2030.
pub fn period_year(text: &str) -> Option<i32> {
    let range: &Regex = &PERIOD_RANGE;
    // 十五五 and its full name, 第十五个五年规划.
    for (short, full, year) in [
        ("十五五", "第十五个五年", 2030),
        ("十四五", "第十四个五年", 2025),
        ("十六五", "第十六个五年", 2035),
    ] {
        if text.contains(short) || text.contains(full) {
            return Some(year);
        }
    }
    let normalized = normalize_digits(text);
    range
        .captures(&normalized)
        .and_then(|c| c.get(2))
        .and_then(|m| m.as_str().parse().ok())
}

/// A year that opens a clause (2025年全省地区生产总值…): no part of the indicator's name.
static LEADING_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:初步统计|据初步核算)?(?:19|20)[0-9]{2}年(?:全年)?").expect("leading year")
});

/// The past year a sentence reviews: one it opens with (2025年，… / 初步统计，2025年…)
/// before the document's year, or the year before it for 过去一年 and 去年.
fn review_year(sentence: &str, base_year: Option<i32>) -> Option<i32> {
    static OPENING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:初步统计|据初步核算|经初步核算)?[，,]?((?:19|20)[0-9]{2})年")
            .expect("opening year")
    });
    let base = base_year?;
    if let Some(year) = OPENING
        .captures(sentence)
        .and_then(|c| c[1].parse::<i32>().ok())
    {
        return (year < base).then_some(year);
    }
    let head: String = sentence.chars().take(12).collect();
    (head.contains("过去一年") || head.contains("去年")).then_some(base - 1)
}

/// Where the clause that ends at `at` starts: after the last ，；：。 before it, or with
/// `items` also after the last 、 (the item of a list of indicators).
fn clause_start_before(chars: &[char], at: usize, items: bool) -> usize {
    chars[..at]
        .iter()
        .rposition(|&c| matches!(c, '，' | '；' | '：' | '。') || (items && c == '、'))
        .map_or(0, |p| p + 1)
}
