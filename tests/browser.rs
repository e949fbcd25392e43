//! The web page of `policykg serve` in a real browser: headless Chromium, driven over
//! WebDriver (chromedriver) with fantoccini. It loads the page, runs a canned query,
//! follows links to entity pages and to the evidence of a matrix cell, and checks what
//! is on screen: the rows, the sentences, the CSV link, an inlined diagram, and that a
//! name holding markup stays text.
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium
//! chromium-driver`); skipped with a message when they are missing, unless
//! POLICYKG_REQUIRE_SERVERS is set (CI sets it). With POLICYKG_SCREENSHOTS=DIR it also
//! saves the screenshots the README shows.

mod common;

use anyhow::{ensure, Context, Result};
use common::{free_port, outside_program_available, run, runs, start_server, Running, SAMPLE};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long to wait for something to appear on the page.
const WAIT: Duration = Duration::from_secs(20);

/// The browser's executable, by the names Debian, Ubuntu and Google give it.
fn browser_binary() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|path| {
                std::env::split_paths(&path)
                    .map(|dir| dir.join(name))
                    .find(|candidate| candidate.is_file())
            })
        })
}

/// Starts chromedriver on a free port and waits until it accepts connections.
fn start_chromedriver() -> (Running, String) {
    let port = free_port();
    let child = std::process::Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starts chromedriver");
    let running = Running(child);
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < WAIT,
            "chromedriver did not listen on port {port} within {WAIT:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (running, format!("http://127.0.0.1:{port}"))
}

async fn connect(webdriver: &str, browser: &Path) -> Result<Client> {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_owned(),
        json!({
            "binary": browser,
            // Root in a container has no sandbox to offer; /dev/shm is often small there.
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,900", "--hide-scrollbars",
                     "--lang=zh-CN"],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    Ok(ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(webdriver)
        .await?)
}

/// A value as the page puts it into a URL fragment (JavaScript's encodeURIComponent:
/// form encoding, but a space is %20).
fn encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

async fn wait_for(client: &Client, css: &str) -> Result<fantoccini::elements::Element> {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("nothing matched '{css}' within {WAIT:?}"))
}

