//! Limits that protect a build: a document over the size or time limit is skipped by
//! name, a panic in one document is that document's error, and a folder of nasty inputs
//! builds beside the sample without losing any of the sample's graph. (That extraction
//! takes linear time is `tests/linear_time.rs`.)

mod common;

use common::{csv_rows, document_ids, policykg, run, run_status, write, SAMPLE, SAMPLE_ID};
use std::path::Path;
use std::time::Instant;

/// Two sentences naming districts, a park, sectors and a figure, the way a paragraph
/// of a plan does.
const PARAGRAPH: &str = "浦东新区集成电路和生物医药、徐汇区人工智能、杨浦区信息技术服务获批国家战略性新兴产业集群。依托张江科学城，闵行区重点发展人工智能和生物医药，到2025年产业规模达到1000亿元。";

/// `unit` repeated to about `bytes` bytes, without line breaks.
fn repeated(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()))
}

/// A deterministic stream of bytes (xorshift), for binary files.
fn noise(length: usize, mut state: u64) -> Vec<u8> {
    (0..length)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// A name for item `i` of a long list, from a few dozen characters.
fn coined(i: usize) -> String {
    const CHARS: &[char] = &[
        '星', '云', '海', '光', '智', '芯', '联', '数', '能', '材', '医', '药', '航', '天', '电',
        '机', '网', '链', '算', '感', '控', '测', '造', '新', '绿', '氢', '储', '车', '船', '端',
    ];
    let mut name = String::new();
    let mut rest = i + CHARS.len();
    while rest > 0 {
        name.push(CHARS[rest % CHARS.len()]);
        rest /= CHARS.len();
    }
    name
}

/// About `bytes` bytes of common characters in no order, with [`PARAGRAPH`] every
/// 100,000 bytes, all on one line.
fn run_on_line(bytes: usize) -> String {
    const COMMON: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题";
    let common: Vec<char> = COMMON.chars().collect();
    let mut text = String::with_capacity(bytes + PARAGRAPH.len());
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    while text.len() < bytes {
        for _ in 0..100_000 / 3 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push(common[(state % common.len() as u64) as usize]);
        }
        text.push_str(PARAGRAPH);
    }
    text
}

/// The nasty inputs, generated here (none is committed): (file name, bytes, whether it
/// must be built; the others may be built or refused, but by name).
///
/// Sizes keep the test to seconds: the 100,000-row table is an indicator table, and
/// the tables of parks have 2,000 distinct parks each (a build's time goes mostly to
/// storing what is found, and 100,000 parks with their rows are millions of quads).
fn nasty_inputs() -> Vec<(&'static str, Vec<u8>, bool)> {
    let depth = 20_000;
    let deep = format!(
        "<html><body>{}<h1>上海市闵行区产业规划</h1><p>闵行区重点发展人工智能。</p>{}</body></html>",
        "<div><span>".repeat(depth),
        "</span></div>".repeat(depth)
    );
    let mut indicators =
        String::from("# 主要指标\n\n| 序号 | 指标 | 2025年 | 2030年 |\n|---|---|---|---|\n");
    for row in 1..=100_000 {
        indicators.push_str(&format!(
            "| {row} | 指标{} | {}.5亿元 | {}% |\n",
            row % 97,
            row * 3,
            row % 100
        ));
    }
    let mut table = String::from(
        "# 特色产业园区名单\n\n| 序号 | 区 | 功能区 | 主导产业 |\n|---|---|---|---|\n",
    );
    let mut flattened = String::from("特色产业园区名单\n序号\n区\n功能区\n主导产业\n");
    for row in 1..=2_000 {
        let park = format!("{}产业园", coined(row));
        table.push_str(&format!("| {row} | 浦东新区 | {park} | 集成电路 |\n"));
        flattened.push_str(&format!("{row}\n闵行区\n{park}\n生物医药\n"));
    }
    let items: Vec<String> = (0..20_000).map(coined).collect();
    let enumeration = format!(
        "浦东新区重点发展{}等产业。\n\n到2025年，{}等领域实现突破。\n",
        items.join("、"),
        items.join("；")
    );
    let digits = "9".repeat(400);
    let numbers = format!(
        "---\ntitle: 数字规划\n---\n到2025年，集成电路产业规模达到{digits}亿元，增速{digits}.{digits}%，企业{digits}家，占比提高{digits}个百分点。\n\n2020年生物医药产值为0.{digits}万亿元。十四五期间，投资{digits}－{digits}亿元。\n"
    );
    let long_line = run_on_line(10 * 1000 * 1000);
    let mut pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n".to_vec();
    pdf.extend(noise(64 * 1024, 7));
    vec![
        ("empty.md", Vec::new(), true),
        (
            "whitespace.txt",
            " \n\t\n\u{3000}\n\r\n".as_bytes().to_vec(),
            true,
        ),
        ("nul.txt", b"\xe6\xb5\xa6\0\0\0 NUL bytes".to_vec(), false),
        ("scan.txt", pdf.clone(), false),
        ("report.pdf", pdf, false),
        ("binary.html", noise(256 * 1024, 11), false),
        (
            "unclosed-front-matter.md",
            "---\ntitle: [未闭合\ndate: : :\n浦东新区重点发展集成电路。\n"
                .as_bytes()
                .to_vec(),
            true,
        ),
        (
            "bad-yaml.md",
            "---\ntitle: {a: [1, 2\n---\n\n徐汇区重点发展人工智能。\n"
                .as_bytes()
                .to_vec(),
            true,
        ),
        ("long-line.txt", long_line.into_bytes(), true),
        ("indicator-table.md", indicators.into_bytes(), true),
        ("table.md", table.into_bytes(), true),
        ("flattened-table.txt", flattened.into_bytes(), true),
        ("enumeration.txt", enumeration.into_bytes(), true),
        ("numbers.md", numbers.into_bytes(), true),
        ("deep.html", deep.into_bytes(), true),
        (
            "broken.csv",
            "title,content\n\"未闭合,\"浦东新区\"\"重点\n发展集成电路\n,,,\n"
                .as_bytes()
                .to_vec(),
            true,
        ),
    ]
}

