#!/usr/bin/env node
// Mermaid diagrams in a real browser, on the fixture of tests/fixtures/diagrams
// (built by tests/it/diagrams.rs):
// - from file://: the flowchart and the sequence diagram draw (an SVG holding
//   their labels), the broken one shows Mermaid's error in its place and the
//   rest of the page stays, the diagrams are drawn again in the dark theme
//   when the toggle is pressed, and nothing logs a console error;
// - a page without diagrams requests no Mermaid file;
// - over http with `Content-Security-Policy: script-src 'self'` (no
//   'unsafe-eval', no inline scripts), the diagrams still draw.
//
//   node mermaid.mjs --site-dir <built fixture> --shots <folder for screenshots>
//
// Prints one line per check; exits 1 when a check fails, 2 on bad usage.

import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = 30_000;
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";
const LABELS = {
  flowchart: ['Browser client', 'API server', 'etcd store', 'reads'],
  sequence: ['Kubelet', 'Apiserver', 'Register node', 'Node accepted'],
};

class CheckFailure extends Error {}
const fail = (message) => { throw new CheckFailure(message); };
const pass = (message) => console.log(`ok   ${message}`);

function options() {
  const { values } = parseArgs({ options: { 'site-dir': { type: 'string' }, shots: { type: 'string' } } });
  if (!values['site-dir'] || !values.shots) {
    console.error('usage: node mermaid.mjs --site-dir <built fixture> --shots <dir>');
    process.exit(2);
  }
  const site = path.resolve(values['site-dir']);
  if (!existsSync(path.join(site, 'diagrams/index.html'))) {
    console.error(`mermaid.mjs: ${site}/diagrams/index.html does not exist: build the fixture first`);
    process.exit(2);
  }
  return { site, shots: path.resolve(values.shots) };
}

async function watchedPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  context.setDefaultTimeout(TIMEOUT_MS);
  const page = await context.newPage();
  const problems = [];
  const requested = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => requested.push(req.url()));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  return {
    page,
    requested,
    assertClean(when) { if (problems.length) fail(`${when}:\n  ${problems.join('\n  ')}`); },
    close: () => context.close(),
  };
}