/// The visible text of every element matching `css`.
async fn texts(client: &Client, css: &str) -> Result<Vec<String>> {
    let value = client
        .execute(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim());",
            vec![json!(css)],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

async fn screenshot(client: &Client, name: &str) -> Result<()> {
    let Some(dir) = std::env::var_os("POLICYKG_SCREENSHOTS") else {
        return Ok(());
    };
    std::fs::create_dir_all(&dir)?;
    let png = client.screenshot().await?;
    std::fs::write(Path::new(&dir).join(format!("{name}.png")), png)?;
    Ok(())
}

/// The whole walk through the page. Returns an error instead of panicking, so the
/// browser session is closed whatever happens.
async fn walk_through_the_page(client: &Client, base: &str) -> Result<()> {
    client.set_window_size(1280, 900).await?;

    // The query editor: pick a canned query, run it, read the table.
    client.goto(&format!("{base}/")).await?;
    wait_for(client, "#query-name option[value='district-industries']").await?;
    client
        .find(Locator::Css("#query-name"))
        .await?
        .select_by_value("district-industries")
        .await?;
    let sparql: Value = client
        .execute(
            "return document.getElementById('query-text').value;",
            vec![],
        )
        .await?;
    ensure!(
        sparql
            .as_str()
            .unwrap_or_default()
            .contains("pkg:hostsIndustry"),
        "choosing a canned query puts its SPARQL into the editor: {sparql}"
    );
    client
        .find(Locator::Css("#run-query"))
        .await?
        .click()
        .await?;
    wait_for(client, "#query-result table.results tbody tr").await?;
    let rows: Vec<Vec<String>> = serde_json::from_value(
        client
            .execute(
                "return [...document.querySelectorAll('#query-result tbody tr')]
                   .map(r => [...r.cells].map(c => c.innerText.trim()));",
                vec![],
            )
            .await?,
    )?;
    ensure!(
        rows.iter()
            .any(|row| row.len() >= 2 && row[0] == "浦东新区" && row[1] == "集成电路"),
        "the table shows 浦东新区 | 集成电路: {rows:?}"
    );
    let headers = texts(client, "#query-result thead th").await?;
    ensure!(
        headers.starts_with(&["district".to_owned(), "industry".to_owned()]),
        "{headers:?}"
    );
    let status = client
        .find(Locator::Css("#query-status"))
        .await?
        .text()
        .await?;
    ensure!(
        status.starts_with(&format!("{} rows", rows.len())),
        "the status counts the rows: {status}"
    );
    let csv = client.find(Locator::Css("a#csv-link")).await?;
    let href = csv.attr("href").await?.unwrap_or_default();
    ensure!(
        href == "/query/district-industries?format=csv",
        "the CSV link downloads the canned query: {href}"
    );
    ensure!(
        csv.attr("download").await?.is_some(),
        "the CSV link downloads"
    );
    let body = common::http()
        .get(format!("{base}{href}"))
        .call()?
        .into_body()
        .read_to_string()?;
    ensure!(
        body.contains("浦东新区,集成电路"),
        "the CSV has the row: {body}"
    );
    screenshot(client, "web-query").await?;

    // A name in the table opens the entity's page: its facts with their sentences.
    client
        .find(Locator::XPath(
            "//table[contains(@class,'results')]//a[text()='浦东新区']",
        ))
        .await?
        .click()
        .await?;
    wait_for(client, "#entity-facts article.fact").await?;
    let title = client.find(Locator::Css("h1")).await?.text().await?;
    ensure!(
        title.starts_with("浦东新区"),
        "the entity page's title: {title}"
    );
    let facts = texts(client, "#entity-facts article.fact").await?;
    ensure!(
        facts.iter().any(|fact| fact.starts_with("集成电路")
            && fact.contains("浦东新区集成电路和生物医药")
            && fact.contains("空间布局逐步优化")),
        "the fact 浦东新区 hosts 集成电路 with its sentence, document and section: {facts:#?}"
    );
    // Its neighbourhood, drawn by Graphviz, inlined as SVG.
    wait_for(client, ".neighbourhood .diagram svg g.node").await?;
    // A click on an entity of that diagram opens its page.
    client
        .find(Locator::XPath(
            "//*[contains(@class,'neighbourhood')]//*[local-name()='g'][contains(@class,'linked')][.//*[local-name()='text'][.='集成电路']]",
        ))
        .await
        .context("集成电路 is a linked node of 浦东新区's diagram")?
        .click()
        .await?;
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//h1[starts-with(., '集成电路')]"))
        .await
        .context("a click on 集成电路 in the diagram opens its page")?;

    // The search box finds an entity by an alias: 张江 is 张江科学城.
    let search = client.find(Locator::Css("#search-input")).await?;
    search.send_keys("张江").await?;
    client
        .find(Locator::Css("#search button"))
        .await?
        .click()
        .await?;
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//h1[starts-with(., '张江科学城')]"))
        .await
        .context("the search box opens 张江科学城 for 张江")?;
    wait_for(client, "#entity-facts article.fact").await?;
    let facts = texts(client, "#entity-facts article.fact").await?;
    ensure!(
        facts.iter().any(|fact| fact.starts_with("浦东新区")),
        "张江科学城 is located in 浦东新区: {facts:#?}"
    );
    screenshot(client, "web-entity").await?;

    // A sector's page lists its targets, each with the sentence that states it.
    client
        .goto(&format!("{base}/#entity/{}", encoded("新能源汽车")))
        .await?;
    wait_for(client, "#entity-facts article.figure").await?;
    let figures = texts(client, "#entity-facts article.figure").await?;
    ensure!(
        figures.iter().any(|figure| figure.contains("2025")
            && figure.contains("3500亿元左右")
            && figure.contains("新能源汽车制造业产值达到3500亿元左右")),
        "新能源汽车's 2025 target with its sentence: {figures:#?}"
    );
    screenshot(client, "web-entity-figures").await?;

    // The matrix: a row per district, a column per industry, each mark linking to the
    // sentences behind it.
    client
        .find(Locator::Css("header nav a[data-view='matrix']"))
        .await?
        .click()
        .await?;
    wait_for(client, "#matrix-table a.cell").await?;
    let districts = texts(client, "#matrix-table tbody th.district").await?;
    ensure!(districts.contains(&"浦东新区".to_owned()), "{districts:?}");
    let inferred = texts(client, "#matrix-table td.inferred a.cell").await?;
    ensure!(
        !inferred.is_empty() && inferred.iter().all(|mark| mark == "○"),
        "cells only inferred from parks are marked ○: {inferred:?}"
    );
    screenshot(client, "web-matrix").await?;
    let cell_href = format!("#link/{}/{}", encoded("浦东新区"), encoded("集成电路"));
    let cell = client
        .find(Locator::Css(&format!(
            "#matrix-table a.cell[href='{cell_href}']"
        )))
        .await
        .context("the matrix has a cell for 浦东新区 × 集成电路")?;
    ensure!(cell.text().await? == "●", "a stated fact is marked ●");
    cell.click().await?;
    wait_for(client, "#link-facts article.fact").await?;
    let evidence = texts(client, "#link-facts article.fact").await?;
    ensure!(
        evidence
            .iter()
            .any(|fact| fact.contains("hosts industry")
                && fact.contains("浦东新区集成电路和生物医药")),
        "the cell's evidence: {evidence:#?}"
    );

    // The diagrams view draws a view inline.
    client.goto(&format!("{base}/#diagram/districts")).await?;
    let svg = wait_for(client, "#diagram svg").await?;
    let drawn = svg.text().await?;
    ensure!(
        drawn.contains("浦东新区"),
        "the districts diagram names 浦东新区"
    );

    // Text from the store or the address bar is shown as text, never run as markup.
    let hostile = "<img src=x onerror=\"document.title='owned'\">";
    client
        .goto(&format!("{base}/#entity/{}", encoded(hostile)))
        .await?;
    wait_for(client, "main .error").await?;
    let title = client.find(Locator::Css("h1")).await?.text().await?;
    ensure!(title == hostile, "the name is shown as typed: {title}");
    let images = client.find_all(Locator::Css("main img")).await?;
    ensure!(images.is_empty(), "no element was made from the name");
    ensure!(client.title().await? != "owned", "no script ran");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_page_in_a_real_browser() {
    let browser = browser_binary();
    let available = browser.is_some() && runs("chromedriver", &["--version"]);
    if !outside_program_available("chromium and chromedriver", available) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store");
    run(&store, &["build", SAMPLE, "--quiet"]);
    let (_server, base) = start_server(&store, &["--quiet"]);
    let (_driver, webdriver) = start_chromedriver();
    let client = connect(&webdriver, &browser.expect("checked above"))
        .await
        .expect("a WebDriver session with headless Chromium");
    let outcome = walk_through_the_page(&client, &base).await;
    if outcome.is_err() {
        if let Ok(png) = client.screenshot().await {
            let path = std::env::temp_dir().join("policykg-browser-failure.png");
            if std::fs::write(&path, png).is_ok() {
                eprintln!("the page when the test failed: {}", path.display());
            }
        }
    }
    let _ = client.close().await;
    if let Err(error) = outcome {
        panic!("{error:#}");
    }
}
