//! A fuzz target over reading, segmentation, extraction and RDF: generated documents
//! (policy words, numbers, headings, markup, front matter, control characters and
//! arbitrary text, in every input format and in UTF-8, GB18030, UTF-16 or as raw bytes)
//! must never panic, and what comes out must hold the pipeline's invariants.
//!
//! It runs on stable Rust with proptest, which shrinks a failing input to a small one.
//! `cargo test` runs it for a moment (`POLICYKG_FUZZ_SECONDS`, default 3 seconds);
//! `.ci/run` runs it for a minute. A failure prints the input to add to a test.

use policykg::{extract, ingest, rdf, Gazetteer};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::time::{Duration, Instant};

/// Pieces documents are made of: words the rules look for, and what breaks parsers.
const FRAGMENTS: &[&str] = &[
    // Places, parks, sectors, technologies.
    "浦东新区",
    "徐汇区",
    "闵行",
    "闵行区",
    "杨浦区",
    "张江科学城",
    "临港新片区",
    "紫竹",
    "黄浦江",
    "上海市",
    "北京市",
    "朝阳区",
    "产业园",
    "科技园",
    "产业基地",
    "集聚区",
    "功能区",
    "园区",
    "集成电路",
    "生物医药",
    "人工智能",
    "新能源汽车",
    "智能网联汽车",
    "信息技术服务",
    "产业",
    "服务业",
    "未来产业",
    "量子信息",
    "芯片",
    "关键技术",
    "光刻胶",
    // Cue words.
    "重点发展",
    "依托",
    "打造",
    "聚焦",
    "围绕",
    "建设",
    "推动",
    "发展",
    "等",
    "和",
    "与",
    "及",
    "的",
    "领域",
    "方向",
    "企业",
    "其中",
    "用",
    "在",
    "面向",
    "支持",
    "包括",
    // Figures and years.
    "1000",
    "3500亿元",
    "2.6万家",
    "１５％",
    "15%",
    "20％以上",
    "左右",
    "突破",
    "达到",
    "超过",
    "个百分点",
    "年均增长",
    "增速",
    "2025年",
    "到2025年",
    "至2030年",
    "截至2025年底",
    "由2015年",
    "增长至",
    "十四五",
    "十三五",
    "十五五",
    "（2026-2030年）",
    "2020年的",
    "0.",
    "９９９９９",
    "99999999999999999999999999999999999999",
    "亿",
    "万亿元",
    "元",
    "家",
    "个",
    "-",
    "~",
    // Structure.
    "。",
    "，",
    "、",
    "；",
    "：",
    "！",
    "？",
    "（",
    "）",
    "“",
    "”",
    "《",
    "》",
    "\n",
    "\n\n",
    "一、",
    "二、",
    "（一）",
    "（二）",
    "1．",
    "2．",
    "（1）",
    "①",
    "第一章",
    "第一节",
    "# ",
    "## ",
    "###### ",
    "- ",
    "> ",
    "---\n",
    "title: ",
    "date: 2025-01-01\n",
    "标题：",
    "序号\n区\n功能区\n主导产业\n",
    "| 序号 | 区 | 园区 |\n|---|---|---|\n",
    "|",
    "|---|",
    // Markup.
    "<html>",
    "<body>",
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<h1>",
    "</h1>",
    "<h2>",
    "<table><tr><td>",
    "</td><td>",
    "</td></tr></table>",
    "<br>",
    "<!--",
    "-->",
    "<script>var a = '<p>';</script>",
    "<style>p{}</style>",
    "<nav>菜单</nav>",
    "<meta charset=\"gbk\">",
    "<meta name=\"ArticleTitle\" content=\"规划\">",
    "&nbsp;",
    "&lt;",
    "&#x4E2D;",
    "&#99999999;",
    "<![CDATA[",
    "]]>",
    "<?xml version=\"1.0\"?>",
    // CSV.
    "title,content\n",
    "\"",
    "\"\"",
    ",",
    "正文,标题\n",
    // Odd characters.
    "\0",
    "\u{feff}",
    "\r",
    "\r\n",
    "\t",
    "\u{3000}",
    " ",
    "\u{200b}",
    "\u{301}",
    "😀",
    "\u{10ffff}",
    "\u{fffd}",
    "\\",
    "$",
    "{",
    "}",
    "[",
    "]",
];

