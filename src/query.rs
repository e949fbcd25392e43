//! Queries: the canned SPARQL queries of `queries/` (embedded in the binary), resolving
//! what a user passes to `policykg query`, and writing results as a table, CSV, TSV,
//! JSON, XML, Turtle or N-Triples.
//!
//! SPARQL lives in `queries/*.rq`, never in Rust strings.

use crate::error::{Error, Result};
use crate::store::KnowledgeStore;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, QuerySolution};
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// The canned queries: name → SPARQL text. Names and column names are a public interface.
pub const CANNED_QUERIES: [(&str, &str); 22] = [
    (
        "district-industries",
        include_str!("../queries/district-industries.rq"),
    ),
    (
        "district-industries-all",
        include_str!("../queries/district-industries-all.rq"),
    ),
    ("districts", include_str!("../queries/districts.rq")),
    (
        "document-locations",
        include_str!("../queries/document-locations.rq"),
    ),
    (
        "document-quantities",
        include_str!("../queries/document-quantities.rq"),
    ),
    (
        "document-relations",
        include_str!("../queries/document-relations.rq"),
    ),
    ("documents", include_str!("../queries/documents.rq")),
    (
        "entity-figures",
        include_str!("../queries/entity-figures.rq"),
    ),
    ("entity-labels", include_str!("../queries/entity-labels.rq")),
    (
        "entity-sentences",
        include_str!("../queries/entity-sentences.rq"),
    ),
    (
        "fact-sentences",
        include_str!("../queries/fact-sentences.rq"),
    ),
    ("graph-edges", include_str!("../queries/graph-edges.rq")),
    ("indicators", include_str!("../queries/indicators.rq")),
    (
        "park-districts",
        include_str!("../queries/park-districts.rq"),
    ),
    (
        "park-industries",
        include_str!("../queries/park-industries.rq"),
    ),
    ("parks", include_str!("../queries/parks.rq")),
    (
        "sector-observations",
        include_str!("../queries/sector-observations.rq"),
    ),
    (
        "sector-targets",
        include_str!("../queries/sector-targets.rq"),
    ),
    (
        "sector-technologies",
        include_str!("../queries/sector-technologies.rq"),
    ),
    ("sectors", include_str!("../queries/sectors.rq")),
    (
        "sentence-texts",
        include_str!("../queries/sentence-texts.rq"),
    ),
    ("technologies", include_str!("../queries/technologies.rq")),
];

/// Queries the tool itself uses (they need a variable bound), not listed to users.
pub fn is_internal(name: &str) -> bool {
    matches!(
        name,
        "document-quantities"
            | "document-relations"
            | "entity-figures"
            | "entity-labels"
            | "entity-sentences"
            | "fact-sentences"
            | "sentence-texts"
            | "graph-edges"
    )
}

/// The SPARQL text of a canned query.
pub fn canned(name: &str) -> Option<&'static str> {
    CANNED_QUERIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The first comment line of a canned query: what it answers.
