#!/usr/bin/env node
// Obsidian vault pages in a real browser, from file://: the links inside an
// embedded note lead where they should from the embedding page (several
// folders deep), and the audio, video and PDF embeds load their files.
//
//   node vault.mjs --site-dir <built fixture of tests/it/vault.rs> --shots <dir>
//
// The fixture's video is a placeholder: this script records a real WebM in
// Chromium first (a canvas through MediaRecorder) and writes it over the
// placeholder, so the test needs no video tools. Prints one line per check;
// exits 1 when a check fails, 2 on bad usage.

import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--autoplay-policy=no-user-gesture-required'];
const TIMEOUT = 15_000;

function fail(message) {
  console.log(`FAIL ${message}`);
  process.exit(1);
}
const pass = (message) => console.log(`ok   ${message}`);

const { values } = parseArgs({ options: { 'site-dir': { type: 'string' }, shots: { type: 'string' } } });
if (!values['site-dir']) {
  console.error('usage: node vault.mjs --site-dir <built fixture> --shots <dir>');
  process.exit(2);
}
const site = path.resolve(values['site-dir']);
const host = path.join(site, 'deep/er/host/index.html');
if (!existsSync(host)) {
  console.error(`vault.mjs: ${host} does not exist: build the fixture first`);
  process.exit(2);
}

/** A short real WebM video, recorded from a canvas. */
async function recordWebm(browser) {
  const page = await browser.newPage();
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 64; canvas.height = 48;
    const g = canvas.getContext('2d');
    const recorder = new MediaRecorder(canvas.captureStream(10), { mimeType: 'video/webm' });
    const chunks = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const done = new Promise((resolve) => { recorder.onstop = resolve; });
    recorder.start();
    for (let i = 0; i < 8; i++) {
      g.fillStyle = `hsl(${i * 40}, 70%, 50%)`;
      g.fillRect(0, 0, 64, 48);
      await new Promise((r) => setTimeout(r, 60));
    }
    recorder.stop();
    await done;
    const bytes = new Uint8Array(await new Blob(chunks, { type: 'video/webm' }).arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  });
  await page.close();
  return Buffer.from(base64, 'base64');
}

async function main() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  try {
    writeFileSync(path.join(site, 'media/clip.webm'), await recordWebm(browser));
    const page = await browser.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    // ERR_ABORTED: a load cut short by the next navigation, not a missing file.
    page.on('requestfailed', (r) => {
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
    });

    // Links inside the embedded note, from the page three folders deep.
    const url = pathToFileURL(host).href;
    for (const [selector, expected] of [
      ['.embed-content a[href*="target"]', 'target/index.html'],
      ['.embed-content a.internal-link[href*="#section"]', 'lib/part/index.html'],
      ['.embed-content a.topic-tag', 'topics/tagged/index.html'],
    ]) {
      await page.goto(url);
      await page.click(selector);
      await page.waitForLoadState('load');
      const now = decodeURIComponent(page.url());
      if (!now.includes(expected)) fail(`${selector} led to ${now}, not ${expected}`);
      if ((await page.title()).includes('Not found')) fail(`${selector} led to a missing page`);
    }
    pass('links inside an embedded note open the right pages from a page three folders deep');

    await page.goto(url);
    const media = await page.evaluate(async () => {
      const ready = (el, event) => new Promise((resolve) => {
        if (el.readyState >= 1) return resolve('ready');
        el.addEventListener(event, () => resolve('ready'), { once: true });
        el.addEventListener('error', () => resolve(`error ${el.error && el.error.code}`), { once: true });
        el.load();
      });
      const audio = document.querySelector('audio.media-embed');
      const video = document.querySelector('video.media-embed');
      const pdf = document.querySelector('iframe.pdf-embed');
      return {
        audio: audio ? await ready(audio, 'loadedmetadata') : 'missing',
        duration: audio ? audio.duration : 0,
        video: video ? await ready(video, 'loadedmetadata') : 'missing',
        width: video ? video.videoWidth : 0,
        pdf: pdf ? pdf.getAttribute('src') : 'missing',
      };
    });
    if (media.audio !== 'ready' || !(media.duration > 0)) fail(`the audio embed did not load: ${JSON.stringify(media)}`);
    if (media.video !== 'ready' || media.width !== 64) fail(`the video embed did not load: ${JSON.stringify(media)}`);
    if (!media.pdf.endsWith('paper.pdf#page=2')) fail(`the PDF embed has no viewer for page 2: ${JSON.stringify(media)}`);
    const frame = page.frames().find((f) => f.url().includes('paper.pdf'));
    if (!frame) fail('the PDF viewer frame did not open the file');
    pass(`audio (${media.duration.toFixed(2)} s) and video (${media.width} px wide) load their files; the PDF opens in its viewer`);
    if (errors.length) fail(`errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => fail(e.stack || String(e)));
