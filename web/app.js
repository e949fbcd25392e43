// The web page of `policykg serve`: a query editor over the canned queries, entity
// pages with the sentences behind each fact, the district × industry matrix and the
// diagrams. It talks only to this server's own endpoints (/query, /sparql, /api/…).
//
// Everything from the store (names, sentences, query results) reaches the page as
// text nodes (`el` and `append`), never as HTML, so a document's text cannot become
// markup or script. The one exception, a diagram's SVG, is parsed as XML and stripped
// of scripts and event handlers before it is shown.
'use strict';

const ENTITY_NAMESPACE = 'https://w3id.org/policykg/id/';
const DEFAULT_QUERY = 'district-industries';
// Result columns whose values are names of entities: their cells link to entity pages.
const ENTITY_COLUMNS = new Set([
  'district', 'industry', 'park', 'sector', 'technology', 'indicator', 'parent', 'entity',
]);
const KIND_NAMES = {
  district: '区 district',
  park: '园区 park',
  sector: '产业 sector',
  technology: '技术 technology',
  indicator: '指标 indicator',
};
const MAX_TABLE_ROWS = 2000;
const MATRIX_COLUMNS = 40;

const main = () => document.getElementById('main');

/// An element with attributes and children; strings become text nodes.
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function entityHref(name) {
  return '#entity/' + encodeURIComponent(name);
}

function linkHref(a, b) {
  return '#link/' + encodeURIComponent(a) + '/' + encodeURIComponent(b);
}

function entityLink(entity) {
  return el('a', { href: entityHref(entity.name), class: 'entity kind-' + entity.kind,
    title: KIND_NAMES[entity.kind] || entity.kind }, entity.label);
}

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function fetchText(url, options) {
  const response = await fetch(url, options);
  const text = await response.text();
  if (!response.ok) {
    throw new HttpError(response.status, text.replace(/^error: /, '').trim());
  }
  return { text, type: response.headers.get('content-type') || '' };
}

async function getJSON(url) {
  const { text } = await fetchText(url, { headers: { Accept: 'application/json' } });
  return JSON.parse(text);
}

/// Replaces a node's children, leaving out the absent ones (null, false).
function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((child) =>
    child !== null && child !== undefined && child !== false));
  return node;
}

function errorBox(error) {
  return el('p', { class: 'error', role: 'alert' }, String(error.message || error));
}

function loading(what) {
  return el('p', { class: 'loading' }, what || 'Loading…');
}

/// Replaces the page's content; returns the new view's element.
function show(...children) {
  const view = el('div', { class: 'view' }, ...children);
  fill(main(), view);
  window.scrollTo(0, 0);
  return view;
}

function markNav(name) {
  for (const link of document.querySelectorAll('header.top nav a')) {
    link.classList.toggle('current', link.dataset.view === name);
  }
}

// ─── Canned queries and the query editor ────────────────────────────────────────

let cannedQueries = null;

async function canned() {
  if (!cannedQueries) cannedQueries = await getJSON('/query');
  return cannedQueries;
}

