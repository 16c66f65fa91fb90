#!/usr/bin/env node
// The graph view of the default theme in Chromium from file://: the graph page
// draws every node in the theme's colours, hover marks a node, the wheel,
// the keyboard and a drag of the background move the camera, a dragged node
// follows the pointer without opening it, the topic filter and the topic
// nodes switch show the right nodes (the filter kept in the URL), a click
// opens a note; a note's local graph draws its neighbourhood around the
// note, lets the page scroll under the wheel, and opens a neighbour on
// click; a crowded graph (thousands of nodes, which the view paints by hand
// rather than with canvas paths) draws and answers the pointer too.
//
//   node graph.mjs --site <built fixture site> --shots <dir>
//
// --site is the site written by tests/it/graph.rs
// (`the_graph_view_draws_and_answers_in_chromium`): a note "Hub" (topic
// alpha) linking "Alpha one" (alpha/one), "Beta two" and "Gamma" (both
// beta); "Gamma" embeds "Alpha one"; "Far" links only "Gamma"; "Orphan"
// links nothing.
// Prints one line per check; exits 1 on the first failure, 2 on bad usage.

import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.LORE_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const TIMEOUT_MS = 15_000;
const SETTLE_MS = 30_000; // time allowed for a layout to cool down
const BIG_NOTES = 2500; // more than the view's DENSE_NODES: a crowded view

class CheckFailure extends Error {}
function fail(message) { throw new CheckFailure(message); }
function pass(message) { console.log(`ok   ${message}`); }

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({ options: { site: { type: 'string' }, shots: { type: 'string' } } }));
  } catch (err) {
    console.error(`graph.mjs: ${err.message}`);
    process.exit(2);
  }
  if (!values.site || !values.shots || !existsSync(path.join(values.site, 'graph/index.html'))) {
    console.error('usage: node graph.mjs --site <built site with graph/index.html> --shots <dir>');
    process.exit(2);
  }
  return { site: path.resolve(values.site), shots: path.resolve(values.shots) };
}

// ---------------------------------------------------------------- helpers

/** A page that records its errors (console, uncaught, failed loads). */
async function watchedPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', reducedMotion: 'reduce' });
  context.setDefaultTimeout(TIMEOUT_MS);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  return {
    page,
    close: () => context.close(),
    assertClean(when) { if (problems.length) fail(`${when}:\n  ${problems.join('\n  ')}`); },
  };
}

const fileUrl = (dir, rel) => pathToFileURL(path.join(dir, rel)).href;

/** Waits for the view `name` (lore.graph or lore.localGraphView) to settle. */
async function settled(page, name) {
  try {
    await page.waitForFunction((n) => window.lore && window.lore[n] && window.lore[n].settled(), name, { timeout: SETTLE_MS });
  } catch {
    fail(`window.lore.${name} did not appear and settle within ${SETTLE_MS} ms on ${page.url()}`);
  }
  await frames(page);
}

/** Waits for a few animation frames (a redraw requested now has happened). */
function frames(page, n = 3) {
  return page.evaluate((n) => new Promise((done) => {
    let left = n;
    const tick = () => (--left <= 0 ? done() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
}

/** What the canvas shows: painted pixels and a checksum of every pixel. */
function picture(page, selector) {
  return page.$eval(selector, (c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let painted = 0, sum = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] !== 0) painted++;
      sum = (sum * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2] + 17 * data[i + 3]) % 2147483647;
    }
    return { painted, sum };
  });
}

/** The view's node `title`: its id, info, and where it is on screen (null when off). */
function nodeByTitle(page, name, title) {
  return page.evaluate(([name, title]) => {
    const g = window.lore[name];
    const id = g.ids().find((i) => g.node(i).title === title);
    return id === undefined ? null : { id, ...g.node(id), pos: g.nodeScreenPosition(id) };
  }, [name, title]);
}

function position(page, name, id) {
  return page.evaluate(([name, id]) => window.lore[name].nodeScreenPosition(id), [name, id]);
}

function near(a, b, slack = 1.5) {
  return a && b && Math.abs(a.x - b.x) <= slack && Math.abs(a.y - b.y) <= slack;
}

