/* Lore search box and search highlights: the accessible combobox over
 * static/search/engine.js, and the matched words marked on the note a
 * result opens.
 *
 * - The engine (and the index shards it needs) load on first focus of the
 *   box, through <script> tags (lore.loadScript), so search works from
 *   file:// too. It answers `loreSearch.search(query, limit)` with
 *   {query, results: [{title, url, snippet, highlights}]} or {query, error}.
 * - Results show as the user types (debounced). Answers can arrive out of
 *   order: only the answer to the latest request is shown.
 * - `/` (outside text fields) and Ctrl-K / Cmd-K focus the box; arrows move
 *   the active option (aria-activedescendant); Enter opens it (the first
 *   result when none is active); Escape closes the list, then clears the box,
 *   then leaves it.
 * - A result's link carries `?highlight=<query>`; the page it opens marks
 *   every word whose stem is a stem of the query (the last word, still being
 *   typed, also as a prefix), and every place that holds a CJK word or a
 *   phrase of the query whole, in <mark class="search-hit">, scrolls to the
 *   first and offers to clear them (a button, or Escape).
 *
 * Text from notes (titles, snippets) is only ever inserted with
 * createElement/textContent, never parsed as HTML.
 * Needs static/lore.js (lore.loadScript, lore.pageHref) loaded before it. */
