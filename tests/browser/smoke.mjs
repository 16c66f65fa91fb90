#!/usr/bin/env node
// Real-browser smoke checks for a site built by Lore with the default theme.
//
//   node smoke.mjs --site-dir <built output folder> \
//                  --server http://127.0.0.1:PORT/ \
//                  --shots <folder for screenshots>
//
// Drives Debian's headless Chromium (/usr/bin/chromium, or $LORE_CHROMIUM)
// through playwright-core, which never downloads a browser of its own.
// Prints one line per check and exits non-zero on the first failure
// (1 = a check failed, 2 = bad usage or the browser could not start).

import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
const TIMEOUT_MS = 15_000;
const THEME_KEY = 'lore-theme'; // static/lore.js
const PREFERRED_NOTE = 'etcd'; // sidebar link text of the note to open
const PREVIEW_LINKS = '.prose a.internal-link'; // links that get a hover preview (static/lore.js)
const GRAPH_PAGE = 'graph/'; // the graph page, relative to the site root
const GRAPH_SETTLE_MS = 20_000; // time allowed for the graph layout to cool down
const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

class CheckFailure extends Error {}

function fail(message) {
  throw new CheckFailure(message);
}

function pass(message) {
  console.log(`ok   ${message}`);
}

function info(message) {
  console.log(`     ${message}`);
}

// ---------------------------------------------------------------- setup

function usage(problem) {
  console.error(`smoke.mjs: ${problem}`);
  console.error(
    'usage: node smoke.mjs --site-dir <built site> --server <http://127.0.0.1:PORT/> --shots <dir>',
  );
  process.exit(2);
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'site-dir': { type: 'string' },
        server: { type: 'string' },
        shots: { type: 'string' },
      },
    }));
  } catch (err) {
    usage(err.message);
  }
  for (const name of ['site-dir', 'server', 'shots']) {
    if (!values[name]) usage(`--${name} is required`);
  }
  const siteDir = path.resolve(values['site-dir']);
  const indexFile = path.join(siteDir, 'index.html');
  if (!existsSync(indexFile)) usage(`${indexFile} does not exist: build the site first`);
  let server;
  try {
    server = new URL(values.server);
  } catch {
    usage(`--server ${values.server} is not a URL`);
  }
  if (!server.pathname.endsWith('/')) server.pathname += '/';
  return {
    fileIndex: pathToFileURL(indexFile).href,
    server: server.href,
    shots: path.resolve(values.shots),
  };
}

