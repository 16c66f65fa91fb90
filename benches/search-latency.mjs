// Query latency of the shipped search client in Chromium, from file://:
//
//   node benches/search-latency.mjs <site-output-dir> <queries.json> [runs]
//
// For each query, in a fresh page: the first answer (loading the index
// files it needs) and then `runs` more answers once loaded; prints JSON
// {query: {coldMs, warmMs: [...], results, scripts}}. Run by
// `cargo bench --bench search`.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../tests/browser/package.json'));
const { chromium } = require('playwright-core');
const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const [out, queriesFile, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 20);
const queries = JSON.parse(readFileSync(queriesFile, 'utf8'));

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
const report = {};
try {
  for (const q of queries) {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
    await page.waitForFunction(() => window.lore && typeof window.lore.loadScript === 'function');
    if (!(await page.evaluate(() => window.lore.loadScript('static/search/engine.js')))) {
      throw new Error('engine.js did not load');
    }
    report[q] = await page.evaluate(async ({ q, runs }) => {
      let t = performance.now();
      const first = await window.loreSearch.search(q, 10);
      const coldMs = performance.now() - t;
      const warmMs = [];
      for (let i = 0; i < runs; i++) {
        t = performance.now();
        await window.loreSearch.search(q, 10);
        warmMs.push(performance.now() - t);
      }
      const scripts = Array.from(document.querySelectorAll('script[src]')).length;
      return { coldMs, warmMs, results: (first.results || []).length, scripts };
    }, { q, runs });
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