pub fn describe(text: &str) -> String {
    text.lines()
        .take_while(|line| line.starts_with('#'))
        .map(|line| line.trim_start_matches('#').trim())
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Turns what the user passed into SPARQL text and a name for messages: a canned query
/// name, a `.rq` file, `-` for standard input, or SPARQL itself.
pub fn resolve(
    argument: &str,
    read_stdin: impl FnOnce() -> std::io::Result<String>,
) -> Result<(String, String)> {
    if let Some(text) = canned(argument) {
        return Ok((text.to_owned(), format!("'{argument}'")));
    }
    if argument == "-" {
        let text = read_stdin()?;
        return Ok((text, "standard input".to_owned()));
    }
    let path = std::path::Path::new(argument);
    if argument.ends_with(".rq")
        || argument.ends_with(".sparql")
        || (path.is_file() && !argument.contains('{'))
    {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        return Ok((text, format!("'{argument}'")));
    }
    let upper = argument.to_uppercase();
    let looks_like_sparql = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX", "BASE"]
        .iter()
        .any(|keyword| upper.contains(keyword));
    if looks_like_sparql {
        return Ok((argument.to_owned(), "the query text".to_owned()));
    }
    Err(Error::UnknownQuery {
        name: argument.to_owned(),
        available: CANNED_QUERIES
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| !is_internal(name))
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// Whether `text` is a SPARQL UPDATE rather than a query: the HTTP server refuses
/// updates with their own message instead of a syntax error.
pub fn is_update(text: &str) -> bool {
    // A blank text or a lone prologue parses as an empty update: that is no update.
    let upper = text.to_uppercase();
    let has_operation = [
        "INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
    ]
    .iter()
    .any(|keyword| upper.contains(keyword));
    has_operation
        && oxigraph::sparql::SparqlEvaluator::new()
            .parse_update(text)
            .is_ok()
}

/// How to write results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    Nt,
}

/// A SELECT result held in memory: column names and rows.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<Term>>>,
}

impl Table {
    /// Collects the solutions of a SELECT query.
    pub fn from_results(results: QueryResults<'_>, origin: &str) -> Result<Table> {
        let QueryResults::Solutions(solutions) = results else {
            return Err(Error::FormatMismatch {
                format: "table".to_owned(),
                kind: "non-SELECT",
                expected: "a SELECT query",
            });
        };
        let columns = solutions
            .variables()
            .iter()
            .map(|v| v.as_str().to_owned())
            .collect();
        let mut rows = Vec::new();
        for solution in solutions {
            let solution: QuerySolution = solution.map_err(|error| Error::QueryEvaluation {
                origin: origin.to_owned(),
                message: error.to_string(),
            })?;
            rows.push(solution.values().to_vec());
        }
        Ok(Table { columns, rows })
    }

    /// The cell of a row by column name, as display text.
    pub fn text(&self, row: &[Option<Term>], column: &str) -> Option<String> {
        let index = self.columns.iter().position(|c| c == column)?;
        row.get(index)?.as_ref().map(term_text)
    }
}

/// The text a person wants to see for a term: a literal's value, an IRI as is.
pub fn term_text(term: &Term) -> String {
    match term {
        Term::Literal(literal) => literal.value().to_owned(),
        Term::NamedNode(node) => crate::gazetteer::decode_segment(node.as_str()),
        other => other.to_string(),
    }
}

/// Writes query results in the requested format.
pub fn write_results(
    results: QueryResults<'_>,
    format: OutputFormat,
    origin: &str,
    out: impl Write,
) -> Result<()> {
    write_results_limited(results, format, origin, usize::MAX, out)
}

/// Like [`write_results`], failing with [`Error::ResultTooLarge`] at the row or triple
/// after `max_items` (the HTTP server's result size limit). The server writes into
/// memory and sends nothing on an error, so a client never gets a cut-off result.
pub fn write_results_limited(
    results: QueryResults<'_>,
    format: OutputFormat,
    origin: &str,
    max_items: usize,
    mut out: impl Write,
) -> Result<()> {
    let mut items = 0usize;
    let mut count = move || {
        items += 1;
        if items > max_items {
            Err(Error::ResultTooLarge { limit: max_items })
        } else {
            Ok(())
        }
    };
    match results {
        QueryResults::Boolean(value) => match format {
            OutputFormat::Table => writeln!(out, "{value}")?,
            OutputFormat::Turtle | OutputFormat::Nt => {
                return Err(Error::FormatMismatch {
                    format: format_name(format).to_owned(),
                    kind: "ASK",
                    expected: "table, csv, tsv, json or xml",
                })
            }
            other => {
                QueryResultsSerializer::from_format(results_format(other))
                    .serialize_boolean_to_writer(&mut out, value)?;
            }
        },
        QueryResults::Solutions(solutions) => match format {
            OutputFormat::Table => {
                let table = Table::from_results(QueryResults::Solutions(solutions), origin)?;
                write_table(&table, &mut out)?;
            }
            OutputFormat::Turtle | OutputFormat::Nt => {
                return Err(Error::FormatMismatch {
                    format: format_name(format).to_owned(),
                    kind: "SELECT",
                    expected: "table, csv, tsv, json or xml",
                })
            }
            other => {
                let variables = solutions.variables().to_vec();
                let mut serializer = QueryResultsSerializer::from_format(results_format(other))
                    .serialize_solutions_to_writer(&mut out, variables)?;
                for solution in solutions {
                    let solution = solution.map_err(|error| Error::QueryEvaluation {
                        origin: origin.to_owned(),
                        message: error.to_string(),
                    })?;
                    count()?;
                    serializer.serialize(&solution)?;
                }
                serializer.finish()?;
            }
        },
        QueryResults::Graph(triples) => {
            let rdf_format = match format {
                OutputFormat::Nt => RdfFormat::NTriples,
                OutputFormat::Turtle | OutputFormat::Table => RdfFormat::Turtle,
                OutputFormat::Xml => RdfFormat::RdfXml,
                other => {
                    return Err(Error::FormatMismatch {
                        format: format_name(other).to_owned(),
                        kind: "CONSTRUCT or DESCRIBE",
                        expected: "turtle, nt or xml",
                    })
                }
            };
            let mut serializer = RdfSerializer::from_format(rdf_format)
                .with_prefix("pkg", crate::gazetteer::ONTOLOGY_NS)
                .and_then(|s| s.with_prefix("skos", "http://www.w3.org/2004/02/skos/core#"))
                .map_err(|error| Error::Storage(error.to_string()))?
                .for_writer(&mut out);
            for triple in triples {
                let triple = triple.map_err(|error| Error::QueryEvaluation {
                    origin: origin.to_owned(),
                    message: error.to_string(),
                })?;
                count()?;
                serializer.serialize_triple(&triple)?;
            }
            serializer.finish()?;
        }
    }
    out.flush()?;
    Ok(())
}

fn results_format(format: OutputFormat) -> QueryResultsFormat {
    match format {
        OutputFormat::Tsv => QueryResultsFormat::Tsv,
        OutputFormat::Json => QueryResultsFormat::Json,
        OutputFormat::Xml => QueryResultsFormat::Xml,
        _ => QueryResultsFormat::Csv,
    }
}

fn format_name(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Table => "table",
        OutputFormat::Csv => "csv",
        OutputFormat::Tsv => "tsv",
        OutputFormat::Json => "json",
        OutputFormat::Xml => "xml",
        OutputFormat::Turtle => "turtle",
        OutputFormat::Nt => "nt",
    }
}

