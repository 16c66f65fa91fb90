#!/usr/bin/env node
// A redirect page opened from file:// lands on the note it leads to (its
// index.html, keeping the #fragment), in headless Chromium. Without
// JavaScript its <meta http-equiv="refresh"> leads to the note's folder
// (which a static host serves as the page).
//
//   node redirect.mjs <redirect page file> <expected target file> [fragment]
//
// Prints the page it landed on; exits 1 when it is not the expected one.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const [from, to, fragment = ''] = process.argv.slice(2);
if (!from || !to) {
  console.error('usage: node redirect.mjs <redirect page> <target page> [#fragment]');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
let code = 0;
try {
  for (const js of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    const target = pathToFileURL(path.resolve(to)).href;
    const want = js ? target + fragment : target.replace(/index\.html$/, '');
    const start = pathToFileURL(path.resolve(from)).href + fragment;
    await page.goto(start);
    await page.waitForURL(want, { timeout: 15_000 }).catch(() => {});
    const landed = page.url();
    const title = await page.title().catch(() => '');
    console.log(`${js ? 'with' : 'without'} JavaScript: ${landed} (${title})`);
    if (landed !== want) {
      console.log(`FAIL expected ${want}`);
      code = 1;
    }
    await context.close();
  }
} finally {
  await browser.close();
}
process.exit(code);
