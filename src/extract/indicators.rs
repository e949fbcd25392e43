//! Indicator tables: a table whose header has an indicator column (指标, 指标项) and value
//! columns (2025年 / 2030年, 现状 / 近期规划, “十五五”目标) gives each row's target in the
//! target column and its observation in the base column — never the other way round.

use super::figures::period_year;
use super::Extractor;
use crate::model::{EntityKind, Quantity, Unit};
use crate::quantity::{find_figures, normalize_digits};
use regex::Regex;
use std::sync::LazyLock;

/// What a header cell of an indicator table names.
#[derive(Clone, Debug, PartialEq)]
enum HeaderCell {
    Serial,
    Category,
    Indicator,
    Unit,
    Attribute,
    /// A column of values, with its year if the header states one and whether it holds
    /// targets (目标, 规划, a year after the document's) or observations (现状, 基期, a
    /// past year).
    Value {
        year: Option<i32>,
        target: bool,
    },
    /// A header cell that completes the one before (（2030年） under 近期规划).
    Year(i32),
    /// A cell spanning value columns (指标值 over 现状 and 近期规划).
    Spanning,
    Other,
}

/// One row of values, read by position among the row's value cells.
struct Row {
    cells: Vec<usize>,
    name: usize,
    unit: Option<String>,
    values: Vec<Option<usize>>,
    category: Option<String>,
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20[0-9]{2})\s*年?").expect("year pattern"));

impl<'a> Extractor<'a> {
    fn header_cell(&self, text: &str, base_year: Option<i32>) -> HeaderCell {
        let columns = &self.gazetteer.cues.table_columns;
        let text = text.trim();
        let bare = text.trim_matches(|c| matches!(c, '（' | '）' | '(' | ')'));
        let is = |names: &[String]| names.iter().any(|name| name == text);
        if is(&columns.serial) {
            return HeaderCell::Serial;
        }
        if is(&columns.indicator) {
            return HeaderCell::Indicator;
        }
        if is(&columns.category) {
            return HeaderCell::Category;
        }
        if is(&columns.unit) {
            return HeaderCell::Unit;
        }
        if is(&columns.attribute) {
            return HeaderCell::Attribute;
        }
        let normalized = normalize_digits(bare);
        let year = YEAR
            .captures(&normalized)
            .and_then(|c| c[1].parse::<i32>().ok())
            .or_else(|| period_year(text));
        let says_target = columns
            .target_value
            .iter()
            .any(|w| text.contains(w.as_str()));
        let says_base = columns.base_value.iter().any(|w| text.contains(w.as_str()));
        let only_year = normalized
            .trim_end_matches('年')
            .chars()
            .all(|c| c.is_ascii_digit());
        match (says_target, says_base, year) {
            (true, _, year) => HeaderCell::Value { year, target: true },
            (false, true, year) => HeaderCell::Value {
                year,
                target: false,
            },
            (false, false, Some(year)) if only_year && bare != text => HeaderCell::Year(year),
            (false, false, Some(year)) if only_year => HeaderCell::Value {
                year: Some(year),
                target: base_year.is_some_and(|base| year >= base),
            },
            _ if columns.value.iter().any(|w| w == text) => HeaderCell::Spanning,
            _ => HeaderCell::Other,
        }
    }

    /// Reads every indicator table of the document into targets and observations; the
    /// cells it reads lose the figures the sentence reader gave them (a bare 1300亿元 in
    /// a cell names no sector of its own).
    pub(super) fn indicator_tables(&mut self) {
        let base_year = self.document_year();
        let count = self.segmented.sentences.len();
        let mut index = 0;
        while index < count {
            let Some((header, next)) = self.indicator_header(index, base_year) else {
                index += 1;
                continue;
            };
            let (rows, end) = self.indicator_rows(&header, next);
            if rows.is_empty() {
                index += 1;
                continue;
            }
            self.read_indicator_rows(&header, &rows, base_year);
            index = end.max(index + 1);
        }
    }

