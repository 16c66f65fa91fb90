// The Node side of tests/it/search_spec.rs: plans each query with the
// shipped client's parser (static/search/engine.js `plan`, with
// static/search/tokenize.js), as lore::search::plan does in Rust.
//
//   node tests/search/plan.mjs <queries.json>
//
// prints a JSON array: each query's plan, or {"error": message}.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const engine = require("../../static/search/engine.js");
const [queriesFile] = process.argv.slice(2);
if (!queriesFile) {
  console.error("usage: node tests/search/plan.mjs <queries.json>");
  process.exit(2);
}
const queries = JSON.parse(readFileSync(queriesFile, "utf8"));
process.stdout.write(JSON.stringify(queries.map((q) => engine.plan(q))));
