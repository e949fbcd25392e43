//! Figures in running text: numbers with units, normalised to base units, with their
//! comparatives. Pure functions over one sentence; deciding whose figure it is and
//! whether it is a target belongs to `extract`.

use crate::model::Unit;
use regex::Regex;
use std::sync::LazyLock;

/// Maps full-width digits and the punctuation that appears inside figures to ASCII,
/// character for character, so offsets stay valid (18．9％ → 18.9%).
pub fn normalize_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '％' => '%',
            '－' => '-',
            '～' => '~',
            '／' => '/',
            '＋' => '+',
            _ => c,
        })
        .collect()
}

static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<num>\d+(?:\.\d+)?)(?:\s*(?:-|~|至|到)\s*(?P<num2>\d+(?:\.\d+)?))?\s*",
        r"(?P<unit>万亿元|万亿|千亿元|千亿|百亿元|亿美元|亿元|亿|万元|万家|万个|万人|万户|万辆|万吨|万平方米|万套|万|",
        r"%|个百分点|家|个|项|座|所|条|平方千米|平方公里|公顷|公里|千米|辆|架|台|套|人次|人|倍|艘|颗|款|吨|平方米|GW|MW)"
    ))
    .expect("figure pattern")
});

/// A figure found in a sentence, with character offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub start: usize,
    pub end: usize,
    pub value: String,
    pub value_max: Option<String>,
    pub unit: Unit,
    pub unit_text: String,
}

/// Finds the figures in a sentence (already passed through [`normalize_digits`]).
pub fn find_figures(normalized: &str) -> Vec<Figure> {
    let mut figures = Vec::new();
    // Character offsets counted on from the previous figure, not from the start of the
    // text for each figure (which made a long text with many figures quadratic).
    let mut counted_bytes = 0;
    let mut counted_chars = 0;
    let mut char_offset = |byte: usize| {
        counted_chars += normalized[counted_bytes..byte].chars().count();
        counted_bytes = byte;
        counted_chars
    };
    for captures in FIGURE.captures_iter(normalized) {
        let whole = captures.get(0).expect("group 0");
        let unit_text = captures.name("unit").expect("unit").as_str();
        // A figure glued to a preceding letter or digit is part of a name (C919, ARJ21).
        let before = normalized[..whole.start()].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.') {
            continue;
        }
        // 10个 inside 10个百分点 is handled by the longer unit; a year (2025年) has no unit.
        let after = &normalized[whole.end()..];
        if unit_text == "万" && after.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let (unit, multiplier_exponent) = unit_of(unit_text);
        let Some(value) = scale_decimal(
            captures.name("num").expect("num").as_str(),
            multiplier_exponent,
        ) else {
            continue;
        };
        let value_max = captures
            .name("num2")
            .and_then(|m| scale_decimal(m.as_str(), multiplier_exponent));
        figures.push(Figure {
            start: char_offset(whole.start()),
            end: char_offset(whole.end()),
            value,
            value_max,
            unit,
            unit_text: unit_text.to_owned(),
        });
    }
    figures
}

/// The normalised unit of a written unit and the power of ten it multiplies by.
fn unit_of(unit_text: &str) -> (Unit, u32) {
    match unit_text {
        "万亿元" | "万亿" => (Unit::Cny, 12),
        "千亿元" | "千亿" => (Unit::Cny, 11),
        "百亿元" => (Unit::Cny, 10),
        "亿元" | "亿" => (Unit::Cny, 8),
        "万元" => (Unit::Cny, 4),
        "亿美元" => (Unit::Other, 8),
        "%" => (Unit::Percent, 0),
        "个百分点" => (Unit::PercentagePoint, 0),
        "万家" | "万个" | "万人" | "万户" | "万辆" | "万套" => (Unit::Count, 4),
        "家" | "个" | "项" | "座" | "所" | "条" | "辆" | "架" | "台" | "套" | "人" | "人次"
        | "艘" | "颗" | "款" => (Unit::Count, 0),
        "万吨" | "万平方米" => (Unit::Other, 4),
        "万" => (Unit::Count, 4),
        _ => (Unit::Other, 0),
    }
}

/// Multiplies a decimal written in ASCII by 10^exponent without floating point, and
/// returns it as a plain decimal without superfluous zeros ("2.6", 4 → "26000").
pub fn scale_decimal(number: &str, exponent: u32) -> Option<String> {
    let (integer, fraction) = number.split_once('.').unwrap_or((number, ""));
    if integer.is_empty()
        || !integer.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut digits = format!("{integer}{fraction}");
    let point = integer.len() as i64 + i64::from(exponent);
    while (digits.len() as i64) < point {
        digits.push('0');
    }
    let point_usize = point as usize;
    let (whole, decimals) = digits.split_at(point_usize);
    let whole = whole.trim_start_matches('0');
    let decimals = decimals.trim_end_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    Some(if decimals.is_empty() {
        whole.to_owned()
    } else {
        format!("{whole}.{decimals}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Figure {
        find_figures(&normalize_digits(text))
            .into_iter()
            .next()
            .expect("a figure")
    }

    #[test]
    fn normalises_to_base_units() {
        let cases = [
            ("产值达到4200亿元左右", "420000000000", Unit::Cny),
            ("营业收入达到1万亿元", "1000000000000", Unit::Cny),
            ("比重达到18．9％", "18.9", Unit::Percent),
            ("数量突破2．6万家", "26000", Unit::Count),
            ("增速高5．8个百分点", "5.8", Unit::PercentagePoint),
            ("培育20家龙头企业", "20", Unit::Count),
        ];
        for (text, value, unit) in cases {
            let figure = first(text);
            assert_eq!(
                (figure.value.as_str(), figure.unit),
                (value, unit),
                "{text}"
            );
        }
    }

    #[test]
    fn ranges_keep_both_bounds() {
        let figure = first("在3－4个关键领域");
        assert_eq!(
            (figure.value.as_str(), figure.value_max.as_deref()),
            ("3", Some("4"))
        );
    }

    #[test]
    fn model_numbers_and_years_are_not_figures() {
        assert!(
            find_figures(&normalize_digits("推动C919完成取证，到2025年，7纳米工艺")).is_empty()
        );
    }

    #[test]
    fn offsets_are_in_characters() {
        let figure = first("上海新能源汽车产值达到4200亿元");
        assert_eq!((figure.start, figure.end), (11, 17));
    }
}