    /// A header that starts at a sentence: short cells naming an indicator column and at
    /// least one value column, up to the first row number (or the first cell that is no
    /// header word when the table has no row numbers). Value columns whose year comes in
    /// a cell of its own (近期规划 / （2030年）) take that year.
    fn indicator_header(
        &self,
        start: usize,
        base_year: Option<i32>,
    ) -> Option<(Vec<HeaderCell>, usize)> {
        let sentences = &self.segmented.sentences;
        let is_cell = |i: usize| {
            i < sentences.len()
                && !sentences[i].is_heading
                && sentences[i].text.chars().count() <= 20
                && !sentences[i].text.contains('。')
        };
        if !is_cell(start) {
            return None;
        }
        let first = self.header_cell(&sentences[start].text, base_year);
        if !matches!(
            first,
            HeaderCell::Serial | HeaderCell::Category | HeaderCell::Indicator
        ) {
            return None;
        }
        let mut header = Vec::new();
        let mut next = start;
        while is_cell(next) && header.len() < 14 {
            let text = sentences[next].text.trim();
            if text.chars().all(|c| c.is_ascii_digit()) && !text.is_empty() {
                break;
            }
            let cell = self.header_cell(text, base_year);
            if cell == HeaderCell::Other && header.contains(&HeaderCell::Indicator) {
                // Past the header: a category cell before the first row number, or the
                // first row of a table without numbers.
                let numbered = header.contains(&HeaderCell::Serial);
                if numbered && header.contains(&HeaderCell::Category) {
                    break;
                }
                if !numbered {
                    break;
                }
            }
            header.push(cell);
            next += 1;
        }
        // Years in cells of their own belong to the value columns before them, in order.
        let mut values: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, HeaderCell::Value { .. }))
            .map(|(i, _)| i)
            .collect();
        let years: Vec<i32> = header
            .iter()
            .filter_map(|c| match c {
                HeaderCell::Year(year) => Some(*year),
                _ => None,
            })
            .collect();
        if !years.is_empty() {
            // 指标值 over 现状 / 近期规划: the spanning cell is no column.
            if values.len() > years.len() {
                let spanning = values.len() - years.len();
                values.drain(..spanning);
            }
            for (&position, &year) in values.iter().zip(&years) {
                if let HeaderCell::Value { year: slot, .. } = &mut header[position] {
                    slot.get_or_insert(year);
                }
            }
        }
        // With no year of its own to compare with, the document's last value column is
        // its target and the ones before observations.
        if base_year.is_none() {
            let last = values.last().copied();
            for &position in &values {
                if let HeaderCell::Value { target, .. } = &mut header[position] {
                    *target = *target || Some(position) == last;
                }
            }
        }
        let has_indicator = header.contains(&HeaderCell::Indicator);
        let value_columns: Vec<HeaderCell> = values.iter().map(|&i| header[i].clone()).collect();
        if !has_indicator || value_columns.is_empty() {
            return None;
        }
        // The header as read by rows: its columns without the spanning cells and years.
        let mut columns: Vec<HeaderCell> = header
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                !matches!(c, HeaderCell::Year(_)) && !matches!(c, HeaderCell::Value { .. })
                    || values.contains(i)
            })
            .map(|(_, c)| c.clone())
            .collect();
        columns.retain(|c| !matches!(c, HeaderCell::Other | HeaderCell::Spanning));
        Some((columns, next))
    }

    /// The rows after a header: numbered rows run from one number to the next; rows of a
    /// table without numbers are as wide as its header.
    fn indicator_rows(&self, header: &[HeaderCell], start: usize) -> (Vec<Row>, usize) {
        let sentences = &self.segmented.sentences;
        let units = &self.gazetteer.cues.table_columns.unit_words;
        let attributes = &self.gazetteer.cues.table_columns.attribute_words;
        // A bare figure on a line of its own may have been taken for a heading's number
        // (75); in a table it is a cell.
        let is_cell = |i: usize| {
            i < sentences.len()
                && (!sentences[i].is_heading || sentences[i].text.chars().count() <= 12)
                && sentences[i].text.chars().count() <= 80
                && !sentences[i].text.contains('。')
        };
        let number = |i: usize| -> Option<usize> {
            let text = sentences[i].text.trim();
            (!text.is_empty() && text.chars().all(|c| c.is_ascii_digit()))
                .then(|| text.parse().ok())
                .flatten()
        };
        let numbered = header.contains(&HeaderCell::Serial);
        let width = header.len();
        let mut rows = Vec::new();
        let mut position = start;
        let mut category: Option<String> = None;
        let mut expected = 1;
        loop {
            // Cells before the row number are the next rows' category (城市经济).
            let mut row_start = position;
            if numbered {
                while is_cell(row_start) && number(row_start).is_none() && row_start < position + 2
                {
                    category = Some(sentences[row_start].text.trim().to_owned());
                    row_start += 1;
                }
                if !is_cell(row_start) || number(row_start) != Some(expected) {
                    break;
                }
            } else if !is_cell(row_start) {
                break;
            }
            let body_start = if numbered { row_start + 1 } else { row_start };
            let mut end = body_start;
            // A value that equals the next row's number (… / 预期性 / 5 / 5 / 工业总产值) is
            // the value when the same number follows it at once.
            let next_row = |at: usize| {
                number(at) == Some(expected + 1)
                    && !(is_cell(at + 1) && number(at + 1) == Some(expected + 1))
            };
            while is_cell(end) && end - body_start < width + 2 && (!numbered || !next_row(end)) {
                if !numbered && end - row_start >= width {
                    break;
                }
                end += 1;
            }
            let mut cells: Vec<usize> = (body_start..end).collect();
            // A trailing text cell before the next number is the next category.
            let mut trailing_category = None;
            let value_columns = header
                .iter()
                .filter(|c| matches!(c, HeaderCell::Value { .. }))
                .count();
            if numbered {
                if let Some(&last) = cells.last() {
                    let text = sentences[last].text.trim();
                    // Only once the row has all its values: a text where a value belongs
                    // (动态调整, 完成市考核要求) is that value, not a category.
                    let values_before = cells[..cells.len() - 1]
                        .iter()
                        .filter(|&&cell| {
                            let text = sentences[cell].text.trim();
                            is_placeholder(text) || text.chars().any(|c| c.is_ascii_digit())
                        })
                        .count();
                    if cells.len() > 1
                        && values_before >= value_columns
                        && !text.chars().any(|c| c.is_ascii_digit())
                        && !units.iter().any(|u| u == text)
                        && !attributes.iter().any(|a| a == text)
                        && !is_placeholder(text)
                        && number(end).is_some()
                    {
                        trailing_category = Some(text.to_owned());
                        cells.pop();
                    }
                }
            }
            let is_name = |cell: usize| {
                let text = sentences[cell].text.trim();
                text.chars().filter(|c| super::text::is_cjk(*c)).count() >= 2
                    && !units.iter().any(|u| u == text)
                    && !attributes.iter().any(|a| a == text)
            };
            // With a unit cell, the indicator is the text cell right before it; text cells
            // before that are the row's category, spanning rows (主要经济 / 指标 / 地区生产总值
            // 年均增长率 / %): they name the next rows' category too.
            let unit_cell = cells
                .iter()
                .position(|&cell| units.iter().any(|u| u == sentences[cell].text.trim()));
            let named_before_unit = unit_cell.and_then(|at| {
                cells[..at]
                    .iter()
                    .rposition(|&cell| is_name(cell))
                    .filter(|&position| position > 0)
            });
            let name = match named_before_unit {
                Some(position) if header.contains(&HeaderCell::Category) => {
                    let spanned: String = cells[..position]
                        .iter()
                        .map(|&cell| sentences[cell].text.trim())
                        .collect();
                    category = Some(spanned);
                    cells[position]
                }
                _ => match cells.iter().copied().find(|&cell| is_name(cell)) {
                    Some(cell) => cell,
                    None => break,
                },
            };
            let mut unit = None;
            let mut values = Vec::new();
            for &cell in cells.iter().filter(|&&cell| cell > name) {
                let text = sentences[cell].text.trim();
                if units.iter().any(|u| u == text) {
                    unit = Some(text.to_owned());
                } else if attributes.iter().any(|a| a == text) {
                } else if is_placeholder(text) {
                    values.push(None);
                } else if text
                    .chars()
                    .any(|c| c.is_ascii_digit() || "０１２３４５６７８９".contains(c))
                {
                    values.push(Some(cell));
                }
            }
            rows.push(Row {
                cells: (row_start..end).collect(),
                name,
                unit,
                values,
                category: category.clone(),
            });
            if trailing_category.is_some() {
                category = trailing_category;
            }
            expected += 1;
            position = end;
            if !numbered && !is_cell(position) {
                break;
            }
        }
        (rows, position)
    }

    fn read_indicator_rows(&mut self, header: &[HeaderCell], rows: &[Row], base_year: Option<i32>) {
        let value_columns: Vec<(Option<i32>, bool)> = header
            .iter()
            .filter_map(|c| match c {
                HeaderCell::Value { year, target } => Some((*year, *target)),
                _ => None,
            })
            .collect();
        let cues = &self.gazetteer.cues;
        let plan_year = self.period_year;
        for row in rows {
            let sentences = &self.segmented.sentences;
            let full_name = sentences[row.name].text.trim().to_owned();
            let cells: std::collections::BTreeSet<usize> = row.cells.iter().copied().collect();
            self.quantities.retain(|q| !cells.contains(&q.sentence));
            // A row's values line up with the value columns from the right: a missing
            // base value (/) still holds its place, a row with fewer cells lacks the first.
            let skip = value_columns.len().saturating_sub(row.values.len());
            for (&(year, target), value) in value_columns.iter().skip(skip).zip(&row.values) {
                let Some(cell) = value else { continue };
                let year = if target {
                    year.or(plan_year)
                } else {
                    year.or(base_year.map(|y| y - 1))
                };
                let Some(year) = year else { continue };
                let full_text = normalize_digits(self.segmented.sentences[*cell].text.trim());
                // Two indicators in one row (社会消费品零售总额年均增长率/商品销售总额年均增长,
                // 高于全市平均水平/5): each value goes with the name in its place.
                let names: Vec<&str> = full_name.split('/').collect();
                let texts: Vec<&str> = full_text.split('/').collect();
                let (name_text, text) = if names.len() > 1 && names.len() == texts.len() {
                    match names
                        .iter()
                        .zip(&texts)
                        .find(|(_, text)| text.chars().any(|c| c.is_ascii_digit()))
                    {
                        Some((name, text)) => (name.trim().to_owned(), text.trim().to_owned()),
                        None => continue,
                    }
                } else {
                    (full_name.clone(), full_text)
                };
                let Some(figure) = cell_figure(&text, row.unit.as_deref()) else {
                    continue;
                };
                if figure.value_max.is_some() || figure.unit == Unit::Other {
                    continue;
                }
                // Whose figure: the sector the indicator names; else the plan's sector;
                // in a plan of no sector, only an economic indicator counts, under its
                // category (城市经济) or its own name.
                let named_sector = self.sentence_mentions[row.name]
                    .iter()
                    .find(|m| m.kind == EntityKind::Sector)
                    .map(|m| m.entity);
                // The name is of the measure itself, not of a ratio to it (…相当于地区生产
                // 总值比例 is no 地区生产总值).
                let measured = without_growth_words(&strip_note(&name_text));
                let measure = cues.economic_measure_words.iter().any(|w| {
                    ["", "总额", "总量", "规模"]
                        .iter()
                        .any(|tail| measured.ends_with(&format!("{w}{tail}")))
                });
                if self.document_sector.is_none()
                    && !measure
                    && !cues
                        .economic_indicator_words
                        .iter()
                        .any(|w| name_text.contains(w.as_str()))
                {
                    continue;
                }
                let subject = match named_sector.or(self.document_sector) {
                    Some(sector) => sector,
                    None => {
                        // An economic measure is its own subject (区级一般公共预算收入年均
                        // 增长率 → 区级一般公共预算收入); another row goes under its category
                        // (城市经济) where it has one.
                        let label = if measure {
                            measured
                        } else {
                            row.category
                                .clone()
                                .unwrap_or_else(|| strip_note(&name_text))
                        };
                        let Some(subject) = self.measure_subject(&label) else {
                            continue;
                        };
                        subject
                    }
                };
                let post = cues
                    .post_qualifiers
                    .iter()
                    .find(|q| text.contains(q.as_str()))
                    .cloned();
                self.quantities.push(Quantity {
                    subject,
                    metric: strip_note(&name_text),
                    year: Some(year),
                    value: figure.value,
                    value_max: None,
                    unit: figure.unit,
                    unit_text: figure.unit_text,
                    qualifier: post,
                    text: self.segmented.sentences[*cell].text.trim().to_owned(),
                    is_target: target,
                    is_growth_rate: name_text.contains("增长") || name_text.contains("增速"),
                    sentence: *cell,
                });
            }
        }
    }
}

