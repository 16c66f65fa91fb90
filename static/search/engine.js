/* Lore search: the browser twin of `lore search` (src/search/query.rs).
 *
 * It reads the static export of the tantivy index (src/search/export/) and
 * ranks with tantivy's BM25 in 32-bit floats, so the same query gives the
 * same results, in the same order, with the same scores, as
 * `lore search --json` (tests/heavy/search_parity.rs holds them to it).
 *
 *   loreSearch.search(query, limit) -> Promise<{query, results: [{title,
 *       path, url, score, snippet, highlights: [[start, end], ...]}]}>
 *       or {query, error} for a bad query; rejects when the index cannot
 *       be loaded. `url` is root-relative ("etcd/"); highlights are
 *       [start, end) indices of `snippet` (JS string indices).
 *   loreSearch.parse(query) -> {words, phrases, excluded, topics, prefixLast}
 *       or {error}
 *   loreSearch.plan(query) -> the parse, with units (the words' units in
 *       canonical order: {stem, lower, prefix} or {run}), phraseTerms and
 *       excludedUnits; or {error}. As query.rs `plan` (needs tokenize.js;
 *       tests/search/parse-cases.json holds both to the same plans).
 *   loreSearch.createEngine({load}) -> {search}: an engine over any loader
 *       (name -> Promise<data>): Node uses it to read the files directly.
 *
 * The query language and its rules are query.rs's: every word must match
 * (then, when nothing matches, long enough words also match dictionary
 * terms one edit away, then any word will do); "phrases"; -excluded;
 * topic:name (a filter: adds 0 to the score); the last word, while typed,
 * also matches the first dictionary terms it starts. Each word's terms
 * are scored per field, BM25 times the field's boost, summed. A CJK run
 * (tokenize.js `units`) is one term when it has one or two chars, else its
 * bigrams at adjacent positions, scored as a phrase in the positional
 * fields; the parts of a query are taken in query.rs's canonical order.
 * Every number of these rules (fields, boosts, phrase boosts, BM25's k1
 * and b, the prefix, typo and snippet limits) is the search spec
 * (src/search/spec.rs) that meta.js carries: this file holds none.
 *
 * Data files are scripts calling loreSearchData(name, data), loaded with
 * <script src> (works from file://, where fetch is blocked), once each.
 * Plain script, no dependencies but ./tokenize.js (loaded on demand). */
