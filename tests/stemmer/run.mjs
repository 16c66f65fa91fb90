// The Node side of tests/heavy/stemmer.rs: runs static/search/tokenize.js on
// every input of a JSON-lines file and writes one JSON line per input.
//
//   node tests/stemmer/run.mjs INPUT.jsonl OUTPUT.jsonl
//
// Input lines:  {"m":"a","t":TEXT}  -> [[term, lower, offsetFrom, offsetTo, position], ...]
//               {"m":"s","t":WORD}  -> "stem"
// Prints the time spent in tokenize/stem to stderr.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const lore = require("../../static/search/tokenize.js");

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: node tests/stemmer/run.mjs INPUT.jsonl OUTPUT.jsonl");
  process.exit(2);
}

const t0 = process.hrtime.bigint();
const lines = readFileSync(input, "utf8").split("\n");
if (lines[lines.length - 1] === "") lines.pop();
const cases = lines.map((line) => JSON.parse(line));

const started = process.hrtime.bigint();
const results = cases.map(({ m, t }) => {
  if (m === "s") return lore.stem(t);
  if (m === "a") return lore.tokenize(t).map((k) => [k.term, k.lower, k.offsetFrom, k.offsetTo, k.position]);
  throw new Error(`unknown mode ${m}`);
});
const ms = Number(process.hrtime.bigint() - started) / 1e6;

const t1 = process.hrtime.bigint();
writeFileSync(output, results.map((r) => JSON.stringify(r)).join("\n") + "\n");
const io = Number(process.hrtime.bigint() - t1 + (started - t0)) / 1e6;
console.error(`tokenize.js: ${cases.length} inputs in ${ms.toFixed(0)} ms (JSON I/O ${io.toFixed(0)} ms)`);