async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    usage(`no Chromium at ${CHROMIUM} (install Debian's chromium package: run .ci/deps)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A fresh, isolated browser context (own localStorage), light scheme, no motion. */
async function newContext(browser, device = 'desktop') {
  const context = await browser.newContext({
    ...VIEWPORTS[device],
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  context.setDefaultNavigationTimeout(TIMEOUT_MS);
  return context;
}

// ---------------------------------------------------------------- page watching

/** Is `url` part of the site under test (same http origin, or any file:// URL)? */
function isLocal(url, origin) {
  const u = new URL(url);
  return u.protocol === 'file:' || u.origin === origin;
}

/**
 * Opens a page in `context` and records everything that went wrong on it:
 * console errors, uncaught page errors, failed or 4xx/5xx local requests.
 * Also remembers the status of every response, for resource checks.
 * The HTTP cache is off, so every page load fetches (and shows) each resource.
 */
async function watchedPage(context, origin) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const problems = [];
  const statuses = new Map();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    const where = loc && loc.url ? ` at ${loc.url}:${loc.lineNumber}` : '';
    problems.push(`console error: ${msg.text()}${where}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('response', (resp) => {
    statuses.set(resp.url(), resp.status());
    if (resp.status() >= 400 && isLocal(resp.url(), origin)) {
      problems.push(`HTTP ${resp.status()} for ${resp.url()}`);
    }
  });
  page.on('requestfailed', (req) => {
    // The dev server's live-reload stream is cut by every navigation.
    const liveReload = req.url().endsWith('/__lore/events') && req.failure()?.errorText === 'net::ERR_ABORTED';
    if (isLocal(req.url(), origin) && !liveReload) {
      problems.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? 'unknown'})`);
    }
  });
  return {
    page,
    statuses,
    /** Fails if anything went wrong on the page so far. */
    assertClean(when) {
      if (problems.length) fail(`${when}:\n  ${problems.join('\n  ')}`);
    },
  };
}

// ---------------------------------------------------------------- page helpers

async function open(watched, url) {
  const resp = await watched.page.goto(url, { waitUntil: 'load' });
  if (resp && resp.status() >= 400) fail(`${url} answered HTTP ${resp.status()}`);
}

/** The sidebar's links as {index, text, href (absolute), isNote}. */
async function sidebarLinks(page) {
  return page.$$eval('aside nav a[href]', (links) =>
    links.map((a, index) => ({
      index,
      text: a.textContent.trim(),
      href: a.href,
      isNote: !!a.closest('.tree-note'),
    })),
  );
}

/** The sidebar link of the preferred note, or else the first one to a note. */
function pickNoteLink(links) {
  const notes = links.filter((l) => l.isNote);
  return (
    notes.find((l) => l.text === PREFERRED_NOTE) ||
    links.find((l) => l.text === PREFERRED_NOTE) ||
    notes[0] ||
    fail(`no sidebar link to a note among: ${links.map((l) => l.text).join(', ') || '(none)'}`)
  );
}

async function heading(page) {
  const h1 = page.locator('h1').first();
  if ((await h1.count()) === 0) fail(`${page.url()} has no h1`);
  return (await h1.textContent()).trim();
}

function withoutHash(url) {
  const u = new URL(url);
  u.hash = '';
  return u.href;
}

/** Every stylesheet and script the page references must have answered 200. */
async function assertResourcesOk(watched) {
  const urls = await watched.page.evaluate(() => [
    ...[...document.querySelectorAll('link[rel~="stylesheet"][href]')].map((l) => l.href),
    ...[...document.querySelectorAll('script[src]')].map((s) => s.src),
  ]);
  if (!urls.length) fail(`${watched.page.url()} references no stylesheet or script`);
  for (const url of urls) {
    const status = watched.statuses.get(url);
    if (status === undefined) fail(`${url} was never requested by ${watched.page.url()}`);
    if (status !== 200) fail(`${url} answered HTTP ${status}, expected 200`);
  }
  return urls.length;
}

async function themeState(page) {
  return page.evaluate(() => ({
    attr: document.documentElement.dataset.theme ?? null,
    bg: getComputedStyle(document.body).backgroundColor,
    dark: matchMedia('(prefers-color-scheme: dark)').matches,
  }));
}

async function waitFor(page, what, fn, arg) {
  try {
    await page.waitForFunction(fn, arg, { timeout: TIMEOUT_MS });
  } catch {
    fail(`timed out waiting until ${what} on ${page.url()}`);
  }
}

// ---------------------------------------------------------------- checks

/**
 * a/b. Load the index, check its sidebar, click a note link and land on that
 * note. `kind` is "file" or "http"; returns the note's URL.
 */
async function checkNavigation(browser, kind, indexUrl, origin) {
  const context = await newContext(browser);
  try {
    const watched = await watchedPage(context, origin);
    const { page } = watched;

    await open(watched, indexUrl);
    watched.assertClean(`${kind}: loading ${indexUrl}`);
    pass(`${kind}: index loads without console or page errors (${page.url()})`);
    if (kind === 'http') pass(`${kind}: index stylesheets and scripts all 200 (${await assertResourcesOk(watched)})`);

    const links = await sidebarLinks(page);
    if (!links.length) fail(`${kind}: the sidebar (aside nav) has no links`);
    pass(`${kind}: sidebar has ${links.length} links (${links.filter((l) => l.isNote).length} to notes)`);

    const target = pickNoteLink(links);
    if (kind === 'file' && !new URL(target.href).pathname.endsWith('/index.html')) {
      fail(`file: sidebar link "${target.text}" was not rewritten to .../index.html by lore.js: ${target.href}`);
    }
    await Promise.all([
      page.waitForURL((u) => withoutHash(u.href) === withoutHash(target.href)),
      page.locator('aside nav a[href]').nth(target.index).click(),
    ]);
    await page.waitForLoadState('load');
    const url = page.url();
    const expectedEnd = kind === 'file' ? /\/index\.html$/ : /\/[^/]+\/$/;
    if (!expectedEnd.test(new URL(url).pathname)) {
      fail(`${kind}: after clicking "${target.text}" the URL ${url} does not match ${expectedEnd}`);
    }
    const title = await heading(page);
    if (title !== target.text) fail(`${kind}: note page h1 is "${title}", expected "${target.text}"`);
    watched.assertClean(`${kind}: after navigating to ${url}`);
    pass(`${kind}: clicking sidebar "${target.text}" opens ${url} with h1 "${title}", no errors`);
    if (kind === 'http') pass(`${kind}: note stylesheets and scripts all 200 (${await assertResourcesOk(watched)})`);
    return url;
  } finally {
    await context.close();
  }
}

/** c. The dark-mode toggle flips the theme, recolours the page and persists. */
async function checkThemeToggle(browser, kind, noteUrl, origin) {
  const context = await newContext(browser);
  try {
    const watched = await watchedPage(context, origin);
    const { page } = watched;
    await open(watched, noteUrl);

    const before = await themeState(page);
    const effective = before.attr || (before.dark ? 'dark' : 'light');
    const expected = effective === 'dark' ? 'light' : 'dark';

    const toggle = page.locator('#theme-toggle');
    if ((await toggle.count()) === 0) fail(`${kind}: no #theme-toggle on ${noteUrl}`);
    await toggle.click();
    await waitFor(page, `data-theme is "${expected}"`, (t) => document.documentElement.dataset.theme === t, expected);
    await waitFor(
      page,
      `the body background changes from ${before.bg}`,
      (bg) => getComputedStyle(document.body).backgroundColor !== bg,
      before.bg,
    );
    const after = await themeState(page);
    pass(`${kind}: #theme-toggle flips theme ${before.attr ?? `(unset, ${effective})`} -> ${after.attr}, body background ${before.bg} -> ${after.bg}`);

    await page.reload({ waitUntil: 'load' });
    const reloaded = await themeState(page);
    if (reloaded.attr !== expected) {
      const stored = await page.evaluate((k) => localStorage.getItem(k), THEME_KEY);
      fail(`${kind}: after reload data-theme is ${reloaded.attr} (localStorage ${THEME_KEY}=${stored}), expected "${expected}"`);
    }
    await waitFor(page, `the body background is ${after.bg} again`, (bg) => getComputedStyle(document.body).backgroundColor === bg, after.bg);
    watched.assertClean(`${kind}: theme toggle on ${noteUrl}`);
    pass(`${kind}: theme "${expected}" persists across reload (localStorage ${THEME_KEY})`);
  } finally {
    await context.close();
  }
}

