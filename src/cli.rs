//! The command-line interface: argument definitions (clap) and one function per
//! command, each a thin client of the library. Results go to stdout; progress,
//! warnings and errors to stderr.

use crate::diagram::{self, DiagramFormat, DiagramOptions, View};
use crate::error::Error;
use crate::model::{EntityKind, Extraction, RelationKind};
use crate::query::{self, OutputFormat};
use crate::store::{KnowledgeStore, DEFAULT_STORE};
use crate::{audit, eval, explain, graph, ingest, Gazetteer};
use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

const EXAMPLES: &str = "\
Examples:
  policykg build examples/                       build the graph from every document in a folder
  policykg query district-industries             which districts host which industries
  policykg query sector-targets --format csv     targets per sector, as CSV
  policykg explain 徐汇区 人工智能                 the sentences that link two entities
  policykg path 张江科学城 集成电路                 the chain of relations between two entities
  policykg diagram districts --format svg -o districts.svg
  policykg serve                                 a read-only SPARQL endpoint at http://127.0.0.1:7878/sparql
  policykg push --endpoint http://localhost:7878/store   send every graph to another RDF store

The store lives in ./policykg-store unless --store or POLICYKG_STORE says otherwise.";

/// Turn Chinese industrial-policy documents into a knowledge graph you can query and draw.
#[derive(Debug, Parser)]
#[command(name = "policykg", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// Directory of the on-disk knowledge graph (created by `build`).
    #[arg(long, global = true, env = "POLICYKG_STORE", default_value = DEFAULT_STORE, value_name = "DIR")]
    pub store: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract documents into the store (HTML, Markdown, text or CSV page exports; files or folders).
    ///
    /// Each document gets its own named graph, keyed by its id: the file's path in the
    /// folder given, without extension (`a/plan`; a file given by itself or directly in
    /// the folder: its name). Building a document again replaces its graph, building
    /// another adds to the store. A file that cannot be read, is larger than
    /// --max-document-mb or takes longer than --document-timeout is reported by path
    /// and skipped; the others are built.
    #[command(
        after_help = "Exit status: 0 when every document was built; 1 when some could not be (each is named in an error above, the others are in the store) or the store failed; 2 for a usage error.\n\nExamples:\n  policykg build plan.html\n  policykg build corpus/ --store /data/kg\n  policykg build corpus/ --prune          also remove documents whose files left corpus/\n  policykg build big5-pages/ --encoding big5\n  policykg build huge/ --max-document-mb 200 --document-timeout 600"
    )]
    Build {
        /// Files or directories (searched recursively for .csv .html .htm .md .markdown .txt).
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
        /// A folder of your own gazetteers (*.ttl, SKOS like ontology/areas.ttl) and cue
        /// lists (*.yaml, keys as in ontology/cues.yaml) merged with the built-in ones.
        #[arg(long, value_name = "DIR", env = "POLICYKG_ONTOLOGY")]
        ontology: Option<PathBuf>,
        /// Read every file in this encoding (gbk, gb18030, big5, utf-8, utf-16le, …)
        /// instead of detecting it.
        #[arg(long, value_name = "LABEL", value_parser = parse_encoding)]
        encoding: Option<&'static ingest::Encoding>,
        /// Remove from the store the documents built from the folders given whose files
        /// are no longer there.
        #[arg(long)]
        prune: bool,
        /// Skip a file larger than this many megabytes (1 MB = 1,000,000 bytes).
        #[arg(long, value_name = "MB", default_value = "50", value_parser = positive_megabytes)]
        max_document_mb: f64,
        /// Give up on a document not read and extracted after this many seconds.
        #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = positive_seconds)]
        document_timeout: f64,
    },
    /// Run a SPARQL query: a canned query's NAME, a FILE.rq, the query text, or - for stdin.
    ///
    /// SELECT and ASK results come as a table (the default on a terminal), CSV, TSV,
    /// JSON or XML; CONSTRUCT and DESCRIBE as Turtle, N-Triples with --format nt, or
    /// RDF/XML with --format xml.
    #[command(
        after_help = "Canned queries:\n  district-industries      district, industry\n  district-industries-all  … including facts inferred from parks\n  park-districts           park, district\n  park-industries          park, industry\n  sector-targets           sector, metric, year, value, unit, qualifier, text\n  sector-observations      historical figures, same columns\n  sector-technologies      sector, technology\n  sectors districts parks technologies   entities with type and parent\n  indicators               economic measures that targets are stated for (not industries)\n  documents                the documents in the store\n\nExamples:\n  policykg query district-industries\n  policykg query sector-targets --format csv > targets.csv\n  policykg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'"
    )]
    Query {
        #[arg(value_name = "NAME | FILE.rq | SPARQL | -")]
        query: String,
        /// Output format (default: table on a terminal, csv otherwise).
        #[arg(long, short, value_enum)]
        format: Option<OutputFormat>,
    },
    /// Draw part of the graph with Graphviz: matrix, districts, sectors, focus ENTITY, or --query.
    #[command(
        after_help = "Views:\n  districts        a cluster per district with its parks, edges to the industries (inferred dashed)\n  sectors          sector → sub-sectors → technologies, targets inside each sector\n  focus ENTITY     the neighbourhood of one entity (--depth)\n  query            any CONSTRUCT query (--query FILE.rq)\n\nExamples:\n  policykg diagram districts --format svg -o districts.svg\n  policykg diagram focus 临港新片区 --depth 2 --format png -o lingang.png"
    )]
    Diagram {
        #[arg(value_enum)]
        view: View,
        /// The entity for the focus view.
        entity: Option<String>,
        /// dot writes Graphviz source; svg, png and pdf need Graphviz `dot` installed.
        #[arg(long, short, value_enum, default_value = "dot")]
        format: DiagramFormat,
        /// Output file (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Hops around the entity for the focus view.
        #[arg(long, default_value_t = 1)]
        depth: usize,
        /// Focus view beyond the first hop: keep this many entities per hop, those tied
        /// to the most entities of the hop before; the diagram counts the rest.
        #[arg(long, default_value_t = 20, value_name = "N")]
        strongest: usize,
        /// Matrix and districts views: show this many industries, the most hosted
        /// first; the diagram names the rest.
        #[arg(long, default_value_t = 30, value_name = "N")]
        max_industries: usize,
        /// A CONSTRUCT query to draw (for the query view).
        #[arg(long, value_name = "FILE.rq")]
        query: Option<PathBuf>,
        /// Leave out nodes beyond this many; the diagram says so.
        #[arg(long, default_value_t = 150)]
        max_nodes: usize,
    },
    /// Write the whole store as RDF.
    ///
    /// Streams, in flat memory: the ontology graph, the shared entity graph, then each
    /// document's graph in document-id order. The quad formats (nquads, trig) keep the
    /// graphs apart; the triple formats (turtle, nt) write their union, each triple once.
    #[command(
        after_help = "Examples:\n  policykg export -o store.nq\n  policykg export --format turtle -o store.ttl\n  policykg export | oxigraph load --location other-store --format nq"
    )]
    Export {
        /// nquads and trig keep each document's named graph; turtle and nt merge them.
        #[arg(long, short, value_enum, default_value = "nquads")]
        format: ExportFormat,
        /// Output file (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Count documents, entities, relations and triples in the store.
    Stats,
    /// Remove documents from the store by id (see `policykg query documents`).
    ///
    /// Entities and facts that other documents still state stay; what only these
    /// documents stated goes.
    #[command(
        after_help = "Examples:\n  policykg remove shanghai-2021-strategic-emerging-industries-14th-fyp"
    )]
    Remove {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Print the sentences that state an entity's facts, or the link between two.
    #[command(
        after_help = "Examples:\n  policykg explain 徐汇区 人工智能\n  policykg explain 临港新片区"
    )]
    Explain {
        entity: String,
        other: Option<String>,
    },
    /// Score the store against a hand-made gold file: precision, recall, F1 per relation.
    #[command(
        after_help = "The gold file is TSV: relation, subject, object (sector-target: sector, year, value, unit).\nA line `# document: ID` names the document it annotates; see tests/gold/README.md."
    )]
    Eval {
        gold: PathBuf,
        /// The document the gold annotates (default: the gold file's `# document:` line).
        #[arg(long)]
        document: Option<String>,
        /// List every miss and false positive, not just the first ten per relation.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Everything within N hops of an entity, grouped by relation.
    Neighbors {
        entity: String,
        #[arg(long, default_value_t = 1)]
        depth: usize,
    },
    /// The shortest chain of relations between two entities, with each hop's sentence.
    Path { from: String, to: String },
    /// Entities ranked by degree and PageRank-style centrality.
    Rank {
        #[arg(long = "type", value_enum)]
        kind: Option<KindArg>,
        /// How many to show.
        #[arg(long, default_value_t = 20)]
        top: usize,
    },
    /// Extract one document and print what was found as JSON, without touching the store.
    Extract {
        path: PathBuf,
        /// Read the file in this encoding instead of detecting it.
        #[arg(long, value_name = "LABEL", value_parser = parse_encoding)]
        encoding: Option<&'static ingest::Encoding>,
        /// A folder of your own gazetteers and cue lists (as for `build`).
        #[arg(long, value_name = "DIR", env = "POLICYKG_ONTOLOGY")]
        ontology: Option<PathBuf>,
    },
    /// List every park, industry and technology name extracted from documents, most
    /// doubtful first, with a count and an example sentence: skim it for junk.
    ///
    /// Reads the documents (not the store). A name is doubtful when the gazetteers do not
    /// know it, when it is seen once, when it is very short or long, or when it starts
    /// with a verb or an adverb; the reasons are listed beside each name. The example is a
    /// sentence that states a fact about the name where one does; when it writes the name
    /// otherwise (工业母机 for 高端数控机床, AR for 增强现实), the `written` column says how.
    #[command(
        after_help = "Examples:\n  policykg audit corpus/\n  policykg audit corpus/ --type park --format tsv > parks.tsv\n  policykg audit corpus/ --sample 100 --seed 7 --format tsv   a random sample to review"
    )]
    Audit {
        /// Files or directories, as for `build`.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Only names of this type.
        #[arg(long = "type", value_enum)]
        kind: Option<AuditKindArg>,
        /// Show at most this many names (0: all).
        #[arg(long, default_value_t = 0)]
        top: usize,
        /// Instead of the most doubtful, a random sample of this many names (for review).
        #[arg(long, conflicts_with = "top")]
        sample: Option<usize>,
        /// Seed of the random sample, so a sample can be drawn again.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// table (default on a terminal) or tsv.
        #[arg(long, short, value_enum)]
        format: Option<AuditFormat>,
        /// A folder of your own gazetteers and cue lists (as for `build`).
        #[arg(long, value_name = "DIR", env = "POLICYKG_ONTOLOGY")]
        ontology: Option<PathBuf>,
    },
    /// Answer SPARQL over HTTP: a read-only endpoint on the store, for any SPARQL client.
    ///
    /// /sparql speaks the SPARQL 1.1 Protocol (GET, or POST as a form or a direct
    /// body), with results as JSON, XML, CSV or TSV (SELECT, ASK) and Turtle, N-Triples
    /// or RDF/XML (CONSTRUCT, DESCRIBE), chosen by the Accept header or ?format=.
    /// /store?graph=IRI reads one graph (Graph Store Protocol); /query/NAME runs a canned
    /// query. Updates are refused. A query that runs past --timeout or answers more than
    /// --max-rows rows gets an HTTP error saying so. The server sees what `build` and
    /// `remove` write while it runs.
    #[command(after_help = SERVE_HELP)]
    Serve {
        /// Address and port to listen on; port 0 picks a free one. Anything but a
        /// loopback address lets other machines read the whole store.
        #[arg(long, default_value = crate::serve::DEFAULT_BIND, value_name = "ADDR:PORT")]
        bind: std::net::SocketAddr,
        /// Longest a query may run, in seconds, before it is stopped (HTTP 503).
        #[arg(long, default_value_t = 30.0, value_name = "SECONDS", value_parser = positive_seconds)]
        timeout: f64,
        /// Most rows (or triples) one answer may have (HTTP 422 beyond).
        #[arg(long, default_value_t = 1_000_000, value_name = "N")]
        max_rows: usize,
        /// Do not print a line per request on stderr.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Send every graph to a remote RDF store (SPARQL 1.1 Graph Store HTTP Protocol).
    ///
    /// Each graph — the ontology, the shared entity graph and one per document — goes
    /// in its own HTTP PUT to ENDPOINT?graph=IRI, which replaces that graph on the remote
    /// store: pushing again never duplicates. Credentials come from the environment only:
    /// POLICYKG_PUSH_TOKEN (bearer), or POLICYKG_PUSH_USER and POLICYKG_PUSH_PASSWORD
    /// (basic). Exits with 1 when the remote store refused any graph.
    #[command(after_help = PUSH_HELP)]
    Push {
        /// The remote store's Graph Store Protocol URL.
        #[arg(long, value_name = "URL")]
        endpoint: String,
        /// Print what would be sent (graphs, sizes, URLs), send nothing.
        #[arg(long)]
        dry_run: bool,
        /// How the graphs are written in the request bodies.
        #[arg(long, short, value_enum, default_value = "nt")]
        format: crate::push::PushFormat,
        /// Longest one request may take, in seconds.
        #[arg(long, default_value_t = 120.0, value_name = "SECONDS", value_parser = positive_seconds)]
        timeout: f64,
        /// How many times a graph is sent again after a server error or a timeout.
        #[arg(long, default_value_t = 3, value_name = "N")]
        retries: u32,
    },
}

