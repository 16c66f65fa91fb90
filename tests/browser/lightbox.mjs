#!/usr/bin/env node
// The lightbox, from file://: a click on a resized image opens its
// original in a modal dialog, the image loads at full size, Escape closes
// it and focus is back on the image's link.
//
//   node lightbox.mjs <page with an a.lightbox image>
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const fail = (m) => { console.log(`FAIL ${m}`); process.exit(1); };
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(path.resolve(process.argv[2])).href, { waitUntil: 'load' });
  const shown = await page.evaluate(() => {
    const img = document.querySelector('a.lightbox img');
    return img && { src: img.currentSrc, w: img.getBoundingClientRect().width };
  });
  if (!shown) fail('no a.lightbox image on the page');
  if (!/variants\//.test(shown.src)) fail(`the page shows ${shown.src}, not a resized copy`);
  await page.click('a.lightbox img');
  await page.waitForSelector('dialog.lightbox-dialog[open] img.lightbox-image');
  await page.waitForFunction(() => document.querySelector('.lightbox-image').complete);
  const full = await page.evaluate(() => {
    const img = document.querySelector('.lightbox-image');
    return { src: img.src, natural: img.naturalWidth, modal: document.querySelector('dialog').matches(':modal') };
  });
  if (!/photo\.png$/.test(full.src) || full.natural !== 2000) fail(`the lightbox shows ${full.src} (${full.natural}px wide)`);
  if (!full.modal) fail('the dialog is not modal');
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog.lightbox-dialog:not([open])', { state: 'attached' });
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.matches('a.lightbox'));
  if (!focused) fail('focus did not go back to the image link');
  if (errors.length) fail(errors.join('\n'));
  console.log(`ok   the page shows ${shown.src.split('/').slice(-2).join('/')} (${Math.round(shown.w)}px), the lightbox the 2000px original`);
} finally {
  await browser.close();
}
