//! End-to-end tests of the `policykg` binary on the bundled sample and the fixtures.

mod common;

use common::{csv_rows, fixture, policykg, run, shared_store, SAMPLE};
use predicates::prelude::*;
use std::path::Path;

fn pairs(csv: &str) -> Vec<(String, String)> {
    csv_rows(csv)
        .into_iter()
        .skip(1)
        .filter(|r| r.len() >= 2)
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect()
}

#[test]
fn district_industries_on_the_sample() {
    let csv = run(
        shared_store(),
        &["query", "district-industries", "--format", "csv"],
    );
    let rows = csv_rows(&csv);
    assert_eq!(
        rows[0],
        ["district", "industry"],
        "column names are a public interface"
    );
    let found = pairs(&csv);
    for (district, industry) in [
        ("浦东新区", "集成电路"),
        ("浦东新区", "生物医药"),
        ("徐汇区", "人工智能"),
        ("杨浦区", "信息技术服务"),
    ] {
        assert!(
            found.contains(&(district.to_owned(), industry.to_owned())),
            "missing {district}–{industry} in:\n{csv}"
        );
    }
}

#[test]
fn sector_targets_on_the_sample() {
    let csv = run(
        shared_store(),
        &["query", "sector-targets", "--format", "csv"],
    );
    let rows = csv_rows(&csv);
    assert_eq!(
        rows[0],
        [
            "sector",
            "metric",
            "year",
            "value",
            "unit",
            "qualifier",
            "text"
        ]
    );
    let has = |sector: &str, value: &str| {
        rows.iter()
            .any(|r| r[0] == sector && r[2] == "2025" && r[3] == value && r[4] == "CNY")
    };
    assert!(has("新能源汽车", "350000000000"), "{csv}");
    assert!(has("新兴数字产业", "1000000000000"), "{csv}");
    for sector in ["信息通信", "新材料", "航空航天", "高端装备制造"] {
        assert!(
            rows.iter()
                .any(|r| r[0] == sector && r[2] == "2025" && r[4] == "CNY"),
            "no 2025 CNY target for {sector}:\n{csv}"
        );
    }
    let new_energy = rows
        .iter()
        .find(|r| r[0] == "新能源汽车" && r[3] == "350000000000")
        .unwrap();
    assert_eq!(new_energy[5], "左右");
    assert!(
        new_energy[6].contains("3500亿元"),
        "original wording kept: {new_energy:?}"
    );
}

#[test]
fn historical_figures_are_observations_not_targets() {
    let targets = run(
        shared_store(),
        &["query", "sector-targets", "--format", "csv"],
    );
    assert!(
        !targets.contains("732800000000"),
        "2020's 7328亿元 is history, not a target"
    );
    let observations = run(
        shared_store(),
        &["query", "sector-observations", "--format", "csv"],
    );
    assert!(observations.contains("732800000000"), "{observations}");
}

#[test]
fn rebuilding_a_document_replaces_its_graph() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    run(&store, &["build", SAMPLE, "--quiet"]);
    let triples = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("triples:"))
            .unwrap()
            .to_owned()
    };
    let first = triples(&run(&store, &["stats"]));
    run(&store, &["build", SAMPLE, "--quiet"]);
    assert_eq!(
        first,
        triples(&run(&store, &["stats"])),
        "building twice must not duplicate"
    );
    run(
        &store,
        &[
            "build",
            fixture("sh-featured-parks-notice-flattened.md")
                .to_str()
                .unwrap(),
            "--quiet",
        ],
    );
    let documents = run(&store, &["query", "documents", "--format", "csv"]);
    assert_eq!(
        csv_rows(&documents).len(),
        3,
        "another document adds to the store:\n{documents}"
    );
}

#[test]
fn build_prints_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    policykg()
        .args([
            "--store",
            dir.path().join("s").to_str().unwrap(),
            "build",
            SAMPLE,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("built 1 document"))
        .stdout(predicate::str::contains("district hosts industry"))
        .stdout(predicate::str::contains("triples"));
}

