//! Correctness at scale: many documents that state the same facts must not multiply
//! rows, and removing documents must keep what the others still state. Built from
//! copies of the bundled sample plan (every kind of entity, fact and figure), through
//! the binary, both ways a store is written (the bulk loader for a fresh store,
//! transactions for an existing one).

mod common;

use common::{csv_rows, run};
use std::path::{Path, PathBuf};

const COPIES: usize = 5;

/// The public canned queries; `documents` lists one row per document and is checked
/// on its own.
const QUERIES: [&str; 12] = [
    "district-industries",
    "district-industries-all",
    "districts",
    "park-districts",
    "park-industries",
    "parks",
    "sector-observations",
    "sector-targets",
    "sector-technologies",
    "sectors",
    "technologies",
    "documents",
];

fn sample() -> PathBuf {
    PathBuf::from(common::SAMPLE)
}

/// A folder holding `count` copies of the sample, named copy-00.html, copy-01.html …
fn copies(dir: &Path, count: usize) -> PathBuf {
    let folder = dir.join(format!("copies-{count}"));
    std::fs::create_dir_all(&folder).unwrap();
    let text = std::fs::read(sample()).unwrap();
    for index in 0..count {
        std::fs::write(folder.join(format!("copy-{index:02}.html")), &text).unwrap();
    }
    folder
}

/// A canned query's name, its rows without the per-document column, and that column.
type Answer = (String, Vec<Vec<String>>, Vec<String>);

fn query(store: &Path, name: &str) -> Vec<Vec<String>> {
    csv_rows(&run(store, &["query", name, "--format", "csv"]))
}

/// Every canned query's rows, with the `documents` column (how many documents mention
/// an entity) and the `documents` query's ids set apart so copies can be compared.
fn answers(store: &Path) -> Vec<Answer> {
    QUERIES
        .iter()
        .map(|name| {
            let mut rows = query(store, name);
            let header = rows.remove(0);
            let mut counts = Vec::new();
            if let Some(column) = header.iter().position(|c| c == "documents") {
                for row in &mut rows {
                    counts.push(row.remove(column));
                }
            }
            if *name == "documents" {
                let id = header.iter().position(|c| c == "id").unwrap();
                for row in &mut rows {
                    counts.push(std::mem::take(&mut row[id]));
                }
                rows.dedup();
            }
            (name.to_string(), rows, counts)
        })
        .collect()
}

fn single_copy_answers(dir: &Path) -> Vec<Answer> {
    let store = dir.join("single");
    run(
        &store,
        &["build", copies(dir, 1).to_str().unwrap(), "--quiet"],
    );
    answers(&store)
}

fn assert_same_rows_as_one_copy(many: &[Answer], one: &[Answer], copies: usize) {
    for ((name, rows, counts), (_, single_rows, single_counts)) in many.iter().zip(one) {
        assert!(!single_rows.is_empty(), "{name}: the sample gives no rows");
        assert_eq!(
            rows, single_rows,
            "{name}: {copies} copies must give exactly the rows of one"
        );
        if name == "documents" {
            assert_eq!(counts.len(), copies, "{name}: one row per document");
        } else if !single_counts.is_empty() {
            let expected: Vec<String> = single_counts
                .iter()
                .map(|c| (c.parse::<usize>().unwrap() * copies).to_string())
                .collect();
            assert_eq!(counts, &expected, "{name}: documents column");
        }
    }
}

#[test]
fn copies_built_at_once_give_the_rows_of_one() {
    let dir = tempfile::tempdir().unwrap();
    let one = single_copy_answers(dir.path());
    let store = dir.path().join("many");
    run(
        &store,
        &[
            "build",
            copies(dir.path(), COPIES).to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_same_rows_as_one_copy(&answers(&store), &one, COPIES);

    // Removing all but one copy leaves exactly the store of one copy: entities, their
    // labels and facts intact, counts back to one.
    let ids: Vec<String> = (1..COPIES).map(|i| format!("copy-{i:02}")).collect();
    let mut args = vec!["remove"];
    args.extend(ids.iter().map(String::as_str));
    run(&store, &args);
    assert_same_rows_as_one_copy(&answers(&store), &one, 1);
    let neighbours = run(&store, &["neighbors", "徐汇区"]);
    assert!(neighbours.contains("人工智能 (sector)"), "{neighbours}");
}

#[test]
fn copies_added_one_by_one_give_the_rows_of_one() {
    let dir = tempfile::tempdir().unwrap();
    let one = single_copy_answers(dir.path());
    let store = dir.path().join("many");
    let folder = copies(dir.path(), COPIES);
    // The first build fills a fresh store; the others add to it in transactions,
    // and building the same files again replaces rather than adds.
    run(
        &store,
        &[
            "build",
            folder.join("copy-00.html").to_str().unwrap(),
            "--quiet",
        ],
    );
    run(&store, &["build", folder.to_str().unwrap(), "--quiet"]);
    run(&store, &["build", folder.to_str().unwrap(), "--quiet"]);
    assert_same_rows_as_one_copy(&answers(&store), &one, COPIES);

    // Removing every copy leaves no entity and no fact behind.
    let ids: Vec<String> = (0..COPIES).map(|i| format!("copy-{i:02}")).collect();
    let mut args = vec!["remove"];
    args.extend(ids.iter().map(String::as_str));
    run(&store, &args);
    for name in QUERIES {
        let rows = query(&store, name);
        assert_eq!(
            rows.len(),
            1,
            "{name} should be empty after removing all: {rows:?}"
        );
    }
    let leftover = run(
        &store,
        &[
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/policykg/graph/entities> { ?s ?p ?o } }",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        csv_rows(&leftover)[1],
        vec!["0"],
        "entity graph not emptied"
    );
}
