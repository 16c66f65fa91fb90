#!/usr/bin/env node
// The search box of the default theme, end to end in Chromium from file://
// (and once over http under a sub-path):
// typing shows ranked results in an accessible combobox, the keyboard drives
// it, Enter opens the note with the matched words marked, and nothing from a
// note is ever run as HTML.
//
//   node search.mjs --fixture <built fixture site> --default <built default site> --shots <dir>
//
// --fixture is the site written by tests/heavy/browser.rs
// (`search_works_in_chromium_from_file`): the notes "Nebula backups",
// "Galaxy", "Script breaker" (a body with </script> and U+2028) and one
// titled <img src=x onerror=alert(1)>. --default is the repo's own content.
// Prints one line per check; exits 1 on the first failure, 2 on bad usage.

import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const TIMEOUT_MS = 15_000;
const XSS_TITLE = '<img src=x onerror=alert(1)>';

class CheckFailure extends Error {}
function fail(message) { throw new CheckFailure(message); }
function pass(message) { console.log(`ok   ${message}`); }

function usage(problem) {
  console.error(`search.mjs: ${problem}`);
  console.error('usage: node search.mjs --fixture <built site> --default <built site> --shots <dir>');
  process.exit(2);
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({ options: { fixture: { type: 'string' }, default: { type: 'string' }, shots: { type: 'string' } } }));
  } catch (err) {
    usage(err.message);
  }
  const sites = {};
  for (const name of ['fixture', 'default']) {
    if (!values[name]) usage(`--${name} is required`);
    const index = path.join(path.resolve(values[name]), 'index.html');
    if (!existsSync(index)) usage(`${index} does not exist: build the site first`);
    sites[name] = pathToFileURL(index).href;
  }
  if (!values.shots) usage('--shots is required');
  return { sites, shots: path.resolve(values.shots) };
}

// ---------------------------------------------------------------- page watching

/**
 * A page that records what must never happen: console errors, uncaught
 * errors, failed loads of site files, and any dialog (alert from injected
 * markup).
 */
