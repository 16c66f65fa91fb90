#!/usr/bin/env node
// Math in a real browser, from file://: the fixture page of
// tests/fixtures/math (built by tests/it/math.rs) lays out every formula
// as MathML with the shipped STIX Two Math font, nothing overflows the page
// (at desktop and phone widths), and a page without math requests neither
// the math stylesheet nor the font.
//
//   node math.mjs --site-dir <built fixture> --shots <folder for screenshots>
//
// Prints one line per check; exits 1 when a check fails, 2 on bad usage.

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = 15_000;
const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

class CheckFailure extends Error {}
const fail = (message) => { throw new CheckFailure(message); };
const pass = (message) => console.log(`ok   ${message}`);

function options() {
  const { values } = parseArgs({ options: { 'site-dir': { type: 'string' }, shots: { type: 'string' } } });
  if (!values['site-dir'] || !values.shots) {
    console.error('usage: node math.mjs --site-dir <built fixture> --shots <dir>');
    process.exit(2);
  }
  const site = path.resolve(values['site-dir']);
  if (!existsSync(path.join(site, 'formulas/index.html'))) {
    console.error(`math.mjs: ${site}/formulas/index.html does not exist: build the fixture first`);
    process.exit(2);
  }
  return { site, shots: path.resolve(values.shots) };
}

/** A page that records console errors, page errors and failed requests, and every URL it asked for. */
async function watchedPage(browser, device) {
  const context = await browser.newContext({ ...VIEWPORTS[device], colorScheme: 'light', reducedMotion: 'reduce' });
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

/** Layout facts about the formulas of the open page. */
function measure() {
  const maths = [...document.querySelectorAll('.prose math')];
  const root = document.documentElement;
  const prose = document.querySelector('.prose').getBoundingClientRect();
  const fracs = [...document.querySelectorAll('.prose mfrac')].map((f) => {
    const [num, den] = [...f.children].map((c) => c.getBoundingClientRect());
    return { stacked: num.bottom <= den.top + 1, width: f.getBoundingClientRect().width };
  });
  // Inline formulas must fit the text column; display ones scroll in their own box.
  const inlineOverflow = maths
    .filter((m) => !m.closest('.math-block'))
    .map((m) => m.getBoundingClientRect())
    .filter((r) => r.right > prose.right + 1 || r.left < prose.left - 1).length;
  const blocks = [...document.querySelectorAll('.prose .math-block')].map((b) => ({
    fits: b.getBoundingClientRect().right <= prose.right + 1,
    scrolls: b.scrollWidth > b.clientWidth,
    overflowX: getComputedStyle(b).overflowX,
  }));
  return {
    count: maths.length,
    fallbacks: document.querySelectorAll('.prose .math-source').length,
    displays: [...new Set(maths.map((m) => getComputedStyle(m).display))],
    empty: maths.filter((m) => { const r = m.getBoundingClientRect(); return r.width < 1 || r.height < 1; }).length,
    fonts: [...new Set(maths.map((m) => getComputedStyle(m).fontFamily))],
    fontLoaded: [...document.fonts].some((f) => f.family.replace(/"/g, '') === 'STIX Two Math' && f.status === 'loaded'),
    fracs,
    inlineOverflow,
    blocks,
    pageOverflow: root.scrollWidth - root.clientWidth,
  };
}

async function checkFormulas(browser, site, shots, device) {
  const w = await watchedPage(browser, device);
  await w.page.goto(pathToFileURL(path.join(site, 'formulas/index.html')).href, { waitUntil: 'load' });
  await w.page.evaluate(() => document.fonts.ready);
  const m = await w.page.evaluate(measure);
  if (m.count < 25) fail(`${device}: only ${m.count} formulas on the fixture page`);
  if (m.fallbacks) fail(`${device}: ${m.fallbacks} formulas fell back to TeX source`);
  if (m.displays.some((d) => !d.includes('math'))) fail(`${device}: <math> is not laid out as MathML (display: ${m.displays})`);
  if (m.empty) fail(`${device}: ${m.empty} formulas have no size`);
  if (!m.fontLoaded) fail(`${device}: the STIX Two Math font did not load (families: ${m.fonts})`);
  if (!m.fonts.every((f) => f.includes('STIX Two Math'))) fail(`${device}: formulas use ${m.fonts}`);
  if (!m.fracs.length || m.fracs.some((f) => !f.stacked)) fail(`${device}: a fraction's numerator is not above its denominator`);
  if (m.inlineOverflow) fail(`${device}: ${m.inlineOverflow} inline formulas stick out of the text column`);
  if (m.blocks.some((b) => !b.fits)) fail(`${device}: a display formula is wider than the text column`);
  if (!m.blocks.some((b) => b.scrolls && b.overflowX === 'auto')) fail(`${device}: the long formula does not scroll in its box`);
  if (m.pageOverflow > 0) fail(`${device}: the page scrolls sideways by ${m.pageOverflow}px`);
  w.assertClean(`${device}: the formulas page`);
  await w.page.screenshot({ path: path.join(shots, `math-${device}.png`), fullPage: true });
  pass(`${device}: ${m.count} formulas laid out as MathML in STIX Two Math, ${m.fracs.length} fractions stacked, no overflow`);
  await w.close();
}

async function checkPlainPage(browser, site) {
  const w = await watchedPage(browser, 'desktop');
  await w.page.goto(pathToFileURL(path.join(site, 'plain/index.html')).href, { waitUntil: 'load' });
  const math = w.requested.filter((u) => /math\.css|STIXTwoMath/.test(u));
  if (math.length) fail(`a page without math requested ${math.join(', ')}`);
  w.assertClean('the page without math');
  pass('a page without math requests no math stylesheet or font');
  await w.close();
}

async function main() {
  const { site, shots } = options();
  await mkdir(shots, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
  try {
    for (const device of Object.keys(VIEWPORTS)) await checkFormulas(browser, site, shots, device);
    await checkPlainPage(browser, site);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(`FAIL ${err instanceof CheckFailure ? err.message : err.stack || String(err)}`);
  process.exit(1);
});
