// The search box of a page open in `lore serve` follows edits: a word added
// to a note after the page loaded its index is found without a reload.
//
//   node search-live.mjs <server-url> <word>
//
// Loads the page, searches once (so the index is loaded), prints "ready",
// then searches <word> every 300 ms for up to 30 s; prints the first
// result's url and exits 0 when found, exits 1 otherwise. The caller adds
// the word to a note after "ready".
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const [url, word] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
let found = null;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(m.text()); });
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.getAttribute('data-lore-live') === 'connected');
  await page.evaluate(() => window.lore.loadScript('static/search/engine.js'));
  const before = await page.evaluate((w) => window.loreSearch.search(w, 10), word);
  if ((before.results || []).length) throw new Error(`${word} is found before the edit`);
  await page.evaluate(() => window.loreSearch.search('etcd', 10));
  console.log('ready');
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline && !found) {
    const answer = await page.evaluate((w) => window.loreSearch.search(w, 10), word);
    if ((answer.results || []).length) found = answer.results[0].url;
    else await new Promise((r) => setTimeout(r, 300));
  }
  if (errors.length) throw new Error('errors in the page:\n' + errors.join('\n'));
} finally {
  await browser.close();
}
if (!found) {
  console.log('not found');
  process.exit(1);
}
console.log(found);
