//! Extraction quality against the project's hand-made gold: `cargo test` fails when a
//! score drops below its floor. Floors are the acceptance criteria of issue 3.

mod common;

use common::{gold, run, shared_store, SAMPLE_ID};

/// Runs `policykg eval` and reads the F1 column per relation.
fn f1_scores(gold_file: &str, document: &str) -> Vec<(String, f64)> {
    let out = run(
        shared_store(),
        &[
            "eval",
            gold(gold_file).to_str().unwrap(),
            "--document",
            document,
        ],
    );
    out.lines()
        .skip(2)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            Some((fields.first()?.to_string(), fields.last()?.parse().ok()?))
        })
        .collect()
}

fn assert_floors(gold_file: &str, document: &str, floors: &[(&str, f64)]) {
    let scores = f1_scores(gold_file, document);
    for (relation, floor) in floors {
        let score = scores
            .iter()
            .find(|(r, _)| r == relation)
            .unwrap_or_else(|| panic!("{relation} not scored for {gold_file}: {scores:?}"))
            .1;
        assert!(
            score >= *floor,
            "{gold_file}: {relation} F1 {score:.3} < floor {floor}"
        );
    }
}

// Floors are issue 3's acceptance levels: 0.90 / 0.80 on the sample, 0.75 for every relation
// of the other annotated documents.

#[test]
fn sample_meets_its_floors() {
    assert_floors(
        "shanghai-2021.tsv",
        SAMPLE_ID,
        &[
            ("district-industry", 0.90),
            ("park-district", 0.90),
            ("sector-target", 0.90),
            ("park-industry", 0.80),
            ("sector-observation", 0.80),
            ("sector-technology", 0.80),
        ],
    );
}

#[test]
fn markdown_district_plan_meets_its_floors() {
    assert_floors(
        "minhang-15th-fyp-emerging-industries.tsv",
        "minhang-15th-fyp-emerging-industries",
        &[
            ("district-industry", 0.75),
            ("park-district", 0.75),
            ("park-industry", 0.75),
            ("sector-target", 0.75),
            ("sector-observation", 0.75),
            ("sector-technology", 0.75),
        ],
    );
}

#[test]
fn flattened_table_notice_meets_its_floors() {
    let relations = [
        "district-industry",
        "park-district",
        "park-industry",
        "sector-target",
        "sector-observation",
    ];
    let floors: Vec<(&str, f64)> = relations.iter().map(|r| (*r, 0.75)).collect();
    assert_floors(
        "sh-featured-parks-notice-flattened.tsv",
        "sh-featured-parks-notice-flattened",
        &floors,
    );
}

#[test]
fn low_altitude_plan_meets_its_floors() {
    // A real city-level plan (dev document 03), mostly about flight-service management.
    assert_floors(
        "03_sh-low-altitude-flight-service-capacity-plan-2024.tsv",
        "03_sh-low-altitude-flight-service-capacity-plan-2024",
        // No park–industry pair since the gold file's correction (临港新片区–低空融合飞行
        // was a pilot, not an industry): none is found, so nothing is scored.
        &[
            ("district-industry", 0.75),
            ("park-district", 0.75),
            ("sector-target", 0.75),
        ],
    );
}

/// Every relation of a blind-annotated document.
const ALL_RELATIONS: [&str; 6] = [
    "district-industry",
    "park-district",
    "park-industry",
    "sector-target",
    "sector-observation",
    "sector-technology",
];

#[test]
fn other_city_web_page_meets_its_floors() {
    // A Hangzhou district's plan as a government web page, also written and annotated blind.
    let floors: Vec<(&str, f64)> = ALL_RELATIONS.iter().map(|r| (*r, 0.75)).collect();
    assert_floors(
        "hangzhou-binjiang-15th-fyp-industry.tsv",
        "hangzhou-binjiang-15th-fyp-industry",
        &floors,
    );
}

#[test]
fn unseen_district_plan_meets_its_floors() {
    // Written and annotated by someone who had not read the extractor; its first scores
    // prompted general fixes, so it is no longer unseen.
    let floors: Vec<(&str, f64)> = ALL_RELATIONS.iter().map(|r| (*r, 0.75)).collect();
    assert_floors(
        "changning-15th-fyp-digital-economy.tsv",
        "changning-15th-fyp-digital-economy",
        &floors,
    );
}

/// A store of the real development corpus (`../shared/corpus/dev/`, beside the checkout),
/// built once per test binary.
fn dev_store() -> &'static std::path::Path {
    static STORE: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> =
        std::sync::OnceLock::new();
    &STORE
        .get_or_init(|| {
            let corpus =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev");
            assert!(
                corpus.is_dir(),
                "the development corpus is expected at {} (the shared folder beside the checkout)",
                corpus.display()
            );
            let dir = tempfile::tempdir().expect("temp dir");
            let store = dir.path().join("store");
            run(&store, &["build", corpus.to_str().unwrap(), "--quiet"]);
            (dir, store)
        })
        .1
}