/** d. Desktop and phone screenshots of the index, a note and the graph, light and dark. */
async function takeScreenshots(browser, pages, shotsDir, origin) {
  await mkdir(shotsDir, { recursive: true });
  for (const device of Object.keys(VIEWPORTS)) {
    for (const theme of ['light', 'dark']) {
      const context = await newContext(browser, device);
      try {
        // The theme a visitor chose with the toggle, stored before any page script runs.
        await context.addInitScript(
          ([key, value]) => {
            try { localStorage.setItem(key, value); } catch { /* about:blank */ }
          },
          [THEME_KEY, theme],
        );
        const watched = await watchedPage(context, origin);
        const { page } = watched;
        for (const [name, url] of Object.entries(pages)) {
          await open(watched, url);
          await page.evaluate(() => document.fonts.ready);
          // The graph page: wait until its layout has settled (static/graph/).
          await page.waitForFunction(() => !(window.lore && window.lore.graph) || window.lore.graph.settled(), null, { timeout: GRAPH_SETTLE_MS });
          const attr = await page.evaluate(() => document.documentElement.dataset.theme);
          if (attr !== theme) fail(`screenshot ${device} ${name}: data-theme is ${attr}, expected ${theme}`);
          const file = path.join(shotsDir, `${device}-${name}-${theme}.png`);
          await page.screenshot({ path: file, animations: 'disabled' });
          const width = await page.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth,
          }));
          const overflow = width.scroll > width.client
            ? `  WARNING: horizontal overflow, content ${width.scroll}px wide in a ${width.client}px viewport`
            : '';
          watched.assertClean(`screenshot ${device} ${name} ${theme}`);
          pass(`screenshot ${file}${overflow}`);
        }
      } finally {
        await context.close();
      }
    }
  }
}