fn parse_encoding(label: &str) -> std::result::Result<&'static ingest::Encoding, String> {
    ingest::encoding_for_label(label).ok_or_else(|| {
        format!("unknown encoding '{label}' (try gbk, gb18030, big5, utf-8, utf-16le or utf-16be)")
    })
}

const SERVE_HELP: &str = "\
Endpoints:
  /sparql               SPARQL 1.1 Protocol: ?query=… (GET), or POST as a form or application/sparql-query
  /query                the canned queries, as JSON
  /query/NAME           a canned query, e.g. /query/district-industries?format=csv
  /store?graph=IRI      one graph (Graph Store Protocol, read-only); /store?default for the union

Examples:
  policykg serve
  policykg serve --bind 127.0.0.1:0 --timeout 5
  curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' http://127.0.0.1:7878/sparql
  curl 'http://127.0.0.1:7878/query/sector-targets?format=tsv'";

const PUSH_HELP: &str = "\
Graph Store Protocol URLs:
  Oxigraph server      http://HOST:7878/store
  Apache Jena Fuseki   http://HOST:3030/DATASET/data
  GraphDB              http://HOST:7200/repositories/REPO/rdf-graphs/service

Examples:
  policykg push --endpoint http://localhost:7878/store --dry-run
  policykg push --endpoint http://localhost:7878/store
  POLICYKG_PUSH_USER=admin POLICYKG_PUSH_PASSWORD=… policykg push --endpoint http://localhost:3030/kg/data";

