#!/usr/bin/env node
// "Updated 3 days ago": a note's page, opened from file://, shows its
// updated date relative to now, with the exact date kept in the tooltip.
//
//   node relative-time.mjs <note page> <expected text> <expected tooltip>
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const [file, text, title] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
try {
  const page = await browser.newPage({ locale: 'en-US' });
  await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
  const shown = await page.evaluate(() => {
    const t = document.querySelector('.page-meta time[data-relative]');
    return t && { text: t.textContent, title: t.title };
  });
  console.log(JSON.stringify(shown));
  if (!shown || shown.text !== text || shown.title !== title) {
    console.log(`FAIL expected ${JSON.stringify({ text, title })}`);
    process.exit(1);
  }
} finally {
  await browser.close();
}