/** The canvas pixel at a viewport point, as "r,g,b,a", and a CSS colour resolved the same way. */
function pixelAndColor(page, selector, point, cssVar) {
  return page.evaluate(([selector, point, cssVar]) => {
    const c = document.querySelector(selector);
    const r = c.getBoundingClientRect(), scale = c.width / c.clientWidth;
    const px = Math.floor((point.x - r.left - c.clientLeft) * scale), py = Math.floor((point.y - r.top - c.clientTop) * scale);
    const got = Array.from(c.getContext('2d').getImageData(px, py, 1, 1).data).join(',');
    const probe = document.createElement('canvas').getContext('2d');
    probe.fillStyle = getComputedStyle(document.documentElement).getPropertyValue(cssVar).trim();
    probe.fillRect(0, 0, 1, 1);
    return { got, want: Array.from(probe.getImageData(0, 0, 1, 1).data).join(',') };
  }, [selector, point, cssVar]);
}

// ---------------------------------------------------------------- the graph page

async function checkGraphPage(browser, site, shots) {
  const w = await watchedPage(browser);
  const { page } = w;
  try {
    await page.goto(fileUrl(site, 'graph/index.html'), { waitUntil: 'load' });
    await settled(page, 'graph');
    const data = await page.evaluate(() => {
      const d = window.loreGraph;
      const topics = d.nodes.filter((n) => n.kind === 'topic').length;
      return { nodes: d.nodes.length, topics, notes: d.nodes.length - topics, links: d.edges.filter((e) => e.kind !== 'topic').length };
    });
    const size = await page.evaluate(() => window.lore.graph.size());
    if (size.nodes !== data.nodes || size.visible !== data.nodes) fail(`the view has ${JSON.stringify(size)}, graph-data.js ${data.nodes} nodes`);
    const status = (await page.textContent('#graph-status')).trim();
    const wantStatus = `${data.notes} notes · ${data.links} links · ${data.topics} topics`;
    if (status !== wantStatus) fail(`status reads "${status}", not "${wantStatus}"`);
    const before = await picture(page, '#lore-graph');
    if (before.painted < 500) fail(`the graph canvas is (nearly) empty: ${before.painted} pixels painted`);
    await page.screenshot({ path: path.join(shots, 'graph-fixture.png') });
    pass(`graph page: ${size.nodes} nodes drawn (${before.painted} pixels), status "${status}"`);

    // Nodes in the theme's colours.
    const hub = await nodeByTitle(page, 'graph', 'Hub');
    const gamma = await nodeByTitle(page, 'graph', 'Gamma');
    const topic = await page.evaluate(() => { const g = window.lore.graph; const id = g.ids('topic')[0]; return { id, pos: g.nodeScreenPosition(id) }; });
    if (!hub || !hub.pos || !gamma || !gamma.pos || !topic.pos) fail(`nodes Hub, Gamma or a topic are not on screen: ${JSON.stringify([hub, gamma, topic])}`);
    for (const [what, pos, cssVar] of [['note Hub', hub.pos, '--c-blue'], ['a topic', topic.pos, '--c-orange']]) {
      const px = await pixelAndColor(page, '#lore-graph', pos, cssVar);
      if (px.got !== px.want) fail(`${what} is drawn in ${px.got}, not ${cssVar} (${px.want})`);
    }
    pass('graph page: notes and topics are drawn in the theme colours');

    // Hover.
    if ((await page.evaluate(([x, y]) => window.lore.graph.nodeAt(x, y), [hub.pos.x, hub.pos.y])) !== hub.id) fail('nodeAt does not find Hub at its own position');
    await page.mouse.move(hub.pos.x, hub.pos.y);
    await frames(page);
    const hovered = await page.$eval('#lore-graph', (c) => ({ title: c.title, on: c.classList.contains('on-node') }));
    const lit = await picture(page, '#lore-graph');
    if (hovered.title !== 'Hub' || !hovered.on || lit.sum === before.sum) fail(`hovering Hub: canvas title "${hovered.title}", on-node ${hovered.on}, picture changed ${lit.sum !== before.sum}`);
    // The edge Hub–Gamma is drawn strongly (other edges fade).
    const along = [0.4, 0.5, 0.6].map((t) => ({ x: hub.pos.x + t * (gamma.pos.x - hub.pos.x), y: hub.pos.y + t * (gamma.pos.y - hub.pos.y) }));
    const alphas = await Promise.all(along.map((p) => pixelAndColor(page, '#lore-graph', p, '--accent').then((px) => +px.got.split(',')[3])));
    if (alphas.filter((a) => a > 100).length < 2) fail(`hovering Hub does not highlight its edge to Gamma (alpha along it: ${alphas})`);
    const box = await page.$eval('#lore-graph', (c) => { const r = c.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; });
    const empty = await page.evaluate(([b]) => {
      for (let y = b.y + 6; y < b.y + b.h; y += 12) for (let x = b.x + 6; x < b.x + b.w; x += 12) if (window.lore.graph.nodeAt(x, y) === null) return { x, y };
      return null;
    }, [box]);
    await page.mouse.move(empty.x, empty.y);
    await frames(page);
    const unlit = await picture(page, '#lore-graph');
    const left = await page.$eval('#lore-graph', (c) => ({ title: c.title, on: c.classList.contains('on-node') }));
    if (left.on || left.title !== '' || unlit.sum !== before.sum) fail(`leaving Hub: on-node ${left.on}, title "${left.title}", picture back as before ${unlit.sum === before.sum}`);
    pass('graph page: hovering a node marks it (title, pointer cursor, highlight); leaving restores the picture');

    // Camera: wheel, keyboard, background drag, fit.
    const dist = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);
    const d0 = dist(hub.pos, gamma.pos);
    await page.mouse.move(hub.pos.x, hub.pos.y);
    await page.mouse.wheel(0, -200);
    await frames(page);
    const hubZ = await position(page, 'graph', hub.id), gammaZ = await position(page, 'graph', gamma.id);
    if (!near(hubZ, hub.pos) || !gammaZ || dist(hubZ, gammaZ) < 1.3 * d0) fail(`wheel zoom about Hub: Hub ${JSON.stringify(hub.pos)} -> ${JSON.stringify(hubZ)}, Hub–Gamma ${d0.toFixed(1)} -> ${gammaZ && dist(hubZ, gammaZ).toFixed(1)}`);
    await page.focus('#lore-graph');
    await page.keyboard.press('0');
    await frames(page);
    if (!near(await position(page, 'graph', hub.id), hub.pos)) fail('key 0 did not fit the view back');
    await page.keyboard.press('-');
    const hubM = await position(page, 'graph', hub.id), gammaM = await position(page, 'graph', gamma.id);
    await page.keyboard.press('ArrowLeft');
    await frames(page);
    const hubK = await position(page, 'graph', hub.id);
    if (Math.abs(dist(hubM, gammaM) - 0.8 * d0) > 1 || !near(hubK, { x: hubM.x + 60, y: hubM.y })) {
      fail(`keys - and ArrowLeft: Hub–Gamma ${d0.toFixed(1)} -> ${dist(hubM, gammaM).toFixed(1)}, Hub ${JSON.stringify(hubM)} -> ${JSON.stringify(hubK)}`);
    }
    await page.mouse.move(empty.x, empty.y);
    await page.mouse.down();
    await page.mouse.move(empty.x + 20, empty.y + 10, { steps: 2 });
    await page.mouse.move(empty.x + 40, empty.y + 30, { steps: 2 });
    await page.mouse.up();
    await frames(page);
    const hubP = await position(page, 'graph', hub.id);
    if (!near(hubP, { x: hubK.x + 40, y: hubK.y + 30 })) fail(`dragging the background by (40, 30) moved Hub from ${JSON.stringify(hubK)} to ${JSON.stringify(hubP)}`);
    await page.click('#graph-fit');
    await frames(page);
    if (!near(await position(page, 'graph', hub.id), hub.pos)) fail('the "Fit to view" button did not fit the view back');
    pass('graph page: wheel zooms about the pointer, + − arrows 0 and a background drag move the camera, "Fit to view" restores it');

    // Dragging a node moves it and opens nothing. (The camera is moved by
    // hand first, so that it stays put instead of following the layout.)
    await page.focus('#lore-graph');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    const url = page.url();
    const orphan = await nodeByTitle(page, 'graph', 'Orphan');
    const mid = { x: box.x + box.w / 2, y: box.y + box.h / 2 };
    const away = Math.hypot(mid.x - orphan.pos.x, mid.y - orphan.pos.y) || 1;
    const drop = { x: orphan.pos.x + 70 * (mid.x - orphan.pos.x) / away, y: orphan.pos.y + 70 * (mid.y - orphan.pos.y) / away };
    await page.mouse.move(orphan.pos.x, orphan.pos.y);
    await page.mouse.down();
    await page.mouse.move(drop.x, drop.y, { steps: 5 });
    await frames(page);
    const held = await position(page, 'graph', orphan.id);
    if (!near(held, drop, 3)) fail(`a dragged node is at ${JSON.stringify(held)}, not under the pointer at ${JSON.stringify(drop)}`);
    await page.mouse.up();
    await frames(page);
    if (page.url() !== url) fail(`dropping a dragged node navigated to ${page.url()}`);
    await settled(page, 'graph');
    pass('graph page: a dragged node follows the pointer, and dropping it opens nothing');

    // Topic filter and topic nodes.
    await page.selectOption('#graph-topic', 'beta');
    await frames(page);
    const beta = await page.evaluate(() => ({ size: window.lore.graph.size(), status: document.querySelector('#graph-status').textContent, hash: location.hash, topicsOff: document.querySelector('#graph-show-topics').disabled }));
    if (beta.size.visible !== 2 || beta.status !== '2 notes tagged #beta' || beta.hash !== '#topic=beta' || !beta.topicsOff) fail(`topic filter beta: ${JSON.stringify(beta)}`);
    if ((await position(page, 'graph', hub.id)) !== null || !(await position(page, 'graph', gamma.id))) fail('with the filter on #beta, Hub is shown or Gamma hidden');
    await page.selectOption('#graph-topic', '');
    await page.uncheck('#graph-show-topics');
    await frames(page);
    const noTopics = await page.evaluate(() => ({ size: window.lore.graph.size(), status: document.querySelector('#graph-status').textContent, hash: location.hash }));
    if (noTopics.size.visible !== data.notes || noTopics.status !== `${data.notes} notes · ${data.links} links` || noTopics.hash !== '') fail(`topic nodes off: ${JSON.stringify(noTopics)}`);
    await page.goto('about:blank'); // a new load, not a jump to a fragment of this one
    await page.goto(fileUrl(site, 'graph/index.html') + '#topic=alpha', { waitUntil: 'load' });
    await settled(page, 'graph');
    const alpha = await page.evaluate(() => ({ value: document.querySelector('#graph-topic').value, size: window.lore.graph.size() }));
    if (alpha.value !== 'alpha' || alpha.size.visible !== 2) fail(`opening graph/#topic=alpha: ${JSON.stringify(alpha)} (want alpha: Hub and Alpha one)`);
    pass('graph page: the topic filter shows the topic\'s notes and is kept in the URL; topic nodes can be hidden');

    // A click opens the note.
    const target = await nodeByTitle(page, 'graph', 'Alpha one');
    await page.mouse.move(target.pos.x, target.pos.y);
    await Promise.all([page.waitForURL((u) => u.href === fileUrl(site, 'alpha-one/index.html')), page.mouse.click(target.pos.x, target.pos.y)]);
    if ((await page.textContent('h1')).trim() !== 'Alpha one') fail(`clicking "Alpha one" opened ${page.url()}`);
    w.assertClean('graph page');
    pass('graph page: clicking a node opens its note');
  } finally {
    await w.close();
  }
}