fn positive_megabytes(text: &str) -> std::result::Result<f64, String> {
    match text.parse::<f64>() {
        Ok(megabytes) if megabytes > 0.0 && megabytes.is_finite() => Ok(megabytes),
        _ => Err(format!("'{text}' is not a positive number of megabytes")),
    }
}

fn positive_seconds(text: &str) -> std::result::Result<f64, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds.is_finite() => Ok(seconds),
        _ => Err(format!("'{text}' is not a positive number of seconds")),
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    Nquads,
    Trig,
    Turtle,
    Nt,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum AuditKindArg {
    Park,
    Industry,
    Technology,
    Indicator,
}

impl From<AuditKindArg> for EntityKind {
    fn from(kind: AuditKindArg) -> Self {
        match kind {
            AuditKindArg::Park => EntityKind::Park,
            AuditKindArg::Industry => EntityKind::Sector,
            AuditKindArg::Technology => EntityKind::Technology,
            AuditKindArg::Indicator => EntityKind::Indicator,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum AuditFormat {
    Table,
    Tsv,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KindArg {
    District,
    Park,
    Sector,
    Technology,
}

impl From<KindArg> for EntityKind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::District => EntityKind::District,
            KindArg::Park => EntityKind::Park,
            KindArg::Sector => EntityKind::Sector,
            KindArg::Technology => EntityKind::Technology,
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let store_path = cli.store;
    match cli.command {
        Command::Build {
            paths,
            quiet,
            ontology,
            encoding,
            prune,
            max_document_mb,
            document_timeout,
        } => {
            let gazetteer = gazetteer(ontology.as_deref())?;
            build(
                &store_path,
                &paths,
                &BuildOptions {
                    quiet,
                    prune,
                    read: ingest::ReadOptions {
                        encoding,
                        max_bytes: Some((max_document_mb * 1e6) as u64),
                    },
                    document_timeout: std::time::Duration::from_secs_f64(document_timeout),
                },
                &gazetteer,
            )
        }
        Command::Query { query, format } => run_query(&store_path, &query, format),
        Command::Diagram {
            view,
            entity,
            format,
            output,
            depth,
            strongest,
            max_industries,
            query,
            max_nodes,
        } => {
            let store = open(&store_path)?;
            let options = DiagramOptions {
                entity,
                depth,
                query,
                max_nodes,
                max_industries,
                strongest,
            };
            let dot = diagram::build(&store, view, &options)?;
            let bytes = diagram::render(&dot, format)?;
            write_output(output.as_deref(), &bytes)
        }
        Command::Export { format, output } => {
            let store = open(&store_path)?;
            let rdf_format = match format {
                ExportFormat::Nquads => oxigraph::io::RdfFormat::NQuads,
                ExportFormat::Trig => oxigraph::io::RdfFormat::TriG,
                ExportFormat::Turtle => oxigraph::io::RdfFormat::Turtle,
                ExportFormat::Nt => oxigraph::io::RdfFormat::NTriples,
            };
            match output {
                Some(path) => {
                    let file = std::fs::File::create(&path)
                        .with_context(|| format!("cannot write '{}'", path.display()))?;
                    let mut writer = std::io::BufWriter::new(file);
                    store.export(rdf_format, &mut writer)?;
                    writer
                        .flush()
                        .with_context(|| format!("cannot write '{}'", path.display()))
                }
                None => {
                    let mut writer = std::io::BufWriter::new(std::io::stdout().lock());
                    store.export(rdf_format, &mut writer)?;
                    writer.flush().map_err(Error::Io)?;
                    Ok(())
                }
            }
        }
        Command::Stats => stats(&store_path),
        Command::Remove { ids } => {
            // Removing from a store that does not exist is a mistake, not a new store.
            open(&store_path)?;
            let store = KnowledgeStore::open_or_create(&store_path)?;
            let mut missing = Vec::new();
            for id in &ids {
                if store.remove_document(id)? {
                    eprintln!("removed {id}");
                } else {
                    missing.push(id.as_str());
                }
            }
            if missing.is_empty() {
                Ok(())
            } else {
                Err(Error::Usage(format!(
                    "no document with id '{}' in the store (see `policykg query documents`)",
                    missing.join("', '")
                ))
                .into())
            }
        }
        Command::Explain { entity, other } => {
            let store = open(&store_path)?;
            let text = explain::explain(&store, &entity, other.as_deref())?;
            print(&text)
        }
        Command::Eval {
            gold,
            document,
            verbose,
        } => {
            let store = open(&store_path)?;
            let gold_file = eval::GoldFile::read(&gold)?;
            let document = document.or(gold_file.document.clone()).ok_or_else(|| {
                Error::Usage(format!(
                    "'{}' has no '# document: ID' line; pass --document ID (see `policykg query documents`)",
                    gold.display()
                ))
            })?;
            let report = eval::evaluate(&store, &gold_file, &document)?;
            print(&report.render(verbose))
        }
        Command::Neighbors { entity, depth } => {
            let store = open(&store_path)?;
            let view = graph::GraphView::load(&store)?;
            let node = view.find(&entity)?;
            print(&view.neighbors_report(node, depth)?)
        }
        Command::Path { from, to } => {
            let store = open(&store_path)?;
            let view = graph::GraphView::load(&store)?;
            let (a, b) = (view.find(&from)?, view.find(&to)?);
            print(&view.path_report(a, b)?)
        }
        Command::Rank { kind, top } => {
            let store = open(&store_path)?;
            let view = graph::GraphView::load(&store)?;
            print(&view.rank_report(kind.map(EntityKind::from), top))
        }
        Command::Serve {
            bind,
            timeout,
            max_rows,
            quiet,
        } => serve(&store_path, bind, timeout, max_rows, quiet),
        Command::Push {
            endpoint,
            dry_run,
            format,
            timeout,
            retries,
        } => push(&store_path, endpoint, dry_run, format, timeout, retries),
        Command::Audit {
            paths,
            kind,
            top,
            sample,
            seed,
            format,
            ontology,
        } => {
            let gazetteer = gazetteer(ontology.as_deref())?;
            let inputs = ingest::collect_inputs(&paths)?;
            if let Some(warning) = inputs.skipped_warning() {
                eprintln!("warning: {warning}");
            }
            let (report, failures) = audit::audit(&inputs.files, &gazetteer);
            for (path, error) in &failures {
                eprintln!("error: '{}': {error}", path.display());
            }
            let mut names = report.names(kind.map(EntityKind::from));
            match sample {
                Some(size) => names = audit::sample(names, size, seed),
                None if top > 0 => names.truncate(top),
                None => {}
            }
            let format = format.unwrap_or(if std::io::stdout().is_terminal() {
                AuditFormat::Table
            } else {
                AuditFormat::Tsv
            });
            let text = match format {
                AuditFormat::Table => audit::render_table(&names),
                AuditFormat::Tsv => audit::render_tsv(&names),
            };
            print(&text)?;
            if failures.is_empty() {
                Ok(())
            } else {
                Err(anyhow::anyhow!(
                    "{} of {} documents could not be read (see the errors above)",
                    failures.len(),
                    inputs.files.len()
                ))
            }
        }
        Command::Extract {
            path,
            ontology,
            encoding,
        } => {
            let gazetteer = gazetteer(ontology.as_deref())?;
            let ingested = ingest::read_document_with(
                &path,
                &ingest::document_id(&path),
                &ingest::ReadOptions {
                    encoding,
                    max_bytes: None,
                },
            )?;
            for warning in &ingested.warnings {
                eprintln!("warning: {}: {warning}", path.display());
            }
            let extraction = crate::extract(ingested.document, &gazetteer);
            let json = serde_json::to_string_pretty(&extraction)
                .context("cannot serialise the extraction")?;
            print(&(json + "\n"))
        }
    }
}

/// The built-in gazetteers and cues, merged with the user's folder when one is given.
fn gazetteer(extensions: Option<&Path>) -> Result<std::borrow::Cow<'static, Gazetteer>> {
    let Some(dir) = extensions else {
        return Ok(std::borrow::Cow::Borrowed(Gazetteer::embedded()));
    };
    let extensions = crate::gazetteer::Extensions::read_dir(dir)
        .with_context(|| format!("cannot use the ontology folder '{}'", dir.display()))?;
    let gazetteer = Gazetteer::load_extended(&extensions)
        .with_context(|| format!("cannot use the ontology folder '{}'", dir.display()))?;
    Ok(std::borrow::Cow::Owned(gazetteer))
}

fn open(path: &Path) -> Result<KnowledgeStore> {
    Ok(KnowledgeStore::open_existing(path)?)
}

fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).map_err(Error::Io)?;
    out.flush().map_err(Error::Io)?;
    Ok(())
}

fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        Some(path) => std::fs::write(path, bytes)
            .with_context(|| format!("cannot write '{}'", path.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes).map_err(Error::Io)?;
            out.flush().map_err(Error::Io)?;
            Ok(())
        }
    }
}

fn run_query(store_path: &Path, argument: &str, format: Option<OutputFormat>) -> Result<()> {
    let (text, origin) = query::resolve(argument, || {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        Ok(text)
    })?;
    let store = open(store_path)?;
    let results = store.query(&text, &origin)?;
    let format = format.unwrap_or(if std::io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Csv
    });
    let format = match (&results, format) {
        (oxigraph::sparql::QueryResults::Graph(_), OutputFormat::Csv) => OutputFormat::Turtle,
        _ => format,
    };
    let stdout = std::io::stdout().lock();
    query::write_results(results, format, &origin, std::io::BufWriter::new(stdout))?;
    Ok(())
}

fn serve(
    store_path: &Path,
    bind: std::net::SocketAddr,
    timeout: f64,
    max_rows: usize,
    quiet: bool,
) -> Result<()> {
    let options = crate::serve::ServeOptions {
        store: store_path.to_path_buf(),
        bind,
        timeout: std::time::Duration::from_secs_f64(timeout),
        max_rows,
        log_requests: !quiet,
    };
    crate::serve::serve(options, |address| {
        // The first line on stderr, so scripts (and the tests) can read the port.
        eprintln!(
            "listening on http://{address}/ (web page) and http://{address}/sparql (SPARQL); store '{}', Ctrl-C to stop",
            store_path.display()
        );
        if !address.ip().is_loopback() {
            eprintln!("warning: {} is not a loopback address: anyone who can reach this machine can read the whole store", address.ip());
        }
    })?;
    Ok(())
}

