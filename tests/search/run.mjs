// Runs the shipped search client (static/search/engine.js) under Node over
// a built site's exported index, the way tests/heavy/search_parity.rs needs:
//
//   node tests/search/run.mjs <site-output-dir> <queries.json> [limit]
//
// prints {"<query>": answer, ...} as JSON: the same shape as
// `lore search --json` for each query.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const engine = require(path.join(here, "../../static/search/engine.js"));
const [out, queriesFile, limitArg] = process.argv.slice(2);
const limit = Number(limitArg || 10);
let loadedBytes = 0;
let docBytes = 0;

/** Evaluates a data file as the browser would, capturing its payload. */
function load(name) {
  const file = path.join(out, "search", name + ".js");
  const source = readFileSync(file, "utf8");
  loadedBytes += Buffer.byteLength(source);
  if (name.startsWith("d/")) docBytes += Buffer.byteLength(source);
  let payload;
  vm.runInNewContext(source, {
    loreSearchData: (n, data) => {
      if (n !== name) throw new Error(`${file} says it is ${n}`);
      payload = data;
    },
  });
  if (payload === undefined) throw new Error(`${file} holds no search data`);
  return Promise.resolve(payload);
}

const queries = JSON.parse(readFileSync(queriesFile, "utf8"));
const answers = {};
for (const q of queries) {
  const e = engine.createEngine({ load });
  loadedBytes = 0;
  docBytes = 0;
  const started = performance.now();
  const answer = await e.search(q, limit);
  answer.ms = performance.now() - started;
  answer.loadedBytes = loadedBytes;
  answer.docBytes = docBytes;
  answers[q] = answer;
}
process.stdout.write(JSON.stringify(answers));
