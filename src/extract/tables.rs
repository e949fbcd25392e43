//! Tables: flattened tables (one cell per line) are read by their header's columns, or,
//! without a header, as district cell then area cell then industry cells.

use super::context::strip_industry_suffix;
use super::Extractor;
use crate::model::{EntityKind, RelationKind};
use std::collections::{BTreeSet, HashMap};

/// What a column of a flattened table holds, by its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Serial,
    District,
    Park,
    Industry,
    Other,
}

impl<'a> Extractor<'a> {
    /// Whether a table cell's text (or one item of it) can be an industry no gazetteer
    /// knows: a short name without digits that passes [`Extractor::is_industry_name`].
    fn is_cell_industry(&self, label: &str) -> bool {
        (2..=10).contains(&label.chars().count())
            && !label.chars().any(|c| c.is_ascii_digit())
            && self.is_industry_name(label)
    }

    /// Tables copied from web pages often arrive one cell per line: a header row of short
    /// cells (序号 / 区 / 功能区 / 主导产业) and then the rows. The columns are read by their
    /// header: a park column, a district column, an industry column. Returns the sentences
    /// that were read as cells, so the header-less reader leaves them alone.
    fn header_tables(&mut self) -> BTreeSet<usize> {
        let sentences = &self.segmented.sentences;
        let count = sentences.len();
        let block_sizes = {
            let mut sizes: HashMap<usize, usize> = HashMap::new();
            for sentence in sentences {
                *sizes.entry(sentence.block).or_default() += 1;
            }
            sizes
        };
        let is_cell = |i: usize| {
            let sentence = &sentences[i];
            !sentence.is_heading
                && block_sizes[&sentence.block] == 1
                && sentence.text.chars().count() <= 40
                && !sentence.text.contains('。')
        };
        // A row number cell (1, 2, …).
        let row_number = |i: usize| -> Option<usize> {
            let text = sentences[i].text.trim();
            text.chars()
                .all(|c| c.is_ascii_digit())
                .then(|| text.parse().ok())
                .flatten()
        };
        let columns = &self.gazetteer.cues.table_columns;
        let role = |text: &str| -> Option<Column> {
            let text = text.trim();
            [
                (Column::Serial, &columns.serial),
                (Column::District, &columns.district),
                (Column::Park, &columns.park),
                (Column::Industry, &columns.industry),
            ]
            .into_iter()
            .find(|(_, names)| names.iter().any(|n| n == text))
            .map(|(column, _)| column)
        };
        let mut consumed = BTreeSet::new();
        let mut rows: Vec<(Vec<Column>, Vec<usize>)> = Vec::new();
        let mut index = 0;
        while index < count {
            // The header: 序号 and the cells up to the first row number, or a run of
            // known column names.
            let mut header = Vec::new();
            let mut next = index;
            let serial_start =
                is_cell(index) && role(&sentences[index].text) == Some(Column::Serial);
            if serial_start {
                while next < count
                    && is_cell(next)
                    && row_number(next).is_none()
                    && header.len() < 8
                {
                    header.push(role(&sentences[next].text).unwrap_or(Column::Other));
                    next += 1;
                }
            } else {
                while next < count && is_cell(next) {
                    let Some(column) = role(&sentences[next].text) else {
                        break;
                    };
                    header.push(column);
                    next += 1;
                }
            }
            let places = header
                .iter()
                .filter(|c| matches!(c, Column::Park | Column::District))
                .count();
            let useful = header.len() >= 2
                && places >= 1
                && (header.contains(&Column::Industry) || places >= 2);
            if !useful {
                // A run of column names that makes no useful header makes none from a
                // later start inside it either (it would hold fewer of the same columns),
                // except where a 序号 cell starts a header of its own: go on from there,
                // or after the run. Trying every start of the run made a run of n cells
                // cost n² (20,000 cells: 19 s).
                index = if serial_start {
                    index + 1
                } else {
                    header
                        .iter()
                        .skip(1)
                        .position(|&column| column == Column::Serial)
                        .map_or(next, |offset| index + 1 + offset)
                        .max(index + 1)
                };
                continue;
            }
            let serial = header[0] == Column::Serial;
            let mut row_start = next;
            let mut expected = 1;
            loop {
                if row_start >= count || !is_cell(row_start) {
                    break;
                }
                let mut row_end = row_start;
                if serial {
                    if row_number(row_start) != Some(expected) {
                        break;
                    }
                    row_end += 1;
                    while row_end < count
                        && is_cell(row_end)
                        && row_number(row_end) != Some(expected + 1)
                        && row_end - row_start < header.len()
                    {
                        row_end += 1;
                    }
                } else {
                    while row_end < count && is_cell(row_end) && row_end - row_start < header.len()
                    {
                        row_end += 1;
                    }
                    if row_end - row_start < header.len() {
                        break;
                    }
                }
                rows.push((header.clone(), (row_start..row_end).collect()));
                consumed.extend(row_start..row_end);
                expected += 1;
                row_start = row_end;
            }
            consumed.extend(index..next);
            index = row_start.max(index + 1);
        }
        let mut district_above = None;
        for (header, cells) in rows {
            // A district cell spanning several rows arrives once: later rows lack it.
            let columns: Vec<Column> = if cells.len() == header.len() {
                header.clone()
            } else if cells.len() + 1 == header.len() && header.contains(&Column::District) {
                header
                    .iter()
                    .copied()
                    .filter(|c| *c != Column::District)
                    .collect()
            } else {
                continue;
            };
            let cell_of = |column: Column| {
                columns
                    .iter()
                    .position(|&c| c == column)
                    .map(|position| cells[position])
            };
            let district = match cell_of(Column::District) {
                Some(cell) => self.sentence_mentions[cell]
                    .iter()
                    .find(|m| m.kind == EntityKind::District)
                    .map(|m| m.entity),
                None if header.contains(&Column::District) => district_above,
                None => None,
            };
            district_above = district;
            let park = cell_of(Column::Park).and_then(|cell| self.table_park(cell));
            let industries = cell_of(Column::Industry)
                .map(|cell| self.table_industries(cell))
                .unwrap_or_default();
            // The cells that state the fact, not the row number.
            let evidence: Vec<usize> = columns
                .iter()
                .zip(&cells)
                .filter(|(column, _)| !matches!(column, Column::Serial | Column::Other))
                .map(|(_, &cell)| cell)
                .collect();
            if let (Some(park), Some(district)) = (park, district) {
                self.relations.add(
                    RelationKind::LocatedIn,
                    park,
                    district,
                    false,
                    "table-row",
                    &evidence,
                );
            }
            for sector in industries {
                match (park, district) {
                    (Some(park), _) => self.relations.add(
                        RelationKind::FocusesOn,
                        park,
                        sector,
                        false,
                        "table-row",
                        &evidence,
                    ),
                    (None, Some(district)) => self.relations.add(
                        RelationKind::HostsIndustry,
                        district,
                        sector,
                        false,
                        "table-row",
                        &evidence,
                    ),
                    (None, None) => {}
                }
            }
        }
        consumed
    }