fn push(
    store_path: &Path,
    endpoint: String,
    dry_run: bool,
    format: crate::push::PushFormat,
    timeout: f64,
    retries: u32,
) -> Result<()> {
    crate::push::check_endpoint(&endpoint)?;
    let credentials = crate::push::Credentials::from_env()?;
    let store = open(store_path)?;
    if let Some(credentials) = &credentials {
        eprintln!("authenticating with {}", credentials.describe());
    }
    let options = crate::push::PushOptions {
        endpoint: endpoint.clone(),
        format,
        dry_run,
        timeout: std::time::Duration::from_secs_f64(timeout),
        retries,
        credentials,
    };
    let mut out = std::io::stdout().lock();
    let report = crate::push::push(&store, &options, |outcome| {
        if dry_run {
            // The dry run's result is this list: stdout.
            let _ = writeln!(
                out,
                "PUT {}  {} quads, {} bytes",
                outcome.url, outcome.triples, outcome.bytes
            );
            return;
        }
        match &outcome.result {
            Ok(status) => eprintln!(
                "sent {} ({} quads): HTTP {status}",
                outcome.graph, outcome.triples
            ),
            Err(reason) => eprintln!(
                "refused {} ({} quads): {reason}",
                outcome.graph, outcome.triples
            ),
        }
    })?;
    out.write_all(report.render(&endpoint, dry_run).as_bytes())
        .map_err(Error::Io)?;
    out.flush().map_err(Error::Io)?;
    let refused = report.refused().count();
    if refused == 0 {
        Ok(())
    } else {
        Err(anyhow::anyhow!(
            "{refused} of {} graphs were not stored by '{endpoint}' (see the reasons above)",
            report.graphs.len()
        ))
    }
}

