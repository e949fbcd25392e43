//! End-to-end tests of the graph commands and diagrams on the sample.

mod common;

use common::{run, shared_store};

#[test]
fn path_from_zhangjiang_to_integrated_circuits() {
    let out = run(shared_store(), &["path", "张江科学城", "集成电路"]);
    assert!(out.starts_with("张江科学城 → 集成电路"), "{out}");
    assert!(out.contains("集成电路"), "{out}");
    // Every hop cites a sentence.
    let hops = out
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .count();
    let cites = out
        .lines()
        .filter(|l| l.trim_start().starts_with('['))
        .count();
    assert!(hops >= 1 && cites >= hops, "{out}");
}

#[test]
fn neighbors_of_lingang() {
    let out = run(shared_store(), &["neighbors", "临港新片区"]);
    assert!(out.starts_with("临港新片区 (park)"), "{out}");
    assert!(out.contains("focuses on"), "{out}");
    for industry in ["集成电路", "生物医药", "人工智能"] {
        assert!(out.contains(industry), "{industry} missing:\n{out}");
    }
    let aliased = run(shared_store(), &["neighbors", "临港"]);
    assert_eq!(out, aliased, "临港 is an alias");
}

#[test]
fn rank_puts_pudong_and_minhang_near_the_top() {
    let out = run(
        shared_store(),
        &["rank", "--type", "district", "--top", "4"],
    );
    let top: Vec<&str> = out.lines().skip(2).take(4).collect();
    assert!(top.iter().any(|l| l.contains("浦东新区")), "{out}");
    assert!(top.iter().any(|l| l.contains("闵行区")), "{out}");
}

#[test]
fn unknown_and_ambiguous_names_are_explained() {
    common::policykg()
        .args([
            "--store",
            shared_store().to_str().unwrap(),
            "neighbors",
            "火星基地",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("no entity is called '火星基地'"));
}

#[test]
fn diagram_dot_is_byte_identical_across_runs() {
    for view in [
        vec!["districts"],
        vec!["sectors"],
        vec!["focus", "临港新片区"],
        vec!["focus", "临港新片区", "--depth", "2"],
        vec!["matrix"],
    ] {
        let mut args = vec!["diagram"];
        args.extend(view.iter().copied());
        let first = run(shared_store(), &args);
        let second = run(shared_store(), &args);
        assert_eq!(first, second, "{view:?}");
        assert!(first.starts_with("digraph"), "{view:?}");
        assert!(first.contains("Noto Sans CJK SC"), "CJK font set");
    }
}

#[test]
fn diagrams_render_to_svg_png_and_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let query = dir.path().join("q.rq");
    std::fs::write(&query, "PREFIX pkg: <https://w3id.org/policykg/ontology#>\nCONSTRUCT { ?p pkg:locatedIn ?d } WHERE { ?p pkg:locatedIn ?d }").unwrap();
    let views: [Vec<&str>; 5] = [
        vec!["matrix"],
        vec!["districts"],
        vec!["sectors"],
        vec!["focus", "浦东新区"],
        vec!["query", "--query", query.to_str().unwrap()],
    ];
    for view in views {
        // PDF goes through the same renderer; one view is enough to show it works.
        let formats: &[&str] = if view[0] == "focus" {
            &["svg", "png", "pdf"]
        } else {
            &["svg", "png"]
        };
        for &format in formats {
            let out = dir.path().join(format!("d.{format}"));
            let mut args = vec!["diagram"];
            args.extend(view.iter().copied());
            args.extend(["--format", format, "-o", out.to_str().unwrap()]);
            run(shared_store(), &args);
            let bytes = std::fs::read(&out).unwrap();
            match format {
                "svg" => {
                    let text = String::from_utf8(bytes).unwrap();
                    assert!(text.contains("<svg"), "{view:?}");
                    assert!(
                        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                        "Chinese labels in the SVG for {view:?}"
                    );
                }
                "png" => assert!(bytes.starts_with(b"\x89PNG"), "{view:?}"),
                _ => assert!(bytes.starts_with(b"%PDF"), "{view:?}"),
            }
        }
    }
}

#[test]
fn max_nodes_cuts_with_a_visible_note() {
    let out = run(
        shared_store(),
        &["diagram", "districts", "--max-nodes", "5"],
    );
    assert!(out.contains("more nodes not shown"), "{out}");
}

#[test]
fn matrix_marks_stated_and_inferred_facts_and_orders_industries_by_hosts() {
    let out = run(shared_store(), &["diagram", "matrix"]);
    // Both kinds of mark and the legend that tells them apart.
    assert!(
        out.contains(">●</FONT>") && out.contains(">○</FONT>"),
        "{out}"
    );
    assert!(
        out.contains("only inferred from the district's parks"),
        "{out}"
    );
    // Every district with a fact has a row: 徐汇区 states 人工智能 in the sample.
    for district in ["浦东新区", "徐汇区", "闵行区"] {
        assert!(
            out.contains(&format!(">{district}</TD>")),
            "{district}:\n{out}"
        );
    }
    // The column totals (districts per industry) never increase left to right.
    let totals_row = out
        .split("<TR>")
        .find(|row| row.contains("数量 districts"))
        .expect("a totals row");
    let totals: Vec<usize> = totals_row
        .split("COLOR=\"#6b7280\">")
        .skip(2)
        .filter_map(|cell| cell.split('<').next()?.parse().ok())
        .collect();
    assert!(totals.len() > 5, "{totals_row}");
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
}

#[test]
fn matrix_names_the_industries_it_leaves_out() {
    let out = run(
        shared_store(),
        &["diagram", "matrix", "--max-industries", "3"],
    );
    assert!(
        out.contains("more industries not shown (raise --max-industries)"),
        "{out}"
    );
    let header = out.split("</TR>").next().expect("a header row");
    assert_eq!(header.matches("BGCOLOR=\"#fef3c7\"").count(), 3, "{header}");
}

#[test]
fn focus_at_depth_two_keeps_the_strongest_neighbours_and_says_what_it_left_out() {
    let everything = run(
        shared_store(),
        &[
            "diagram",
            "focus",
            "临港新片区",
            "--depth",
            "2",
            "--strongest",
            "100000",
        ],
    );
    let pruned = run(
        shared_store(),
        &[
            "diagram",
            "focus",
            "临港新片区",
            "--depth",
            "2",
            "--strongest",
            "5",
        ],
    );
    let nodes = |dot: &str| dot.lines().filter(|l| l.contains(" label=")).count();
    assert!(nodes(&pruned) < nodes(&everything), "{pruned}");
    assert!(!everything.contains("raise --strongest"), "{everything}");
    assert!(
        pruned.contains("2 hops away: 5 shown") && pruned.contains("(raise --strongest)"),
        "{pruned}"
    );
    // Strong: 浦东新区 hosts several of the industries 临港新片区 focuses on. Weak: a
    // technology of a single one of them.
    assert!(pruned.contains("label=\"浦东新区\""), "{pruned}");
    assert!(
        everything.contains("label=\"人工智能芯片\""),
        "{everything}"
    );
    assert!(!pruned.contains("label=\"人工智能芯片\""), "{pruned}");
    // Depth 1 is whole and needs no note.
    let near = run(shared_store(), &["diagram", "focus", "临港新片区"]);
    assert!(!near.contains("left out"), "{near}");
    assert!(near.contains("label=\"集成电路\""), "{near}");
}