/// Regression floors on the blind gold (issue 9): each relation's score when the floors
/// were set, rounded down to 0.05. They guard what general rules won; they are not the
/// aim (F1 0.8 on every relation), which most relations of these documents do not reach
/// yet (see the README's table). Relations at 0 have no floor.
#[test]
fn blind_gold_keeps_its_scores() {
    let floors: &[(&str, &[(&str, f64)])] = &[
        (
            "01_putuo-territorial-spatial-near-term-plan-2026-2030",
            &[
                ("park-district", 0.6),
                ("park-industry", 0.5),
                ("sector-target", 1.0),
            ],
        ),
        (
            "02_huangpu-urban-renewal-15th-plan-2026",
            &[("park-district", 0.46), ("park-industry", 0.53)],
        ),
        (
            "05_sh-service-industry-innovation-demo-zones-2023",
            &[("park-industry", 0.23)],
        ),
        (
            // Annotated after the others; these are its first scores (8762e71).
            "09_baoshan-15th-five-year-plan-outline",
            &[
                ("district-industry", 0.35),
                ("park-district", 0.54),
                ("park-industry", 0.21),
                // 0.32 since an outline's indicator table is read (categories inside rows,
                // 第十五个五年 as the period).
                ("sector-target", 0.32),
                ("sector-technology", 0.14),
            ],
        ),
        (
            "10_hongkou-green-lowcarbon-industry-15th-plan",
            &[
                ("district-industry", 0.4),
                ("park-district", 0.6),
                // 0.48 since 立足 opens a relied-on clause like 依托 and 深耕 is a focus verb.
                ("park-industry", 0.48),
                ("sector-target", 0.85),
            ],
        ),
        (
            "11_jingan-ai-innovation-demo-zone-action-plan-2026-2028",
            &[
                ("district-industry", 0.3),
                ("park-district", 1.0),
                ("sector-target", 1.0),
                // 0.47 since items of a list of platforms (…等垂直大模型平台) need a
                // technology head: 行业数据标注 and 数据价值评估 are services.
                ("sector-technology", 0.47),
            ],
        ),
        (
            "12_jingan-modern-industry-system-measures-2026",
            &[("district-industry", 0.66), ("sector-technology", 0.29)],
        ),
        (
            // Annotated after the others; these are its first scores (8762e71).
            "13_jingan-ftz-linkage-innovation-zone-plan-2026",
            &[("district-industry", 0.14), ("park-district", 0.66)],
        ),
        (
            "14_jiading-major-projects-plan-2026",
            &[("park-district", 0.66), ("park-industry", 0.5)],
        ),
        (
            "15_pudong-professional-services-action-plan-2024",
            &[
                // 0.78 since 促进 ties a place to an industry.
                ("district-industry", 0.78),
                // 0.93 and 0.69 since 世博前滩 is a name of 前滩 in the gazetteer.
                ("park-district", 0.93),
                ("park-industry", 0.69),
                ("sector-target", 1.0),
            ],
        ),
        (
            "17_xuhui-green-lowcarbon-industry-support-2025",
            &[("district-industry", 0.2)],
        ),
        (
            "20_yangpu-lifestyle-belt-heritage-action-plan-2024-2026",
            &[
                ("district-industry", 0.33),
                // 0.25 since a national title is no place (杨浦生活秀带国家文物保护利用示范区):
                // the four key areas of one sentence (大创智, 大创谷 …) are now placed in
                // 杨浦区 itself, true in the text but not pairs the gold lists.
                ("park-district", 0.25),
                // 0.88 since the title's industries are no longer given to it as a park.
                ("park-industry", 0.88),
            ],
        ),
        (
            "21_beijing-2026-government-work-report",
            &[
                // 1.0 since a place listed among laboratories (昌平南口、马池口等全国重点
                // 实验室集群) is no park: 南口–昌平区 is gone.
                ("park-district", 1.0),
                ("park-industry", 0.42),
                ("sector-target", 0.85),
                ("sector-observation", 0.45),
            ],
        ),
        (
            "26_fujian-2026-government-work-report",
            &[
                ("park-industry", 0.6),
                ("sector-target", 0.83),
                ("sector-observation", 0.42),
            ],
        ),
    ];
    let mut failures = Vec::new();
    for (document, floors) in floors {
        let gold_file = format!("{document}.tsv");
        let out = run(
            dev_store(),
            &[
                "eval",
                gold(&gold_file).to_str().unwrap(),
                "--document",
                document,
            ],
        );
        for (relation, floor) in *floors {
            let score = out
                .lines()
                .skip(2)
                .take_while(|l| !l.trim().is_empty())
                .map(|l| l.split_whitespace().collect::<Vec<_>>())
                .find(|fields| fields.first() == Some(relation))
                .and_then(|fields| fields.last()?.parse::<f64>().ok())
                .unwrap_or(0.0);
            if score < *floor {
                failures.push(format!(
                    "{document}: {relation} F1 {score:.3} < floor {floor}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