(function () {
  "use strict";

  var f32 = Math.fround;

  var root = typeof window !== "undefined" ? window : globalThis;
  var ns = (root.loreSearch = root.loreSearch || {});
  if (typeof ns.tokenize !== "function" && typeof require === "function") {
    var analyzer = require("./tokenize.js"); // Node
    for (var key in analyzer) ns[key] = analyzer[key];
  }

  /* ---- Strings in Rust's order (code points, not UTF-16 units) ---- */
  function cmp(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) {
        // Surrogates (astral chars) sort after U+E000..U+FFFF in code point order.
        if (x >= 0xd800 && y >= 0xd800) {
          x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
          y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
        }
        return x < y ? -1 : 1;
      }
    }
    return a.length - b.length;
  }
  /** Index of the last entry of sorted `list` that is <= key, or -1. */
  function floorIndex(list, key) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(list[mid], key) <= 0) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  /* ---- The query language (query.rs `parse`) ---- */
  // Rust's char::is_whitespace (Unicode White_Space).
  function isSpace(c) {
    return (c >= 9 && c <= 13) || c === 32 || c === 0x85 || c === 0xa0 || c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
      c === 0x205f || c === 0x3000;
  }
  function trimSpace(s) {
    var a = 0, b = s.length;
    while (a < b && isSpace(s.charCodeAt(a))) a++;
    while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
    return s.slice(a, b);
  }
  function splitSpace(s) {
    var out = [], word = "";
    for (var i = 0; i < s.length; i++) {
      if (isSpace(s.charCodeAt(i))) { if (word) out.push(word); word = ""; } else word += s.charAt(i);
    }
    if (word) out.push(word);
    return out;
  }
  function codePoints(s) { return Array.from(s).length; }

  /* load::normalize_topic: a link to a topic's note ([[Topic]],
   * [[Topic|label]]) names it; trimmed, no leading #, no outer slashes;
   * each level lowercased, its spaces as hyphens; levels that make no URL
   * (urls::spelled_slug is empty: `..`, `:`) dropped; at most
   * MAX_TOPIC_DEPTH (load::MAX_TOPIC_DEPTH) levels. The parse cases
   * (tests/search/parse-cases.json) hold it to Rust's. */
  var MAX_TOPIC_DEPTH = 10;
  var SPELLED = "+&#@%$?!*=<>~^|"; // the symbols urls::spelled_slug names
  var ALNUM_RE = /[\p{Alphabetic}\p{N}]/u; // until tokenize.js (Rust's tables) is loaded
  function makesSlug(part) {
    for (var i = 0; i < part.length; i++) {
      var cp = part.codePointAt(i), ch = String.fromCodePoint(cp);
      if (cp > 0xffff) i++;
      var alnum = typeof ns.isAlphanumeric === "function" ? ns.isAlphanumeric(cp) : ALNUM_RE.test(ch);
      if (alnum || ch === "_" || SPELLED.indexOf(ch) >= 0) return true;
    }
    return false;
  }
  function normalizeTopic(topic) {
    var whole = trimSpace(topic);
    if (whole.length >= 4 && whole.slice(0, 2) === "[[" && whole.slice(-2) === "]]") {
      topic = whole.slice(2, -2).split("|").pop();
    }
    var t = trimSpace(topic).replace(/^#+/, "").replace(/^\/+|\/+$/g, "");
    var parts = t.split("/").map(function (p) {
      return splitSpace(trimSpace(p).toLowerCase()).join("-");
    }).filter(function (p) { return p.length > 0 && makesSlug(p); });
    var out = parts.slice(0, MAX_TOPIC_DEPTH).join("/");
    return out.length ? out : null;
  }

  function parse(query) {
    var q = { words: [], phrases: [], excluded: [], topics: [], prefixLast: false };
    var i = 0, n = query.length, lastIsWord = false;
    for (;;) {
      while (i < n && isSpace(query.charCodeAt(i))) i++;
      if (i >= n) break;
      if (query.charAt(i) === '"') {
        var close = query.indexOf('"', i + 1);
        if (close < 0) {
          var column = codePoints(query.slice(0, i)) + 1;
          return { error: "unbalanced quote at column " + column + ': close the phrase with another "' };
        }
        var phrase = query.slice(i + 1, close);
        if (trimSpace(phrase)) q.phrases.push(phrase);
        i = close + 1;
        lastIsWord = false;
        continue;
      }
      var end = i;
      while (end < n && !isSpace(query.charCodeAt(end))) end++;
      var token = query.slice(i, end);
      var topic = token.slice(0, 6) === "topic:" ? normalizeTopic(token.slice(6)) : null;
      if (token.charAt(0) === "-" && token.length > 1) {
        q.excluded.push(token.slice(1));
        lastIsWord = false;
      } else if (topic !== null) {
        q.topics.push(topic);
        lastIsWord = false;
      } else {
        q.words.push(token);
        lastIsWord = true;
      }
      i = end;
    }
    q.prefixLast = lastIsWord && !(n > 0 && isSpace(query.charCodeAt(n - 1)));
    if (!q.words.length && !q.phrases.length && !q.topics.length) {
      return { error: "the query is empty: give at least one word, phrase or topic:name" };
    }
    return q;
  }

  /* ---- What each part of a query matches (query.rs `plan`, `Matcher`) ---- */
  /* A matcher is {terms: [...]} (any of them, in any field) or {seq:
   * [[offset, term], ...]} (at those offsets, in a positional field). */
  function matcherOfTerms(list) {
    if (!list.length) return null;
    return list.length === 1 ? { terms: [list[0][1]] } : { seq: list };
  }
  function matcherOfUnit(u) {
    if (!u.run) return { terms: [u.stem] };
    return matcherOfTerms(u.run.map(function (t, i) { return [i, t]; }));
  }
  function termsOf(matcher) {
    return matcher.terms || matcher.seq.map(function (e) { return e[1]; });
  }
  function uniqueSorted(list) {
    var seen = {};
    return list.filter(function (t) { return seen.hasOwnProperty(t) ? false : (seen[t] = true); }).sort(cmp);
  }
  /** A unit as plans show it: {stem, lower} or {run}. */
  function unitOf(u) {
    return u.run ? { run: u.run } : { stem: u.stem, lower: u.lower };
  }
  /** The units of the query's words in query.rs's canonical order, the
   * last one a prefix when it is a word still being typed. */
  function queryUnits(parsed) {
    var units = [];
    parsed.words.forEach(function (w) { units.push.apply(units, ns.units(w).map(unitOf)); });
    units.forEach(function (u) { if (!u.run) u.prefix = false; });
    var last = units[units.length - 1];
    if (last && !last.run) last.prefix = parsed.prefixLast;
    function key(u) { return u.run ? [u.run.join(" "), false, ""] : [u.stem, u.prefix, u.lower]; }
    return units.map(function (u) { return { u: u, k: key(u) }; }).sort(function (a, b) {
      return cmp(a.k[0], b.k[0]) || (a.k[1] === b.k[1] ? 0 : a.k[1] ? 1 : -1) || cmp(a.k[2], b.k[2]);
    }).map(function (e) { return e.u; });
  }
  /** The plan of a parsed query (tokenize.js must be loaded). */
  function planOf(parsed) {
    var excluded = [];
    parsed.excluded.forEach(function (w) { excluded.push.apply(excluded, ns.units(w).map(unitOf)); });
    return {
      words: parsed.words,
      phrases: parsed.phrases,
      excluded: parsed.excluded,
      topics: parsed.topics,
      prefixLast: parsed.prefixLast,
      units: queryUnits(parsed),
      phraseTerms: parsed.phrases.map(function (p) { return ns.phraseTerms(p); }),
      excludedUnits: excluded,
    };
  }
  function plan(query) {
    var parsed = parse(String(query));
    return parsed.error ? parsed : planOf(parsed);
  }

  /* ---- Packed numbers (src/search/export/varint.rs) ---- */
  var DIGIT = new Int8Array(128).fill(-1);
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach(function (c, i) {
    DIGIT[c.charCodeAt(0)] = i;
  });
  function Reader(s) { this.s = s; this.at = 0; }
  Reader.prototype.next = function () {
    var v = 0, shift = 0, s = this.s;
    while (this.at < s.length) {
      var d = DIGIT[s.charCodeAt(this.at++)];
      v += (d & 31) * Math.pow(2, shift);
      if (d < 32) break;
      shift += 5;
    }
    return v;
  };
  /** A field's postings: {docs, tfs, norms} (typed arrays), positions on demand. */
  function decodePostings(post) {
    var r = new Reader(post), docs = [], tfs = [], norms = [], doc = -1;
    while (r.at < post.length) {
      doc += r.next() + 1;
      docs.push(doc);
      tfs.push(r.next() + 1);
      norms.push(r.next());
    }
    return { docs: docs, tfs: tfs, norms: norms };
  }
  function decodePositions(pos, tfs) {
    var r = new Reader(pos), out = [];
    for (var i = 0; i < tfs.length; i++) {
      var list = [], at = 0;
      for (var j = 0; j < tfs[i]; j++) {
        var g = r.next();
        at = j === 0 ? g : at + g + 1;
        list.push(at);
      }
      out.push(list);
    }
    return out;
  }
  function decodeGaps(s) {
    var r = new Reader(s), out = [], n = -1;
    while (r.at < s.length) { n += r.next() + 1; out.push(n); }
    return out;
  }

  /* ---- Optimal string alignment distance <= 1 (strsim::osa_distance) ---- */
  function withinOneEdit(a, b) {
    var n = a.length, m = b.length;
    if (Math.abs(n - m) > 1) return false;
    var i = 0;
    while (i < n && i < m && a[i] === b[i]) i++;
    if (i === n && i === m) return true;
    if (n === m) {
      if (a.slice(i + 1).join("\u0000") === b.slice(i + 1).join("\u0000")) return true; // substitute
      return i + 1 < n && a[i] === b[i + 1] && a[i + 1] === b[i] &&
        a.slice(i + 2).join("\u0000") === b.slice(i + 2).join("\u0000"); // swap neighbours
    }
    if (n > m) return a.slice(i + 1).join("\u0000") === b.slice(i).join("\u0000");
    return a.slice(i).join("\u0000") === b.slice(i + 1).join("\u0000");
  }

  /* ---- The engine ---- */
  function createEngine(options) {
    var load = options.load;
    var cache = {};
    function data(name) {
      if (!cache[name]) {
        cache[name] = Promise.resolve(load(name)).catch(function (e) {
          delete cache[name];
          throw e;
        });
      }
      return cache[name];
    }
    var metaP = null;
    function meta() {
      if (!metaP) metaP = data("meta").then(prepareMeta, function (e) { metaP = null; throw e; });
      return metaP;
    }
    /** The spec's numbers as the scoring reads them (32-bit floats). */
    function prepareMeta(m) {
      var spec = m.spec;
      if (!spec) throw new Error("search/meta.js carries no search spec: build the site again with this Lore");
      var k1 = f32(spec.k1), b = f32(spec.b), oneMinusB = f32(1 - b);
      m.onePlusK1 = f32(1 + k1);
      m.fieldCount = spec.fields.length;
      m.boostF = spec.fields.map(function (f) { return f32(f.boost); });
      m.phraseBoostF = spec.fields.map(function (f) { return f.phraseBoost === undefined ? null : f32(f.phraseBoost); });
      m.positional = [];
      m.phraseBoostF.forEach(function (p, f) { if (p !== null) m.positional.push(f); });
      var avg = m.tokens.map(function (t) { return f32(f32(t) / f32(m.docs)); });
      m.tfCache = avg.map(function (a) {
        var c = new Float32Array(256);
        for (var id = 0; id < 256; id++) {
          c[id] = f32(k1 * f32(oneMinusB + f32(f32(b * f32(m.norms[id])) / a)));
        }
        return c;
      });
      return m;
    }

    var blocks = {};
    function block(m, i) {
      if (!blocks[i]) {
        blocks[i] = data("b/" + i).then(function (b) {
          var index = new Map();
          b.t.forEach(function (t, j) { index.set(t, j); });
          return { terms: b.t, post: b.p, index: index, decoded: {}, positions: null, i: i };
        });
      }
      return blocks[i];
    }
    /** A term's postings per field ([null|{docs,tfs,norms}] x fields), or null. */
    function termPostings(m, term) {
      var i = floorIndex(m.blocks, term);
      if (i < 0) return Promise.resolve(null);
      return block(m, i).then(function (b) {
        var j = b.index.get(term);
        if (j === undefined) return null;
        if (!b.decoded[j]) {
          // The bitmask of the fields that hold it, then their postings.
          var packed = b.post[j], parts = packed.slice(1).split("."), mask = DIGIT[packed.charCodeAt(0)];
          var fields = [];
          for (var f = 0, k = 0; f < m.fieldCount; f++) {
            fields.push(mask & (1 << f) ? decodePostings(parts[k++]) : null);
          }
          b.decoded[j] = { fields: fields, block: b, j: j };
        }
        return b.decoded[j];
      });
    }
    /** Positions of a term in a positional field: array per posting. */
    function termPositions(m, tp, f) {
      var b = tp.block;
      if (!b.positions) b.positions = data("p/" + b.i);
      return b.positions.then(function (p) {
        var fp = tp.fields[f];
        if (!fp) return [];
        if (!fp.positions) {
          // The positions of the positional fields that hold the term.
          var slot = m.positional.filter(function (g) { return g < f && tp.fields[g]; }).length;
          fp.positions = decodePositions(p.q[tp.j].split(".")[slot], fp.tfs);
        }
        return fp.positions;
      });
    }

    var dictChunks = {};
    function dict(i) {
      if (!dictChunks[i]) dictChunks[i] = data("t/" + i).then(function (d) { return d.t; });
      return dictChunks[i];
    }
    /** The first `max` dictionary terms starting with `prefix`. */
    function prefixTerms(m, prefix, max) {
      var out = [];
      var i = Math.max(0, floorIndex(m.dict, prefix));
      function next() {
        if (i >= m.dict.length || out.length >= max) return Promise.resolve(out);
        return dict(i).then(function (terms) {
          var k = Math.max(0, floorIndex(terms, prefix));
          for (; k < terms.length && out.length < max; k++) {
            var t = terms[k];
            if (t.slice(0, prefix.length) === prefix) out.push(t);
            else if (cmp(t, prefix) > 0) return out;
          }
          i++;
          return next();
        });
      }
      return next();
    }
    var buckets = {};
    function typoBucket(m, y, z) {
      var h = 0x811c9dc5;
      [y, z].forEach(function (c) { h = Math.imul((h ^ c.codePointAt(0)) >>> 0, 0x01000193) >>> 0; });
      var i = h % m.typoBuckets;
      if (!buckets[i]) buckets[i] = data("r/" + i).then(function (d) { return d.t; });
      return buckets[i];
    }
    /** The terms one edit from `stem` (of typoMinChars+): they start with its
     * first k chars, or end with its chars after k + 1 (k = (L - 1) / 2),
     * so the dictionary chunks of that prefix and the typo bucket of its
     * last two chars hold them all (src/search/export/mod.rs). */
    function typoTerms(m, stem) {
      var cp = Array.from(stem), n = cp.length;
      if (n < m.spec.typoMinChars) return Promise.resolve([]);
      var k = (n - 1) >> 1;
      var suffix = cp.slice(k + 1).join("");
      return Promise.all([
        prefixTerms(m, cp.slice(0, k).join(""), Infinity),
        typoBucket(m, cp[n - 2], cp[n - 1]).then(function (terms) {
          return terms.filter(function (t) {
            return t.length >= suffix.length && t.slice(t.length - suffix.length) === suffix;
          });
        }),
      ]).then(function (got) {
        return uniqueSorted(got[0].concat(got[1])).filter(function (t) { return withinOneEdit(Array.from(t), cp); });
      });
    }
    var topicsP = null;
    function topicDocs(name) {
      if (!topicsP) topicsP = data("topics").then(function (d) { return d.topics; });
      return topicsP.then(function (all) { return all[name] ? decodeGaps(all[name]) : []; });
    }

    function idf(df, n) {
      var x = f32(f32(f32(n - df) + 0.5) / f32(f32(df) + 0.5));
      return f32(Math.log(f32(1 + x)));
    }

    /** Docs matching any term of `terms` in any field, with their summed score. */
    function wordScores(m, terms, postings) {
      var scores = new Map();
      for (var f = 0; f < m.fieldCount; f++) {
        for (var k = 0; k < terms.length; k++) {
          var tp = postings[terms[k]];
          var p = tp && tp.fields[f];
          if (!p) continue;
          var weight = f32(idf(p.docs.length, m.docs) * m.onePlusK1);
          if (m.boostF[f] !== 1) weight = f32(weight * m.boostF[f]);
          var cache = m.tfCache[f];
          for (var i = 0; i < p.docs.length; i++) {
            var tf = p.tfs[i];
            var s = f32(weight * f32(tf / f32(tf + cache[p.norms[i]])));
            var d = p.docs[i];
            var prev = scores.get(d);
            scores.set(d, prev === undefined ? s : f32(prev + s));
          }
        }
      }
      return scores;
    }

    /** Docs holding `seq` ([[offset, term]]: a phrase, a long CJK run) in
     * a positional field, with the phrase score (times the phrase boost). */
    function sequenceScores(m, seq, postings) {
      var fields = m.positional;
      var tps = seq.map(function (e) { return postings[e[1]]; });
      var offsets = seq.map(function (e) { return e[0]; });
      return Promise.all(fields.map(function (f) {
        if (tps.some(function (tp) { return !tp || !tp.fields[f]; })) return null;
        return Promise.all(tps.map(function (tp) { return termPositions(m, tp, f); })).then(function (pos) {
          return { f: f, pos: pos };
        });
      })).then(function (perField) {
        var scores = new Map();
        perField.forEach(function (entry, k) {
          if (!entry) return;
          var f = entry.f;
          var idfSum = 0;
          tps.forEach(function (tp) { idfSum = f32(idfSum + idf(tp.fields[f].docs.length, m.docs)); });
          var weight = f32(idfSum * m.onePlusK1);
          if (m.phraseBoostF[f] !== 1) weight = f32(weight * m.phraseBoostF[f]);
          var cache = m.tfCache[f];
          // Index each term's postings by doc.
          var at = tps.map(function (tp) {
            var map = new Map();
            tp.fields[f].docs.forEach(function (d, i) { map.set(d, i); });
            return map;
          });
          var first = tps[0].fields[f];
          first.docs.forEach(function (d, i0) {
            var idx = [];
            for (var t = 0; t < at.length; t++) {
              var i = t === 0 ? i0 : at[t].get(d);
              if (i === undefined) return;
              idx.push(i);
            }
            var sets = idx.map(function (i, t) { return t === 0 ? null : new Set(entry.pos[t][i]); });
            var count = 0;
            entry.pos[0][i0].forEach(function (p) {
              for (var t = 1; t < idx.length; t++) if (!sets[t].has(p + offsets[t] - offsets[0])) return;
              count++;
            });
            if (!count) return;
            var s = f32(weight * f32(count / f32(count + cache[first.norms[i0]])));
            var prev = scores.get(d);
            scores.set(d, prev === undefined ? s : f32(prev + s));
          });
        });
        return scores;
      });
    }

    function search(query, limit) {
      limit = Math.max(1, limit || 10);
      var parsed = parse(String(query));
      if (parsed.error) return Promise.resolve({ query: query, error: parsed.error });
      return Promise.all([meta(), ready()]).then(function (got) {
        return run(got[0], String(query), planOf(parsed), limit);
      });
    }

    function run(m, query, plan, limit) {
      var postings = {};
      function need(matchers) {
        var terms = [].concat.apply([], matchers.map(termsOf));
        var missing = uniqueSorted(terms.filter(function (t) { return !postings.hasOwnProperty(t); }));
        return Promise.all(missing.map(function (t) { return termPostings(m, t); })).then(function (got) {
          missing.forEach(function (t, i) { postings[t] = got[i]; });
        });
      }
      // The parts that must match: {matcher, typo: the stem of a word}.
      var exactP = Promise.all(plan.units.map(function (u) {
        var part = { matcher: matcherOfUnit(u), typo: u.run ? null : u.stem };
        if (!u.prefix) return part;
        return prefixTerms(m, u.lower, m.spec.maxPrefixTerms).then(function (terms) {
          part.matcher = { terms: uniqueSorted([u.stem].concat(terms)) };
          return part;
        });
      }));
      // Constraints: phrases, topics, exclusions.
      var phrases = plan.phraseTerms.map(matcherOfTerms).filter(function (x) { return x; });
      var excluded = plan.excludedUnits.map(matcherOfUnit);
      var hasMust = phrases.length > 0 || plan.topics.length > 0;
      return exactP.then(function (exact) {
        if (!exact.length && !hasMust) return { query: query, results: [] };
        var matchers = exact.map(function (p) { return p.matcher; }).concat(phrases, excluded);
        return Promise.all([need(matchers), Promise.all(plan.topics.map(topicDocs))]).then(function (got) {
          var topicSets = got[1].map(function (docs) { return new Set(docs); });
          return Promise.all(matchers.map(function (x) {
            return x.seq ? sequenceScores(m, x.seq, postings) : null;
          })).then(function (seqScores) {
            function scores(x, i) { return x.seq ? seqScores[i] : wordScores(m, x.terms, postings); }
            var n = exact.length;
            var excludedDocs = new Set();
            excluded.forEach(function (x, i) {
              scores(x, n + phrases.length + i).forEach(function (_, d) { excludedDocs.add(d); });
            });
            var c = {
              must: phrases.map(function (x, i) { return scores(x, n + i); }),
              topics: topicSets,
              excluded: excludedDocs,
            };
            var exactScores = exact.map(function (p, i) { return scores(p.matcher, i); });
            var hits = evaluate(exactScores, "must", c);
            if (hits.length || !exact.length) return finish(m, query, hits, exact, phrases, limit);
            return Promise.all(exact.map(function (p) {
              return p.typo === null ? [] : typoTerms(m, p.typo);
            })).then(function (typos) {
              var withTypos = exact.map(function (p, i) {
                if (p.typo === null) return p;
                return { matcher: { terms: uniqueSorted(p.matcher.terms.concat(typos[i])) }, typo: p.typo };
              });
              return need(withTypos.map(function (p) { return p.matcher; })).then(function () {
                var typoScores = withTypos.map(function (p, i) {
                  return p.matcher.seq ? exactScores[i] : wordScores(m, p.matcher.terms, postings);
                });
                var hits = evaluate(typoScores, "must", c);
                if (!hits.length && exact.length > 1) hits = evaluate(typoScores, "should", c);
                return finish(m, query, hits, withTypos, phrases, limit);
              });
            });
          });
        });
      });
    }

    /** Every matching doc with its score: [{doc, score}]. `partScores`:
     * a Map doc -> score per part of the query. */
    function evaluate(partScores, occur, c) {
      var must = (occur === "must" ? partScores : []).concat(c.must);
      var candidates;
      if (must.length) {
        candidates = Array.from(must[0].keys());
      } else if (c.topics.length) {
        candidates = Array.from(c.topics[0]);
      } else {
        var union = new Set();
        partScores.forEach(function (s) { s.forEach(function (_, d) { union.add(d); }); });
        candidates = Array.from(union);
      }
      var hits = [];
      candidates.forEach(function (d) {
        for (var i = 0; i < must.length; i++) if (!must[i].has(d)) return;
        for (var t = 0; t < c.topics.length; t++) if (!c.topics[t].has(d)) return;
        if (c.excluded.has(d)) return;
        var score = 0;
        // Summed in clause order: parts, then phrases (topics add 0).
        partScores.forEach(function (s) { var v = s.get(d); if (v !== undefined) score = f32(score + v); });
        c.must.forEach(function (s) { score = f32(score + s.get(d)); });
        hits.push({ doc: d, score: score });
      });
      return hits;
    }

    function finish(m, query, hits, parts, phrases, limit) {
      // Best first; equal scores in URL order (document numbers follow it).
      hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      var top = hits.slice(0, limit);
      var matchers = parts.map(function (p) { return p.matcher; }).concat(phrases);
      return Promise.all(top.map(function (h) { return data("d/" + h.doc); })).then(function (docs) {
        return {
          query: query,
          results: top.map(function (h, i) {
            var d = docs[i];
            var snip = snippet(d.body || "", matchers, m.spec.snippetChars);
            return { title: d.title, path: d.path, url: d.url, score: h.score, snippet: snip.text, highlights: snip.highlights };
          }),
        };
      });
    }

    var tokenizerP = null;
    function ready() {
      if (typeof ns.tokenize === "function") return Promise.resolve();
      if (!tokenizerP && options.loadTokenizer) tokenizerP = options.loadTokenizer();
      return tokenizerP || Promise.reject(new Error("static/search/tokenize.js is not loaded"));
    }

    return { search: search, meta: meta };
  }

  /* ---- Snippets: the best window of the text, matched words marked ---- */
  /** White space runs made one space (as query.rs `collapse`), ranges kept on their words. */
  function collapse(text, ranges) {
    var out = "", at = new Array(text.length + 1), space = false;
    for (var i = 0; i < text.length; i++) {
      at[i] = out.length;
      if (isSpace(text.charCodeAt(i))) { space = out.length > 0; continue; }
      if (space) { out += " "; space = false; at[i] = out.length; }
      out += text.charAt(i);
    }
    at[text.length] = out.length;
    return {
      text: out,
      highlights: ranges.map(function (r) { return [at[r[0]], at[r[1]]]; })
        .filter(function (r) { return r[0] < r[1]; }),
    };
  }
  /** The snippet of `body` for the query's matchers: {text, highlights},
   * at most `chars` long. As src/search/snippet.rs (read its steps): the
   * window of the text with the most distinct matches, widened, its ends
   * out of words. */
  function snippet(body, matchers, chars) {
    var tokens = ns.tokenize(body);
    var hits = ns.matchSpans(tokens, matchers);
    if (!hits.length) return collapse(Array.from(body).slice(0, chars).join(""), []);
    // The window of at most `chars` starting at a hit with the most
    // distinct matches, then the most hits.
    var best = null;
    for (var i = 0; i < hits.length; i++) {
      var start = hits[i].from, distinct = {}, count = 0, nd = 0, end = start;
      for (var j = i; j < hits.length && hits[j].to - start <= chars; j++) {
        if (!distinct[hits[j].key]) { distinct[hits[j].key] = true; nd++; }
        count++;
        end = Math.max(end, hits[j].to);
      }
      if (!best || nd > best.nd || (nd === best.nd && count > best.count)) {
        best = { start: start, end: end, nd: nd, count: count, first: i };
      }
    }
    // Widen to the whole budget with context: some words before, the rest after.
    var room = chars - Math.min(chars, best.end - best.start);
    var from = Math.max(0, best.start - Math.floor(room / 3));
    var to = Math.min(body.length, best.end + (room - (best.start - from)));
    // Do not cut words (CJK text may be cut anywhere); start on a word, not
    // on the punctuation before it.
    tokens.forEach(function (t) {
      if (ns.isCjk(t.term.codePointAt(0))) return;
      if (t.offsetFrom < from && t.offsetTo > from) from = t.offsetTo;
      if (t.offsetFrom < to && t.offsetTo > to) to = t.offsetFrom;
    });
    if (from > 0) {
      for (var w = 0; w < tokens.length; w++) {
        if (tokens[w].offsetFrom >= from) { from = Math.min(tokens[w].offsetFrom, best.start); break; }
      }
    }
    // Never between the two halves of a surrogate pair.
    if (insidePair(body, from)) from++;
    if (insidePair(body, to)) to--;
    to = Math.max(to, from);
    var ranges = [];
    hits.forEach(function (h, k) {
      var inWindow = k >= best.first && k < best.first + best.count;
      if (inWindow || (h.from >= from && h.to <= to)) ranges.push([h.from - from, h.to - from]);
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && last[1] > r[0]) last[1] = Math.max(last[1], r[1]);
      else merged.push(r);
    });
    return collapse(body.slice(from, to), merged);
  }
  function insidePair(s, i) {
    if (i <= 0 || i >= s.length) return false;
    var c = s.charCodeAt(i), p = s.charCodeAt(i - 1);
    return c >= 0xdc00 && c <= 0xdfff && p >= 0xd800 && p <= 0xdbff;
  }

  /* ---- In the browser: load data files with <script src> ---- */
  function scriptBase() {
    var s = typeof document !== "undefined" ? document.currentScript : null;
    var src = s && s.src ? s.src : null;
    var tail = "static/search/engine.js";
    if (src) {
      var clean = src.replace(/[?#].*$/, "");
      if (clean.slice(-tail.length) === tail) return clean.slice(0, clean.length - tail.length);
    }
    var lore = root.lore;
    return lore && typeof lore.rootUrl === "function" ? lore.rootUrl() : null;
  }
  // Data scripts call loreSearchData(name, payload); every load waiting
  // for that name gets the payload.
  var waiting = {};
  function script(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = function () { s.remove(); resolve(); };
      s.onerror = function () { s.remove(); reject(new Error("could not load " + src)); };
      (document.head || document.documentElement).appendChild(s);
    });
  }
  function loadData(base, name, query) {
    if (base === null) return Promise.reject(new Error("the site root is unknown"));
    return new Promise(function (resolve, reject) {
      var done = false;
      var deliver = function (payload) { done = true; resolve(payload); };
      (waiting[name] = waiting[name] || []).push(deliver);
      var forget = function () {
        var list = waiting[name] || [];
        if (list.indexOf(deliver) >= 0) list.splice(list.indexOf(deliver), 1);
      };
      script(base + "search/" + name + ".js" + (query || "")).then(function () {
        // Ran, but never called loreSearchData: not an index file.
        if (!done) { forget(); reject(new Error("bad search data: " + name)); }
      }, function (e) { forget(); reject(e); });
    });
  }
  function browserEngine(base) {
    root.loreSearchData = function (name, payload) {
      var list = waiting[name];
      delete waiting[name];
      (list || []).forEach(function (deliver) { deliver(payload); });
    };
    return createEngine({
      load: function (name) { return loadData(base, name); },
      loadTokenizer: function () {
        if (base === null) return Promise.reject(new Error("the site root is unknown"));
        return script(base + "static/search/tokenize.js");
      },
    });
  }

  ns.parse = parse;
  ns.plan = plan;
  ns.createEngine = createEngine;
  if (typeof document !== "undefined") {
    var base = scriptBase();
    var engine = null;
    // Under `lore serve` the index changes as notes are edited: at most
    // once a second, a search first checks meta.js's stamp and starts
    // afresh when it moved (a published site never changes under a page).
    var LIVE_CHECK_MS = 1000;
    var checked = 0;
    ns.search = function (query, limit) {
      if (!engine) engine = browserEngine(base);
      var live = document.documentElement.getAttribute("data-lore-live") === "connected";
      if (!live || Date.now() - checked < LIVE_CHECK_MS) return engine.search(query, limit);
      checked = Date.now();
      var current = engine;
      return Promise.all([loadData(base, "meta", "?live=" + checked), current.meta()]).then(function (got) {
        if (got[0].stamp !== got[1].stamp && engine === current) engine = browserEngine(base);
      }, function () { /* no index yet: the search says so */ }).then(function () {
        return engine.search(query, limit);
      });
    };
  }
  if (typeof module !== "undefined" && module.exports) {
    module.exports = { parse: parse, plan: plan, createEngine: createEngine };
  }
})();
