#!/usr/bin/env node
// Accessibility: axe-core (WCAG 2 A/AA and best practice) in headless
// Chromium over every kind of page of a built site, in the light and the
// dark theme, with the search box open too. Fails on any serious or
// critical violation, and lists every violation it found.
//
//   node a11y.mjs --site-dir <built site> --pages <kind=path,...>
//
// Each path is relative to the site folder (`note=etcd/index.html`). The
// kind `search` opens the page and types a query first. Prints one line per
// page and theme; exits 1 on a serious or critical violation, 2 on bad usage.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const BLOCKING = new Set(['serious', 'critical']);

function options() {
  const { values } = parseArgs({ options: { 'site-dir': { type: 'string' }, pages: { type: 'string' } } });
  if (!values['site-dir'] || !values.pages) {
    console.error('usage: node a11y.mjs --site-dir <built site> --pages kind=path,...');
    process.exit(2);
  }
  const site = path.resolve(values['site-dir']);
  const pages = values.pages.split(',').map((p) => {
    const [kind, rel] = p.split('=');
    const file = path.join(site, rel);
    if (!existsSync(file)) {
      console.error(`a11y.mjs: ${file} does not exist`);
      process.exit(2);
    }
    return { kind, url: pathToFileURL(file).href };
  });
  return { pages };
}

/** Opens the search box and waits for results (or the "no results" line). */
async function openSearch(page) {
  await page.fill('#lore-search', 'pod');
  await page.waitForSelector('#lore-search-panel:not([hidden])');
  await page.waitForFunction(() => document.querySelectorAll('#lore-search-results li').length > 0
    || !document.getElementById('lore-search-message').hidden);
}

async function audit(browser, { kind, url }, theme) {
  // axe is injected as an inline script, which the pages' CSP refuses (tested elsewhere).
  const context = await browser.newContext({ bypassCSP: true, colorScheme: theme, reducedMotion: 'reduce', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, theme);
  if (kind === 'search') await openSearch(page);
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.split('\n').slice(1, 2).join('').trim()})` : ''}`),
    }));
  }, TAGS);
  await context.close();
  return result;
}

async function main() {
  const { pages } = options();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
  let blocking = 0;
  try {
    for (const p of pages) {
      for (const theme of ['light', 'dark']) {
        const violations = await audit(browser, p, theme);
        const bad = violations.filter((v) => BLOCKING.has(v.impact));
        blocking += bad.length;
        console.log(`${bad.length ? 'FAIL' : 'ok  '} ${p.kind} (${theme}): ${violations.length} violation(s), ${bad.length} serious or critical`);
        for (const v of violations) {
          console.log(`       ${v.impact} ${v.id}: ${v.help} — ${v.nodes.length} node(s): ${v.nodes.slice(0, 4).join('; ')}`);
        }
      }
    }
  } finally {
    await browser.close();
  }
  process.exit(blocking ? 1 : 0);
}

main().catch((err) => {
  console.error(`FAIL ${err.stack || String(err)}`);
  process.exit(1);
});