async function queryView(name, runNow) {
  markNav('query');
  const select = el('select', { id: 'query-name', 'aria-label': 'Canned query' });
  const about = el('p', { id: 'query-about', class: 'about' });
  const text = el('textarea', { id: 'query-text', rows: 8, spellcheck: 'false',
    'aria-label': 'SPARQL query' });
  const status = el('span', { id: 'query-status', class: 'status' });
  const result = el('div', { id: 'query-result' });
  const run = el('button', { id: 'run-query', type: 'submit' }, 'Run 运行 ▶');
  const form = el('form', { id: 'query-form' },
    el('label', { class: 'pick' }, 'Question 问题 ', select),
    about, text,
    el('div', { class: 'actions' }, run,
      el('span', { class: 'hint' }, 'Ctrl+Enter runs; edit the SPARQL freely'), status));
  show(
    el('h1', {}, '查询 Query'),
    el('p', { class: 'intro' },
      'Pick a question and press Run to see the rows, or edit the SPARQL. Names in the results open ',
      "the entity's page, with the sentences behind each fact. See also the ",
      el('a', { href: '#matrix' }, 'district × industry matrix'), ' and the ',
      el('a', { href: '#diagram/districts' }, 'diagrams'), '.'),
    form, result);
  let queries;
  try {
    queries = await canned();
  } catch (error) {
    fill(result, errorBox(error));
    return;
  }
  for (const query of queries) {
    select.append(el('option', { value: query.name }, query.answers + '  (' + query.name + ')'));
  }
  select.append(el('option', { value: '' }, '(your own query)'));
  const choose = (chosen) => {
    const query = queries.find((q) => q.name === chosen);
    select.value = query ? query.name : '';
    about.textContent = query
      ? 'Canned query ' + query.name + ', also at /query/' + query.name + ' (its SPARQL below):'
      : 'Your own SPARQL query:';
    if (query) text.value = query.sparql;
  };
  choose(name || DEFAULT_QUERY);
  select.addEventListener('change', () => {
    choose(select.value);
    history.replaceState(null, '', '#query/' + encodeURIComponent(select.value));
  });
  text.addEventListener('input', () => {
    const query = queries.find((q) => q.name === select.value);
    if (query && query.sparql !== text.value) {
      select.value = '';
      about.textContent = 'Your own SPARQL query (changed from ' + query.name + ').';
    }
  });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    runQuery(select.value, text.value, status, result, run);
  });
  if (runNow) form.requestSubmit();
}

async function runQuery(name, sparql, status, result, button) {
  status.textContent = 'Running…';
  button.disabled = true;
  fill(result, );
  const started = performance.now();
  try {
    const { text, type } = await fetchText('/sparql', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/sparql-results+json, text/turtle;q=0.5',
      },
      body: new URLSearchParams({ query: sparql }),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (type.startsWith('application/sparql-results+json')) {
      const answer = JSON.parse(text);
      if ('boolean' in answer) {
        status.textContent = seconds + ' s';
        fill(result, el('p', { class: 'boolean' }, 'Answer: ' + answer.boolean));
        return;
      }
      const rows = answer.results.bindings;
      status.textContent = rows.length + (rows.length === 1 ? ' row' : ' rows') + ' in ' + seconds + ' s';
      fill(result, resultTable(answer.head.vars, rows, name, sparql));
    } else {
      status.textContent = seconds + ' s';
      fill(result, el('pre', { class: 'graph' }, text));
    }
  } catch (error) {
    status.textContent = '';
    fill(result, errorBox(error));
  } finally {
    button.disabled = false;
  }
}

function csvHref(name, sparql) {
  const query = cannedQueries && cannedQueries.find((q) => q.name === name);
  if (query && query.sparql === sparql) return '/query/' + encodeURIComponent(name) + '?format=csv';
  return '/sparql?format=csv&query=' + encodeURIComponent(sparql);
}

function termCell(column, term) {
  if (!term) return el('td', { class: 'empty' });
  if (term.type === 'uri') {
    if (term.value.startsWith(ENTITY_NAMESPACE)) {
      return el('td', {}, el('a', { href: entityHref(term.value), class: 'iri' }, term.value));
    }
    return el('td', { class: 'iri' }, term.value);
  }
  const numeric = term.datatype && /#(integer|decimal|double|float|long|int)$/.test(term.datatype);
  if (ENTITY_COLUMNS.has(column) && term.type === 'literal') {
    return el('td', {}, el('a', { href: entityHref(term.value), class: 'entity' }, term.value));
  }
  return el('td', { class: numeric ? 'number' : null }, term.value);
}