// ---------------------------------------------------------------- a note's local graph

async function checkLocalGraph(browser, site) {
  const w = await watchedPage(browser);
  const { page } = w;
  try {
    await page.goto(fileUrl(site, 'hub/index.html'), { waitUntil: 'load' });
    await page.locator('#local-graph').scrollIntoViewIfNeeded();
    await settled(page, 'localGraphView');
    const titles = await page.evaluate(() => { const g = window.lore.localGraphView; return g.ids().map((id) => g.node(id).title).sort(); });
    const want = ['#alpha', 'Alpha one', 'Beta two', 'Gamma', 'Hub'];
    if (titles.join('|') !== want.join('|')) fail(`the local graph of Hub shows ${JSON.stringify(titles)}, not ${JSON.stringify(want)}`);
    const drawn = await picture(page, '#local-graph');
    if (drawn.painted < 100) fail(`the local graph is (nearly) empty: ${drawn.painted} pixels painted`);
    const hub = await nodeByTitle(page, 'localGraphView', 'Hub');
    const px = await pixelAndColor(page, '#local-graph', hub.pos, '--c-red');
    if (px.got !== px.want) fail(`the local graph's own note is drawn in ${px.got}, not --c-red (${px.want})`);
    pass(`local graph: Hub and its neighbours (${titles.join(', ')}), the note itself in --c-red`);

    const gamma = await nodeByTitle(page, 'localGraphView', 'Gamma');
    const scrollY = await page.evaluate(() => window.scrollY);
    await page.mouse.move(gamma.pos.x, gamma.pos.y);
    await page.mouse.wheel(0, -100);
    await page.waitForFunction((y) => window.scrollY !== y, scrollY).catch(() => fail(`the wheel over the local graph did not scroll the page (scrollY ${scrollY})`));
    await frames(page);
    const g2 = await nodeByTitle(page, 'localGraphView', 'Gamma');
    if (!g2.pos || Math.abs(gamma.pos.x - g2.pos.x) > 1) fail(`the wheel over the local graph (no Ctrl) zoomed it: Gamma ${JSON.stringify(gamma.pos)} -> ${JSON.stringify(g2.pos)}`);
    await page.mouse.move(g2.pos.x, g2.pos.y);
    await frames(page);
    if ((await page.$eval('#local-graph', (c) => c.title)) !== 'Gamma') fail('hovering Gamma in the local graph does not mark it');
    await Promise.all([page.waitForURL((u) => u.href === fileUrl(site, 'gamma/index.html')), page.mouse.click(g2.pos.x, g2.pos.y)]);
    w.assertClean('local graph');
    pass('local graph: the wheel scrolls the page (no zoom without Ctrl), hover marks a node, a click opens it');
  } finally {
    await w.close();
  }
}