/// How many quads a build into an existing store writes between two flushes of the
/// database's memory to disk: enough to batch, few enough to keep memory bounded.
const FLUSH_EVERY_QUADS: usize = 200_000;

/// How `build` reads and what it does besides writing documents.
struct BuildOptions {
    quiet: bool,
    prune: bool,
    read: ingest::ReadOptions,
    /// How long one document may take to read and extract.
    document_timeout: std::time::Duration,
}

/// Stack size of the threads that read and extract documents: nothing in ingest
/// recurses on the input's depth, but a generous stack keeps a deep structure somewhere
/// downstream from aborting the whole build (a stack overflow cannot be caught).
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// A file to build and the id it is built under.
struct Planned {
    path: PathBuf,
    id: String,
}

/// Gives every file its id: its own (see [`ingest::InputFile::id`]) unless another
/// file of this build, or another file the store already holds a document from, has
/// it; then the id with a stable hash of the file's path, and a warning says so. So
/// two files never share an id and neither replaces the other.
fn plan_ids(
    files: &[ingest::InputFile],
    stored: &std::collections::HashMap<String, String>,
) -> (Vec<Planned>, Vec<String>) {
    let absolute: Vec<PathBuf> = files
        .iter()
        .map(|file| ingest::absolute_path(&file.path))
        .collect();
    let in_build: std::collections::HashSet<&Path> =
        absolute.iter().map(PathBuf::as_path).collect();
    let mut taken: std::collections::HashMap<String, &Path> = Default::default();
    let mut planned = Vec::new();
    let mut warnings = Vec::new();
    for (file, absolute) in files.iter().zip(&absolute) {
        let id = file.id();
        let held_by_other = stored.get(&id).map(PathBuf::from).filter(|location| {
            location != absolute && location.is_file() && !in_build.contains(location.as_path())
        });
        let id = if let Some(other) = taken.get(&id) {
            let unique = ingest::disambiguated_id(&id, &file.path);
            warnings.push(format!(
                "warning: '{}' would have the same document id '{id}' as '{}'; it is built as '{unique}'",
                file.path.display(),
                other.display()
            ));
            unique
        } else if let Some(other) = held_by_other {
            let unique = ingest::disambiguated_id(&id, &file.path);
            warnings.push(format!(
                "warning: the store already holds document '{id}' from '{}'; '{}' is built as '{unique}'",
                other.display(),
                file.path.display()
            ));
            unique
        } else {
            id
        };
        taken.insert(id.clone(), &file.path);
        planned.push(Planned {
            path: file.path.clone(),
            id,
        });
    }
    (planned, warnings)
}

/// Names a marker: a document whose text holds it panics in extraction. A debugging
/// aid (README, "What happens if…") that lets the tests check that a panic in one
/// document is reported and the rest is built; unset, it costs one look-up per build.
const DEBUG_PANIC_VARIABLE: &str = "POLICYKG_DEBUG_PANIC_ON";

/// Reads and extracts one file within its time budget. A panic anywhere in it becomes
/// this file's error, so one bad input never takes the rest of the build down with it.
///
/// The budget is kept from inside: reading (bounded by --max-document-mb) and
/// segmentation are linear in the input and run to the end, then extraction checks the
/// deadline before every sentence (each at most `MAX_SENTENCE_CHARS` long) and gives up
/// once it has passed. A worker is never abandoned while it still runs, so a build
/// never has more threads than cores and never keeps a stuck one.
fn read_and_extract(
    planned: &Planned,
    options: &BuildOptions,
    gazetteer: &Gazetteer,
    debug_panic_marker: Option<&str>,
) -> std::result::Result<(Extraction, Vec<String>), String> {
    let deadline = std::time::Instant::now() + options.document_timeout;
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let ingested = ingest::read_document_with(&planned.path, &planned.id, &options.read)
            .map_err(|error| error.to_string())?;
        if let Some(marker) = debug_panic_marker {
            if ingested
                .document
                .blocks
                .iter()
                .any(|b| b.text.contains(marker))
            {
                panic!("{DEBUG_PANIC_VARIABLE}: the document holds '{marker}'");
            }
        }
        let extraction =
            crate::extract::extract_within(ingested.document, gazetteer, Some(deadline)).map_err(
                |crate::extract::OutOfTime| {
                    format!(
                        "cannot build '{}': not done after {} s (raise it with --document-timeout)",
                        planned.path.display(),
                        options.document_timeout.as_secs_f64()
                    )
                },
            )?;
        Ok((extraction, ingested.warnings))
    }));
    match attempt {
        Ok(Ok(done)) => Ok(done),
        Ok(Err(error)) => Err(error),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(format!(
                "cannot build '{}': internal error: {message} (please report it with the file)",
                planned.path.display()
            ))
        }
    }
}