    /// The park a table cell names: a known or pattern-found park, or the cell as a name.
    fn table_park(&mut self, cell: usize) -> Option<usize> {
        let text = self.segmented.sentences[cell].text.trim().to_owned();
        let length = text.chars().count();
        let mentions = &self.sentence_mentions[cell];
        if let [only] = mentions.as_slice() {
            if only.start == 0 && only.end == length {
                return (only.kind == EntityKind::Park).then_some(only.entity);
            }
        }
        if length < 2 || mentions.iter().any(|m| m.kind == EntityKind::District) {
            return None;
        }
        let park = self.add_dynamic(EntityKind::Park, &text, None);
        self.entities.mention(park, cell);
        Some(park)
    }

    /// The industries a table cell lists: known sectors, and unknown items as new ones.
    fn table_industries(&mut self, cell: usize) -> Vec<usize> {
        let text = self.segmented.sentences[cell].text.clone();
        let mentions = self.sentence_mentions[cell].clone();
        let mut sectors = Vec::new();
        let mut offset = 0;
        for item in text.split(['、', '，', '/', '／', ',']) {
            let start = offset;
            let end = start + item.chars().count();
            offset = end + 1;
            let known: Vec<usize> = mentions
                .iter()
                .filter(|m| {
                    m.kind == EntityKind::Sector
                        && m.start >= start
                        && m.end <= end
                        && !self.is_umbrella(m.entity)
                })
                .map(|m| m.entity)
                .collect();
            let label = strip_industry_suffix(item.trim());
            let whole = mentions
                .iter()
                .any(|m| m.kind == EntityKind::Sector && m.start == start && m.end == end);
            if !known.is_empty() && (whole || known.len() > 1) {
                sectors.extend(known);
            } else if self.is_cell_industry(label) {
                // 数字医疗 around a known 医疗: the cell's own name is the industry.
                let sector = self.add_dynamic(EntityKind::Sector, label, None);
                self.entities.mention(sector, cell);
                sectors.push(sector);
            }
        }
        sectors.sort_unstable();
        sectors.dedup();
        sectors
    }

