//! CSV page exports read as documents.
//!
//! The rule: a CSV file whose header row names a text column (content, text, full_text,
//! body, 正文, 内容, 全文, …) or, failing that, has a column holding long text (some cell
//! of 200 characters or more) is a page export: each row is a document's text in that
//! cell, with title, date, source and publisher from the columns so named. The text
//! cell's lines become paragraphs, and the page's chrome that came along with it is
//! dropped: a run of toolbar words at its start (下载 / 打印 / 【字号： / 加大 …, short
//! lines before the text begins) and label lines with nothing after them at its end
//! (相关报道：). A CSV without such a column is a table: its cells become table cells,
//! row by row, as a Markdown table's do.

use crate::model::{Block, BlockKind, Metadata};

/// Header names of a column holding a page's text.
const TEXT_COLUMNS: [&str; 13] = [
    "article",
    "body",
    "content",
    "full_text",
    "fulltext",
    "text",
    "text_content",
    "全文",
    "内容",
    "原文",
    "文本",
    "正文",
    "正文内容",
];

/// A column counts as the text column without a telling name when some cell is this long.
const LONG_TEXT_CHARS: usize = 200;

/// Longest line, in characters, taken for a toolbar word or a trailing link.
const CHROME_LINE_CHARS: usize = 4;

/// Reads a CSV file's text. Metadata fields are filled through `fill_metadata` (the same
/// key names as front matter), which returns false for a name it does not know.
pub fn csv_blocks(
    text: &str,
    metadata: &mut Metadata,
    fill_metadata: impl Fn(&mut Metadata, &str, &str) -> bool,
) -> Vec<Block> {
    let records = parse_csv(text);
    let Some((header, rows)) = records.split_first() else {
        return Vec::new();
    };
    let header: Vec<String> = header
        .iter()
        .map(|name| name.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let Some(text_column) = text_column(&header, rows) else {
        return table_blocks(&header, rows);
    };
    let title_column = header.iter().position(|name| {
        matches!(
            name.as_str(),
            "title" | "标题" | "名称" | "headline" | "题目"
        )
    });
    let mut blocks = Vec::new();
    for row in rows {
        if rows.len() == 1 {
            for (name, value) in header.iter().zip(row) {
                let value = value.trim();
                if Some(name) == header.get(text_column) || value.is_empty() {
                    continue;
                }
                if !fill_metadata(metadata, name, value) {
                    metadata.extra.insert(name.clone(), value.to_owned());
                }
            }
        } else if let Some(title) = title_column.and_then(|column| row.get(column)) {
            // Several pages in one file: each row is a section headed by its title.
            let title = super::normalize_space(title);
            if !title.is_empty() {
                blocks.push(Block {
                    kind: BlockKind::Heading(1),
                    text: title,
                });
            }
        }
        let Some(cell) = row.get(text_column) else {
            continue;
        };
        let lines: Vec<String> = cell
            .lines()
            .map(super::normalize_space)
            .filter(|line| !line.is_empty())
            .collect();
        blocks.extend(without_chrome(&lines).iter().map(|line| Block {
            kind: BlockKind::Paragraph,
            text: line.clone(),
        }));
    }
    blocks
}

/// The column a page's text is in: one named so, else the one with the longest cell if
/// that cell is long.
fn text_column(header: &[String], rows: &[Vec<String>]) -> Option<usize> {
    if let Some(column) = header
        .iter()
        .position(|name| TEXT_COLUMNS.contains(&name.as_str()))
    {
        return Some(column);
    }
    let longest = |column: usize| {
        rows.iter()
            .filter_map(|row| row.get(column))
            .map(|cell| cell.chars().count())
            .max()
            .unwrap_or(0)
    };
    (0..header.len())
        .map(|column| (longest(column), column))
        .max()
        .filter(|&(length, _)| length >= LONG_TEXT_CHARS)
        .map(|(_, column)| column)
}

/// Drops a page's toolbar before its text and trailing link labels after it.
fn without_chrome(lines: &[String]) -> &[String] {
    let short = |line: &String| {
        line.chars().count() <= CHROME_LINE_CHARS && !line.ends_with(['。', '！', '？', '；'])
    };
    let leading = lines.iter().take_while(|line| short(line)).count();
    // A toolbar is a run of several short words; one short line may be the text's own
    // opening (通知, 附件).
    let start = if leading >= 3 { leading } else { 0 };
    let mut end = lines.len();
    while end > start {
        let line = &lines[end - 1];
        let label = line.ends_with(['：', ':']);
        if label || short(line) {
            end -= 1;
        } else {
            break;
        }
    }
    &lines[start..end]
}

fn table_blocks(header: &[String], rows: &[Vec<String>]) -> Vec<Block> {
    std::iter::once(header)
        .chain(rows.iter().map(Vec::as_slice))
        .flatten()
        .map(|cell| super::normalize_space(cell))
        .filter(|text| !text.is_empty())
        .map(|text| Block {
            kind: BlockKind::Cell,
            text,
        })
        .collect()
}

/// Parses CSV (RFC 4180: quoted fields may hold commas, line breaks and doubled quotes;
/// CRLF or LF line ends). Blank lines between records are skipped.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut field_started = false;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if !field_started || field.is_empty() => {
                quoted = true;
                field_started = true;
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                field_started = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                if field_started || !record.is_empty() || !field.is_empty() {
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                field_started = false;
            }
            _ => {
                field.push(c);
                field_started = true;
            }
        }
    }
    if field_started || !record.is_empty() || !field.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let records = parse_csv("a,b,c\r\n1,\"x, \"\"y\"\"\nz\",3\n\n4,,6");
        assert_eq!(
            records,
            [
                vec!["a", "b", "c"],
                vec!["1", "x, \"y\"\nz", "3"],
                vec!["4", "", "6"]
            ]
        );
    }

    #[test]
    fn toolbar_and_trailing_labels_are_chrome() {
        let lines: Vec<String> = [
            "下载",
            "打印",
            "【字号：",
            "加大",
            "】",
            "某区数字经济发展规划",
            "正文第一段。",
            "正文第二段。",
            "相关链接：",
        ]
        .map(str::to_owned)
        .to_vec();
        assert_eq!(without_chrome(&lines), &lines[5..8]);
        let plain: Vec<String> = ["通知", "各区人民政府：", "正文。"]
            .map(str::to_owned)
            .to_vec();
        assert_eq!(
            without_chrome(&plain),
            &plain[..],
            "one short opening line is text"
        );
    }
}
