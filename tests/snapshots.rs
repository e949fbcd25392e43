//! Golden tests: diagrams and query results of a tiny fixture, compared with the
//! snapshots in `tests/snapshots/` (insta). A change in what a user sees shows up here.

mod common;

use common::run;
use std::path::Path;

fn tiny_store() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots-input/tiny-plan.md");
    run(&store, &["build", input.to_str().unwrap(), "--quiet"]);
    (dir, store)
}

#[test]
fn tiny_plan_diagrams_and_queries() {
    let (_dir, store) = tiny_store();
    insta::assert_snapshot!("districts_dot", run(&store, &["diagram", "districts"]));
    insta::assert_snapshot!("focus_dot", run(&store, &["diagram", "focus", "嘉定区"]));
    insta::assert_snapshot!("sectors_dot", run(&store, &["diagram", "sectors"]));
    insta::assert_snapshot!("matrix_dot", run(&store, &["diagram", "matrix"]));
    insta::assert_snapshot!(
        "district_industries_csv",
        run(&store, &["query", "district-industries", "--format", "csv"])
    );
    insta::assert_snapshot!(
        "sector_targets_csv",
        run(&store, &["query", "sector-targets", "--format", "csv"])
    );
    insta::assert_snapshot!(
        "park_districts_csv",
        run(&store, &["query", "park-districts", "--format", "csv"])
    );
}