/// A document's text: fragments and arbitrary short strings, in any order.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
        1 => (prop::sample::select(FRAGMENTS), 1..200usize).prop_map(|(f, n)| f.repeat(n)),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|pieces| pieces.concat())
}

/// How the text is stored: its bytes in some encoding, or bytes of no encoding at all.
#[derive(Clone, Debug)]
enum Bytes {
    Utf8(String),
    Gb18030(String),
    Utf16Le(String),
    Raw(Vec<u8>),
}

impl Bytes {
    fn encode(&self) -> Vec<u8> {
        match self {
            Bytes::Utf8(text) => text.as_bytes().to_vec(),
            Bytes::Gb18030(text) => encoding_rs::GB18030.encode(text).0.into_owned(),
            Bytes::Utf16Le(text) => [0xff, 0xfe]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            Bytes::Raw(bytes) => bytes.clone(),
        }
    }
}

fn input() -> impl Strategy<Value = (Bytes, &'static str)> {
    let bytes = prop_oneof![
        6 => text().prop_map(Bytes::Utf8),
        1 => text().prop_map(Bytes::Gb18030),
        1 => text().prop_map(Bytes::Utf16Le),
        1 => prop::collection::vec(any::<u8>(), 0..2000).prop_map(Bytes::Raw),
    ];
    (
        bytes,
        prop::sample::select(&["txt", "md", "html", "csv"][..]),
    )
}

/// Reads, extracts and writes RDF for one input; checks what the pipeline promises.
fn check(directory: &std::path::Path, bytes: &Bytes, extension: &str) -> Result<(), TestCaseError> {
    let path = directory.join(format!("fuzz.{extension}"));
    std::fs::write(&path, bytes.encode()).expect("writes the input");
    // A file that cannot be read is an error, never a panic.
    let Ok(ingested) = ingest::read_document_with(&path, "fuzz", &Default::default()) else {
        return Ok(());
    };
    let extraction = extract(ingested.document, Gazetteer::embedded());
    let text: Vec<char> = extraction.segmented.text.chars().collect();
    for sentence in &extraction.segmented.sentences {
        prop_assert!(sentence.start <= sentence.end && sentence.end <= text.len());
        let slice: String = text[sentence.start..sentence.end].iter().collect();
        prop_assert_eq!(
            &slice,
            &sentence.text,
            "offsets of sentence {}",
            sentence.index
        );
        prop_assert!(sentence.section < extraction.segmented.sections.len());
    }
    let sentences = extraction.segmented.sentences.len();
    for relation in &extraction.relations {
        prop_assert!(
            !relation.evidence.is_empty(),
            "{relation:?} has no evidence"
        );
        prop_assert!(relation.evidence.iter().all(|&s| s < sentences));
        prop_assert!(relation.subject < extraction.entities.len());
        prop_assert!(relation.object < extraction.entities.len());
    }
    for quantity in &extraction.quantities {
        prop_assert!(quantity.sentence < sentences);
    }
    let (quads, _) = rdf::document_quads_and_shared(&extraction);
    prop_assert!(!quads.is_empty());
    rdf::entity_descriptions(&extraction);
    Ok(())
}

#[test]
fn generated_documents_never_break_the_pipeline() {
    let seconds: f64 = std::env::var("POLICYKG_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3.0);
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let directory = tempfile::tempdir().unwrap();
    let mut batches = 0;
    while batches == 0 || Instant::now() < deadline {
        // A runner counts the cases it has run: a fresh one (with a fresh random seed)
        // per batch of 64.
        let mut runner = TestRunner::new(Config {
            cases: 64,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&input(), |(bytes, extension)| {
            check(directory.path(), &bytes, extension)
        });
        if let Err(failure) = result {
            panic!("{failure}");
        }
        batches += 1;
    }
    eprintln!("fuzz: {} inputs in {seconds} s", batches * 64);
}