/// Extracts every document in parallel and writes each into the store as it arrives,
/// so memory stays bounded however large the corpus. A store with no documents yet is
/// filled with the bulk loader; otherwise each document is replaced in its own
/// transaction. Every file that cannot be read is reported by path and skipped.
fn build(
    store_path: &Path,
    paths: &[PathBuf],
    options: &BuildOptions,
    gazetteer: &Gazetteer,
) -> Result<()> {
    let started = std::time::Instant::now();
    let quiet = options.quiet;
    let prune_folders: Vec<PathBuf> = paths
        .iter()
        .filter(|path| path.is_dir())
        .map(|path| ingest::absolute_path(path))
        .collect();
    if options.prune && prune_folders.is_empty() {
        return Err(Error::Usage(
            "--prune removes documents whose files are gone from a folder; give the folder to build"
                .to_owned(),
        )
        .into());
    }
    let inputs = ingest::collect_inputs(paths)?;
    if let Some(warning) = inputs.skipped_warning() {
        eprintln!("warning: {warning}");
    }
    let inputs = inputs.files;
    let store = KnowledgeStore::open_or_create(store_path)?;
    store.load_ontology()?;
    let bulk = store.has_no_documents()?;
    let stored: std::collections::HashMap<String, String> = if bulk {
        Default::default()
    } else {
        query::document_locations(&store)?.into_iter().collect()
    };
    let (files, id_warnings) = plan_ids(&inputs, &stored);
    for warning in &id_warnings {
        eprintln!("{warning}");
    }
    let progress = if quiet || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{bar:30}] {pos}/{len} {per_sec} eta {eta} {wide_msg}",
            )
            .expect("progress template")
            .progress_chars("=> "),
        );
        bar
    };
    let mut summary = Summary::default();
    let mut failures: Vec<PathBuf> = Vec::new();
    let mut written_ids: std::collections::HashSet<String> = Default::default();
    let mut input_bytes = 0;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let debug_panic_marker = std::env::var(DEBUG_PANIC_VARIABLE)
        .ok()
        .filter(|marker| !marker.is_empty());
    type WorkerResult = std::result::Result<(Extraction, Vec<String>), String>;
    let (sender, receiver) = std::sync::mpsc::sync_channel::<(PathBuf, WorkerResult)>(workers * 2);
    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..workers {
            let sender = sender.clone();
            let files = &files;
            let next = &next;
            let debug_panic_marker = debug_panic_marker.as_deref();
            std::thread::Builder::new()
                .name("policykg-extract".to_owned())
                .stack_size(WORKER_STACK_BYTES)
                .spawn_scoped(scope, move || loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(planned) = files.get(index) else {
                        break;
                    };
                    let result = read_and_extract(planned, options, gazetteer, debug_panic_marker);
                    if sender.send((planned.path.clone(), result)).is_err() {
                        break;
                    }
                })
                .context("cannot start a worker thread")?;
        }
        drop(sender);
        // Every result is reported here; only good extractions go on to the store.
        let mut accepted = receiver.into_iter().filter_map(|(path, result)| {
            progress.set_message(path.display().to_string());
            progress.inc(1);
            match result {
                Ok((extraction, warnings)) => {
                    for warning in &warnings {
                        progress.suspend(|| eprintln!("warning: {}: {warning}", path.display()));
                    }
                    for diagnostic in &extraction.diagnostics {
                        progress.suspend(|| {
                            eprintln!("warning: {}: {}", path.display(), diagnostic.message)
                        });
                    }
                    input_bytes += std::fs::metadata(&path).map_or(0, |m| m.len() as usize);
                    written_ids.insert(extraction.document.id.clone());
                    Some((path, extraction))
                }
                Err(error) => {
                    progress.suspend(|| eprintln!("error: {error}"));
                    failures.push(path);
                    None
                }
            }
        });
        if bulk {
            let mut counts = Vec::new();
            store.bulk_load_documents(
                accepted.by_ref().map(|(_, extraction)| extraction),
                |extraction, quads| counts.push((summary_counts(extraction), quads)),
            )?;
            drop(accepted);
            for (counts, quads) in counts {
                summary.add(counts, quads);
            }
            // The bulk loader leaves many overlapping files; merging them makes every
            // later lookup one seek instead of one per file (reads slowed with corpus
            // size before: 5 s to list 10,000 documents, 0.1 s after).
            progress.set_message("compacting the store");
            store.compact()?;
        } else {
            let (mut since_flush, mut written) = (0, 0);
            for (path, extraction) in accepted.by_ref() {
                let quads = store
                    .replace_document(&extraction)
                    .with_context(|| format!("cannot store '{}'", path.display()))?;
                summary.add(summary_counts(&extraction), quads);
                since_flush += quads;
                written += quads;
                if since_flush > FLUSH_EVERY_QUADS {
                    store.flush()?;
                    since_flush = 0;
                }
            }
            drop(accepted);
            // Compacting rewrites the whole store: worth it after a large batch, not for
            // a few documents added to a large store. A flush is always due, so readers
            // never replay the write-ahead log (each read-only open would).
            if written > FLUSH_EVERY_QUADS {
                progress.set_message("compacting the store");
                store.compact()?;
            } else {
                store.flush()?;
            }
        }
        Ok(())
    })?;
    progress.finish_and_clear();
    if options.prune && !bulk {
        let failed: std::collections::HashSet<PathBuf> = failures
            .iter()
            .map(|path| ingest::absolute_path(path))
            .collect();
        prune(&store, &stored, &prune_folders, &written_ids, &failed)?;
    }
    summary.bytes = input_bytes;
    summary.seconds = started.elapsed().as_secs_f64();
    if !quiet {
        let total = store.triple_count()?;
        print(&summary.render(store.path(), total, store.document_ids()?.len()))?;
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(anyhow::anyhow!(
            "{} of {} documents could not be built (see the errors above)",
            failures.len(),
            files.len()
        ))
    }
}

