// Runs the shipped search client in Chromium, from file://, over a built
// site's exported index (tests/heavy/search_parity.rs compares the answers
// with `lore search --json`):
//
//   node parity.mjs <site-output-dir | http://server/> <queries.json> [limit]
//
// prints {"<query>": answer, ...} as JSON, like tests/search/run.mjs.
import { chromium } from 'playwright-core';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const [out, queriesFile, limitArg] = process.argv.slice(2);
const limit = Number(limitArg || 10);
if (!existsSync(CHROMIUM)) {
  console.error(`no Chromium at ${CHROMIUM}: run .ci/deps`);
  process.exit(2);
}
const queries = JSON.parse(readFileSync(queriesFile, 'utf8'));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  // A built folder (file://) or a running `lore serve` (http://).
  await page.goto(/^https?:/.test(out) ? out : pathToFileURL(path.join(out, 'index.html')).href);
  await page.waitForFunction(() => window.lore && typeof window.lore.loadScript === 'function');
  const loaded = await page.evaluate(() => window.lore.loadScript('static/search/engine.js'));
  if (!loaded) throw new Error('static/search/engine.js did not load from file://');
  const answers = await page.evaluate(async ({ queries, limit }) => {
    const out = {};
    for (const q of queries) {
      const started = performance.now();
      const answer = await window.loreSearch.search(q, limit);
      answer.ms = performance.now() - started;
      out[q] = answer;
    }
    return out;
  }, { queries, limit });
  if (errors.length) throw new Error('errors in the page:\n' + errors.join('\n'));
  process.stdout.write(JSON.stringify(answers));
} finally {
  await browser.close();
}
