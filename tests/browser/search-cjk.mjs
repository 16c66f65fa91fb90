#!/usr/bin/env node
// Chinese, Japanese and Korean search through the search box, in Chromium
// from file://: text committed by an input method (one input event per
// string, as an IME sends it) finds the notes holding that string, the
// snippets mark the whole string, and the note opened with Enter marks it
// on the page.
//
//   node search-cjk.mjs <built site>
//
// The site is tests/it/cjk.rs's `cjk_vault`: "模板" (打开命令面板，输入「模板」即可插入。),
// "命令行" (命令行和面板是两回事。使用 kubectl 命令查看。), "同期"
// (Obsidian 同期の設定を開きます。) and "설정" (설정 파일을 엽니다.).
// Prints one line per check; exits 1 on the first failure, 2 on bad usage.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
const TIMEOUT_MS = 15_000;

const site = process.argv[2];
if (!site || !existsSync(path.join(site, 'index.html'))) {
  console.error('usage: node search-cjk.mjs <built site>');
  process.exit(2);
}
const index = pathToFileURL(path.join(path.resolve(site), 'index.html')).href;

class CheckFailure extends Error {}
function fail(message) { throw new CheckFailure(message); }
function pass(message) { console.log(`ok   ${message}`); }

/** The results on screen: titles, and the marked parts of each snippet. */
function results() {
  return [...document.querySelectorAll('#lore-search-results li')].map((li) => ({
    title: li.querySelector('.search-title')?.textContent ?? '',
    marks: [...li.querySelectorAll('.snippet mark')].map((m) => m.textContent),
    href: li.querySelector('a')?.href ?? '',
  }));
}

/** Commits `text` into the focused box as an input method does, and waits for its answer. */
async function commit(page, text) {
  await page.keyboard.insertText(text);
  const query = await page.locator('#lore-search').inputValue();
  await page.waitForFunction((q) => document.querySelector('.search')?.getAttribute('data-query') === q, query, { timeout: TIMEOUT_MS });
  return page.evaluate(results);
}

async function focusBox(page) {
  const box = page.locator('#lore-search');
  await box.fill('');
  await box.focus();
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
const problems = [];
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(index, { waitUntil: 'load' });

  // Typed as an IME commits it: 命令 first, then 面板.
  await focusBox(page);
  let got = await commit(page, '命令');
  const titles = got.map((r) => r.title).sort();
  if (JSON.stringify(titles) !== JSON.stringify(['命令行', '模板'])) fail(`命令 lists ${JSON.stringify(titles)}`);
  got = await commit(page, '面板');
  if (got.length !== 1 || got[0].title !== '模板') fail(`命令面板 lists ${JSON.stringify(got)}`);
  if (JSON.stringify(got[0].marks) !== JSON.stringify(['命令面板'])) fail(`the snippet marks ${JSON.stringify(got[0].marks)}, not 命令面板 whole`);
  pass('命令 then 面板: the results narrow to the note holding 命令面板, its snippet marks 命令面板 whole');

  // Enter opens it, with the string marked on the page.
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/palette/index.html')), page.keyboard.press('Enter')]);
  await page.waitForFunction(() => document.querySelectorAll('mark.search-hit').length > 0);
  const marks = await page.evaluate(() => [...document.querySelectorAll('mark.search-hit')].map((m) => m.textContent));
  if (!marks.length || marks.some((m) => m !== '命令面板')) fail(`the page marks ${JSON.stringify(marks)}`);
  pass(`Enter opens the note with ${marks.length} mark(s) of 命令面板 and nothing else`);

  // Word order, mixed scripts, other languages.
  await page.goto(index, { waitUntil: 'load' });
  for (const [query, title, want] of [
    ['面板 命令', null, ['命令', '面板']],
    ['kubectl 命令', '命令行', ['命令', 'kubectl', '命令']],
    ['Obsidian 同期', '同期', ['Obsidian', '同期']],
    ['설정 파일', '설정', ['설정', '파일']],
  ]) {
    await focusBox(page);
    got = await commit(page, query);
    if (!got.length) fail(`${query} finds nothing`);
    if (title && (got.length !== 1 || got[0].title !== title)) fail(`${query} lists ${JSON.stringify(got.map((r) => r.title))}`);
    for (const r of got) {
      if (!want.every((w) => r.marks.includes(w))) fail(`${query}: "${r.title}" marks ${JSON.stringify(r.marks)}`);
    }
    pass(`${query}: ${JSON.stringify(got.map((r) => r.title))}, snippets mark ${JSON.stringify(got[0].marks)}`);
  }
  await focusBox(page);
  got = await commit(page, '面板命令');
  if (got.length) fail(`面板命令 lists ${JSON.stringify(got.map((r) => r.title))}: the characters are not in that order anywhere`);
  pass('面板命令 finds nothing (no note holds it)');
  if (problems.length) fail(problems.join('\n'));
} catch (e) {
  if (!(e instanceof CheckFailure)) throw e;
  console.log(`FAIL ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