/// Every nasty input beside the sample in one folder: nothing panics, every good
/// document is stored, every bad one is named, and the sample's graph is the same as
/// when it is built alone.
#[test]
fn a_folder_of_nasty_inputs_builds_beside_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let inputs = nasty_inputs();
    for (name, bytes, _) in &inputs {
        write(&corpus.join(name), bytes);
    }
    std::fs::copy(SAMPLE, corpus.join(format!("{SAMPLE_ID}.html"))).unwrap();

    let store = dir.path().join("store");
    let started = Instant::now();
    let (code, stderr) = run_status(&store, &["build", corpus.to_str().unwrap(), "--quiet"]);
    let seconds = started.elapsed().as_secs_f64();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("internal error"), "{stderr}");
    assert_eq!(code, Some(1), "some files cannot be built: {stderr}");

    let ids = document_ids(&store);
    assert!(ids.iter().any(|id| id == SAMPLE_ID), "{ids:?}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    for (name, _, must_build) in &inputs {
        let id = name.rsplit_once('.').unwrap().0;
        let stored = ids.iter().any(|stored| stored == id);
        let named = errors.iter().any(|line| line.contains(&format!("{name}'")));
        if name.ends_with(".pdf") {
            // Not a document type: never read.
            assert!(!stored && !named, "{name}: {stderr}");
        } else if *must_build {
            assert!(stored, "{name} is not in the store: {stderr}");
        } else {
            assert!(
                stored != named,
                "{name}: stored {stored}, named {named}: {stderr}"
            );
        }
    }
    // One error line per file not built, and the summary.
    // The files built: the inputs less the .pdf, and the sample.
    let not_built = inputs.len() - ids.len();
    assert_eq!(errors.len(), not_built + 1, "{stderr}");
    assert!(
        errors
            .last()
            .unwrap()
            .contains(&format!("{not_built} of {}", inputs.len())),
        "{stderr}"
    );

    // The sample's own graph is whole, and its facts are all there.
    let alone = dir.path().join("alone");
    run(&alone, &["build", SAMPLE, "--quiet"]);
    let count = format!(
        "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <https://w3id.org/policykg/doc/{SAMPLE_ID}> {{ ?s ?p ?o }} }}"
    );
    let sample_quads = run(&alone, &["query", &count, "--format", "csv"]);
    assert_eq!(
        run(&store, &["query", &count, "--format", "csv"]),
        sample_quads
    );
    let facts = |store: &Path| {
        csv_rows(&run(
            store,
            &["query", "district-industries", "--format", "csv"],
        ))
    };
    let all_facts = facts(&store);
    for row in facts(&alone) {
        assert!(all_facts.contains(&row), "{row:?} is missing");
    }
    eprintln!("built the nasty folder in {seconds:.1} s");
}

/// A file over --max-document-mb and a document over --document-timeout are skipped by
/// name with the reason; the others are built and the exit code is 1.
#[test]
fn documents_over_the_limits_are_named_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(
        &corpus.join("big.txt"),
        repeated(PARAGRAPH, 3 * 1000 * 1000).as_bytes(),
    );
    std::fs::copy(SAMPLE, corpus.join("sample.html")).unwrap();
    let store = dir.path().join("store");
    let (code, stderr) = run_status(
        &store,
        &[
            "build",
            corpus.to_str().unwrap(),
            "--quiet",
            "--max-document-mb",
            "2",
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr
            .contains("big.txt': 3 MB is over the limit of 2 MB (raise it with --max-document-mb)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: 1 of 2 documents could not be built"),
        "{stderr}"
    );
    assert_eq!(document_ids(&store), ["sample"]);

    // The same file within the size limit, but with far too little time for it.
    let store = dir.path().join("store-timeout");
    let (code, stderr) = run_status(
        &store,
        &[
            "build",
            corpus.join("big.txt").to_str().unwrap(),
            "--quiet",
            "--document-timeout",
            "0.2",
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("big.txt': not done after 0.2 s (raise it with --document-timeout)"),
        "{stderr}"
    );

    let (code, stderr) = run_status(&store, &["build", SAMPLE, "--document-timeout", "0"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("'0' is not a positive number of seconds"),
        "{stderr}"
    );
}

/// A panic in one document's extraction (forced with the documented debugging
/// variable) is that document's error; the others are built.
#[test]
fn a_panic_in_one_document_is_its_error() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(
        &corpus.join("boom.md"),
        "# 上海市徐汇区规划\n\n徐汇区重点发展人工智能。PANIC-HERE\n".as_bytes(),
    );
    std::fs::copy(SAMPLE, corpus.join("sample.html")).unwrap();
    let store = dir.path().join("store");
    let output = policykg()
        .env("POLICYKG_DEBUG_PANIC_ON", "PANIC-HERE")
        .arg("--store")
        .arg(&store)
        .args(["build", corpus.to_str().unwrap(), "--quiet"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: cannot build '")
            && stderr.contains("boom.md': internal error: POLICYKG_DEBUG_PANIC_ON"),
        "{stderr}"
    );
    assert_eq!(document_ids(&store), ["sample"]);
}