function resultTable(columns, rows, name, sparql) {
  const linked = columns.filter((column) => ENTITY_COLUMNS.has(column));
  const withEvidence = linked.length >= 2;
  const head = el('tr', {}, columns.map((column) => el('th', { scope: 'col' }, column)),
    withEvidence ? el('th', { scope: 'col', class: 'evidence' }, '依据 evidence') : null);
  const body = el('tbody');
  for (const row of rows.slice(0, MAX_TABLE_ROWS)) {
    const cells = columns.map((column) => termCell(column, row[column]));
    if (withEvidence) {
      const [a, b] = linked.map((column) => row[column]).filter(Boolean);
      cells.push(el('td', { class: 'evidence' }, a && b
        ? el('a', { href: linkHref(a.value, b.value), title: 'The sentences behind this row' }, 'sentences')
        : ''));
    }
    body.append(el('tr', {}, cells));
  }
  const csv = el('a', { id: 'csv-link', class: 'button', href: csvHref(name, sparql),
    download: (name || 'query') + '.csv' }, 'Download CSV 下载');
  const note = rows.length > MAX_TABLE_ROWS
    ? el('p', { class: 'note' }, 'The first ' + MAX_TABLE_ROWS + ' of ' + rows.length +
      ' rows are shown; the CSV has them all.')
    : null;
  if (rows.length === 0) {
    return el('div', {}, el('p', { class: 'note' }, 'No rows: the store has no answer to this query.'), csv);
  }
  return el('div', {}, el('div', { class: 'result-actions' }, csv), note,
    el('div', { class: 'scroll' }, el('table', { class: 'results' }, el('thead', {}, head), body)));
}

// ─── Entity pages and the sentences behind facts ────────────────────────────────

/// A sentence with the given names marked.
function markedSentence(text, names) {
  const wanted = names.filter((name) => name && text.includes(name))
    .sort((a, b) => b.length - a.length);
  const parts = [];
  let rest = text;
  while (rest.length > 0 && wanted.length > 0) {
    let best = -1;
    let bestName = '';
    for (const name of wanted) {
      const at = rest.indexOf(name);
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
        bestName = name;
      }
    }
    if (best < 0) break;
    parts.push(rest.slice(0, best), el('mark', {}, bestName));
    rest = rest.slice(best + bestName.length);
  }
  parts.push(rest);
  return parts;
}

/// A list of sentences, each with its document and section, the names marked.
function sentenceList(sentences, names) {
  const list = el('ul', { class: 'sentences' });
  for (const item of sentences) {
    list.append(el('li', { class: 'sentence' },
      el('blockquote', { lang: 'zh' }, markedSentence(item.sentence, names)),
      el('div', { class: 'source' },
        el('span', { class: 'document', title: 'document' }, item.document),
        item.section ? el('span', { class: 'section', title: 'section' }, ' › ' + item.section) : null)));
  }
  return list;
}

function evidenceList(fact, moreHref) {
  const names = [fact.subject, fact.object, ...fact.via]
    .flatMap((entity) => [entity.label, ...entity.aliases]);
  const list = sentenceList(fact.sentences, names);
  if (fact.sentences.length === 0) {
    list.append(el('li', { class: 'none' }, 'No sentence is recorded for this fact.'));
  }
  if (fact.total > fact.sentences.length) {
    list.append(el('li', { class: 'more' }, moreHref
      ? el('a', { href: moreHref }, 'all ' + fact.total + ' sentences →')
      : (fact.total - fact.sentences.length) + ' more sentences'));
  }
  return list;
}

function factHeader(fact) {
  return el('div', { class: 'fact-head' },
    entityLink(fact.subject), ' ',
    el('span', { class: 'relation' }, '—' + fact.relation + '→'), ' ',
    entityLink(fact.object),
    inferredBadge(fact));
}

function inferredBadge(fact) {
  if (!fact.inferred) return null;
  return el('span', { class: 'inferred-note' },
    el('span', { class: 'badge inferred', title: 'No sentence states it: it follows from a park in the district that focuses on the industry; the sentences below are those premises' },
      '○ inferred from parks 经园区推断'),
    fact.via.length > 0
      ? [' via ', fact.via.flatMap((park, i) => (i > 0 ? ['、', entityLink(park)] : [entityLink(park)]))]
      : null);
}