/**
 * e. Hovering an internal link in a note shows a role=tooltip popover with the
 * linked note's title (checked against the h1 of the page the link opens),
 * tied to the link with aria-describedby; Escape hides it.
 */
async function checkLinkPreview(browser, kind, noteUrl, origin) {
  const context = await newContext(browser);
  try {
    const watched = await watchedPage(context, origin);
    const { page } = watched;
    await open(watched, noteUrl);
    const link = page.locator(PREVIEW_LINKS).first();
    if ((await link.count()) === 0) fail(`${kind}: ${noteUrl} has no ${PREVIEW_LINKS} to hover`);
    const href = await link.evaluate((a) => a.href);
    const tooltip = page.locator('[role="tooltip"]:visible');
    await link.hover();
    try {
      await tooltip.first().waitFor({ state: 'visible', timeout: TIMEOUT_MS });
    } catch {
      fail(`${kind}: hovering ${href} on ${noteUrl} showed no visible [role=tooltip]`);
    }
    const text = (await tooltip.first().textContent()).trim();
    const tipId = await tooltip.first().getAttribute('id');
    const describedBy = (await link.getAttribute('aria-describedby')) || '';
    if (!tipId || !describedBy.split(/\s+/).includes(tipId)) {
      fail(`${kind}: the link's aria-describedby "${describedBy}" does not name the tooltip (id "${tipId}")`);
    }
    const box = await tooltip.first().boundingBox();
    const viewport = page.viewportSize();
    if (!box || box.x < 0 || box.y < 0 || box.x + box.width > viewport.width || box.y + box.height > viewport.height) {
      fail(`${kind}: the tooltip is not inside the ${viewport.width}x${viewport.height} viewport: ${JSON.stringify(box)}`);
    }
    await page.keyboard.press('Escape');
    await waitFor(page, 'Escape hides the tooltip', () => !document.querySelector('[role="tooltip"]:not([hidden])'));
    watched.assertClean(`${kind}: link preview on ${noteUrl}`);

    await Promise.all([page.waitForURL((u) => withoutHash(u.href) === withoutHash(href)), link.click()]);
    await page.waitForLoadState('load');
    const title = await heading(page);
    if (!text.includes(title)) fail(`${kind}: the preview of ${href} reads "${text}", which lacks its h1 "${title}"`);
    watched.assertClean(`${kind}: after following the previewed link to ${page.url()}`);
    pass(`${kind}: hovering a link shows a role=tooltip preview with "${title}" (${text.length} characters), Escape hides it`);
  } finally {
    await context.close();
  }
}

/**
 * f. The graph page draws the site's graph on its canvas, and clicking a note
 * node opens that note.
 */