/// Removes the documents built earlier from one of `folders` that this build did not
/// write: their file is gone from the folder (or is now built under another id). A
/// document whose file failed to read this time stays as it was.
fn prune(
    store: &KnowledgeStore,
    stored: &std::collections::HashMap<String, String>,
    folders: &[PathBuf],
    written: &std::collections::HashSet<String>,
    failed: &std::collections::HashSet<PathBuf>,
) -> Result<()> {
    let mut stale: Vec<(&String, &String)> = stored
        .iter()
        .filter(|(id, location)| {
            let location = Path::new(location.as_str());
            !written.contains(id.as_str())
                && !failed.contains(location)
                && folders.iter().any(|folder| location.starts_with(folder))
        })
        .collect();
    stale.sort();
    for (id, location) in stale {
        store.remove_document(id)?;
        eprintln!("removed {id} (its file '{location}' is no longer built)");
    }
    store.flush()?;
    Ok(())
}

/// What the summary counts of one extraction, taken before it is dropped.
struct DocumentCounts {
    entities: [usize; EntityKind::ALL.len()],
    relations: [usize; 4],
    inferred: usize,
    targets: usize,
    observations: usize,
}

fn summary_counts(extraction: &Extraction) -> DocumentCounts {
    let mut counts = DocumentCounts {
        entities: [0; EntityKind::ALL.len()],
        relations: [0; 4],
        inferred: 0,
        targets: extraction.quantities.iter().filter(|q| q.is_target).count(),
        observations: extraction
            .quantities
            .iter()
            .filter(|q| !q.is_target)
            .count(),
    };
    for (slot, kind) in EntityKind::ALL.iter().enumerate() {
        counts.entities[slot] = extraction.count_entities(*kind);
    }
    for relation in &extraction.relations {
        if relation.inferred {
            counts.inferred += 1;
        } else if let Some(slot) = RelationKind::ALL.iter().position(|k| *k == relation.kind) {
            counts.relations[slot] += 1;
        }
    }
    counts
}

#[derive(Default)]
struct Summary {
    documents: usize,
    entities: [usize; EntityKind::ALL.len()],
    relations: [usize; 4],
    inferred: usize,
    targets: usize,
    observations: usize,
    quads: usize,
    /// Size of the input files read, in bytes.
    bytes: usize,
    seconds: f64,
}

impl Summary {
    fn add(&mut self, counts: DocumentCounts, quads: usize) {
        self.documents += 1;
        for (total, count) in self.entities.iter_mut().zip(counts.entities) {
            *total += count;
        }
        for (total, count) in self.relations.iter_mut().zip(counts.relations) {
            *total += count;
        }
        self.inferred += counts.inferred;
        self.targets += counts.targets;
        self.observations += counts.observations;
        self.quads += quads;
    }

    fn render(&self, store: &Path, total: usize, documents_in_store: usize) -> String {
        let entity_names = [
            "districts",
            "parks",
            "sectors",
            "technologies",
            "indicators",
        ];
        let relation_names = [
            "district hosts industry",
            "park in district",
            "park focuses on industry",
            "sector develops technology",
        ];
        let mut text = format!(
            "built {} document{} into {}\n",
            self.documents,
            if self.documents == 1 { "" } else { "s" },
            store.display()
        );
        text.push_str("entities:\n");
        for (name, count) in entity_names.iter().zip(self.entities) {
            text.push_str(&format!("  {name:<28}{count:>6}\n"));
        }
        text.push_str("relations:\n");
        for (name, count) in relation_names.iter().zip(self.relations) {
            text.push_str(&format!("  {name:<28}{count:>6}\n"));
        }
        text.push_str(&format!(
            "  {:<28}{:>6}\n",
            "inferred (district via park)", self.inferred
        ));
        text.push_str(&format!(
            "targets:                      {:>6}\n",
            self.targets
        ));
        text.push_str(&format!(
            "observations (historical):    {:>6}\n",
            self.observations
        ));
        text.push_str(&format!(
            "triples written:              {:>6}\n",
            self.quads
        ));
        text.push_str(&format!(
            "store: {documents_in_store} document{} and {total} triples in all (with the ontology)\n",
            if documents_in_store == 1 { "" } else { "s" }
        ));
        let seconds = self.seconds.max(1e-9);
        text.push_str(&format!(
            "time: {:.1} s, {:.1} documents/s, {:.2} MB/s of input\n",
            self.seconds,
            self.documents as f64 / seconds,
            self.bytes as f64 / 1e6 / seconds
        ));
        text
    }
}

fn stats(store_path: &Path) -> Result<()> {
    let store = open(store_path)?;
    let mut text = String::new();
    let documents = store.document_ids()?;
    text.push_str(&format!(
        "store:                {}\n",
        store.path().display()
    ));
    text.push_str(&format!("documents:            {}\n", documents.len()));
    text.push_str(&format!(
        "triples:              {}\n",
        store.triple_count()?
    ));
    for name in [
        "districts",
        "parks",
        "sectors",
        "technologies",
        "indicators",
    ] {
        let table = query::run_canned(&store, name)?;
        text.push_str(&format!("{name:<22}{}\n", table.rows.len()));
    }
    for name in [
        "district-industries",
        "park-districts",
        "park-industries",
        "sector-technologies",
        "sector-targets",
        "sector-observations",
    ] {
        let table = query::run_canned(&store, name)?;
        text.push_str(&format!("{name:<22}{}\n", table.rows.len()));
    }
    print(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