// ---------------------------------------------------------------- a crowded graph

/** A deterministic graph of `notes` notes in 20 topics, with two links a note. */
function bigGraph(notes) {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
  const nodes = [], edges = [];
  for (let t = 0; t < 20; t++) nodes.push({ id: `t${t}`, kind: 'topic', title: `#t${t}`, url: `topics/t${t}/`, topics: [] });
  for (let i = 0; i < notes; i++) {
    nodes.push({ id: i, kind: 'note', title: `Note ${i}`, url: `hub/`, topics: [`t${i % 20}`] });
    edges.push({ source: i, target: `t${i % 20}`, kind: 'topic' });
    if (i > 0) edges.push({ source: i, target: Math.floor(rnd() * i), kind: 'link' });
    if (i > 1) edges.push({ source: i, target: Math.floor(rnd() * i), kind: 'link' });
  }
  return `window.loreGraph = ${JSON.stringify({ nodes, edges })};\n`;
}

async function checkCrowdedGraph(browser, site, shots) {
  const copy = await mkdtemp(path.join(tmpdir(), 'lore-graph-'));
  const w = await watchedPage(browser);
  const { page } = w;
  try {
    await cp(site, copy, { recursive: true });
    await writeFile(path.join(copy, 'static/graph-data.js'), bigGraph(BIG_NOTES));
    await page.goto(fileUrl(copy, 'graph/index.html'), { waitUntil: 'load' });
    await settled(page, 'graph');
    await page.waitForTimeout(400); // the sharp redraw, once the view rests
    await frames(page);
    const size = await page.evaluate(() => window.lore.graph.size());
    const drawn = await picture(page, '#lore-graph');
    if (size.nodes !== BIG_NOTES + 20 || drawn.painted < 20000) fail(`the crowded graph: ${JSON.stringify(size)}, ${drawn.painted} pixels painted`);
    await page.screenshot({ path: path.join(shots, 'graph-crowded.png') });
    const centres = await page.evaluate(() => {
      const g = window.lore.graph;
      return g.ids('note').slice(0, 100).map((id) => g.nodeScreenPosition(id)).filter(Boolean);
    });
    const blue = (await Promise.all(centres.map((p) => pixelAndColor(page, '#lore-graph', p, '--c-blue')))).filter((px) => px.got === px.want).length;
    if (blue < centres.length / 2) fail(`in the crowded graph only ${blue} of ${centres.length} notes are drawn in --c-blue at their centre`);
    const hit = await page.evaluate(() => {
      const g = window.lore.graph;
      for (const id of g.ids('note')) { const p = g.nodeScreenPosition(id); if (p && g.nodeAt(p.x, p.y) === id) return { id, ...p, title: g.node(id).title }; }
      return null;
    });
    if (!hit) fail('no node of the crowded graph can be pointed at');
    await page.mouse.move(hit.x, hit.y);
    await frames(page);
    const lit = await picture(page, '#lore-graph');
    const title = await page.$eval('#lore-graph', (c) => c.title);
    if (title !== hit.title || lit.sum === drawn.sum) fail(`hovering "${hit.title}" in the crowded graph: title "${title}", picture changed ${lit.sum !== drawn.sum}`);
    w.assertClean('crowded graph');
    pass(`crowded graph: ${size.nodes} nodes and ${size.edges} edges drawn (${drawn.painted} pixels), hover marks "${hit.title}"`);
  } finally {
    await w.close();
    await rm(copy, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main

const { site, shots } = parseOptions();
await mkdir(shots, { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
let code = 0;
try {
  await checkGraphPage(browser, site, shots);
  await checkLocalGraph(browser, site);
  await checkCrowdedGraph(browser, site, shots);
} catch (err) {
  console.log(`FAIL ${err instanceof CheckFailure ? err.message : err.stack}`);
  code = 1;
} finally {
  await browser.close();
}
process.exit(code);