(function () {
  "use strict";

  var doc = document;
  var lore = (window.lore = window.lore || {});

  var ENGINE = "static/search/engine.js";
  var TOKENIZER = "static/search/tokenize.js";
  var DEBOUNCE_MS = 80;
  var LIMIT = 10;
  var PARAM = "highlight"; // ?highlight=<query>
  var PARAM_WORDS = "highlight-words"; // &highlight-words=<more words to mark>
  var OPTION_ID = "lore-search-option-";
  var MIN_PREFIX = 2; // shorter prefixes would mark half the page
  var HIGHLIGHT_SCOPE = ".main .page-header h1, .main .page-header .lede, .main .page-header .aliases, .main .prose";

  function ready(fn) {
    if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  /* ---- 1. The query: which words of a text it matches ---- */

  /**
   * The words and phrases of a query that should be marked: -excluded words
   * and topic:filters are left out (the grammar of src/search/query.rs).
   * `prefixLast`: the last word is still being typed.
   */
  function queryWords(query) {
    var api = window.loreSearch;
    var parsed = api && typeof api.parse === "function" ? api.parse(query) : null;
    if (parsed && !parsed.error) { // the engine's own parser, when it is loaded
      return { words: parsed.words, phrases: parsed.phrases, prefixLast: parsed.prefixLast };
    }
    var words = [];
    var phrases = [];
    var lastIsWord = false;
    var i = 0, n = query.length;
    var SPACE = /\s/;
    while (i < n) {
      while (i < n && SPACE.test(query.charAt(i))) i++;
      if (i >= n) break;
      if (query.charAt(i) === '"') {
        var close = query.indexOf('"', i + 1);
        if (close < 0) close = n;
        phrases.push(query.slice(i + 1, close));
        i = close + 1;
        lastIsWord = false;
        continue;
      }
      var j = i;
      while (j < n && !SPACE.test(query.charAt(j))) j++;
      var token = query.slice(i, j);
      if ((token.charAt(0) === "-" && token.length > 1) || /^topic:./.test(token)) {
        lastIsWord = false;
      } else {
        words.push(token);
        lastIsWord = true;
      }
      i = j;
    }
    return { words: words, phrases: phrases, prefixLast: lastIsWord && !SPACE.test(query.charAt(n - 1)) };
  }

  /** The matcher of a query unit (loreSearch.units): a word's stem, a CJK
   * run's char or bigram, or its bigrams at adjacent positions. */
  function unitMatcher(u) {
    if (!u.run) return { terms: [u.stem] };
    if (u.run.length === 1) return { terms: u.run };
    return { seq: u.run.map(function (t, i) { return [i, t]; }) };
  }

  /**
   * A matcher for the words of `query`: `matcher.ranges(text)` gives the
   * [start, end) ranges of `text` to mark. A word matches when its stem is
   * the stem of a query word, or when it starts with the last query word
   * while that one is still being typed; a CJK run and a phrase match where
   * the whole string is (loreSearch.matchSpans). Null when the query has
   * nothing to mark. `more`: more words to match (whole words only).
   * Needs static/search/tokenize.js.
   */
  function makeMatcher(query, more) {
    var api = window.loreSearch;
    if (!api || typeof api.tokenize !== "function") return null;
    var parsed = queryWords(String(query || ""));
    var matchers = [];
    String(more || "").split(/\s+/).concat(parsed.words).forEach(function (w) {
      api.units(w).forEach(function (u) { matchers.push(unitMatcher(u)); });
    });
    var lastWord = parsed.words[parsed.words.length - 1];
    var lastUnit = lastWord ? api.units(lastWord).pop() : null;
    if (parsed.prefixLast && lastUnit && !lastUnit.run && lastUnit.lower.length >= MIN_PREFIX) {
      matchers.push({ prefix: lastUnit.lower });
    }
    parsed.phrases.forEach(function (p) {
      var terms = api.phraseTerms(p);
      if (terms.length === 1) matchers.push({ terms: [terms[0][1]] });
      else if (terms.length > 1) matchers.push({ seq: terms });
    });
    if (!matchers.length) return null;
    return {
      ranges: function (text) {
        var out = [];
        api.matchSpans(api.tokenize(text), matchers).forEach(function (s) {
          var last = out[out.length - 1];
          if (last && last[1] > s.from) last[1] = Math.max(last[1], s.to);
          else out.push([s.from, s.to]);
        });
        return out;
      },
    };
  }

  /** Appends `text` to `parent`, wrapping the [start, end) `ranges` in <mark>. */
  function appendMarked(parent, text, ranges, className) {
    var at = 0;
    var sorted = (ranges || []).slice().sort(function (a, b) { return a[0] - b[0]; });
    for (var i = 0; i < sorted.length; i++) {
      var start = Math.max(at, Math.min(text.length, sorted[i][0] | 0));
      var end = Math.max(start, Math.min(text.length, sorted[i][1] | 0));
      if (end === start) continue;
      if (start > at) parent.appendChild(doc.createTextNode(text.slice(at, start)));
      var mark = doc.createElement("mark");
      if (className) mark.className = className;
      mark.textContent = text.slice(start, end);
      parent.appendChild(mark);
      at = end;
    }
    if (at < text.length) parent.appendChild(doc.createTextNode(text.slice(at)));
  }

  /* ---- 2. The search box ---- */

  /** The engine's API once loaded; rejects when it cannot be loaded. */
  var enginePromise = null;
  function engine() {
    if (!enginePromise) {
      enginePromise = Promise.resolve(lore.loadScript ? lore.loadScript(ENGINE) : false).then(function (ok) {
        var api = window.loreSearch;
        if (ok && api && typeof api.search === "function") return api;
        enginePromise = null; // try again on the next query
        throw new Error("the search engine could not be loaded");
      });
    }
    return enginePromise;
  }

  /**
   * The href of a result: its page, with what to mark on it: the query, and
   * the words the engine matched in the snippet that the query's own words
   * do not cover (typo corrections).
   */
  function resultHref(url, query, matcher, result) {
    var href = lore.pageHref ? lore.pageHref(url) : url;
    if (!matcher) return href;
    var extra = [];
    var snippet = typeof result.snippet === "string" ? result.snippet : "";
    var ranges = Array.isArray(result.highlights) ? result.highlights : [];
    for (var i = 0; i < ranges.length && extra.length < 8; i++) {
      var word = snippet.slice(ranges[i][0], ranges[i][1]).trim();
      if (word && !matcher.ranges(word).length && extra.indexOf(word) < 0) extra.push(word);
    }
    var hash = href.indexOf("#");
    var fragment = hash < 0 ? "" : href.slice(hash);
    if (hash >= 0) href = href.slice(0, hash);
    href += (href.indexOf("?") < 0 ? "?" : "&") + PARAM + "=" + encodeURIComponent(query);
    if (extra.length) href += "&" + PARAM_WORDS + "=" + encodeURIComponent(extra.join(" "));
    return href + fragment;
  }

  function isTextField(el) {
    if (!el || el.nodeType !== 1) return false;
    if (el.isContentEditable) return true;
    var tag = el.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    if (tag !== "INPUT") return false;
    var type = (el.getAttribute("type") || "text").toLowerCase();
    return ["button", "checkbox", "radio", "submit", "reset", "image", "range", "color", "file"].indexOf(type) < 0;
  }

  function setupSearchBox() {
    var input = doc.getElementById("lore-search");
    var list = doc.getElementById("lore-search-results");
    if (!input || !list) return;
    var box = input.closest(".search") || input.parentNode;
    var panel = doc.getElementById("lore-search-panel") || list;
    var message = doc.getElementById("lore-search-message");
    var status = doc.getElementById("lore-search-status");
    if (!status) { // a site's own template without one: make it
      status = doc.createElement("p");
      status.id = "lore-search-status";
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      box.appendChild(status);
    }

    var seq = 0; // number of the latest request; older answers are dropped
    var timer = 0;
    var shown = null; // the query whose answer is on screen
    var options = []; // {li: the option element (the link), a: the link} of the results on screen
    var active = -1;
    var enterPending = false; // Enter was pressed before the answer arrived
    var movePending = 0; // an arrow was pressed before the answer arrived

    function setOpen(open) {
      panel.hidden = !open;
      if (panel !== list) list.hidden = !options.length;
      input.setAttribute("aria-expanded", open && options.length ? "true" : "false");
      if (!open) setActive(-1);
    }
    function isOpen() { return !panel.hidden; }

    function setActive(index) {
      if (active >= 0 && options[active]) options[active].li.setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && options[active]) {
        var li = options[active].li;
        li.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", li.id);
        li.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    /** Shows the answer to `query` (its message, or "" with results). */
    function answered(query) {
      shown = query;
      box.setAttribute("data-query", query); // which answer is on screen
    }

    function say(text, visible) {
      status.textContent = text;
      if (message) {
        message.textContent = visible ? text : "";
        message.hidden = !visible;
      }
    }

    function clearResults() {
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      while (list.firstChild) list.removeChild(list.firstChild);
    }

    function renderResults(query, results) {
      clearResults();
      var matcher = makeMatcher(query);
      for (var i = 0; i < results.length; i++) {
        var r = results[i] || {};
        var title = typeof r.title === "string" && r.title ? r.title : String(r.url || "");
        // The link is the option (a link inside an option would be an
        // interactive control nested in another).
        var li = doc.createElement("li");
        li.setAttribute("role", "none");
        var a = doc.createElement("a");
        a.id = OPTION_ID + i;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        a.href = resultHref(String(r.url || ""), query, matcher, r);
        a.tabIndex = -1; // focus stays in the box; arrows move between options
        var t = doc.createElement("span");
        t.className = "search-title";
        appendMarked(t, title, matcher ? matcher.ranges(title) : [], "");
        a.appendChild(t);
        if (typeof r.snippet === "string" && r.snippet) {
          var s = doc.createElement("span");
          s.className = "snippet";
          appendMarked(s, r.snippet, Array.isArray(r.highlights) ? r.highlights : [], "");
          a.appendChild(s);
        }
        li.appendChild(a);
        list.appendChild(li);
        options.push({ li: a, a: a });
      }
      say(results.length ? results.length + (results.length === 1 ? " result" : " results") : "No results", !results.length);
      setOpen(true);
    }

    function showMessage(text) {
      clearResults();
      say(text, true);
      setOpen(true);
    }

    function run() {
      clearTimeout(timer);
      timer = 0;
      var query = input.value;
      var mine = ++seq;
      if (!query.trim()) {
        answered(query);
        enterPending = false;
        clearResults();
        say("", false);
        setOpen(false);
        return;
      }
      engine().then(function (api) {
        return api.search(query, LIMIT);
      }).then(function (answer) {
        if (mine !== seq) return;
        answered(query);
        if (!answer || typeof answer !== "object") throw new Error("no answer");
        if (answer.error) showMessage(String(answer.error));
        else renderResults(query, Array.isArray(answer.results) ? answer.results : []);
        if (enterPending) {
          enterPending = false;
          if (options.length) options[0].a.click();
        } else if (movePending) {
          move(movePending);
        }
        movePending = 0;
      }).catch(function () {
        if (mine !== seq) return;
        answered(query);
        enterPending = false;
        movePending = 0;
        showMessage("Search is not available");
      });
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    }

    function move(step) {
      if (!options.length) return;
      if (!isOpen()) setOpen(true);
      var next = active < 0 ? (step > 0 ? 0 : options.length - 1) : (active + step + options.length) % options.length;
      setActive(next);
    }

    function onKeydown(e) {
      if (e.isComposing || e.keyCode === 229) return; // an IME is composing
      switch (e.key) {
        case "ArrowDown":
        case "ArrowUp":
          e.preventDefault();
          if (timer || shown !== input.value) { // move in the list that is coming
            movePending = e.key === "ArrowDown" ? 1 : -1;
            if (timer) run();
          } else {
            move(e.key === "ArrowDown" ? 1 : -1);
          }
          break;
        case "Enter":
          if (!input.value.trim()) return;
          e.preventDefault();
          if (timer || shown !== input.value) { // the answer is still to come
            enterPending = true;
            if (timer) run();
          } else if (options.length) {
            options[active >= 0 ? active : 0].a.click();
          }
          break;
        case "Escape":
          e.preventDefault(); // not the browser's own clearing of type=search
          e.stopPropagation();
          if (isOpen()) {
            setOpen(false);
          } else if (input.value) {
            input.value = "";
            run();
          } else {
            input.blur();
          }
          break;
        case "Tab":
          setOpen(false);
          break;
      }
    }

    input.addEventListener("focus", function () {
      engine().catch(function () { /* reported when a query runs */ });
      if (input.value.trim() && shown === input.value && (options.length || (message && !message.hidden))) setOpen(true);
    });
    input.addEventListener("input", function () { enterPending = false; movePending = 0; schedule(); });
    input.addEventListener("keydown", onKeydown);
    // Clicks outside close the list; a click on a result is a normal link.
    doc.addEventListener("pointerdown", function (e) {
      if (isOpen() && !box.contains(e.target)) setOpen(false);
    });
    box.addEventListener("focusout", function (e) {
      if (e.relatedTarget && !box.contains(e.relatedTarget)) setOpen(false);
    });
    // Back to a page from the history cache: no half-open list.
    window.addEventListener("pageshow", function (e) { if (e.persisted) setOpen(false); });

    // `/` (not typed into a field) and Ctrl-K / Cmd-K focus the box.
    doc.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.isComposing) return;
      var slash = e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !isTextField(e.target);
      var k = (e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
      if (!slash && !k) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
  }

  /* ---- 3. The matched words on the opened page ---- */

  /** The value of the query parameter `name` of this page, or "". */
  function pageParam(name) {
    var m = new RegExp("[?&]" + name + "=([^&#]*)").exec(location.search);
    if (!m) return "";
    try {
      return decodeURIComponent(m[1].replace(/\+/g, " "));
    } catch (e) {
      return "";
    }
  }

  /** The text nodes under `scope` that can hold marks. */
  function textNodes(scope) {
    var nodes = [];
    var walker = doc.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var p = node.parentNode;
        if (!node.data.trim() || !p || p.closest("script, style, textarea, mark.search-hit, .search-hits")) {
          return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  /** Wraps the matched words of the page in <mark class="search-hit">; returns the marks. */
  function markPage(matcher) {
    var marks = [];
    var scopes = doc.querySelectorAll(HIGHLIGHT_SCOPE);
    for (var s = 0; s < scopes.length; s++) {
      var nodes = textNodes(scopes[s]);
      for (var i = 0; i < nodes.length; i++) {
        var node = nodes[i];
        var ranges = matcher.ranges(node.data);
        if (!ranges.length) continue;
        var fragment = doc.createDocumentFragment();
        appendMarked(fragment, node.data, ranges, "search-hit");
        var found = fragment.querySelectorAll("mark");
        for (var f = 0; f < found.length; f++) marks.push(found[f]);
        node.parentNode.replaceChild(fragment, node);
      }
    }
    return marks;
  }

  function unmark(marks) {
    var parents = [];
    for (var i = 0; i < marks.length; i++) {
      var m = marks[i], p = m.parentNode;
      if (!p) continue;
      p.replaceChild(doc.createTextNode(m.textContent), m);
      if (parents.indexOf(p) < 0) parents.push(p);
    }
    for (var j = 0; j < parents.length; j++) parents[j].normalize();
  }

  /** The page URL without the highlight parameter (for reloads and bookmarks). */
  function forgetParam() {
    var search = location.search
      .replace(new RegExp("([?&])(" + PARAM + "|" + PARAM_WORDS + ")=[^&#]*", "g"), "$1")
      .replace(/&{2,}/g, "&").replace(/\?&/, "?").replace(/[?&]$/, "");
    try {
      history.replaceState(history.state, "", location.pathname + search + location.hash);
    } catch (e) { /* some file:// setups refuse; the marks are gone anyway */ }
  }

  /** The bar above the page: "N matches for “query”", with a clear button. */
  function hitsBar(count, query, clear) {
    var bar = doc.createElement("div");
    bar.className = "search-hits";
    bar.setAttribute("role", "status");
    var text = doc.createElement("span");
    text.textContent = count + (count === 1 ? " match for " : " matches for ");
    var q = doc.createElement("q");
    q.textContent = query;
    text.appendChild(q);
    var button = doc.createElement("button");
    button.type = "button";
    button.className = "search-hits-clear";
    button.textContent = "Clear highlights";
    button.addEventListener("click", clear);
    bar.appendChild(text);
    bar.appendChild(button);
    return bar;
  }

  function highlightPage() {
    var query = pageParam(PARAM);
    var more = pageParam(PARAM_WORDS);
    if (!query.trim() && !more.trim()) return;
    var tokenizer = window.loreSearch && window.loreSearch.tokenize ? Promise.resolve(true) : lore.loadScript(TOKENIZER);
    tokenizer.then(function () {
      var matcher = makeMatcher(query, more);
      if (!matcher) return;
      var marks = markPage(matcher);
      if (!marks.length) return;
      var main = doc.querySelector(".main");
      var bar = null;
      function clear() {
        unmark(marks);
        marks = [];
        if (bar && bar.parentNode) bar.parentNode.removeChild(bar);
        doc.removeEventListener("keydown", onEscape);
        forgetParam();
      }
      function onEscape(e) {
        if (e.key === "Escape" && !e.defaultPrevented && !isTextField(e.target)) clear();
      }
      bar = hitsBar(marks.length, query.trim() || more.trim(), clear);
      if (main) main.insertBefore(bar, main.firstChild);
      doc.addEventListener("keydown", onEscape);
      if (!location.hash) marks[0].scrollIntoView({ block: "center" });
    });
  }

  ready(function () {
    setupSearchBox();
    highlightPage();
  });
})();