/// A fact with its sentences; on an entity's page (`from` is that entity) only the
/// other end is named, since the section's title says the rest.
function factBlock(fact, withMore, from) {
  const more = withMore ? linkHref(fact.subject.name, fact.object.name) : null;
  let head = factHeader(fact);
  if (from) {
    const other = fact.subject.iri === from.iri ? fact.object : fact.subject;
    head = el('div', { class: 'fact-head' }, entityLink(other), ' ', kindBadge(other.kind), inferredBadge(fact));
  }
  return el('article', { class: 'fact' + (fact.inferred ? ' inferred' : '') },
    head, evidenceList(fact, more));
}

/// A target or an observation of the entity, with the sentences that state it.
function figureBlock(figure, entity) {
  const list = sentenceList(figure.sentences, [entity.label, ...entity.aliases, figure.text]);
  if (figure.total > figure.sentences.length) {
    list.append(el('li', { class: 'more' }, (figure.total - figure.sentences.length) + ' more sentences'));
  }
  return el('article', { class: 'fact figure' },
    el('div', { class: 'fact-head' },
      el('span', { class: 'badge ' + (figure.target ? 'target' : 'observation') },
        figure.target ? '目标 target' : '现状 observed'),
      figure.year ? ' ' + figure.year + ' ' : ' ',
      el('span', { class: 'metric' }, figure.metric), ' ',
      el('strong', {}, figure.text)),
    list);
}

function kindBadge(kind) {
  return el('span', { class: 'badge kind-' + kind }, KIND_NAMES[kind] || kind);
}

async function entityView(name) {
  markNav('');
  const view = show(loading('Loading ' + name + '…'));
  let answer;
  try {
    answer = await getJSON('/api/entity?name=' + encodeURIComponent(name));
  } catch (error) {
    if (error.status === 404) {
      fill(view, el('h1', {}, name), el('p', { class: 'error', role: 'alert' },
        'No entity is called “' + name + '” in this store. Names come from the documents built into it; try part of the name in the box at the top.'));
      suggest(view, name);
    } else {
      fill(view, el('h1', {}, name), errorBox(error));
    }
    return;
  }
  if (answer.candidates) {
    fill(view, el('h1', {}, name),
      el('p', {}, 'Several entities have this name; which one?'),
      el('ul', { class: 'candidates' }, answer.candidates.map((entity) =>
        el('li', {}, entityLink(entity), ' ', kindBadge(entity.kind)))));
    return;
  }
  const { entity, facts } = answer;
  const figures = answer.figures || [];
  document.title = entity.label + ' — policykg';
  const groups = new Map();
  for (const fact of facts) {
    const outgoing = fact.subject.iri === entity.iri;
    const key = (outgoing ? 'out ' : 'in ') + fact.relation;
    if (!groups.has(key)) {
      groups.set(key, {
        title: outgoing ? entity.label + ' ' + fact.relation + ' …' : '… ' + fact.relation + ' ' + entity.label,
        facts: [],
      });
    }
    groups.get(key).facts.push(fact);
  }
  const sections = [...groups.values()].map((group) =>
    el('section', { class: 'fact-group' },
      el('h2', {}, group.title, el('span', { class: 'count' }, ' (' + group.facts.length + ')')),
      group.facts.map((fact) => factBlock(fact, true, entity))));
  // Its targets and figures first: for a sector they are what a reader asks first.
  const toc = [...groups.values()].map((group) => group.title + ' (' + group.facts.length + ')');
  if (figures.length > 0) {
    const title = '目标与数据 Targets and figures';
    sections.unshift(el('section', { class: 'fact-group figures' },
      el('h2', {}, title, el('span', { class: 'count' }, ' (' + figures.length + ')')),
      figures.map((figure) => figureBlock(figure, entity))));
    toc.unshift(title + ' (' + figures.length + ')');
  }
  const diagram = el('div', { class: 'diagram' }, loading('Drawing…'));
  fill(view, 
    el('h1', {}, entity.label, ' ', kindBadge(entity.kind)),
    entity.aliases.length > 0
      ? el('p', { class: 'aliases' }, 'Also called 又称 ', entity.aliases.join('、'))
      : null,
    el('p', { class: 'iri' }, entity.iri),
    el('p', { class: 'summary' }, facts.length === 0 && figures.length === 0
      ? 'No relations or figures are stated for it.'
      : [facts.length > 0 ? facts.length + (facts.length === 1 ? ' fact' : ' facts') : null,
        figures.length > 0 ? figures.length + (figures.length === 1 ? ' figure' : ' figures') : null]
        .filter(Boolean).join(' and ') +
        ', each with the sentences that state it (document › section).'),
    toc.length > 1
      ? el('nav', { class: 'toc' }, toc.map((entry, i) =>
        el('a', { href: '#', 'data-group': i, onclick: (event) => {
          event.preventDefault();
          view.querySelectorAll('.fact-group')[i].scrollIntoView();
        } }, entry)))
      : null,
    el('div', { id: 'entity-facts' }, sections),
    el('section', { class: 'neighbourhood' },
      el('h2', {}, '关系图 Neighbourhood'),
      diagram));
  drawInto(diagram, '/api/diagram/focus?entity=' + encodeURIComponent(entity.name));
}