/** What each diagram container shows: its SVG's text, an error, whether the source is visible. */
function diagramStates() {
  return [...document.querySelectorAll('.diagram')].map((d) => {
    const svg = d.querySelector('.diagram-output svg');
    const source = d.querySelector('.diagram-source');
    return {
      drawn: d.classList.contains('diagram-drawn'),
      svgText: svg ? svg.textContent.replace(/\s+/g, ' ') : '',
      svgWidth: svg ? svg.getBoundingClientRect().width : 0,
      background: svg ? getComputedStyle(svg).backgroundColor + ' ' + (svg.querySelector('style')?.textContent.match(/fill:(#[0-9a-f]{3,6})/i)?.[1] ?? '') : '',
      error: d.querySelector('.diagram-error')?.textContent ?? '',
      sourceVisible: !!source && source.getBoundingClientRect().height > 0,
      sourceText: source ? source.textContent : '',
    };
  });
}

async function settled(page) {
  await page.waitForFunction(() => {
    const all = [...document.querySelectorAll('.diagram')];
    return all.length > 0 && all.every((d) => d.classList.contains('diagram-drawn') || d.classList.contains('diagram-failed'));
  });
  return page.evaluate(diagramStates);
}

function checkDrawn(states, where) {
  if (states.length !== 3) fail(`${where}: ${states.length} diagrams, expected 3`);
  const [flow, seq, broken] = states;
  for (const [name, s] of [['flowchart', flow], ['sequence', seq]]) {
    if (!s.drawn) fail(`${where}: the ${name} was not drawn (${s.error || 'no error shown'})`);
    for (const label of LABELS[name]) {
      if (!s.svgText.includes(label)) fail(`${where}: the ${name}'s SVG lacks "${label}": ${s.svgText}`);
    }
    if (s.svgWidth < 50) fail(`${where}: the ${name} is ${s.svgWidth}px wide`);
    if (s.sourceVisible) fail(`${where}: the ${name}'s source still shows next to its drawing`);
    if (!s.sourceText.includes(LABELS[name][0])) fail(`${where}: the ${name}'s source left the page`);
  }
  if (broken.drawn || !/parse error|syntax error|expecting/i.test(broken.error)) {
    fail(`${where}: the broken diagram shows no Mermaid error: ${JSON.stringify(broken)}`);
  }
  if (!broken.sourceVisible) fail(`${where}: the broken diagram's source is hidden`);
}

async function checkFromFile(browser, site, shots) {
  const w = await watchedPage(browser);
  await w.page.goto(pathToFileURL(path.join(site, 'diagrams/index.html')).href, { waitUntil: 'load' });
  const light = await settled(w.page);
  checkDrawn(light, 'file://');
  if (!(await w.page.locator('text=The text after the diagrams is still here.').isVisible())) {
    fail('the text after the broken diagram is gone');
  }
  if (await w.page.locator('body > svg, body > div[id^="d"]').count()) fail('Mermaid left scratch elements in the page');
  await w.page.screenshot({ path: path.join(shots, 'mermaid-light.png'), fullPage: true });
  pass('file://: the flowchart and the sequence diagram draw with their labels; the broken one shows Mermaid\'s error in its place');

  await w.page.click('#theme-toggle');
  await w.page.waitForFunction(() => document.documentElement.dataset.diagramsTheme === 'dark');
  const dark = await settled(w.page);
  checkDrawn(dark, 'file://, dark');
  if (dark[0].background === light[0].background) fail(`the diagrams did not change with the theme (${dark[0].background})`);
  await w.page.screenshot({ path: path.join(shots, 'mermaid-dark.png'), fullPage: true });
  w.assertClean('the diagrams page');
  pass('the diagrams are drawn again in the dark theme; no console errors');
  await w.close();
}

async function checkPlainPage(browser, site) {
  const w = await watchedPage(browser);
  await w.page.goto(pathToFileURL(path.join(site, 'plain/index.html')).href, { waitUntil: 'load' });
  const mermaid = w.requested.filter((u) => /mermaid|diagrams\.(js|css)/.test(u));
  if (mermaid.length) fail(`a page without diagrams requested ${mermaid.join(', ')}`);
  w.assertClean('the page without diagrams');
  pass('a page without diagrams requests no Mermaid file');
  await w.close();
}

/** Serves the built site on loopback with a strict script policy. */
async function serveWithCsp(site) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };
  const server = http.createServer(async (req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(site, path.normalize(rel));
    if (!file.startsWith(site)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'content-security-policy': CSP });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function checkUnderCsp(browser, site) {
  const server = await serveWithCsp(site);
  try {
    const w = await watchedPage(browser);
    const violations = [];
    w.page.on('console', (msg) => { if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text()); });
    await w.page.goto(`http://127.0.0.1:${server.address().port}/diagrams/`, { waitUntil: 'load' });
    const states = await settled(w.page);
    checkDrawn(states, `CSP ${CSP}`);
    // The theme's own inline script in base.html is not ours to judge here.
    const ours = violations.filter((v) => !/inline script/i.test(v) || /diagrams|mermaid/i.test(v));
    if (ours.length) fail(`Mermaid broke the policy:\n  ${ours.join('\n  ')}`);
    pass(`under "script-src 'self'" (no unsafe-eval) the diagrams still draw`);
    await w.close();
  } finally {
    server.close();
  }
}

async function main() {
  const { site, shots } = options();
  await mkdir(shots, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
  try {
    await checkFromFile(browser, site, shots);
    await checkPlainPage(browser, site);
    await checkUnderCsp(browser, site);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(`FAIL ${err instanceof CheckFailure ? err.message : err.stack || String(err)}`);
  process.exit(1);
});