async function watchedPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', reducedMotion: 'reduce', ...options });
  context.setDefaultTimeout(TIMEOUT_MS);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    // A navigation aborts the loads still running (the favicon, say).
    const error = req.failure()?.errorText;
    if (error !== 'net::ERR_ABORTED') problems.push(`request failed: ${req.url()} (${error})`);
  });
  page.on('dialog', async (dialog) => {
    problems.push(`a ${dialog.type()} dialog opened: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return {
    page,
    context,
    assertClean(when) {
      if (problems.length) fail(`${when}:\n  ${problems.join('\n  ')}`);
    },
  };
}

async function waitFor(page, what, fn, arg) {
  try {
    return await page.waitForFunction(fn, arg, { timeout: TIMEOUT_MS });
  } catch {
    const state = await page.evaluate(comboboxState).catch(() => null);
    fail(`timed out waiting until ${what} on ${page.url()}\n  box: ${JSON.stringify(state)}`);
  }
}

/** Everything the checks look at in the search box, read in one go. */
function comboboxState() {
  const input = document.getElementById('lore-search');
  const list = document.getElementById('lore-search-results');
  const panel = document.getElementById('lore-search-panel');
  const visible = (el) => !!el && el.checkVisibility() && el.getBoundingClientRect().height > 0;
  const options = [...list.querySelectorAll('[role="option"], li:not([role="none"])')].map((li) => {
    const a = li.matches('a[href]') ? li : li.querySelector('a[href]');
    return {
      id: li.id,
      role: li.getAttribute('role'),
      selected: li.getAttribute('aria-selected'),
      title: li.querySelector('.search-title')?.textContent ?? null,
      marks: [...li.querySelectorAll('.snippet mark')].map((m) => m.textContent),
      href: a ? a.href : null,
      elements: [...li.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
    };
  });
  return {
    focused: document.activeElement === input,
    value: input.value,
    role: input.getAttribute('role'),
    expanded: input.getAttribute('aria-expanded'),
    controls: input.getAttribute('aria-controls'),
    autocomplete: input.getAttribute('aria-autocomplete'),
    activedescendant: input.getAttribute('aria-activedescendant'),
    landmark: input.closest('[role="search"]') !== null,
    listRole: list.getAttribute('role'),
    listVisible: visible(list),
    panelVisible: visible(panel),
    message: document.getElementById('lore-search-message')?.textContent ?? '',
    status: document.getElementById('lore-search-status')?.textContent ?? '',
    statusRole: document.getElementById('lore-search-status')?.getAttribute('role') ?? null,
    options,
  };
}

const state = (page) => page.evaluate(comboboxState);

/** Focuses the box with `/`, clears it, types `query` and waits for the answer to it. */
async function search(page, query, { key = '/' } = {}) {
  await page.locator('h1').first().click(); // focus on the page, not in a field
  await page.keyboard.press(key);
  if (!(await state(page)).focused) fail(`pressing ${key} did not focus #lore-search on ${page.url()}`);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(query, { delay: 25 });
  // The box names the query whose answer it shows (data-query).
  await waitFor(page, `the answer to "${query}" is shown`, (q) => {
    const input = document.getElementById('lore-search');
    return input.value === q && input.closest('.search').getAttribute('data-query') === q;
  }, query);
  return state(page);
}

/** The stems of the words of `text`, with the site's own tokenizer. */
function stemsOf(page, text) {
  return page.evaluate((t) => window.loreSearch.tokenize(t).map((x) => x.term), text);
}

function assertComboboxAria(s, when) {
  const problems = [];
  if (s.role !== 'combobox') problems.push(`input role is ${s.role}`);
  if (s.controls !== 'lore-search-results') problems.push(`aria-controls is ${s.controls}`);
  if (s.autocomplete !== 'list') problems.push(`aria-autocomplete is ${s.autocomplete}`);
  if (!s.landmark) problems.push('the input is not inside role=search');
  if (s.listRole !== 'listbox') problems.push(`the results list has role ${s.listRole}`);
  if (s.statusRole !== 'status') problems.push('no role=status live region');
  const expanded = s.options.length > 0 && s.listVisible ? 'true' : 'false';
  if (s.expanded !== expanded) problems.push(`aria-expanded is ${s.expanded}, expected ${expanded}`);
  for (const o of s.options) {
    if (o.role !== 'option') problems.push(`a list item has role ${o.role}`);
    if (!o.id) problems.push('an option has no id');
    if (!o.href) problems.push(`option ${o.id} holds no a[href]`);
    if (o.selected !== 'true' && o.selected !== 'false') problems.push(`option ${o.id} has aria-selected=${o.selected}`);
  }
  const selected = s.options.filter((o) => o.selected === 'true').map((o) => o.id);
  const active = s.activedescendant ? [s.activedescendant] : [];
  if (JSON.stringify(selected) !== JSON.stringify(active)) {
    problems.push(`aria-activedescendant ${s.activedescendant} but aria-selected on [${selected}]`);
  }
  if (problems.length) fail(`${when}: ${problems.join('; ')}`);
}

/** The marks on the page, their words' stems, and the page text. */
function pageMarks(page) {
  return page.evaluate(() => ({
    marks: [...document.querySelectorAll('mark.search-hit')].map((m) => m.textContent),
    bar: document.querySelector('.search-hits')?.textContent ?? null,
    firstInView: (() => {
      const m = document.querySelector('mark.search-hit');
      if (!m) return false;
      const r = m.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    })(),
  }));
}

/** Every mark's word has one of `stems`, or starts with `prefix`; the words in `expected` are marked. */
async function assertMarks(page, stems, prefix, expected, when) {
  const got = await pageMarks(page);
  if (!got.marks.length) fail(`${when}: no mark.search-hit on ${page.url()}`);
  for (const word of new Set(got.marks)) {
    const s = await stemsOf(page, word);
    const ok = s.length === 1 && (stems.includes(s[0]) || (prefix && word.toLowerCase().startsWith(prefix)));
    if (!ok) fail(`${when}: "${word}" (stems ${JSON.stringify(s)}) is marked but matches none of ${JSON.stringify(stems)}`);
  }
  for (const word of expected) {
    if (!got.marks.includes(word)) fail(`${when}: "${word}" is not marked (marks: ${JSON.stringify(got.marks)})`);
  }
  if (!got.firstInView) fail(`${when}: the first mark was not scrolled into view`);
  return got;
}

async function openFile(watched, url) {
  await watched.page.goto(url, { waitUntil: 'load' });
}

// ---------------------------------------------------------------- checks on the fixture

async function checkTypingAndKeyboard(browser, index) {
  const w = await watchedPage(browser);
  const { page } = w;
  try {
    await openFile(w, index);
    let s = await state(page);
    assertComboboxAria(s, 'before any search');
    if (s.panelVisible) fail('the result panel is visible before any search');

    s = await search(page, 'nebula backup');
    if (!s.options.length) fail(`"nebula backup" shows no results (message "${s.message}")`);
    if (s.options[0].title !== 'Nebula backups') fail(`the first result for "nebula backup" is "${s.options[0].title}", expected "Nebula backups"`);
    assertComboboxAria(s, 'results of "nebula backup"');
    if (s.expanded !== 'true' || !s.listVisible) fail('the listbox is not shown (or aria-expanded is not true) with results');
    if (!/\b\d+ results?\b/.test(s.status)) fail(`the live region says "${s.status}", expected the number of results`);
    const snippetMarks = s.options[0].marks;
    if (!snippetMarks.length) fail('the first result\'s snippet has no <mark>');
    const queryStems = await stemsOf(page, 'nebula backup');
    for (const word of snippetMarks) {
      const st = await stemsOf(page, word);
      if (!st.every((x) => queryStems.includes(x) || word.toLowerCase().startsWith('backup'))) fail(`the snippet marks "${word}", not a query word`);
    }
    pass(`file: "/" focuses the box; "nebula backup" lists ${s.options.length} results, first "Nebula backups", snippet marks ${JSON.stringify(snippetMarks)}; live region "${s.status}"`);

    await page.keyboard.press('ArrowDown');
    s = await state(page);
    assertComboboxAria(s, 'after ArrowDown');
    if (s.activedescendant !== s.options[0].id) fail(`ArrowDown made ${s.activedescendant} active, expected the first option ${s.options[0].id}`);
    await page.keyboard.press('ArrowDown');
    s = await state(page);
    assertComboboxAria(s, 'after a second ArrowDown');
    if (s.options.length > 1 && s.activedescendant !== s.options[1].id) fail(`the second ArrowDown made ${s.activedescendant} active, expected ${s.options[1].id}`);
    await page.keyboard.press('ArrowUp');
    s = await state(page);
    assertComboboxAria(s, 'after ArrowUp');
    if (s.activedescendant !== s.options[0].id) fail(`ArrowUp made ${s.activedescendant} active, expected ${s.options[0].id}`);
    if (!s.focused) fail('the arrows moved focus out of the box');
    pass('file: ArrowDown/ArrowUp move aria-activedescendant and aria-selected, focus stays in the box');

    // Escape: closes the list, then clears the box, then leaves it.
    await page.keyboard.press('Escape');
    s = await state(page);
    if (s.panelVisible || s.expanded !== 'false' || s.value !== 'nebula backup' || s.activedescendant) fail(`the first Escape did not just close the list: ${JSON.stringify(s)}`);
    await page.keyboard.press('ArrowDown');
    s = await state(page);
    if (!s.listVisible || s.activedescendant !== s.options[0].id) fail('ArrowDown does not reopen the closed list on its first option');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    s = await state(page);
    if (s.value !== '' || !s.focused) fail(`the second Escape did not clear the box: ${JSON.stringify({ value: s.value, focused: s.focused })}`);
    await page.keyboard.press('Escape');
    s = await state(page);
    if (s.focused) fail('the third Escape did not leave the box');
    pass('file: Escape closes the list (value kept), then clears the box, then leaves it; ArrowDown reopens');

    // A click outside closes the list.
    s = await search(page, 'nebula');
    await page.mouse.click(640, 600);
    s = await state(page);
    if (s.panelVisible || s.expanded !== 'false') fail('a click outside the box did not close the list');
    pass('file: a click outside closes the list (aria-expanded false)');

    // Ctrl-K focuses the box, and `/` typed in another field stays there.
    await page.locator('h1').first().click();
    await page.keyboard.press('Control+K');
    if (!(await state(page)).focused) fail('Ctrl-K did not focus the box');
    await page.evaluate(() => {
      const t = document.createElement('textarea');
      t.id = 'other-field';
      document.querySelector('.main').prepend(t);
    });
    await page.locator('#other-field').click();
    await page.keyboard.type('a/b');
    const other = await page.evaluate(() => ({ value: document.getElementById('other-field').value, focused: document.activeElement.id }));
    if (other.value !== 'a/b' || other.focused !== 'other-field') fail(`"/" typed in a textarea was taken by the search box: ${JSON.stringify(other)}`);
    pass('file: Ctrl-K focuses the box; "/" typed in a textarea stays in the textarea');

    // Bad queries and no results: a message, no options, nothing thrown.
    s = await search(page, '"nebula');
    if (s.options.length || s.expanded !== 'false' || !/quote/i.test(s.message) || !s.panelVisible) fail(`an unbalanced quote did not show the engine's message: ${JSON.stringify(s)}`);
    const quoteMessage = s.message;
    s = await search(page, 'zzyzxqv');
    if (s.options.length || !/no results/i.test(s.message) || !/no results/i.test(s.status)) fail(`a query without matches did not say "No results": ${JSON.stringify(s)}`);
    pass(`file: an unbalanced quote shows "${quoteMessage}"; no match shows "${s.message}" (live region too)`);

    // Answers that arrive out of order: the stale one is dropped.
    // The engine is wrapped so that its answer to "galaxy" arrives late,
    // after the answer to the query typed next.
    await page.evaluate(() => {
      const search = window.loreSearch.search;
      window.__asked = [];
      window.__staleDone = false;
      window.loreSearch.search = (q, limit) => {
        window.__asked.push(q);
        return search(q, limit).then((answer) => (q === 'galaxy'
          ? new Promise((resolve) => setTimeout(() => { resolve(answer); setTimeout(() => { window.__staleDone = true; }, 0); }, 400))
          : answer));
      };
    });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('galaxy');
    await waitFor(page, 'the engine was asked "galaxy"', () => window.__asked.includes('galaxy'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('script');
    await waitFor(page, 'the late answer to "galaxy" arrived', () => window.__staleDone === true);
    s = await state(page);
    if (!s.options.length || s.options[0].title !== 'Script breaker') fail(`after a late answer to an older query the list shows ${JSON.stringify(s.options.map((o) => o.title))}, expected the answer to "script"`);
    pass('file: a late answer to an older query is ignored (the list shows the latest query\'s results)');
    w.assertClean('file: typing and keyboard checks');
  } finally {
    await w.context.close();
  }
}

async function checkEnterOpensWithMarks(browser, index, shots) {
  const w = await watchedPage(browser);
  const { page } = w;
  try {
    // The page as built, to compare with after the marks are cleared.
    await openFile(w, new URL('nebula/index.html', index).href);
    const noteHtml = () => [...document.querySelectorAll('.page-header, .prose')].map((e) => e.innerHTML).join('\n');
    const pristine = await page.evaluate(noteHtml);

    await openFile(w, index);
    let s = await search(page, 'nebula backup');
    await page.keyboard.press('ArrowDown');
    const target = (await state(page)).options[0];
    await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/nebula/index.html')), page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');
    if (!page.url().includes('highlight=')) fail(`Enter opened ${page.url()}, without the query to highlight`);
    const h1 = await page.locator('h1').first().textContent();
    if (h1.trim() !== 'Nebula backups') fail(`Enter on "${target.title}" opened a page titled "${h1}"`);
    await waitFor(page, 'the matched words are marked', () => document.querySelectorAll('mark.search-hit').length > 0);
    const stems = await stemsOf(page, 'nebula backup');
    const got = await assertMarks(page, stems, 'backup', ['Nebula', 'nebula', 'Backups', 'backup'], 'nebula page');
    const codeMarked = await page.evaluate(() => !!document.querySelector('.prose code mark.search-hit'));
    if (!codeMarked) fail('words inside code are not marked');
    const text = await page.evaluate(() => document.querySelector('.prose').textContent);
    await openFile(w, new URL('nebula/index.html', index).href);
    const pristineText = await page.evaluate(() => document.querySelector('.prose').textContent);
    if (text !== pristineText) fail('marking changed the text of the page');
    await page.goBack();
    await waitFor(page, 'the marks are back', () => document.querySelectorAll('mark.search-hit').length > 0);
    pass(`file: ArrowDown+Enter opens ${page.url().replace(/^.*\//, '')} with ${got.marks.length} marks (${JSON.stringify([...new Set(got.marks)])}), in code too, the first in view; bar "${got.bar}"`);

    // Escape clears the marks and gives back the page exactly as built.
    await page.locator('h1').first().click();
    await page.keyboard.press('Escape');
    await waitFor(page, 'Escape removes the marks', () => !document.querySelector('mark.search-hit') && !document.querySelector('.search-hits'));
    const after = await page.evaluate(noteHtml);
    if (after !== pristine) fail('after clearing the marks the page differs from the page as built');
    if (page.url().includes('highlight=')) fail(`clearing the marks left the query in the URL: ${page.url()}`);
    pass('file: Escape clears the marks; the page is then identical to the page as built, and the URL forgets the query');

    // The "Clear highlights" button does the same.
    await openFile(w, index);
    s = await search(page, 'galaxy');
    await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/galaxy/index.html')), page.keyboard.press('Enter')]);
    await waitFor(page, 'the galaxy page is marked', () => document.querySelectorAll('mark.search-hit').length > 0);
    await page.getByRole('button', { name: 'Clear highlights' }).click();
    await waitFor(page, 'the button removes the marks', () => !document.querySelector('mark.search-hit'));
    pass('file: Enter with no active option opens the first result; "Clear highlights" removes the marks');

    // A typo: the page marks the words the engine matched instead.
    await openFile(w, index);
    s = await search(page, 'nebla');
    if (s.options[0]?.title !== 'Nebula backups') fail(`the typo "nebla" lists ${JSON.stringify(s.options.map((o) => o.title))}, expected "Nebula backups" first`);
    await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/nebula/index.html')), page.keyboard.press('Enter')]);
    await waitFor(page, 'the typo\'s page is marked', () => document.querySelectorAll('mark.search-hit').length > 0);
    const typo = await assertMarks(page, await stemsOf(page, 'nebula'), null, ['Nebula', 'nebula'], 'page opened for a typo');
    await page.screenshot({ path: path.join(shots, 'search-marks.png') });
    pass(`file: the typo "nebla" finds "Nebula backups"; its page marks ${JSON.stringify([...new Set(typo.marks)])}`);
    w.assertClean('file: opening results');
  } finally {
    await w.context.close();
  }
}

async function checkHostileText(browser, index) {
  const w = await watchedPage(browser);
  const { page } = w;
  try {
    await openFile(w, index);
    let s = await search(page, 'quasar');
    const xss = s.options[0];
    if (!xss || xss.title !== XSS_TITLE) fail(`"quasar" should list the note titled ${XSS_TITLE} first, got ${JSON.stringify(s.options.map((o) => o.title))}`);
    const injected = await page.evaluate(() => document.querySelectorAll('#lore-search-panel img, #lore-search-panel script').length);
    if (injected) fail('the result list holds an <img> or <script> element made from a title');
    // A mouse click on a result is a normal link.
    await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/xss/index.html')), page.locator('#lore-search-results li a').first().click()]);
    await page.waitForLoadState('load');
    const h1 = await page.locator('h1').first().textContent();
    if (h1.trim() !== XSS_TITLE) fail(`the hostile note's h1 reads "${h1}"`);
    await waitFor(page, 'the hostile note is marked', () => document.querySelectorAll('mark.search-hit').length > 0);
    pass(`file: the title ${XSS_TITLE} shows as text in the list, a click opens its note, no dialog`);

    await openFile(w, index);
    s = await search(page, 'separator script');
    const breaker = s.options.find((o) => o.title === 'Script breaker');
    if (!breaker) fail(`"separator script" does not find "Script breaker": ${JSON.stringify(s.options.map((o) => o.title))}`);
    const snippet = await page.evaluate((id) => document.getElementById(id).querySelector('.snippet')?.textContent ?? '', breaker.id);
    if (breaker.elements.some((e) => !['a', 'span', 'mark'].includes(e))) fail(`the result holds elements ${breaker.elements}`);
    pass(`file: a body with </script> and U+2028 is found and shown as text (snippet ${JSON.stringify(snippet)})`);
    w.assertClean('file: hostile titles and bodies');
  } finally {
    await w.context.close();
  }
}

/** Without the index files the box says so, and nothing throws. */
async function checkIndexMissing(browser, index) {
  const site = path.dirname(fileURLToPath(index));
  const copy = await mkdtemp(path.join(tmpdir(), 'lore-search-missing-'));
  await cp(site, copy, { recursive: true });
  await rm(path.join(copy, 'search'), { recursive: true });
  const w = await watchedPage(browser);
  const { page } = w;
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  try {
    await openFile(w, pathToFileURL(path.join(copy, 'index.html')).href);
    const s = await search(page, 'nebula');
    if (s.options.length || !/not available/i.test(s.message) || !/not available/i.test(s.status)) fail(`without the index the box shows ${JSON.stringify(s)}`);
    if (errors.length) fail(`without the index: page errors ${errors.join('; ')}`);
    pass(`file: without the search/ files the box says "${s.message}", no page error`);
  } finally {
    await w.context.close();
    await rm(copy, { recursive: true, force: true });
  }
}

/** A static server of `dir` under `prefix` ("/sub/notes/"), like any static host. */
async function serveUnder(dir, prefix) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(prefix) || rel.includes('..')) { res.writeHead(404).end(); return; }
    rel = rel.slice(prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    try {
      const body = await readFile(path.join(dir, rel));
      res.writeHead(200, { 'content-type': types[path.extname(rel)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}${prefix}` };
}

/** Served over http under a sub-path, from a page two levels down. */
async function checkSubPath(browser, index) {
  const { server, url } = await serveUnder(path.dirname(fileURLToPath(index)), '/sub/notes/');
  const w = await watchedPage(browser);
  const { page } = w;
  try {
    await page.goto(`${url}galaxy/`, { waitUntil: 'load' });
    const s = await search(page, 'nebula backup');
    if (s.options[0]?.title !== 'Nebula backups') fail(`http sub-path: "nebula backup" lists ${JSON.stringify(s.options.map((o) => o.title))}`);
    await Promise.all([page.waitForURL(`${url}nebula/?highlight=nebula%20backup`), page.keyboard.press('Enter')]);
    await waitFor(page, 'the note is marked', () => document.querySelectorAll('mark.search-hit').length > 0);
    w.assertClean('http sub-path');
    pass(`http: under a sub-path (${url}), a search from galaxy/ opens ${page.url()} with marks`);
  } finally {
    await w.context.close();
    server.close();
  }
}

/** Phone width and dark mode: the box and the list stay inside the screen. */
async function checkPhoneAndDark(browser, index, shots) {
  for (const [name, options] of Object.entries({
    phone: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
    desktop: { viewport: { width: 1280, height: 900 } },
  })) {
    for (const scheme of ['light', 'dark']) {
      const w = await watchedPage(browser, { ...options, colorScheme: scheme });
      const { page } = w;
      try {
        await openFile(w, index);
        await page.locator('#lore-search').click();
        await page.keyboard.type('nebula backup', { delay: 20 });
        await page.keyboard.press('ArrowDown'); // at once: moves in the list still to come
        await waitFor(page, 'the first result is active', () => document.querySelector('#lore-search-results [role="option"]')?.getAttribute('aria-selected') === 'true'
          && document.querySelector('.search').getAttribute('data-query') === 'nebula backup');
        const box = await page.evaluate(() => {
          const r = (el) => { const b = el.getBoundingClientRect(); return { left: b.left, right: b.right, top: b.top, bottom: b.bottom }; };
          return {
            input: r(document.getElementById('lore-search')),
            panel: r(document.getElementById('lore-search-panel')),
            width: document.documentElement.clientWidth,
            scrollWidth: document.documentElement.scrollWidth,
            height: innerHeight,
            mark: getComputedStyle(document.querySelector('#lore-search-results mark')).backgroundColor,
            bg: getComputedStyle(document.getElementById('lore-search-panel')).backgroundColor,
          };
        });
        for (const part of ['input', 'panel']) {
          const b = box[part];
          if (b.left < 0 || b.right > box.width || b.top < 0) fail(`${name} ${scheme}: the search ${part} leaves the ${box.width}px screen: ${JSON.stringify(b)}`);
        }
        if (box.scrollWidth > box.width) fail(`${name} ${scheme}: the page overflows sideways (${box.scrollWidth}px in ${box.width}px)`);
        if (box.mark === box.bg) fail(`${name} ${scheme}: marks in the list are invisible`);
        await mkdir(shots, { recursive: true });
        const file = path.join(shots, `search-${name}-${scheme}.png`);
        await page.screenshot({ path: file, animations: 'disabled' });
        w.assertClean(`${name} ${scheme}`);
        pass(`file: ${name} ${scheme}: box and list inside the ${box.width}px screen, no sideways overflow (${file})`);
      } finally {
        await w.context.close();
      }
    }
  }
}

// ---------------------------------------------------------------- the default content

async function checkDefaultContent(browser, index) {
  const w = await watchedPage(browser);
  const { page } = w;
  try {
    await openFile(w, index);
    let s = await search(page, 'etcd backup');
    assertComboboxAria(s, 'default content, "etcd backup"');
    if (s.options[0]?.title !== 'etcd') fail(`"etcd backup" lists ${JSON.stringify(s.options.map((o) => o.title))}, expected "etcd" first`);
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/etcd/index.html')), page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');
    await waitFor(page, 'the etcd note is marked', () => document.querySelectorAll('mark.search-hit').length > 0);
    const stems = await stemsOf(page, 'etcd backup');
    const got = await assertMarks(page, stems, 'backup', ['etcd'], 'etcd page');
    pass(`file (default content): "etcd backup" lists "etcd" first; ArrowDown+Enter opens it with ${got.marks.length} marks`);

    // From a note page (a deeper URL), typing then Enter at once opens the first result.
    s = await search(page, 'kube-ap');
    const first = s.options[0];
    if (!first || !/apiserver/i.test(first.title)) fail(`"kube-ap" (a prefix) lists ${JSON.stringify(s.options.map((o) => o.title))}`);
    await page.keyboard.press('Control+A');
    await Promise.all([
      page.waitForURL((u) => u.pathname.endsWith('/kube-apiserver/index.html')),
      page.keyboard.type('kube-apiserver').then(() => page.keyboard.press('Enter')),
    ]);
    await waitFor(page, 'the kube-apiserver note is marked', () => document.querySelectorAll('mark.search-hit').length > 0);
    pass(`file (default content): from a note, "kube-ap" lists "${first.title}"; typing and Enter at once opens the first result`);
    w.assertClean('default content');
  } finally {
    await w.context.close();
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseOptions();
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  } catch (err) {
    console.error(`FAIL could not start ${CHROMIUM}: ${err.message}`);
    process.exit(2);
  }
  const started = Date.now();
  try {
    await checkTypingAndKeyboard(browser, opts.sites.fixture);
    await mkdir(opts.shots, { recursive: true });
    await checkEnterOpensWithMarks(browser, opts.sites.fixture, opts.shots);
    await checkHostileText(browser, opts.sites.fixture);
    await checkIndexMissing(browser, opts.sites.fixture);
    await checkSubPath(browser, opts.sites.fixture);
    await checkPhoneAndDark(browser, opts.sites.fixture, opts.shots);
    await checkDefaultContent(browser, opts.sites.default);
    console.log(`     all search checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    console.error(`FAIL ${err instanceof CheckFailure ? err.message : err.stack || String(err)}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

await main();