/// Writes a table with columns aligned by display width (Chinese characters are two
/// columns wide on a terminal).
pub fn write_table(table: &Table, mut out: impl Write) -> Result<()> {
    let cells: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| cell.as_ref().map(term_text).unwrap_or_default())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = table.columns.iter().map(|c| c.width()).collect();
    for row in &cells {
        for (index, cell) in row.iter().enumerate() {
            widths[index] = widths[index].max(cell.width().min(60));
        }
    }
    let line = |out: &mut dyn Write, values: &[String]| -> std::io::Result<()> {
        let mut text = String::new();
        for (index, value) in values.iter().enumerate() {
            let shown: String = if value.width() > 60 {
                truncate_to_width(value, 59) + "…"
            } else {
                value.clone()
            };
            text.push_str(&shown);
            if index + 1 < values.len() {
                text.push_str(&" ".repeat(widths[index].saturating_sub(shown.width()) + 2));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(&mut out, &table.columns)?;
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    line(&mut out, &rule)?;
    for row in &cells {
        line(&mut out, row)?;
    }
    writeln!(
        out,
        "({} row{})",
        cells.len(),
        if cells.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}

fn truncate_to_width(text: &str, width: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if (out.clone() + &c.to_string()).width() > width {
            break;
        }
        out.push(c);
    }
    out
}

/// A canned query's text and the name messages give it.
fn canned_with_origin(name: &str) -> Result<(&'static str, String)> {
    let text = canned(name).ok_or_else(|| Error::UnknownQuery {
        name: name.to_owned(),
        available: String::new(),
    })?;
    Ok((text, format!("'{name}'")))
}

/// Runs a canned query and collects its table.
pub fn run_canned(store: &KnowledgeStore, name: &str) -> Result<Table> {
    let (text, origin) = canned_with_origin(name)?;
    Table::from_results(store.query(text, &origin)?, &origin)
}

/// Each document's id and the file it was read from (as recorded when it was built).
pub fn document_locations(store: &KnowledgeStore) -> Result<Vec<(String, String)>> {
    let table = run_canned(store, "document-locations")?;
    Ok(table
        .rows
        .iter()
        .filter_map(|row| match row.as_slice() {
            [Some(id), Some(location)] => Some((term_text(id), term_text(location))),
            _ => None,
        })
        .collect())
}

/// Runs a canned query with variables bound to values beforehand.
pub fn run_canned_with(
    store: &KnowledgeStore,
    name: &str,
    bindings: Vec<(&str, Term)>,
) -> Result<Table> {
    let (text, origin) = canned_with_origin(name)?;
    Table::from_results(store.query_with(text, &origin, bindings)?, &origin)
}

/// Runs a canned query with rows of values for some of its variables (a `VALUES` block
/// where the query marks it; see [`KnowledgeStore::query_with_rows`]).
pub fn run_canned_with_rows(
    store: &KnowledgeStore,
    name: &str,
    variables: &[&str],
    rows: Vec<Vec<Term>>,
) -> Result<Table> {
    let (text, origin) = canned_with_origin(name)?;
    Table::from_results(
        store.query_with_rows(text, &origin, variables, rows)?,
        &origin,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_canned_query_parses_and_says_what_it_answers() {
        for (name, text) in CANNED_QUERIES {
            assert!(text.starts_with("# "), "{name} must open with a comment");
            assert!(!describe(text).is_empty(), "{name}");
            let parsed = oxigraph::sparql::SparqlEvaluator::new().parse_query(text);
            assert!(parsed.is_ok(), "{name}: {:?}", parsed.err());
        }
    }

    #[test]
    fn canned_queries_are_sorted_and_match_files() {
        let names: Vec<&str> = CANNED_QUERIES.iter().map(|(n, _)| *n).collect();
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        let mut files: Vec<String> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/queries"))
                .unwrap()
                .map(|e| {
                    e.unwrap()
                        .file_name()
                        .to_string_lossy()
                        .trim_end_matches(".rq")
                        .to_owned()
                })
                .collect();
        files.sort();
        assert_eq!(files, names, "every file in queries/ is embedded");
    }

    #[test]
    fn updates_are_told_from_queries() {
        assert!(is_update("INSERT DATA { <a:s> <a:p> <a:o> }"));
        assert!(is_update("PREFIX a: <a:> CLEAR GRAPH <a:g>"));
        assert!(!is_update("SELECT * WHERE { ?s ?p ?o }"));
        assert!(!is_update(""));
        assert!(!is_update("PREFIX a: <a:>"));
    }

    #[test]
    fn resolve_tells_names_files_and_text_apart() {
        assert!(resolve("sector-targets", || unreachable!())
            .unwrap()
            .0
            .contains("hasTarget"));
        assert_eq!(resolve("-", || Ok("ASK {}".into())).unwrap().0, "ASK {}");
        assert_eq!(
            resolve("SELECT * WHERE {}", || unreachable!()).unwrap().1,
            "the query text"
        );
        assert!(matches!(
            resolve("no-such-query", || unreachable!()),
            Err(Error::UnknownQuery { .. })
        ));
    }
}
