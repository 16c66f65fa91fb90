/* Lore search: the browser twin of the tantivy analyzer Lore indexes with,
 *
 *   TextAnalyzer::builder(SimpleTokenizer::default())
 *       .filter(RemoveLongFilter::limit(40))
 *       .filter(LowerCaser)
 *       .filter(Stemmer::new(Language::English))   // tantivy "en_stem"
 *
 * so that a query typed in the page produces exactly the terms of the index.
 * tests/it/stemmer.rs proves the parity against the real analyzer (every code
 * point, a 170,000-word dictionary, tricky texts, random words).
 *
 *   loreSearch.tokenize(text) -> [{term, offsetFrom, offsetTo, position}]
 *       offsets are UTF-16 code units of `text` (text.slice(from, to) is the
 *       original word); position counts every word, including the ones
 *       dropped for being too long, as tantivy does.
 *   loreSearch.stem(word)      -> Snowball English stem of a lowercased word
 *   loreSearch.lowercase(word) -> tantivy's LowerCaser
 *   loreSearch.isAlphanumeric(codePoint) -> Rust's char::is_alphanumeric
 *
 * What tantivy does, and so what this file does:
 * - SimpleTokenizer: a word is a maximal run of chars for which Rust's
 *   char::is_alphanumeric holds (Unicode Alphabetic, or general category
 *   Nd/Nl/No). Everything else (punctuation, apostrophes, '_', marks that
 *   are not Alphabetic, emoji, ...) separates words.
 * - RemoveLongFilter(40): drops a word whose UTF-8 length, before
 *   lowercasing, is 40 bytes or more. The position counter still advances.
 * - LowerCaser: ASCII words are ASCII-lowercased; any other word is mapped
 *   char by char with Rust's char::to_lowercase: no final-sigma rule
 *   ("ΟΔΟΣ" -> "οδοσ", where JS toLowerCase gives "οδος"), no locale,
 *   'İ' -> "i̇" (i + U+0307).
 * - Stemmer: frostem's Snowball English ("Porter2" as of Snowball 3.x: see
 *   the notes above stem()).
 *
 * Rust's Unicode tables (char properties, case mapping) are generated into
 * this file below instead of using JS regex property escapes and
 * toLowerCase: browsers ship different Unicode versions, Rust's std is fixed
 * at build time, and the two must agree on every code point.
 *
 * Plain script (works from file://): sets window.loreSearch; in Node,
 * require() it. */
