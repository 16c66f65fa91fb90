#!/usr/bin/env node
// Live reload in a real browser: an open page reloads by itself after an
// edit (keeping its scroll position), shows the error overlay after a bad
// edit, and drops it when the file is fixed.
//
//   node live.mjs --server http://127.0.0.1:PORT/ --note <path of content/a.md> --template <path of templates/note.html>
//
// The server must be `lore serve` of a site whose content/a.md is a note
// with the title "Alpha". Exits 1 on the first failed check.

import { writeFileSync, renameSync, unlinkSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const TIMEOUT = 20_000;

function fail(message) {
  console.log(`FAIL ${message}`);
  process.exit(1);
}

/** Saves like an editor: a temporary file renamed over the note. */
function save(path, text) {
  writeFileSync(`${path}.tmp-save`, text);
  renameSync(`${path}.tmp-save`, path);
}

const NOTE = (body) => `---\ntitle: Alpha\n---\n${body}\n\n${'Filler line to scroll past.\n\n'.repeat(80)}`;

async function main() {
  const { values } = parseArgs({ options: { server: { type: 'string' }, note: { type: 'string' }, template: { type: 'string' } } });
  if (!values.server || !values.note || !values.template) fail('usage: live.mjs --server URL --note PATH --template PATH');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // The pages' Content-Security-Policy must let the live-reload client
    // (/__lore/live.js), its event stream and the overlay work.
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(new URL('a/', values.server).href);
    await page.waitForFunction(() => document.body.innerText.includes('First version'), null, { timeout: TIMEOUT });
    // The live-reload client marks the page once it is connected.
    await page.waitForSelector('html[data-lore-live="connected"]', { timeout: TIMEOUT })
      .catch(() => fail('the live-reload client never connected'));
    await page.evaluate(() => { window.scrollTo(0, 600); window.__loreMarker = true; });

    save(values.note, NOTE('Second version.'));
    await page.waitForFunction(() => !window.__loreMarker && document.body.innerText.includes('Second version'), null, { timeout: TIMEOUT })
      .catch(() => fail('the page did not reload after the edit'));
    await page.waitForFunction(() => window.scrollY > 300, null, { timeout: TIMEOUT })
      .catch(() => fail('the scroll position was not kept across the reload'));
    console.log('ok   the open page reloaded by itself after an edit, at the same scroll position');

    // A broken template is a site-level error (a note's problems are warnings).
    save(values.template, '<p>\n{{ note.title }\n</p>\n');
    await page.waitForSelector('#lore-error-overlay', { timeout: TIMEOUT })
      .catch(() => fail('no error overlay after a bad edit'));
    const text = await page.textContent('#lore-error-overlay');
    if (!text.includes('templates/note.html:2:')) fail(`the overlay does not name the file and line: ${text}`);
    if (!(await page.textContent('body')).includes('Second version')) fail('the last good page is no longer shown');
    console.log('ok   a bad edit shows the overlay with path:line, over the last good page');

    unlinkSync(values.template);
    save(values.note, NOTE('Third version, fixed.'));
    await page.waitForFunction(() => !document.getElementById('lore-error-overlay') && document.body.innerText.includes('Third version'), null, { timeout: TIMEOUT })
      .catch(() => fail('the overlay did not go away after the fix'));
    console.log('ok   fixing the file removes the overlay and shows the fix');
    const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content).catch(() => null);
    if (!csp) fail('the served page has no Content-Security-Policy');
    if (errors.length) fail(`page errors: ${errors.join('; ')}`);
    console.log('ok   no page errors or CSP violations under the dev server');
  } finally {
    await browser.close();
  }
}

main().catch((e) => fail(e.stack || String(e)));