async function checkGraphPage(browser, kind, graphUrl, origin) {
  const context = await newContext(browser);
  try {
    const watched = await watchedPage(context, origin);
    const { page } = watched;
    await open(watched, graphUrl);
    try {
      await page.waitForFunction(() => window.lore && window.lore.graph && window.lore.graph.settled(), null, { timeout: GRAPH_SETTLE_MS });
    } catch {
      watched.assertClean(`${kind}: loading ${graphUrl}`);
      fail(`${kind}: the graph on ${graphUrl} did not load and settle within ${GRAPH_SETTLE_MS} ms (window.lore.graph)`);
    }
    const drawn = await page.evaluate(() => {
      const canvas = document.querySelector('#lore-graph');
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
      return { painted, total: data.length / 4, size: window.lore.graph.size() };
    });
    if (drawn.size.nodes === 0) fail(`${kind}: the graph on ${graphUrl} has no nodes`);
    if (drawn.painted < 500) fail(`${kind}: the graph canvas is (nearly) empty: ${drawn.painted} of ${drawn.total} pixels painted`);
    pass(`${kind}: graph page draws ${drawn.size.nodes} nodes and ${drawn.size.edges} edges (${drawn.painted} of ${drawn.total} pixels painted)`);

    // A note node that is on screen and not covered by another node.
    const target = await page.evaluate(() => {
      const g = window.lore.graph;
      for (const id of g.ids('note')) {
        const pos = g.nodeScreenPosition(id);
        if (pos && g.nodeAt(pos.x, pos.y) === id) return { ...pos, ...g.node(id) };
      }
      return null;
    });
    if (!target) fail(`${kind}: no note node of the graph can be clicked on ${graphUrl}`);
    const expected = new URL(kind === 'file' ? `${target.url}index.html` : target.url, new URL('../', graphUrl)).href;
    await page.mouse.move(target.x, target.y);
    await Promise.all([
      page.waitForURL((u) => withoutHash(u.href) === expected),
      page.mouse.click(target.x, target.y),
    ]);
    await page.waitForLoadState('load');
    const title = await heading(page);
    if (title !== target.title) fail(`${kind}: clicking node "${target.title}" opened ${page.url()} with h1 "${title}"`);
    watched.assertClean(`${kind}: graph page ${graphUrl} and the note it opened`);
    pass(`${kind}: clicking graph node "${target.title}" opens ${page.url()}`);
  } finally {
    await context.close();
  }
}

/**
 * g. A note's local graph (<canvas id="local-graph">, when the theme has one)
 * loads once scrolled to and draws the note's neighbourhood.
 */
async function checkLocalGraph(browser, kind, noteUrl, origin) {
  const context = await newContext(browser);
  try {
    const watched = await watchedPage(context, origin);
    const { page } = watched;
    await open(watched, noteUrl);
    const canvas = page.locator('#local-graph');
    if ((await canvas.count()) === 0) {
      info(`${kind}: ${noteUrl} has no #local-graph canvas; local graph not checked`);
      return;
    }
    await canvas.scrollIntoViewIfNeeded();
    try {
      await page.waitForFunction(() => window.lore && window.lore.localGraphView && window.lore.localGraphView.settled(), null, { timeout: GRAPH_SETTLE_MS });
    } catch {
      watched.assertClean(`${kind}: local graph on ${noteUrl}`);
      fail(`${kind}: the local graph on ${noteUrl} did not load and settle (window.lore.localGraphView)`);
    }
    const drawn = await canvas.evaluate((c) => {
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
      return { painted, size: window.lore.localGraphView.size() };
    });
    if (drawn.painted < 100) fail(`${kind}: the local graph on ${noteUrl} is (nearly) empty: ${drawn.painted} pixels painted`);
    watched.assertClean(`${kind}: local graph on ${noteUrl}`);
    pass(`${kind}: local graph draws ${drawn.size.nodes} nodes and ${drawn.size.edges} edges around the note`);
  } finally {
    await context.close();
  }
}

