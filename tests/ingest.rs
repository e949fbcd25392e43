//! End-to-end tests of reading input: bad files never stop a build, encodings as they
//! come, ids that never collide, `build --prune`, CSV page exports.

mod common;

use common::{csv_rows, document_ids, policykg, run, run_status, write};

const PLAN_TITLE: &str = "北京市朝阳区数字经济发展规划";
const PLAN_TEXT: &str = "朝阳区重点发展人工智能和数字创意产业。";

#[test]
fn bad_input_is_reported_by_name_and_the_rest_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    // 100,000 nested elements around the plan's text.
    let depth = 100_000;
    let deep = format!(
        "<html><body>{}<h1>{PLAN_TITLE}</h1><p>{PLAN_TEXT}</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    write(&corpus.join("deep.html"), deep.as_bytes());
    write(
        &corpus.join("broken.html"),
        b"\x89PNG\r\n\x1a\n\xff\xd8\xff\xe0\xff\xff\x80",
    );
    write(&corpus.join("nul.txt"), b"text\0with\0nul\0bytes");
    write(
        &corpus.join("good.md"),
        "# 上海市徐汇区数字经济发展规划\n\n徐汇区重点发展人工智能和数字创意产业。\n".as_bytes(),
    );
    let store = dir.path().join("store");
    let (code, stderr) = run_status(&store, &["build", corpus.to_str().unwrap(), "--quiet"]);
    assert_eq!(code, Some(1), "a file could not be built: {stderr}");
    assert!(
        stderr.contains("cannot decode '") && stderr.contains("broken.html'"),
        "{stderr}"
    );
    assert!(stderr.contains("nul.txt': contains NUL bytes"), "{stderr}");
    assert!(
        stderr.contains("deep.html: elements nest 100003 deep"),
        "{stderr}"
    );
    assert!(!stderr.contains("overflow"), "{stderr}");
    assert_eq!(document_ids(&store), ["deep", "good"]);
    let facts = run(&store, &["query", "district-industries", "--format", "csv"]);
    assert!(
        facts.contains("朝阳区,人工智能"),
        "the deep page's text is kept: {facts}"
    );
    assert!(facts.contains("徐汇区,人工智能"), "{facts}");
}

/// A page in the given encoding: `<title>` and a paragraph.
fn page(title: &str, meta: &str) -> String {
    format!("<html><head>{meta}<title>{title}</title></head><body><p>{title}。{PLAN_TEXT}本规划推动产业集聚发展，建设一批特色产业园区，完善产业生态，提升创新能力和综合竞争力。</p></body></html>")
}