/// An empty value cell: / — - 无.
fn is_placeholder(text: &str) -> bool {
    matches!(text, "/" | "／" | "—" | "-" | "－" | "——" | "无" | "")
}

/// 区级一般公共预算收入年均增长率 → 区级一般公共预算收入: the measure a growth rate is of.
fn without_growth_words(name: &str) -> String {
    const GROWTH: [&str; 5] = ["年均增长率", "年均增速", "年均增长", "增长率", "增速"];
    GROWTH
        .iter()
        .find_map(|word| name.strip_suffix(word))
        .filter(|measure| measure.chars().count() >= 2)
        .unwrap_or(name)
        .to_owned()
}

/// 绿色低碳产业规模（期末） → 绿色低碳产业规模.
fn strip_note(name: &str) -> String {
    let cut = name.find(['（', '(']).unwrap_or(name.len());
    name[..cut].trim().to_owned()
}

/// The figure of a value cell; a bare number takes the unit column's unit (18 and 个 →
/// 18个; 4.1左右 and % → 4.1%左右).
fn cell_figure(text: &str, unit: Option<&str>) -> Option<crate::quantity::Figure> {
    static NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[0-9]+(?:\.[0-9]+)?").expect("number"));
    if let Some(figure) = find_figures(text).into_iter().next() {
        return Some(figure);
    }
    static RANGE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[0-9]\s*[-－—–~～至到]\s*[0-9]").expect("range"));
    let unit = unit?;
    // 2-3 is a range: no target.
    if RANGE.is_match(text) {
        return None;
    }
    let number = NUMBER.find(text)?;
    let with_unit = format!(
        "{}{}{}{}",
        &text[..number.start()],
        number.as_str(),
        unit,
        &text[number.end()..]
    );
    find_figures(&with_unit).into_iter().next()
}