async function suggest(view, name) {
  try {
    const found = await getJSON('/api/entities?q=' + encodeURIComponent(name));
    if (found.length > 0) {
      view.append(el('p', {}, 'Names that contain it:'),
        el('ul', { class: 'candidates' }, found.map((entity) =>
          el('li', {}, entityLink(entity), ' ', kindBadge(entity.kind)))));
    }
  } catch (_) {
    // The suggestion is a courtesy; the error above already says what went wrong.
  }
}

async function linkView(a, b) {
  markNav('');
  const view = show(loading());
  let answer;
  try {
    answer = await getJSON('/api/explain?a=' + encodeURIComponent(a) + '&b=' + encodeURIComponent(b));
  } catch (error) {
    fill(view, el('h1', {}, a + ' — ' + b), errorBox(error));
    return;
  }
  document.title = answer.a.label + ' — ' + answer.b.label + ' — policykg';
  const title = el('h1', {}, entityLink(answer.a), ' — ', entityLink(answer.b));
  if (answer.facts.length > 0) {
    fill(view, title,
      el('p', { class: 'summary' }, 'The sentences behind ' +
        (answer.facts.length === 1 ? 'this fact' : 'these facts') + ' (document › section):'),
      el('div', { id: 'link-facts' }, answer.facts.map((fact) => factBlock(fact, false))));
  } else if (answer.chain.length > 0) {
    fill(view, title,
      el('p', { class: 'summary' }, 'No sentence links them directly. The shortest chain of facts, ' +
        answer.chain.length + ' steps:'),
      el('ol', { id: 'link-chain', class: 'chain' }, answer.chain.map((fact) =>
        el('li', {}, factBlock(fact, true)))));
  } else {
    fill(view, title, el('p', { class: 'summary' }, 'No chain of facts links them.'));
  }
}

// ─── The district × industry matrix ─────────────────────────────────────────────

