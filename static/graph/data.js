/* Lore graph view, part 1 of 7: the data. Owns the namespace the graph's
 * scripts share (lore.graphLib), the constants and helpers they all use, and
 * the graph itself as typed arrays: read from window.loreGraph (written by
 * static/graph-data.js), cut down to a subgraph, topic counts and filters,
 * and a note's neighbourhood for the local graph.
 *
 * Data: window.loreGraph,
 *   { nodes: [{id, kind: "note"|"topic", title, url, topics: [name…]}…],
 *     edges: [{source, target, kind: "link"|"embed"|"topic"}…] }
 * with urls relative to the site root.
 *
 * The graph's scripts are classic scripts, not modules (module scripts do
 * not load from file://), run in this order: data.js, layout.js, view.js,
 * render.js, raster.js, interaction.js, page.js. Each adds its part to
 * lore.graphLib; only page.js does anything when loaded. */
(function () {
  "use strict";

  var lore = (window.lore = window.lore || {});
  var G = (lore.graphLib = lore.graphLib || {});

  G.TAU = Math.PI * 2;
  G.KIND_NOTE = 0;
  G.KIND_TOPIC = 1;
  G.EDGE_LINK = 0;
  G.EDGE_EMBED = 1;
  G.EDGE_TOPIC = 2;

  var KIND_NOTE = G.KIND_NOTE, KIND_TOPIC = G.KIND_TOPIC;
  var EDGE_LINK = G.EDGE_LINK, EDGE_EMBED = G.EDGE_EMBED, EDGE_TOPIC = G.EDGE_TOPIC;
  var LABEL_CHARS = 42; // longer titles are cut to this many characters in labels

  G.now = function () { return window.performance && performance.now ? performance.now() : Date.now(); };
  G.clamp = function (v, lo, hi) { return v < lo ? lo : v > hi ? hi : v; };
  G.media = function (q) { return window.matchMedia ? window.matchMedia(q) : { matches: false }; };

  /**
   * Finishes a graph from node attributes and an edge list: degrees and an
   * adjacency list (CSR: neighbours of i are adjNode[adjStart[i]..adjStart[i+1]]).
   */
  function finishGraph(g) {
    var n = g.n, m = g.m, i, e;
    var deg = new Int32Array(n);
    for (e = 0; e < m; e++) { deg[g.src[e]]++; deg[g.dst[e]]++; }
    var adjStart = new Int32Array(n + 1);
    for (i = 0; i < n; i++) adjStart[i + 1] = adjStart[i] + deg[i];
    var fill = adjStart.slice(0, n);
    var adjNode = new Int32Array(2 * m), adjEdge = new Int32Array(2 * m);
    for (e = 0; e < m; e++) {
      var s = g.src[e], t = g.dst[e];
      adjNode[fill[s]] = t; adjEdge[fill[s]++] = e;
      adjNode[fill[t]] = s; adjEdge[fill[t]++] = e;
    }
    g.deg = deg; g.adjStart = adjStart; g.adjNode = adjNode; g.adjEdge = adjEdge;
    var labels = new Array(n);
    for (i = 0; i < n; i++) {
      var t2 = g.titles[i];
      labels[i] = t2.length > LABEL_CHARS ? t2.slice(0, LABEL_CHARS - 1) + "…" : t2;
    }
    g.labels = labels;
    return g;
  }

  /** window.loreGraph -> typed arrays. Tolerates missing fields and bad edges. */
  function readGraph(data) {
    var nodes = data && Array.isArray(data.nodes) ? data.nodes : [];
    var edges = data && Array.isArray(data.edges) ? data.edges : [];
    var n = nodes.length, i;
    var g = { n: n, ids: new Array(n), titles: new Array(n), urls: new Array(n), topics: new Array(n), kinds: new Uint8Array(n) };
    var byId = new Map();
    for (i = 0; i < n; i++) {
      var nd = nodes[i] || {};
      var id = nd.id === undefined ? i : nd.id;
      g.ids[i] = id;
      if (!byId.has(id)) byId.set(id, i);
      g.urls[i] = typeof nd.url === "string" ? nd.url : "";
      g.titles[i] = nd.title != null ? String(nd.title) : g.urls[i];
      g.kinds[i] = nd.kind === "topic" ? KIND_TOPIC : KIND_NOTE;
      g.topics[i] = Array.isArray(nd.topics) ? nd.topics.map(String) : [];
    }
    var src = new Int32Array(edges.length), dst = new Int32Array(edges.length), kind = new Uint8Array(edges.length);
    var m = 0;
    for (i = 0; i < edges.length; i++) {
      var ed = edges[i];
      if (!ed) continue;
      var s = byId.get(ed.source), t = byId.get(ed.target);
      if (s === undefined || t === undefined || s === t) continue;
      src[m] = s; dst[m] = t;
      kind[m] = ed.kind === "topic" ? EDGE_TOPIC : ed.kind === "embed" ? EDGE_EMBED : EDGE_LINK;
      m++;
    }
    g.m = m; g.src = src.slice(0, m); g.dst = dst.slice(0, m); g.ekind = kind.slice(0, m);
    g.byId = byId;
    return finishGraph(g);
  }

  /** The part of `g` made of the nodes in `keep` (indices into g), in that order. */
  G.subgraph = function (g, keep) {
    var n = keep.length, i, e;
    var local = new Int32Array(g.n).fill(-1);
    var sub = { n: n, ids: new Array(n), titles: new Array(n), urls: new Array(n), topics: new Array(n), kinds: new Uint8Array(n) };
    for (i = 0; i < n; i++) {
      var k = keep[i];
      local[k] = i;
      sub.ids[i] = g.ids[k]; sub.titles[i] = g.titles[k]; sub.urls[i] = g.urls[k];
      sub.topics[i] = g.topics[k]; sub.kinds[i] = g.kinds[k];
    }
    var src = [], dst = [], kind = [];
    for (e = 0; e < g.m; e++) {
      var s = local[g.src[e]], t = local[g.dst[e]];
      if (s < 0 || t < 0) continue;
      src.push(s); dst.push(t); kind.push(g.ekind[e]);
    }
    sub.m = src.length;
    sub.src = Int32Array.from(src); sub.dst = Int32Array.from(dst); sub.ekind = Uint8Array.from(kind);
    sub.byId = new Map();
    for (i = 0; i < n; i++) sub.byId.set(sub.ids[i], i);
    return finishGraph(sub);
  };

  var cachedData = null, cachedGraph = null;
  /** The site's graph (window.loreGraph), read once; null without data. */
  G.siteGraph = function () {
    var data = window.loreGraph;
    if (!data || typeof data !== "object") return null;
    if (data !== cachedData) { cachedGraph = readGraph(data); cachedData = data; }
    return cachedGraph;
  };

  /* ---- topics ---- */

  /** Does a note's topic list include `name` or one of its subtopics? */
  G.hasTopic = function (list, name) {
    for (var i = 0; i < list.length; i++) {
      var t = list[i];
      if (t === name || (t.length > name.length && t.charAt(name.length) === "/" && t.slice(0, name.length) === name)) return true;
    }
    return false;
  };

  /** Topic names (with their parents) and how many notes each covers, by name. */
  G.topicCounts = function (g) {
    var counts = new Map();
    for (var i = 0; i < g.n; i++) {
      if (g.kinds[i] !== KIND_NOTE) continue;
      var seen = new Set(), list = g.topics[i];
      for (var j = 0; j < list.length; j++) {
        var parts = list[j].split("/");
        for (var p = 1; p <= parts.length; p++) seen.add(parts.slice(0, p).join("/"));
      }
      seen.forEach(function (name) { if (name) counts.set(name, (counts.get(name) || 0) + 1); });
    }
    return Array.from(counts.entries()).sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
  };

  /* ---- a note's neighbourhood ---- */

  /** The index of the note at `url` (root-relative, "etcd/"), or -1. */
  G.noteAt = function (g, url) {
    for (var i = 0; i < g.n; i++) if (g.kinds[i] === KIND_NOTE && g.urls[i] === url) return i;
    return -1;
  };

  /**
   * The nodes around note `c`, `c` first: notes up to `hops` links or embeds
   * away (either direction, at most `maxNodes`), then the note's topics when
   * it has no more than `maxTopics`.
   */
  G.neighbourhood = function (g, c, hops, maxNodes, maxTopics) {
    var dist = new Int8Array(g.n).fill(-1);
    var keep = [c];
    dist[c] = 0;
    for (var head = 0; head < keep.length && keep.length < maxNodes; head++) {
      var v = keep[head];
      if (dist[v] >= hops) continue;
      for (var a = g.adjStart[v], end = g.adjStart[v + 1]; a < end && keep.length < maxNodes; a++) {
        var w = g.adjNode[a];
        if (dist[w] >= 0 || g.ekind[g.adjEdge[a]] === EDGE_TOPIC || g.kinds[w] === KIND_TOPIC) continue;
        dist[w] = dist[v] + 1;
        keep.push(w);
      }
    }
    var topics = [];
    for (var b = g.adjStart[c], bend = g.adjStart[c + 1]; b < bend; b++) {
      var tnode = g.adjNode[b];
      if (g.kinds[tnode] === KIND_TOPIC && dist[tnode] < 0) { dist[tnode] = 1; topics.push(tnode); }
    }
    if (topics.length && topics.length <= maxTopics) keep = keep.concat(topics);
    return keep;
  };
})();