(function () {
  "use strict";

  /* BEGIN GENERATED UNICODE TABLES */
  var UNICODE_VERSION = "";
  var ALNUM_RANGES = "";
  var LOWER_RUNS = "";
  var LOWER_MULTI = "";
  /* END GENERATED UNICODE TABLES */

  /* ---- Unicode tables ---- */

  // ALNUM_RANGES: base-36 pairs "gap,length" of the runs of code points for
  // which char::is_alphanumeric holds, gap counted from the end of the
  // previous run. Decoded into a bitmap for the BMP, sorted [start, end)
  // arrays for the rest.
  var BMP_ALNUM = new Uint8Array(0x10000 >> 3);
  var ASTRAL_START = [];
  var ASTRAL_END = [];
  (function () {
    var parts = ALNUM_RANGES.split(",");
    var at = 0;
    for (var i = 0; i + 1 < parts.length; i += 2) {
      var start = at + parseInt(parts[i], 36);
      var end = start + parseInt(parts[i + 1], 36);
      at = end;
      var c = start;
      for (; c < end && c < 0x10000; c++) BMP_ALNUM[c >> 3] |= 1 << (c & 7);
      if (end > 0x10000) {
        ASTRAL_START.push(c);
        ASTRAL_END.push(end);
      }
    }
  })();

  function isAlphanumeric(cp) {
    if (cp < 0x10000) return (BMP_ALNUM[cp >> 3] & (1 << (cp & 7))) !== 0;
    var lo = 0;
    var hi = ASTRAL_START.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cp < ASTRAL_START[mid]) hi = mid - 1;
      else if (cp >= ASTRAL_END[mid]) lo = mid + 1;
      else return true;
    }
    return false;
  }

  // LOWER_RUNS: base-36 quadruples "gap,count,stride,delta": `count` code
  // points from (end of previous run + gap), `stride` apart, each lowercasing
  // to itself + delta. LOWER_MULTI: "cp:cp.cp" for the mappings to several
  // chars. Code points absent from both lowercase to themselves.
  var LOWER = new Map();
  (function () {
    var parts = LOWER_RUNS.split(",");
    var at = 0;
    for (var i = 0; i + 3 < parts.length; i += 4) {
      var cp = at + parseInt(parts[i], 36);
      var count = parseInt(parts[i + 1], 36);
      var stride = parseInt(parts[i + 2], 36);
      var delta = parseInt(parts[i + 3], 36);
      for (var k = 0; k < count; k++, cp += stride) {
        LOWER.set(cp, String.fromCodePoint(cp + delta));
      }
      at = cp - stride + 1;
    }
    var multi = LOWER_MULTI ? LOWER_MULTI.split(",") : [];
    for (var m = 0; m < multi.length; m++) {
      var kv = multi[m].split(":");
      var cps = kv[1].split(".").map(function (x) {
        return parseInt(x, 36);
      });
      LOWER.set(parseInt(kv[0], 36), String.fromCodePoint.apply(String, cps));
    }
  })();

  var ASCII_ALNUM = new Uint8Array(128);
  for (var a = 0; a < 128; a++) ASCII_ALNUM[a] = isAlphanumeric(a) ? 1 : 0;

  function isAscii(s) {
    for (var i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 128) return false;
    return true;
  }

  // tantivy's LowerCaser on one word.
  function lowercase(word) {
    if (isAscii(word)) return word.toLowerCase();
    var out = "";
    for (var i = 0; i < word.length; i++) {
      var c = word.charCodeAt(i);
      var ch;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < word.length) {
        var d = word.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          ch = word.substr(i, 2);
          i++;
        }
      }
      if (ch === undefined) ch = word.charAt(i);
      var low = LOWER.get(c);
      out += low === undefined ? ch : low;
    }
    return out;
  }

  /* ---- Tokenizer ---- */

  var MAX_TOKEN_BYTES = 40; // RemoveLongFilter::limit(40): keeps len < 40

  function tokenize(text) {
    text = String(text);
    var out = [];
    var n = text.length;
    var i = 0;
    var position = 0;
    while (i < n) {
      // Skip separators up to the next alphanumeric char.
      var c = text.charCodeAt(i);
      var width = 1;
      if (c < 128) {
        if (!ASCII_ALNUM[c]) {
          i++;
          continue;
        }
      } else {
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
          var d = text.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
            width = 2;
          }
        }
        // A lone surrogate is no char at all: never alphanumeric.
        if ((c >= 0xd800 && c <= 0xdfff) || !isAlphanumeric(c)) {
          i += width;
          continue;
        }
      }
      // A word: consume alphanumeric chars, counting UTF-8 bytes.
      var start = i;
      var bytes = 0;
      var ascii = true;
      while (i < n) {
        c = text.charCodeAt(i);
        if (c < 128) {
          if (!ASCII_ALNUM[c]) break;
          bytes += 1;
          i++;
          continue;
        }
        width = 1;
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
          var e = text.charCodeAt(i + 1);
          if (e >= 0xdc00 && e <= 0xdfff) {
            c = ((c - 0xd800) << 10) + (e - 0xdc00) + 0x10000;
            width = 2;
          }
        }
        if ((c >= 0xd800 && c <= 0xdfff) || !isAlphanumeric(c)) break;
        ascii = false;
        bytes += c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        i += width;
      }
      if (bytes < MAX_TOKEN_BYTES) {
        var word = text.slice(start, i);
        out.push({
          term: stem(ascii ? word.toLowerCase() : lowercase(word)),
          offsetFrom: start,
          offsetTo: i,
          position: position,
        });
      }
      position++;
    }
    return out;
  }

  /* ---- Snowball English stemmer, as frostem runs it ----
   *
   * The published Porter2 algorithm (snowballstem.org/algorithms/english)
   * in its Snowball 3.x revision, the one frostem generates from
   * (english.sbl of snowball main). Differences from the classic Porter2
   * write-up, all reproduced here:
   * - exceptions are only the words of EXCEPTIONS (the "dying/lying/tying"
   *   and "inning/outing/.../succeed" entries moved into step 1b, below);
   * - R1 starts after one of the prefixes arsen, commun, emerg, gener,
   *   inter, later, organ, past, univers when the word starts with one;
   * - a short syllable may also be a word ending in "past";
   * - step 1b: "eed"/"eedly" are kept in succeed/proceed/exceed[ly];
   *   "ing" is kept after exactly even/cann/inn/earr/herr/out; C+"ying"
   *   (C a single non-vowel) becomes C+"ie"; a double consonant is not
   *   undoubled when the word is a/e/o + double ("add", "egg", "odd");
   * - step 2: "ogist" -> "og"; step 2/3/4 take the longest suffix of their
   *   list, and do nothing if it fails its condition.
   * Behaviour of frostem's runtime reproduced as well: positions are per
   * char (a surrogate pair is one char: "hop 3" counts code points), only
   * the ASCII letters a e i o u y are vowels, any other char (digits,
   * accented letters, 'Y') is a consonant, the apostrophe is ASCII "'"
   * only, and when a 'Y' was made by the prelude every 'Y' of the result,
   * even one of the input, becomes 'y'. */

  var EXCEPTIONS = new Map([
    ["andes", "andes"],
    ["atlas", "atlas"],
    ["bias", "bias"],
    ["cosmos", "cosmos"],
    ["early", "earli"],
    ["gently", "gentl"],
    ["howe", "howe"],
    ["idly", "idl"],
    ["news", "news"],
    ["only", "onli"],
    ["singly", "singl"],
    ["skies", "sky"],
    ["skis", "ski"],
    ["sky", "sky"],
    ["ugly", "ugli"],
  ]);
  var R1_PREFIXES = ["arsen", "commun", "emerg", "gener", "inter", "later", "organ", "past", "univers"];
  var EED_KEEP = new Set(["succ", "proc", "exc"]);
  var ING_KEEP = new Set(["even", "cann", "inn", "earr", "herr", "out"]);
  // Step 2: suffix -> replacement; null for the conditional ones.
  var STEP2 = new Map([
    ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"],
    ["entli", "ent"], ["izer", "ize"], ["ization", "ize"], ["ational", "ate"],
    ["ation", "ate"], ["ator", "ate"], ["alism", "al"], ["aliti", "al"],
    ["alli", "al"], ["fulness", "ful"], ["fulli", "ful"], ["ousli", "ous"],
    ["ousness", "ous"], ["iveness", "ive"], ["iviti", "ive"], ["biliti", "ble"],
    ["bli", "ble"], ["ogist", "og"], ["ogi", null], ["lessli", "less"], ["li", null],
  ]);
  var STEP3 = new Map([
    ["tional", "tion"], ["ational", "ate"], ["alize", "al"], ["icate", "ic"],
    ["iciti", "ic"], ["ical", "ic"], ["ful", ""], ["ness", ""], ["ative", null],
  ]);
  var STEP4 = new Set([
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment",
    "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion",
  ]);
  var STEP2_LENGTHS = [7, 6, 5, 4, 3, 2];
  var STEP3_LENGTHS = [7, 6, 5, 4, 3];
  var STEP4_LENGTHS = [5, 4, 3, 2];

  // a e i o u y
  function isV(s, i) {
    var c = s.charCodeAt(i);
    return c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121;
  }
  // a e i o u y w x Y
  function isVWXY(s, i) {
    var c = s.charCodeAt(i);
    return isV(s, i) || c === 119 || c === 120 || c === 89;
  }
  // Index where the char ending at i starts (i > 0).
  function prevChar(s, i) {
    if (i >= 2) {
      var lo = s.charCodeAt(i - 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        var hi = s.charCodeAt(i - 2);
        if (hi >= 0xd800 && hi <= 0xdbff) return i - 2;
      }
    }
    return i - 1;
  }
  // Index after the char starting at i (i < s.length).
  function nextChar(s, i) {
    var hi = s.charCodeAt(i);
    if (hi >= 0xd800 && hi <= 0xdbff && i + 1 < s.length) {
      var lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) return i + 2;
    }
    return i + 1;
  }
  // Has s[0, end) at least n chars?
  function hasChars(s, end, n) {
    for (var i = 0; i < end && n > 0; n--) i = nextChar(s, i);
    return n === 0;
  }
  function hasVowelBefore(s, end) {
    for (var i = 0; i < end; i++) if (isV(s, i)) return true;
    return false;
  }
  function endsWith(s, suffix) {
    var n = suffix.length;
    return s.length >= n && s.slice(s.length - n) === suffix;
  }
  // Position after the first non-vowel that follows a vowel, from `from`;
  // -1 if none.
  function afterVowelConsonant(s, from) {
    var n = s.length;
    var i = from;
    while (i < n && !isV(s, i)) i++;
    if (i >= n) return -1;
    i++;
    while (i < n && isV(s, i)) i++;
    if (i >= n) return -1;
    return nextChar(s, i);
  }
  // Does s[0, end) end with a short syllable?
  function shortSyllable(s, end) {
    if (end > 0) {
      var a = prevChar(s, end);
      // non-vowel-other-than-w-x-Y, vowel, non-vowel
      if (!isVWXY(s, a) && a > 0 && isV(s, a - 1) && a - 1 > 0 && !isV(s, prevChar(s, a - 1))) return true;
      // the word starts with vowel, non-vowel
      if (!isV(s, a) && a === 1 && isV(s, 0)) return true;
    }
    return end >= 4 && s.slice(end - 4, end) === "past";
  }
  // The longest suffix of s among the keys of `table` (keys are looked up
  // by length, longest first).
  function longestSuffix(s, table, lengths) {
    var n = s.length;
    for (var k = 0; k < lengths.length; k++) {
      var len = lengths[k];
      if (len > n) continue;
      var suffix = s.slice(n - len);
      if (table.has(suffix)) return suffix;
    }
    return null;
  }

  function stem(word) {
    var w = String(word);
    var exception = EXCEPTIONS.get(w);
    if (exception !== undefined) return exception;
    if (w.length < 3 || !hasChars(w, w.length, 3)) return w;

    // Prelude: drop a leading apostrophe; initial y, and y after a vowel, -> Y.
    if (w.charCodeAt(0) === 39) w = w.slice(1);
    var yFound = false;
    if (w.charCodeAt(0) === 121) {
      w = "Y" + w.slice(1);
      yFound = true;
    }
    for (var i = w.indexOf("y", 1); i > 0; i = w.indexOf("y", i + 1)) {
      if (isV(w, i - 1)) {
        w = w.slice(0, i) + "Y" + w.slice(i + 1);
        yFound = true;
      }
    }

    // Regions R1 = [p1, end), R2 = [p2, end).
    var n = w.length;
    var p1 = n;
    var p2 = n;
    var r1 = -1;
    for (var k = 0; k < R1_PREFIXES.length; k++) {
      if (w.lastIndexOf(R1_PREFIXES[k], 0) === 0) {
        r1 = R1_PREFIXES[k].length;
        break;
      }
    }
    if (r1 < 0) r1 = afterVowelConsonant(w, 0);
    if (r1 >= 0) {
      p1 = r1;
      var r2 = afterVowelConsonant(w, r1);
      if (r2 >= 0) p2 = r2;
    }

    // Step 1a
    if (endsWith(w, "'s'")) w = w.slice(0, -3);
    else if (endsWith(w, "'s")) w = w.slice(0, -2);
    else if (endsWith(w, "'")) w = w.slice(0, -1);
    n = w.length;
    if (endsWith(w, "sses")) {
      w = w.slice(0, -2);
    } else if (endsWith(w, "ied") || endsWith(w, "ies")) {
      w = w.slice(0, n - 3) + (hasChars(w, n - 3, 2) ? "i" : "ie");
    } else if (endsWith(w, "ss") || endsWith(w, "us")) {
      // kept
    } else if (endsWith(w, "s")) {
      if (n - 1 > 0 && hasVowelBefore(w, prevChar(w, n - 1))) w = w.slice(0, -1);
    }

    // Step 1b
    n = w.length;
    var suffix = 0;
    var kind = 0; // 1: eed eedly, 2: ed edly ingly, 3: ing
    if (endsWith(w, "eedly")) (suffix = 5), (kind = 1);
    else if (endsWith(w, "ingly")) (suffix = 5), (kind = 2);
    else if (endsWith(w, "edly")) (suffix = 4), (kind = 2);
    else if (endsWith(w, "eed")) (suffix = 3), (kind = 1);
    else if (endsWith(w, "ing")) (suffix = 3), (kind = 3);
    else if (endsWith(w, "ed")) (suffix = 2), (kind = 2);
    if (kind !== 0) {
      var bra = n - suffix;
      var stem1b = w.slice(0, bra);
      var strip = false;
      if (kind === 1) {
        if (bra >= p1 && !EED_KEEP.has(stem1b)) w = stem1b + "ee";
      } else if (kind === 2) {
        strip = true;
      } else if (stem1b.charCodeAt(bra - 1) === 121) {
        // C + "ying" -> C + "ie", C a single non-vowel
        var c = bra - 1 > 0 ? prevChar(w, bra - 1) : -1;
        if (c === 0 && !isV(w, 0)) w = w.slice(0, bra - 1) + "ie";
        else strip = true;
      } else {
        strip = !ING_KEEP.has(stem1b);
      }
      if (strip && hasVowelBefore(w, bra)) {
        w = stem1b;
        var end = w.length;
        var last2 = end >= 2 ? w.slice(end - 2) : "";
        if (last2 === "at" || last2 === "bl" || last2 === "iz") {
          w += "e";
        } else if (
          last2 === "bb" || last2 === "dd" || last2 === "ff" || last2 === "gg" || last2 === "mm" ||
          last2 === "nn" || last2 === "pp" || last2 === "rr" || last2 === "tt"
        ) {
          var first = w.charCodeAt(0);
          if (!(end === 3 && (first === 97 || first === 101 || first === 111))) w = w.slice(0, -1);
        } else if (end === p1 && shortSyllable(w, end)) {
          w += "e";
        }
      }
    }

    // Step 1c: y or Y after a non-vowel that is not the first char -> i
    n = w.length;
    if (n > 1) {
      var y = w.charCodeAt(n - 1);
      if (y === 121 || y === 89) {
        var before = prevChar(w, n - 1);
        if (before > 0 && !isV(w, before)) w = w.slice(0, n - 1) + "i";
      }
    }

    // Step 2 (in R1)
    var s2 = longestSuffix(w, STEP2, STEP2_LENGTHS);
    if (s2 !== null && w.length - s2.length >= p1) {
      var at2 = w.length - s2.length;
      var to = STEP2.get(s2);
      if (s2 === "ogi") {
        if (at2 > 0 && w.charCodeAt(at2 - 1) === 108) w = w.slice(0, at2) + "og";
      } else if (s2 === "li") {
        // preceded by one of c d e g h k m n r t
        var l = at2 > 0 ? w.charCodeAt(at2 - 1) : 0;
        if (l === 99 || l === 100 || l === 101 || l === 103 || l === 104 || l === 107 ||
            l === 109 || l === 110 || l === 114 || l === 116) w = w.slice(0, at2);
      } else {
        w = w.slice(0, at2) + to;
      }
    }

    // Step 3 (in R1; "ative" in R2)
    var s3 = longestSuffix(w, STEP3, STEP3_LENGTHS);
    if (s3 !== null && w.length - s3.length >= p1) {
      var at3 = w.length - s3.length;
      if (s3 === "ative") {
        if (at3 >= p2) w = w.slice(0, at3);
      } else {
        w = w.slice(0, at3) + STEP3.get(s3);
      }
    }

    // Step 4 (in R2; "ion" after s or t)
    var s4 = longestSuffix(w, STEP4, STEP4_LENGTHS);
    if (s4 !== null && w.length - s4.length >= p2) {
      var at4 = w.length - s4.length;
      if (s4 !== "ion") {
        w = w.slice(0, at4);
      } else if (at4 > 0) {
        var st = w.charCodeAt(at4 - 1);
        if (st === 115 || st === 116) w = w.slice(0, at4);
      }
    }

    // Step 5
    n = w.length;
    if (n > 0) {
      var z = w.charCodeAt(n - 1);
      if (z === 101) {
        if (n - 1 >= p2 || (n - 1 >= p1 && !shortSyllable(w, n - 1))) w = w.slice(0, -1);
      } else if (z === 108) {
        if (n - 1 >= p2 && n - 2 >= 0 && w.charCodeAt(n - 2) === 108) w = w.slice(0, -1);
      }
    }

    if (yFound) w = w.replace(/Y/g, "y");
    return w;
  }

  var api = {
    tokenize: tokenize,
    stem: stem,
    lowercase: lowercase,
    isAlphanumeric: isAlphanumeric,
    unicodeVersion: UNICODE_VERSION,
  };
  if (typeof window !== "undefined") {
    var ns = (window.loreSearch = window.loreSearch || {});
    for (var key in api) ns[key] = api[key];
  }
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})();