async function matrixView(all) {
  markNav('matrix');
  const view = show(el('h1', {}, '区 × 产业 Districts × industries'), loading());
  let matrix;
  try {
    matrix = await getJSON('/api/matrix');
  } catch (error) {
    fill(view, el('h1', {}, '区 × 产业 Districts × industries'), errorBox(error));
    return;
  }
  const cells = new Map(matrix.cells.map((cell) => [cell.district + '\u0000' + cell.industry, cell]));
  const industries = all ? matrix.industries : matrix.industries.slice(0, MATRIX_COLUMNS);
  const head = el('tr', {},
    el('th', { class: 'corner', scope: 'col' }, '产业 industry →', el('br'), '区 district ↓'),
    industries.map((industry) => el('th', { scope: 'col', class: 'industry' },
      el('a', { href: entityHref(industry.name), title: industry.name + ': ' + industry.count +
        ' districts (' + industry.stated + ' stated)' }, industry.name))),
    el('th', { scope: 'col', class: 'total' }, '数量'));
  const body = el('tbody');
  for (const district of matrix.districts) {
    const row = el('tr', {}, el('th', { scope: 'row', class: 'district' },
      el('a', { href: entityHref(district.name) }, district.name)));
    for (const industry of industries) {
      const cell = cells.get(district.name + '\u0000' + industry.name);
      if (!cell) {
        row.append(el('td'));
        continue;
      }
      const what = cell.inferred ? 'only inferred from a park in the district' : 'stated in a document';
      row.append(el('td', { class: cell.inferred ? 'inferred' : 'stated' },
        el('a', { class: 'cell', href: linkHref(district.name, industry.name),
          title: district.name + ' — ' + industry.name + ': ' + what + '. Click for the sentences.',
          'aria-label': district.name + ' ' + industry.name + ' ' + what },
        cell.inferred ? '○' : '●')));
    }
    row.append(el('td', { class: 'total' }, String(district.count)));
    body.append(row);
  }
  const foot = el('tr', {}, el('th', { scope: 'row', class: 'total' }, '数量 districts'),
    industries.map((industry) => el('td', { class: 'total' }, String(industry.count))), el('td'));
  const left = matrix.industries.length - industries.length;
  fill(view, 
    el('h1', {}, '区 × 产业 Districts × industries'),
    el('p', { class: 'legend' },
      el('span', { class: 'mark stated' }, '●'), ' stated in a document 文件明确   ',
      el('span', { class: 'mark inferred' }, '○'), " only inferred from the district's parks 经园区推断.   ",
      'Each mark opens the sentences behind it; industries are ranked by how many districts host them.'),
    matrix.cells.length === 0
      ? el('p', { class: 'note' }, 'No district hosts an industry in this store yet (build some documents first).')
      : el('div', { class: 'scroll matrix-scroll' },
        el('table', { id: 'matrix-table', class: 'matrix' }, el('thead', {}, head), body, el('tfoot', {}, foot))),
    left > 0
      ? el('p', { class: 'note' }, left + ' less hosted industries are not shown. ',
        el('a', { href: '#matrix/all' }, 'Show all ' + matrix.industries.length + ' industries'))
      : null);
}

// ─── Diagrams ───────────────────────────────────────────────────────────────────

const DIAGRAMS = [
  ['districts', '区 Districts', 'Each district with its parks, and the industries it hosts'],
  ['sectors', '产业 Sectors', 'Sectors, their sub-sectors, technologies and targets'],
  ['matrix', '矩阵 Matrix', 'Districts by industries, as a picture'],
  ['focus', '焦点 Focus', 'The neighbourhood of one entity'],
];

/// In a focus diagram each entity is a node with its label as its only text: a click
/// on it opens the entity's page.
function linkFocusNodes(svg) {
  for (const node of svg.querySelectorAll('g.node')) {
    const title = node.querySelector('title');
    const texts = node.querySelectorAll('text');
    if (!title || !/^n[0-9]+$/.test(title.textContent) || texts.length !== 1) continue;
    const name = texts[0].textContent.trim();
    node.classList.add('linked');
    node.addEventListener('click', () => {
      location.hash = entityHref(name);
    });
    title.textContent = name + ': click to open its page';
  }
}