#[test]
fn encodings_as_they_come() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let utf16 = |title: &str, little: bool| {
        let mut bytes = if little {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in page(title, "").encode_utf16() {
            bytes.extend(if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        bytes
    };
    write(&corpus.join("utf16le.html"), &utf16("小端规划", true));
    write(&corpus.join("utf16be.html"), &utf16("大端规划", false));
    let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
    utf8_bom.extend(page("带签名规划", "").as_bytes());
    write(&corpus.join("utf8bom.html"), &utf8_bom);
    let encode = |encoding: &'static encoding_rs::Encoding, text: &str| {
        let (bytes, _, had_errors) = encoding.encode(text);
        assert!(!had_errors);
        bytes.into_owned()
    };
    write(
        &corpus.join("gbk-meta.html"),
        &encode(
            encoding_rs::GBK,
            &page("国标规划", "<meta charset=\"gbk\">"),
        ),
    );
    write(
        &corpus.join("gb18030.html"),
        &encode(encoding_rs::GB18030, &page("无声明规划", "")),
    );
    let traditional = "<html><head><title>臺北市產業發展規劃</title></head><body><p>臺北市政府推動人工智慧產業發展，建設國際資料中心。到二〇二五年，數位經濟規模達到一千億元。各區應當加強產業園區建設，推動產學研合作。</p></body></html>";
    write(
        &corpus.join("big5.html"),
        &encode(encoding_rs::BIG5, traditional),
    );
    write(
        &corpus.join("xml-declared.txt"),
        &encode(
            encoding_rs::GB18030,
            &format!("<?xml version=\"1.0\" encoding=\"GB2312\"?>\n<doc><title>声明规划</title><p>{PLAN_TEXT}</p></doc>"),
        ),
    );
    let short_big5 = encode(encoding_rs::BIG5, "臺北市產業發展");
    write(&dir.path().join("short-big5.txt"), &short_big5);

    let store = dir.path().join("store");
    let (code, stderr) = run_status(&store, &["build", corpus.to_str().unwrap(), "--quiet"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        !stderr.contains("doubtful"),
        "nothing doubtful here: {stderr}"
    );
    let documents = run(&store, &["query", "documents", "--format", "csv"]);
    for title in [
        "小端规划",
        "大端规划",
        "带签名规划",
        "国标规划",
        "无声明规划",
        "臺北市產業發展規劃",
        "声明规划",
    ] {
        assert!(documents.contains(title), "{title} decoded: {documents}");
    }

    // Seven characters that are valid Big5 and valid GB18030: reported, not guessed
    // silently; --encoding settles it.
    let short = dir.path().join("short-big5.txt");
    let (code, stderr) = run_status(&store, &["build", short.to_str().unwrap(), "--quiet"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: ") && stderr.contains("short-big5.txt: doubtful encoding"),
        "{stderr}"
    );
    let (code, stderr) = run_status(
        &store,
        &[
            "build",
            short.to_str().unwrap(),
            "--quiet",
            "--encoding",
            "big5",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("doubtful"), "{stderr}");
    let extraction = policykg()
        .args(["extract", short.to_str().unwrap(), "--encoding", "big5"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&extraction.stdout).contains("臺北市產業發展"));
    let (code, stderr) = run_status(
        &store,
        &["build", short.to_str().unwrap(), "--encoding", "klingon"],
    );
    assert_eq!(code, Some(2), "an unknown encoding is a usage error");
    assert!(stderr.contains("unknown encoding 'klingon'"), "{stderr}");
}

#[test]
fn same_names_in_different_folders_get_different_ids_and_prune_removes_the_gone() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(
        &corpus.join("a/plan.md"),
        "# 上海市闵行区数字经济发展规划\n\n闵行区重点发展人工智能和数字创意产业。\n".as_bytes(),
    );
    write(
        &corpus.join("b/plan.md"),
        "# 上海市徐汇区数字经济发展规划\n\n徐汇区重点发展集成电路和生物医药产业。\n".as_bytes(),
    );
    write(
        &corpus.join("plan.md"),
        "# 上海市杨浦区数字经济发展规划\n\n杨浦区重点发展人工智能和数字创意产业。\n".as_bytes(),
    );
    let store = dir.path().join("store");
    let corpus_arg = corpus.to_str().unwrap();
    run(&store, &["build", corpus_arg, "--quiet"]);
    assert_eq!(document_ids(&store), ["a/plan", "b/plan", "plan"]);
    let facts = run(&store, &["query", "district-industries", "--format", "csv"]);
    assert!(facts.contains("闵行区,人工智能"), "{facts}");
    assert!(facts.contains("徐汇区,集成电路"), "{facts}");

    // Stable: building again replaces, it does not add.
    run(&store, &["build", corpus_arg, "--quiet"]);
    assert_eq!(document_ids(&store), ["a/plan", "b/plan", "plan"]);

    // Building a/ by itself: its plan.md would be 'plan', which corpus/plan.md holds.
    let (code, stderr) = run_status(
        &store,
        &["build", corpus.join("a").to_str().unwrap(), "--quiet"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("already holds document 'plan'"), "{stderr}");
    let ids = document_ids(&store);
    assert_eq!(ids.len(), 4, "nothing replaced: {ids:?}");
    assert!(ids.iter().any(|id| id.starts_with("plan~")), "{ids:?}");

    // b/plan.md goes; --prune takes its document out, and the copy of a/plan.md built
    // under the other id (its file is built as a/plan now).
    std::fs::remove_file(corpus.join("b/plan.md")).unwrap();
    let (code, stderr) = run_status(&store, &["build", corpus_arg, "--prune", "--quiet"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("removed b/plan"), "{stderr}");
    assert_eq!(document_ids(&store), ["a/plan", "plan"]);
    let facts = run(&store, &["query", "district-industries", "--format", "csv"]);
    assert!(!facts.contains("徐汇区,集成电路"), "{facts}");
    assert!(facts.contains("闵行区,人工智能"), "{facts}");

    // Without --prune nothing is removed; --prune needs a folder.
    let (code, _) = run_status(
        &store,
        &["build", corpus.join("plan.md").to_str().unwrap(), "--prune"],
    );
    assert_eq!(code, Some(2));
}

#[test]
fn csv_page_exports_are_read_as_documents() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("export.csv");
    let text = format!(
        "city,title,publish_date,url,full_text\n北京市,{PLAN_TITLE},2026-02-02,https://example.org/a,\"下载\n打印\n全屏\n【字号：\n加大\n】\n{PLAN_TITLE}\n一、总体要求\n{PLAN_TEXT}\n相关报道：\"\n"
    );
    write(&csv, text.as_bytes());
    let store = dir.path().join("store");
    run(&store, &["build", csv.to_str().unwrap(), "--quiet"]);
    let documents = csv_rows(&run(&store, &["query", "documents", "--format", "csv"]));
    assert_eq!(
        documents[1],
        [
            "export",
            PLAN_TITLE,
            "2026-02-02",
            "",
            "https://example.org/a",
            "csv"
        ]
    );
    let facts = run(&store, &["query", "district-industries", "--format", "csv"]);
    assert!(facts.contains("朝阳区,人工智能"), "{facts}");
    let extraction = policykg()
        .args(["extract", csv.to_str().unwrap()])
        .output()
        .unwrap();
    let json = String::from_utf8_lossy(&extraction.stdout);
    for chrome in ["下载", "打印", "字号", "相关报道"] {
        assert!(
            !json.contains(chrome),
            "page chrome '{chrome}' dropped: {json}"
        );
    }
}