/**
 * e. The Content-Security-Policy is on the page and enforced (from file://
 * too, where Chromium matches 'self' against file: URLs): the page's own
 * scripts run with no violation, theme.js is a blocking script in <head>
 * before the stylesheets (so the saved theme applies before first paint),
 * and an inline script is refused.
 */
async function checkCsp(browser, kind, url) {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    const logged = [];
    page.on('console', (msg) => { if (/Content Security Policy/i.test(msg.text())) logged.push(msg.text()); });
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await page.goto(url, { waitUntil: 'load' });
    const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content).catch(() => null);
    if (!csp || !csp.includes("script-src 'self'") || !csp.includes("object-src 'none'")) {
      fail(`${kind}: no Content-Security-Policy meta with script-src 'self' on ${url}: ${csp}`);
    }
    const loaded = await page.evaluate(() => window.__cspViolations.slice());
    if (loaded.length || logged.length) fail(`${kind}: CSP violations on ${url}:\n  ${[...loaded, ...logged].join('\n  ')}`);
    const theme = await page.evaluate(() => {
      const s = document.querySelector('head script[src$="static/theme.js"]');
      const css = document.querySelector('head link[rel="stylesheet"]');
      return s && { blocking: !s.defer && !s.async, beforeCss: !!(s.compareDocumentPosition(css) & Node.DOCUMENT_POSITION_FOLLOWING) };
    });
    if (!theme || !theme.blocking || !theme.beforeCss) fail(`${kind}: static/theme.js is not a blocking script before the stylesheets: ${JSON.stringify(theme)}`);
    const refused = await page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve({ directive: e.violatedDirective, ran: !!window.__inlineRan }), { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.head.appendChild(s);
    }));
    if (refused.ran || !refused.directive.startsWith('script-src')) fail(`${kind}: an inline script was not refused: ${JSON.stringify(refused)}`);
    pass(`${kind}: Content-Security-Policy holds (${csp.split(';')[1].trim()}; no violations; inline script refused by ${refused.directive})`);
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseOptions();
  const origin = new URL(opts.server).origin;
  const started = Date.now();
  let browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    console.error(`FAIL could not start ${CHROMIUM}: ${err.message}`);
    process.exit(2);
  }
  info(`browser: ${CHROMIUM} ${browser.version()}`);
  try {
    const fileNote = await checkNavigation(browser, 'file', opts.fileIndex, origin);
    const httpNote = await checkNavigation(browser, 'http', opts.server, origin);
    await checkCsp(browser, 'file', fileNote);
    await checkCsp(browser, 'http', httpNote);
    await checkCsp(browser, 'http', new URL(GRAPH_PAGE, opts.server).href);
    await checkThemeToggle(browser, 'http', httpNote, origin);
    await checkThemeToggle(browser, 'file', fileNote, origin);
    await checkLinkPreview(browser, 'http', httpNote, origin);
    await checkLinkPreview(browser, 'file', fileNote, origin);
    await checkGraphPage(browser, 'http', new URL(GRAPH_PAGE, opts.server).href, origin);
    await checkGraphPage(browser, 'file', new URL(`${GRAPH_PAGE}index.html`, opts.fileIndex).href, origin);
    await checkLocalGraph(browser, 'http', httpNote, origin);
    await checkLocalGraph(browser, 'file', fileNote, origin);
    const slug = new URL(httpNote).pathname.split('/').filter(Boolean).pop() || 'note';
    const graph = new URL(GRAPH_PAGE, opts.server).href;
    await takeScreenshots(browser, { index: opts.server, [slug]: httpNote, graph }, opts.shots, origin);
    info(`all checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    const message = err instanceof CheckFailure ? err.message : err.stack || String(err);
    console.error(`FAIL ${message}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

await main();