/// Fetches an SVG diagram and puts it into `box`, without anything that could run.
async function drawInto(box, url) {
  fill(box, loading('Drawing…'));
  try {
    const { text } = await fetchText(url, { headers: { Accept: 'image/svg+xml' } });
    const parsed = new DOMParser().parseFromString(text, 'image/svg+xml');
    const svg = parsed.documentElement;
    if (svg.nodeName !== 'svg') throw new Error('the diagram is not SVG');
    for (const node of svg.querySelectorAll('script, foreignObject')) node.remove();
    for (const node of [svg, ...svg.querySelectorAll('*')]) {
      for (const attribute of [...node.attributes]) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith('on') || (name.endsWith('href') && !attribute.value.startsWith('#'))) {
          node.removeAttribute(attribute.name);
        }
      }
    }
    const shown = document.importNode(svg, true);
    if (url.startsWith('/api/diagram/focus')) linkFocusNodes(shown);
    // At its own size a diagram's labels are as large as Graphviz drew them; a wide
    // one scrolls. Fitting it to the page's width shows all of it, smaller.
    const toggle = el('button', { type: 'button', class: 'small' }, 'Fit to width');
    toggle.addEventListener('click', () => {
      const fitted = box.classList.toggle('fit');
      toggle.textContent = fitted ? 'Actual size' : 'Fit to width';
    });
    fill(box,
      el('p', { class: 'diagram-tools' }, toggle, ' ',
        el('a', { href: url, target: '_blank' }, 'Open the SVG by itself')),
      shown);
  } catch (error) {
    fill(box, errorBox(error));
  }
}

function diagramView(name, entity) {
  markNav('diagram');
  const chosen = DIAGRAMS.find(([key]) => key === name) || DIAGRAMS[0];
  const tabs = el('nav', { class: 'tabs' }, DIAGRAMS.map(([key, label]) =>
    el('a', { href: '#diagram/' + key + (key === 'focus' && entity ? '/' + encodeURIComponent(entity) : ''),
      class: key === chosen[0] ? 'current' : null }, label)));
  const box = el('div', { class: 'diagram', id: 'diagram' });
  const parts = [el('h1', {}, '图 Diagrams'), tabs, el('p', { class: 'about' }, chosen[2] + '.')];
  if (chosen[0] === 'focus') {
    const input = el('input', { type: 'search', value: entity || '', placeholder: '临港新片区',
      'aria-label': 'Entity to draw', list: 'search-list' });
    parts.push(el('form', { class: 'focus-form', onsubmit: (event) => {
      event.preventDefault();
      if (input.value.trim()) location.hash = '#diagram/focus/' + encodeURIComponent(input.value.trim());
    } }, el('label', {}, 'Entity 实体 ', input), el('button', { type: 'submit' }, 'Draw')));
  }
  parts.push(box);
  show(...parts);
  if (chosen[0] === 'focus') {
    if (entity) drawInto(box, '/api/diagram/focus?entity=' + encodeURIComponent(entity));
    else fill(box, el('p', { class: 'note' }, 'Name an entity to draw its neighbourhood.'));
  } else {
    drawInto(box, '/api/diagram/' + chosen[0]);
  }
}

// ─── Search box and routing ─────────────────────────────────────────────────────

function setUpSearch() {
  const form = document.getElementById('search');
  const input = document.getElementById('search-input');
  const list = document.getElementById('search-list');
  let timer = null;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = input.value.trim();
      if (!text) return;
      try {
        const found = await getJSON('/api/entities?q=' + encodeURIComponent(text));
        list.replaceChildren(...found.map((entity) =>
          el('option', { value: entity.name }, KIND_NAMES[entity.kind] || entity.kind)));
      } catch (_) {
        list.replaceChildren();
      }
    }, 200);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (name) {
      input.value = '';
      input.blur();
      location.hash = entityHref(name);
    }
  });
}

function route() {
  document.title = 'policykg';
  const [view, ...rest] = location.hash.replace(/^#/, '').split('/');
  const args = rest.map((part) => {
    try {
      return decodeURIComponent(part);
    } catch (_) {
      return part;
    }
  });
  switch (view) {
    case 'entity': return entityView(args[0] || '');
    case 'link': return linkView(args[0] || '', args[1] || '');
    case 'matrix': return matrixView(args[0] === 'all');
    case 'diagram': return diagramView(args[0], args[1]);
    case 'query': return queryView(args[0], Boolean(args[0]));
    default: return queryView(DEFAULT_QUERY, false);
  }
}

window.addEventListener('hashchange', route);
document.addEventListener('DOMContentLoaded', () => {
  setUpSearch();
  route();
});