    /// Flattened tables: those with a header row first (see [`Self::header_tables`]); then,
    /// without a header, a cell that is only a district followed by a cell that is a park or
    /// area places the area in the district, and industries in the row's next cells are
    /// what the area focuses on.
    pub(super) fn flattened_tables(&mut self) {
        let read = self.header_tables();
        let sentences = &self.segmented.sentences;
        for index in 0..sentences.len() {
            if read.contains(&index) {
                continue;
            }
            let cell = &sentences[index];
            let mentions = self.sentence_mentions[index].clone();
            let [district] = mentions.as_slice() else {
                continue;
            };
            if district.kind != EntityKind::District
                || district.start != 0
                || district.end != cell.text.chars().count()
            {
                continue;
            }
            let Some(next) = sentences.get(index + 1) else {
                continue;
            };
            if next.block == cell.block {
                continue;
            }
            let next_mentions = self.sentence_mentions[index + 1].clone();
            let length = next.text.chars().count();
            if length > 30 || next.text.contains(['。', '，']) {
                continue;
            }
            let park = match next_mentions.as_slice() {
                [only]
                    if only.kind == EntityKind::Park && only.start == 0 && only.end == length =>
                {
                    only.entity
                }
                _ if next_mentions.iter().all(|m| m.kind != EntityKind::District)
                    && length >= 2 =>
                {
                    let name = next.text.trim().to_owned();
                    if next_mentions
                        .iter()
                        .any(|m| m.start == 0 && m.end == length && m.kind != EntityKind::Park)
                    {
                        continue;
                    }
                    self.add_dynamic(EntityKind::Park, &name, None)
                }
                _ => continue,
            };
            self.entities.mention(park, index + 1);
            self.relations.add(
                RelationKind::LocatedIn,
                park,
                district.entity,
                false,
                "table-row",
                &[index, index + 1],
            );
            // Industries in the next cells of the row, until the next district cell.
            for offset in 2..=3 {
                let Some(following) = sentences.get(index + offset) else {
                    break;
                };
                let following_mentions = self.sentence_mentions[index + offset].clone();
                if following_mentions
                    .iter()
                    .any(|m| matches!(m.kind, EntityKind::District | EntityKind::Park))
                {
                    break;
                }
                let sectors: Vec<usize> = following_mentions
                    .iter()
                    .filter(|m| m.kind == EntityKind::Sector && !self.is_umbrella(m.entity))
                    .map(|m| m.entity)
                    .collect();
                let mut found_any = !sectors.is_empty();
                for sector in sectors {
                    self.relations.add(
                        RelationKind::FocusesOn,
                        park,
                        sector,
                        false,
                        "table-row",
                        &[index + 1, index + offset],
                    );
                }
                if !found_any
                    && following.text.chars().count() <= 30
                    && !following.text.contains('。')
                {
                    // Unknown industries listed in the cell: 数智健康、科技服务.
                    for item in following.text.split(['、', '，', '/', '／']) {
                        let item = strip_industry_suffix(item.trim());
                        if self.is_cell_industry(item) && offset == 2 {
                            let sector = self.add_dynamic(EntityKind::Sector, item, None);
                            self.entities.mention(sector, index + offset);
                            self.relations.add(
                                RelationKind::FocusesOn,
                                park,
                                sector,
                                false,
                                "table-row",
                                &[index + 1, index + offset],
                            );
                            found_any = true;
                        }
                    }
                }
                if found_any {
                    break;
                }
            }
        }
    }
}
