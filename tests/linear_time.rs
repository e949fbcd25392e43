//! Extraction time grows linearly with the input, whatever the repetition. Its own test
//! binary, so that no other test competes with it for the processor while it is timed
//! (cargo runs test binaries one after another).

use policykg::{extract, ingest, Gazetteer};
use std::time::{Duration, Instant};

/// Two sentences naming the same districts, park, sectors and figure, the way a
/// paragraph of a plan does.
const PARAGRAPH: &str = "浦东新区集成电路和生物医药、徐汇区人工智能、杨浦区信息技术服务获批国家战略性新兴产业集群。依托张江科学城，闵行区重点发展人工智能和生物医药，到2025年产业规模达到1000亿元。";

/// The same sentences with no sentence mark: one line that never ends.
const RUN_ON: &str =
    "浦东新区集成电路和生物医药徐汇区人工智能产业规模达到1000亿元依托张江科学城发展生物医药";

/// Other shapes that once cost the square of their length, each with the size of its
/// single run (large enough to time): (what, the unit repeated, bytes).
const SHAPES: &[(&str, &str, usize)] = &[
    ("a paragraph", PARAGRAPH, 128 * 1024),
    ("a line without sentence marks", RUN_ON, 128 * 1024),
    // Sections under one parent: each counted its siblings.
    ("headings", "一、集成电路产业\n", 256 * 1024),
    // Inline numbered items, each a section of one paragraph.
    (
        "inline items",
        "重点发展：1．集成电路设计。2．制造和封测。",
        96 * 1024,
    ),
    // Cells that all name a table column: a header was tried from each.
    ("table column names", "主导产业\n", 128 * 1024),
];

/// `unit` repeated to about `bytes` bytes, without line breaks.
fn repeated(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()))
}

/// The best of five extraction times of a text: the least disturbed by other work.
fn extraction_time(text: &str) -> Duration {
    (0..5)
        .map(|_| {
            let document = ingest::parse_document("r", "r.txt", text, Some("txt"));
            let started = Instant::now();
            let extraction = extract(document, Gazetteer::embedded());
            let elapsed = started.elapsed();
            assert!(!extraction.segmented.sentences.is_empty());
            elapsed
        })
        .min()
        .unwrap()
}

/// Extraction time grows linearly with the input, whatever the repetition: 8 times the
/// same text takes less than 12 times as long. Linear work gives 8 (measured: 5.3 to
/// 10.3, the larger text fitting less well in the caches); the margin absorbs timing
/// noise on a busy two-core machine, with the best of five runs each, single runs long
/// enough to time, and up to three tries of a shape before it fails. Before the fixes
/// the paragraph's ratio was 46 (every sentence looked back over the whole paragraph)
/// and the other shapes' were larger still, so a quadratic path fails every try.
#[test]
fn extraction_time_grows_linearly_with_the_input() {
    // Load the gazetteer and the word segmenter before timing anything.
    extraction_time(PARAGRAPH);
    for &(what, unit, bytes) in SHAPES {
        let mut ratios = Vec::new();
        for _ in 0..3 {
            let once = extraction_time(&repeated(unit, bytes));
            let eight_times = extraction_time(&repeated(unit, 8 * bytes));
            let ratio = eight_times.as_secs_f64() / once.as_secs_f64();
            eprintln!("{what}: {once:?} → {eight_times:?}, {ratio:.1}×");
            ratios.push(ratio);
            if ratio < 12.0 {
                break;
            }
        }
        assert!(
            ratios.iter().any(|&ratio| ratio < 12.0),
            "8× {what} took {ratios:.1?} times as long"
        );
    }
}