#[test]
fn query_accepts_sparql_text_and_stdin() {
    let out = run(
        shared_store(),
        &[
            "query",
            "ASK { ?d a <https://w3id.org/policykg/ontology#District> }",
            "--format",
            "csv",
        ],
    );
    assert!(out.contains("true"), "{out}");
    policykg()
        .args([
            "--store",
            shared_store().to_str().unwrap(),
            "query",
            "-",
            "--format",
            "tsv",
        ])
        .write_stdin("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("?n"));
}

#[test]
fn construct_queries_come_as_turtle() {
    let out = run(
        shared_store(),
        &["query", "PREFIX pkg: <https://w3id.org/policykg/ontology#> CONSTRUCT { ?d pkg:hostsIndustry ?s } WHERE { ?d pkg:hostsIndustry ?s }"],
    );
    assert!(out.contains("pkg:hostsIndustry"), "{out}");
}

#[test]
fn usage_errors_exit_2_and_runtime_errors_exit_1() {
    policykg()
        .args([
            "--store",
            shared_store().to_str().unwrap(),
            "query",
            "no-such-query",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown query 'no-such-query'"))
        .stderr(predicate::str::contains("district-industries"));
    policykg()
        .args([
            "--store",
            shared_store().to_str().unwrap(),
            "query",
            "SELECT WHERE {",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid SPARQL"));
    let dir = tempfile::tempdir().unwrap();
    policykg()
        .args([
            "--store",
            dir.path().join("none").to_str().unwrap(),
            "query",
            "district-industries",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("policykg build"));
    policykg()
        .args([
            "--store",
            dir.path().join("s").to_str().unwrap(),
            "build",
            "no/such/file.html",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no/such/file.html"));
}

#[test]
fn explain_prints_the_sentences_with_document_and_section() {
    let out = run(shared_store(), &["explain", "徐汇区", "人工智能"]);
    assert!(out.contains("徐汇区 —hosts industry→ 人工智能"), "{out}");
    assert!(
        out.contains("浦东新区集成电路和生物医药、徐汇区人工智能"),
        "{out}"
    );
    assert!(out.contains(common::SAMPLE_ID), "names the document: {out}");
}

#[test]
fn explain_prints_an_entitys_targets_with_their_sentences() {
    let out = run(shared_store(), &["explain", "新能源汽车"]);
    assert!(
        out.contains("新能源汽车 target for 2025: 制造业产值 3500亿元左右"),
        "{out}"
    );
    assert!(
        out.contains("到2025年，上海新能源汽车制造业产值达到3500亿元左右。"),
        "the sentence behind the target: {out}"
    );
}

#[test]
fn aliases_collapse_to_one_entity() {
    let parks = run(shared_store(), &["query", "parks", "--format", "csv"]);
    let names: Vec<String> = csv_rows(&parks)
        .into_iter()
        .skip(1)
        .map(|r| r[0].clone())
        .collect();
    assert!(names.contains(&"张江科学城".to_owned()), "{names:?}");
    assert!(
        !names.contains(&"张江".to_owned()),
        "张江 is an alias of 张江科学城: {names:?}"
    );
    let sectors = run(shared_store(), &["query", "sectors", "--format", "csv"]);
    assert!(
        !csv_rows(&sectors).iter().any(|r| r[0] == "高端装备"),
        "高端装备 is 高端装备制造:\n{sectors}"
    );
    let districts = run(shared_store(), &["query", "districts", "--format", "csv"]);
    assert!(
        !csv_rows(&districts).iter().any(|r| r[0] == "闵行"),
        "{districts}"
    );
}

#[test]
fn export_writes_every_format() {
    for format in ["nquads", "trig", "turtle", "nt"] {
        let out = run(shared_store(), &["export", "--format", format]);
        assert!(out.contains("hostsIndustry"), "{format}");
    }
}

#[test]
fn gb18030_text_and_markdown_inputs_build() {
    let dir = tempfile::tempdir().unwrap();
    let text = "北京市朝阳区数字经济发展规划\n\n朝阳区重点发展人工智能和数字创意产业。\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    let path = dir.path().join("chaoyang.txt");
    std::fs::write(&path, &bytes).unwrap();
    let store = dir.path().join("store");
    run(&store, &["build", path.to_str().unwrap(), "--quiet"]);
    let csv = run(&store, &["query", "district-industries", "--format", "csv"]);
    assert!(
        csv.contains("朝阳区,人工智能"),
        "a GB18030 text from another city: {csv}"
    );
    let districts = run(&store, &["query", "districts", "--format", "csv"]);
    assert!(
        districts.contains("110105"),
        "朝阳区 resolves to Beijing's code: {districts}"
    );
}

#[test]
fn another_citys_district_plan() {
    // An invented Shenzhen district plan: districts resolve in Shenzhen, parks are placed
    // in the plan's district, 2030 targets come from the 十五五 period.
    let store = shared_store();
    let districts = run(store, &["query", "districts", "--format", "csv"]);
    assert!(districts.contains("南山区,District,,440305"), "{districts}");
    let parks = pairs(&run(store, &["query", "park-districts", "--format", "csv"]));
    for park in [
        "深圳湾超级总部基地",
        "留仙洞总部基地",
        "西丽湖国际科教城",
        "前海深港现代服务业合作区",
    ] {
        assert!(
            parks.contains(&(park.to_owned(), "南山区".to_owned())),
            "{park} in 南山区: {parks:?}"
        );
    }
    let targets = csv_rows(&run(store, &["query", "sector-targets", "--format", "csv"]));
    assert!(
        targets
            .iter()
            .any(|r| r[0] == "集成电路" && r[2] == "2030" && r[3] == "120000000000"),
        "{targets:?}"
    );
}

#[test]
fn remove_needs_a_store_and_a_known_document() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-store");
    let output = policykg()
        .arg("--store")
        .arg(&missing)
        .args(["remove", "some-id"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("does not exist yet"));
    assert!(!missing.exists(), "remove must not create a store");
    let store = dir.path().join("store");
    let tiny = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/snapshots-input/tiny-plan.md"
    );
    run(&store, &["build", tiny, "--quiet"]);
    let output = policykg()
        .arg("--store")
        .arg(&store)
        .args(["remove", "no-such-document"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("'no-such-document'"));
}

#[test]
fn users_add_their_own_park_list_with_ontology() {
    let dir = tempfile::tempdir().unwrap();
    let ontology = dir.path().join("my-ontology");
    std::fs::create_dir(&ontology).unwrap();
    std::fs::write(
        ontology.join("parks.ttl"),
        r#"@prefix pkg: <https://w3id.org/policykg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/policykg/id/park/西岸星谷> a pkg:Park , skos:Concept ;
    skos:prefLabel "西岸星谷"@zh ;
    skos:altLabel "星谷"@zh ;
    pkg:gazetteerDistrict <https://w3id.org/policykg/id/district/310104> .
"#,
    )
    .unwrap();
    let document = dir.path().join("plan.md");
    std::fs::write(
        &document,
        "# 关于加快发展人工智能产业的若干措施\n\n支持星谷重点发展人工智能产业，集聚一批龙头企业。\n",
    )
    .unwrap();
    let store = dir.path().join("store");
    let (document, ontology) = (document.to_str().unwrap(), ontology.to_str().unwrap());

    // Without the list the name is not a park; with it, it is, with its industry.
    run(&store, &["build", document, "--quiet"]);
    let parks = run(&store, &["query", "parks", "--format", "csv"]);
    assert!(!parks.contains("西岸星谷"), "{parks}");
    run(
        &store,
        &["build", document, "--ontology", ontology, "--quiet"],
    );
    let parks = run(&store, &["query", "parks", "--format", "csv"]);
    assert!(parks.contains("西岸星谷,Park"), "{parks}");
    let industries = pairs(&run(
        &store,
        &["query", "park-industries", "--format", "csv"],
    ));
    assert!(
        industries.contains(&("西岸星谷".to_owned(), "人工智能".to_owned())),
        "{industries:?}"
    );

    // A misspelt cue list is refused by name, not ignored.
    std::fs::write(
        dir.path().join("my-ontology/cues.yaml"),
        "park_sufixes:\n  - 星谷\n",
    )
    .unwrap();
    policykg()
        .args(["extract", document, "--ontology", ontology])
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown cue list 'park_sufixes'"));
    // A folder that does not exist is named.
    policykg()
        .args(["extract", document, "--ontology", "/no/such/folder"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("/no/such/folder"));
}

#[test]
fn audit_lists_names_most_doubtful_first() {
    let output = policykg()
        .args(["audit", SAMPLE, "--format", "tsv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "type",
            "name",
            "doubt",
            "reasons",
            "documents",
            "mentions",
            "known",
            "document",
            "example",
            "written"
        ]
    );
    let doubts: Vec<u32> = rows[1..].iter().map(|r| r[2].parse().unwrap()).collect();
    assert!(doubts.windows(2).all(|w| w[0] >= w[1]), "sorted by doubt");
    assert!(
        rows.iter()
            .any(|r| r[0] == "park" && r[1] == "张江科学城" && !r[8].is_empty()),
        "a known park with its example sentence"
    );
    assert!(
        rows[1..].iter().all(|r| r[0] != "district"),
        "districts are not audited"
    );
    let sample = run(
        Path::new("unused"),
        &["audit", SAMPLE, "--sample", "5", "--seed", "3"],
    );
    assert_eq!(
        sample.lines().count(),
        6,
        "header and five names:\n{sample}"
    );
}
