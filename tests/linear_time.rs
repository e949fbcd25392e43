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
            assert!(!extraction.relations.is_empty());
            elapsed
        })
        .min()
        .unwrap()
}

/// Extraction time grows linearly with the input, whatever the repetition: 8 times the
/// same paragraph (or run-on line) takes less than 12 times as long. Linear work gives
/// 8 (measured: 6 to 9.5); the margin absorbs timing noise on a busy two-core machine,
/// with the best of five runs each, of 128 KB and 1 MB so that each run is long enough
/// to time. Before the fix the paragraph's ratio was 46 (every sentence looked back over
/// the whole paragraph), so a quadratic path fails the test by far.
#[test]
fn extraction_time_grows_linearly_with_the_input() {
    // Load the gazetteer and the word segmenter before timing anything.
    extraction_time(PARAGRAPH);
    for unit in [PARAGRAPH, RUN_ON] {
        let once = extraction_time(&repeated(unit, 128 * 1024));
        let eight_times = extraction_time(&repeated(unit, 8 * 128 * 1024));
        let ratio = eight_times.as_secs_f64() / once.as_secs_f64();
        eprintln!("{once:?} → {eight_times:?}: {ratio:.1}×");
        assert!(
            ratio < 12.0,
            "8× the input took {ratio:.1}× as long ({once:?} → {eight_times:?}) for {unit}"
        );
    }
}
